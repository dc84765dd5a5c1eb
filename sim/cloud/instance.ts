/**
 * The machines the simulated cloud knows: ECS instances (the cluster's nodes) and Lingjun nodes
 * reached through the EFLO (LENI) API, with the quotas that bound their ENIs.
 */
import type { EfloNodeType } from '../contracts/cloudApi.js';
import { resolveEfloNode } from './nodeType.js';
import type { EfloNodeFields, EfloNodeRecord } from './nodeType.js';

/**
 * An ECS instance as the scenario declares it; quota names follow DescribeInstanceTypes. An
 * ECS-link Lingjun node (`lingjunEcsLink`) may also declare its eflo-controller fields: its
 * DescribeNodeType quotas are its ECS quotas and `eniHighDenseQuantity`.
 */
export interface EcsInstanceSpec extends EfloNodeFields {
  /** The instance id (`i-…`). */
  readonly instanceId: string;
  readonly zoneId: string;
  /** The vSwitch the primary ENI's address comes from (the node's own vSwitch). */
  readonly vSwitchId: string;
  /** EniQuantity: ENIs the instance can have attached, the primary ENI included. */
  readonly eniQuantity: number;
  /** EniTotalQuantity: ENIs plus member ENIs (default: eniQuantity, no members). */
  readonly eniTotalQuantity?: number;
  /** EniTrunkSupported (default false): without it the instance takes no member ENIs. */
  readonly eniTrunkSupported?: boolean;
  /** EniPrivateIpAddressQuantity: IPv4 addresses per ENI, its primary address included. */
  readonly eniPrivateIpAddressQuantity: number;
  /** EniIpv6AddressQuantity: IPv6 addresses per ENI (default 0). */
  readonly eniIpv6AddressQuantity?: number;
  /** A Lingjun node reached through the ECS API ("ECS link"): attaches take longer. */
  readonly lingjunEcsLink?: boolean;
  /**
   * EniHighDenseQuantity, reported by DescribeNodeType for an ECS-link Lingjun node (default 0;
   * only with `lingjunEcsLink`). The cloud has no high-density ENI calls: it only reports it.
   */
  readonly eniHighDenseQuantity?: number;
  readonly securityGroupIds?: readonly string[];
}

/**
 * A Lingjun node reached through the EFLO LENI API, with GetNodeInfoForPod's quotas, and the
 * eflo-controller fields DescribeNode and DescribeNodeType report. Its node type's ECS-link
 * quotas default to the LENI figures (EniQuantity = LeniQuota, EniPrivateIpAddressQuantity =
 * LeniSipQuota, EniHighDenseQuantity = HdeniQuota, no IPv6: EFLO is IPv4-only), so Terway
 * computes the same capacity whichever path it reads, `(Adapters − 1) × IPv4PerAdapter`.
 */
export interface LingjunNodeSpec extends EfloNodeFields {
  /** The Lingjun node id (`e01-…`). */
  readonly nodeId: string;
  readonly zoneId: string;
  /** The vSwitch the node's primary LENI address comes from. */
  readonly vSwitchId: string;
  /**
   * LeniQuota: LENIs on the node. The SDK comments disagree on whether it counts the node's
   * system LENI; we count it (the node's primary LENI takes one), which is what Terway's
   * `Adapters − 1` for pods implies.
   */
  readonly leniQuota: number;
  /** LeniSipQuota: secondary IPv4 addresses per LENI. */
  readonly leniSipQuota: number;
  /** HdeniQuota: high-density ENIs (reported by GetNodeInfoForPod only; default 0). */
  readonly hdeniQuota?: number;
  /** DescribeNodeType's EniQuantity for the node's type (default: leniQuota). */
  readonly eniQuantity?: number;
  /** DescribeNodeType's EniPrivateIpAddressQuantity (default: leniSipQuota). */
  readonly eniPrivateIpAddressQuantity?: number;
  /** DescribeNodeType's EniIpv6AddressQuantity (default 0). */
  readonly eniIpv6AddressQuantity?: number;
  /** DescribeNodeType's EniHighDenseQuantity (default: hdeniQuota). */
  readonly eniHighDenseQuantity?: number;
}

/** A Lingjun machine's eflo-controller record and node type (null for a plain ECS instance). */
export type EfloNodeOf = { readonly node: EfloNodeRecord; readonly type: EfloNodeType } | null;

/** How a machine's ENIs are reached and how fast they attach. */
export type MachineKind = 'ecs' | 'lingjunEcs' | 'lingjunLeni';

/** The quotas of one machine, resolved (what the cloud enforces). */
export interface InstanceView {
  readonly instanceId: string;
  readonly zoneId: string;
  readonly kind: MachineKind;
  /** ENIs (or LENIs) attached at once, the primary included. */
  readonly eniQuantity: number;
  /** Member ENIs on the trunk at once: EniTotalQuantity − EniQuantity, or 0 without trunking. */
  readonly memberEniQuantity: number;
  /** IPv4 addresses per ENI, its primary included (ECS); secondary addresses per LENI (EFLO). */
  readonly ipv4PerEni: number;
  /** IPv6 addresses per ENI (0 on Lingjun: EFLO is IPv4-only). */
  readonly ipv6PerEni: number;
  /** The primary ENI (or LENI) that carries the node's own address. */
  readonly primaryNetworkInterfaceId: string;
  /** HdeniQuota, for GetNodeInfoForPod (0 for ECS instances). */
  readonly hdeniQuota: number;
}

