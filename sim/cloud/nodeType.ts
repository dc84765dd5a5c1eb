/**
 * Lingjun node types as eflo-controller knows them: DescribeNode names a node's type, and
 * DescribeNodeType answers with the type's ENI quotas, which Terway reads for an ECS-link
 * Lingjun node (`lingjun.md` §2b and §4; `terway.md` §1.3.6).
 *
 * A node type is one set of quotas shared by every node of the type, so two machines that
 * declare the same type with different quotas are a scenario error. A machine that declares no
 * type gets one named after its quotas (`sim-e12-ip10-v6-10-hd0`): machines with equal quotas
 * share it, and no two different quota sets can collide.
 */
import type { EfloNode, EfloNodeType } from '../contracts/cloudApi.js';

/** The eflo-controller fields a Lingjun machine's spec may declare (all optional). */
export interface EfloNodeFields {
  /** DescribeNode's NodeType (default: a name made from the type's quotas, see above). */
  readonly nodeType?: string;
  /** DescribeNode's MachineType, e.g. `efg2.C48eNH3ebn` (default: none, reported as null). */
  readonly machineType?: string;
  /** DescribeNode's HpnZone, e.g. `A4` (default: none, reported as null). */
  readonly hpnZone?: string;
}

/** What eflo-controller records about one Lingjun machine, besides its id and zone. */
export type EfloNodeRecord = Pick<EfloNode, 'nodeType' | 'machineType' | 'hpnZone'>;

/** A node type's quotas, without its name. */
export type EfloNodeTypeQuotas = Omit<EfloNodeType, 'nodeType'>;

/** The name a node type gets when its machine declares none: its quotas, spelled out. */
export function defaultNodeTypeName(quotas: EfloNodeTypeQuotas): string {
  return (
    `sim-e${quotas.eniQuantity}-ip${quotas.eniPrivateIpAddressQuantity}` +
    `-v6-${quotas.eniIpv6AddressQuantity}-hd${quotas.eniHighDenseQuantity}`
  );
}

function optionalName(value: string | undefined, where: string): string | null {
  if (value === undefined) return null;
  if (value.length === 0) throw new RangeError(`${where} must not be empty`);
  return value;
}

/**
 * Resolves a machine's eflo-controller record and its node type from the declared fields and
 * the type's quotas; throws a RangeError naming an empty field.
 */
export function resolveEfloNode(
  fields: EfloNodeFields,
  quotas: EfloNodeTypeQuotas,
  where: string,
): { readonly node: EfloNodeRecord; readonly type: EfloNodeType } {
  const nodeType =
    optionalName(fields.nodeType, `${where} nodeType`) ?? defaultNodeTypeName(quotas);
  return {
    node: {
      nodeType,
      machineType: optionalName(fields.machineType, `${where} machineType`),
      hpnZone: optionalName(fields.hpnZone, `${where} hpnZone`),
    },
    type: { nodeType, ...quotas },
  };
}

/** The node types the region knows; a type stays known after its last machine is released. */
export class NodeTypeCatalog {
  readonly #types = new Map<string, EfloNodeType>();

  /** Throws a RangeError if `type`'s name is already known with other quotas. */
  check(type: EfloNodeType, where: string): void {
    const known = this.#types.get(type.nodeType);
    if (known === undefined) return;
    const same =
      known.eniQuantity === type.eniQuantity &&
      known.eniPrivateIpAddressQuantity === type.eniPrivateIpAddressQuantity &&
      known.eniIpv6AddressQuantity === type.eniIpv6AddressQuantity &&
      known.eniHighDenseQuantity === type.eniHighDenseQuantity;
    if (!same) {
      throw new RangeError(
        `${where}: node type ${type.nodeType} is already declared with other quotas ` +
          `(${JSON.stringify(known)}, now ${JSON.stringify(type)})`,
      );
    }
  }

  /** Records `type` (check it first). */
  add(type: EfloNodeType): void {
    this.check(type, `node type ${type.nodeType}`);
    this.#types.set(type.nodeType, type);
  }

  /** The type named `nodeType`, if known. */
  get(nodeType: string): EfloNodeType | undefined {
    return this.#types.get(nodeType);
  }
}