function checkQuota(value: number, minimum: number, where: string): number {
  if (!Number.isSafeInteger(value) || value < minimum) {
    throw new RangeError(`${where} must be an integer >= ${minimum}, got ${value}`);
  }
  return value;
}

/** Validates an ECS instance spec and resolves its quotas (the primary ENI id comes later). */
export function resolveEcsInstance(
  spec: EcsInstanceSpec,
  primaryNetworkInterfaceId: string,
): InstanceView {
  const where = `instance ${spec.instanceId}`;
  if (!spec.instanceId) throw new RangeError('an instance needs a non-empty instanceId');
  const eniQuantity = checkQuota(spec.eniQuantity, 1, `${where} eniQuantity`);
  const total = checkQuota(
    spec.eniTotalQuantity ?? eniQuantity,
    eniQuantity,
    `${where} eniTotalQuantity`,
  );
  return {
    instanceId: spec.instanceId,
    zoneId: spec.zoneId,
    kind: spec.lingjunEcsLink === true ? 'lingjunEcs' : 'ecs',
    eniQuantity,
    memberEniQuantity: spec.eniTrunkSupported === true ? total - eniQuantity : 0,
    ipv4PerEni: checkQuota(
      spec.eniPrivateIpAddressQuantity,
      1,
      `${where} eniPrivateIpAddressQuantity`,
    ),
    ipv6PerEni: checkQuota(spec.eniIpv6AddressQuantity ?? 0, 0, `${where} eniIpv6AddressQuantity`),
    primaryNetworkInterfaceId,
    hdeniQuota: 0,
  };
}

/** Validates a Lingjun node spec and resolves its quotas. */
export function resolveLingjunNode(
  spec: LingjunNodeSpec,
  primaryNetworkInterfaceId: string,
): InstanceView {
  const where = `Lingjun node ${spec.nodeId}`;
  if (!spec.nodeId) throw new RangeError('a Lingjun node needs a non-empty nodeId');
  return {
    instanceId: spec.nodeId,
    zoneId: spec.zoneId,
    kind: 'lingjunLeni',
    eniQuantity: checkQuota(spec.leniQuota, 1, `${where} leniQuota`),
    memberEniQuantity: 0,
    ipv4PerEni: checkQuota(spec.leniSipQuota, 0, `${where} leniSipQuota`),
    ipv6PerEni: 0,
    primaryNetworkInterfaceId,
    hdeniQuota: checkQuota(spec.hdeniQuota ?? 0, 0, `${where} hdeniQuota`),
  };
}

/**
 * The eflo-controller side of an ECS instance: its node type's quotas are its ECS quotas, for an
 * ECS-link Lingjun node; null for a plain ECS instance, which must declare no such field.
 */
export function resolveEcsEfloNode(spec: EcsInstanceSpec, view: InstanceView): EfloNodeOf {
  const where = `instance ${spec.instanceId}`;
  if (spec.lingjunEcsLink !== true) {
    const declared = (['nodeType', 'machineType', 'hpnZone', 'eniHighDenseQuantity'] as const)
      .filter((field) => spec[field] !== undefined)
      .join(', ');
    if (declared !== '') {
      throw new RangeError(`${where} is not a Lingjun node (lingjunEcsLink), yet sets ${declared}`);
    }
    return null;
  }
  return resolveEfloNode(
    spec,
    {
      eniQuantity: view.eniQuantity,
      eniPrivateIpAddressQuantity: view.ipv4PerEni,
      eniIpv6AddressQuantity: view.ipv6PerEni,
      eniHighDenseQuantity: checkQuota(
        spec.eniHighDenseQuantity ?? 0,
        0,
        `${where} eniHighDenseQuantity`,
      ),
    },
    where,
  );
}

/** The eflo-controller side of a Lingjun LENI node, with the defaults of {@link LingjunNodeSpec}. */
export function resolveLingjunEfloNode(
  spec: LingjunNodeSpec,
  view: InstanceView,
): NonNullable<EfloNodeOf> {
  const where = `Lingjun node ${spec.nodeId}`;
  return resolveEfloNode(
    spec,
    {
      eniQuantity: checkQuota(spec.eniQuantity ?? view.eniQuantity, 1, `${where} eniQuantity`),
      eniPrivateIpAddressQuantity: checkQuota(
        spec.eniPrivateIpAddressQuantity ?? view.ipv4PerEni,
        0,
        `${where} eniPrivateIpAddressQuantity`,
      ),
      eniIpv6AddressQuantity: checkQuota(
        spec.eniIpv6AddressQuantity ?? 0,
        0,
        `${where} eniIpv6AddressQuantity`,
      ),
      eniHighDenseQuantity: checkQuota(
        spec.eniHighDenseQuantity ?? view.hdeniQuota,
        0,
        `${where} eniHighDenseQuantity`,
      ),
    },
    where,
  );
}
