/**
 * Node pools, as written in `spec.cluster.nodePools` and in `AddNodePool` events: instance types
 * resolved in the catalog, the mode and platform read from the labels Terway reads, the size,
 * the vSwitches, and the pool's Terway configuration (the `terway-config` merge patch).
 */
import type { ReservationPolicy } from '../../models/allocatable.js';
import { lookupInstanceType, type Catalog } from '../../models/catalog.js';
import type { EniConf } from '../../models/eniConf.js';
import type { InstanceType, Platform } from '../../models/instanceType.js';
import type { LoadContext } from './context.js';
import { mergedEniConf, type ClusterTerwayConfig } from './eniConfig.js';
import type { RawNode } from './rawNode.js';
import { readPositiveDuration } from './readers.js';
import { NodeLabel } from './nodeLabels.js';
import { didYouMean } from './suggest.js';
import type { Taint, TaintEffect } from '../../models/taints.js';
import type { NodePoolSpec, VSwitchSpec } from './types.js';
import { quoteInput } from '../../models/displayText.js';

/** A new ECS node is Ready about two minutes after the pool asks for it (an assumption). */
export const DEFAULT_NODE_READY_DELAY_US = 120_000_000;

/** What reading a pool needs besides the pool itself. */
export interface PoolEnvironment {
  readonly context: LoadContext;
  readonly catalog: Catalog;
  readonly vSwitches: ReadonlyMap<string, VSwitchSpec>;
  /** Every vSwitch ID declared, valid or not (an invalid one is reported where it is declared). */
  readonly declaredVSwitchIds: ReadonlySet<string>;
  readonly terway: ClusterTerwayConfig;
}

/** Reads one pool; returns undefined when it is too broken to simulate (all reported). */
export function readNodePool(
  node: RawNode,
  environment: PoolEnvironment,
  createdAtUs: number,
): NodePoolSpec | undefined {
  const { context } = environment;
  const name = node.get('name').string();
  if (name === undefined) return undefined;
  const labels = node.get('labels').stringMap();
  const instanceTypes = readInstanceTypes(node.get('instanceTypes'), environment);
  const platform = readPlatform(node, labels, instanceTypes, context);
  const size = readSize(node, context);
  const vSwitches = readPoolVSwitches(node.get('vSwitches'), environment);
  const config = readPoolConfig(node, name, labels, environment);
  const nodeReadyDelayUs = readPositiveDuration(
    node.get('nodeReadyDelay'),
    context,
    DEFAULT_NODE_READY_DELAY_US,
  );
  checkMemTotal(node.get('memTotalKi'), instanceTypes, context);
  if (
    instanceTypes === undefined ||
    platform === undefined ||
    size === undefined ||
    vSwitches === undefined ||
    config === undefined ||
    nodeReadyDelayUs === undefined
  ) {
    return undefined;
  }
  const mode = readMode(node, labels, context);
  const zones = [...new Set(vSwitches.map((vSwitch) => vSwitch.zone))];
  const podVSwitchIdsByZone = podVSwitches(zones, vSwitches, config.eniConf, environment, node);
  return {
    name,
    instanceTypes,
    platform,
    mode,
    initialCount: size.initialCount,
    autoscaling: size.autoscaling,
    labels,
    taints: node.get('taints').items().map(readTaint),
    vSwitchIds: vSwitches.map((vSwitch) => vSwitch.id),
    zones,
    podVSwitchIdsByZone,
    reservationPolicy: readReservationPolicy(node.get('reservationPolicy')),
    memTotalKiByType: integerMap(node.get('memTotalKi')),
    ephemeralStorageKi: node.get('ephemeralStorageKi').integer() ?? null,
    maxPods: node.get('maxPods').integer() ?? null,
    terwayConfigName: config.name,
    eniConf: config.eniConf,
    trunk: config.eniConf.enableEniTrunking && mode === 'shared' && platform === 'ecs',
    nodeReadyDelayUs,
    customCniChain: node.get('customCniChain').boolean() ?? false,
    createdAtUs,
    source: node.position(),
  };
}

function readInstanceTypes(
  list: RawNode,
  environment: PoolEnvironment,
): InstanceType[] | undefined {
  const types: InstanceType[] = [];
  let complete = true;
  for (const item of list.items()) {
    const id = item.string();
    if (id === undefined) continue;
    const found = lookupInstanceType(environment.catalog, id);
    if (found.ok) {
      types.push(found.type);
      continue;
    }
    complete = false;
    environment.context.findings.error({
      code: 'UNKNOWN_INSTANCE_TYPE',
      message: `instance type ${quoteInput(id)} is not in the catalog`,
      hint:
        found.suggestions.length > 0
          ? `did you mean ${found.suggestions.map((s) => quoteInput(s)).join(' or ')}? (Lingjun and other unlisted types go in spec.catalog)`
          : 'add it with spec.catalog (a DescribeInstanceTypes response or an EFLO quota file)',
      ...item.where(),
    });
  }
  return complete && types.length > 0 ? types : undefined;
}

/**
 * Terway treats a node as Lingjun by its label, and the catalog knows which types are Lingjun:
 * the two must agree, and one pool cannot mix platforms.
 */
function readPlatform(
  node: RawNode,
  labels: Readonly<Record<string, string>>,
  types: readonly InstanceType[] | undefined,
  context: LoadContext,
): Platform | undefined {
  const labelled = labels[NodeLabel.lingjunWorker] === 'true';
  if (types === undefined) return labelled ? 'lingjun' : 'ecs';
  const platforms = new Set(types.map((type) => type.platform));
  if (platforms.size > 1) {
    context.findings.error({
      code: 'MIXED_PLATFORMS',
      message: 'the pool mixes ECS and Lingjun instance types',
      hint: 'put Lingjun nodes in a pool of their own',
      ...node.get('instanceTypes').where(),
    });
    return undefined;
  }
  const platform = types[0]?.platform ?? 'ecs';
  if (platform === 'lingjun' && !labelled) {
    context.findings.error({
      code: 'LINGJUN_LABEL_MISSING',
      message: `${types[0]?.id ?? 'the type'} is a Lingjun type, but the pool lacks the label ${NodeLabel.lingjunWorker}: "true"`,
      hint: `Terway recognises Lingjun nodes by that label: add ${NodeLabel.lingjunWorker}: "true" to labels`,
      ...node.get('labels').where({ atKey: true }),
    });
    return undefined;
  }
  if (platform === 'ecs' && labelled) {
    context.findings.error({
      code: 'LINGJUN_LABEL_MISMATCH',
      message: `the pool is labelled ${NodeLabel.lingjunWorker}: "true" but its instance types are ECS types`,
      hint: 'remove the label, or use Lingjun types (from spec.catalog)',
      ...node.get('labels').get(NodeLabel.lingjunWorker).where(),
    });
    return undefined;
  }
  return platform;
}

/** Terway's reading of the mode label: `eniOnly`, case-insensitively; anything else is shared. */
function readMode(
  node: RawNode,
  labels: Readonly<Record<string, string>>,
  context: LoadContext,
): 'shared' | 'exclusive' {
  const value = labels[NodeLabel.exclusiveMode];
  if (value === undefined) return 'shared';
  if (value.toLowerCase() === 'enionly') return 'exclusive';
  context.findings.warning({
    code: 'EXCLUSIVE_LABEL_IGNORED',
    message: `${NodeLabel.exclusiveMode}: ${quoteInput(value)} is not "eniOnly": Terway treats the pool as shared-ENI`,
    hint: 'write eniOnly for an exclusive-ENI pool, or remove the label',
    ...node.get('labels').get(NodeLabel.exclusiveMode).where(),
  });
  return 'shared';
}

function readSize(
  node: RawNode,
  context: LoadContext,
): Pick<NodePoolSpec, 'initialCount' | 'autoscaling'> | undefined {
  const count = node.get('count');
  const autoscaling = node.get('autoscaling');
  if (count.present() === autoscaling.present()) {
    context.findings.error({
      code: count.present() ? 'CONFLICTING_FIELDS' : 'MISSING_FIELD',
      message: count.present()
        ? 'give count or autoscaling, not both'
        : 'the pool needs a size: count, or autoscaling {min, max}',
      hint: 'count: N for a fixed pool; autoscaling: {min: A, max: B} for the cluster autoscaler',
      ...(count.present() ? count.where({ atKey: true }) : node.where()),
    });
    return undefined;
  }
  if (count.present()) {
    const initialCount = count.integer();
    return initialCount === undefined ? undefined : { initialCount, autoscaling: null };
  }
  const minCount = autoscaling.get('min').integer();
  const maxCount = autoscaling.get('max').integer();
  if (minCount === undefined || maxCount === undefined) return undefined;
  if (minCount > maxCount) {
    context.findings.error({
      code: 'OUT_OF_RANGE',
      message: `autoscaling min ${minCount} is above max ${maxCount}`,
      hint: 'min ≤ max',
      ...autoscaling.get('max').where(),
    });
    return undefined;
  }
  return { initialCount: minCount, autoscaling: { minCount, maxCount } };
}

function readPoolVSwitches(list: RawNode, environment: PoolEnvironment): VSwitchSpec[] | undefined {
  const found: VSwitchSpec[] = [];
  let complete = true;
  for (const item of list.items()) {
    const id = item.string();
    if (id === undefined) continue;
    const vSwitch = environment.vSwitches.get(id);
    if (vSwitch !== undefined) {
      found.push(vSwitch);
      continue;
    }
    complete = false;
    if (environment.declaredVSwitchIds.has(id)) continue;
    environment.context.findings.error({
      code: 'UNKNOWN_VSWITCH',
      message: `vSwitch ${id} is not in spec.cluster.vSwitches`,
      hint: didYouMean(id, environment.vSwitches.keys(), 'declare it in spec.cluster.vSwitches'),
      ...item.where(),
    });
  }
  return complete && found.length > 0 ? found : undefined;
}

/** The pool's `terway-config`: its name and the effective eni_conf. */
function readPoolConfig(
  node: RawNode,
  poolName: string,
  labels: Readonly<Record<string, string>>,
  environment: PoolEnvironment,
): { readonly name: string | null; readonly eniConf: EniConf } | undefined {
  const { context, terway } = environment;
  const section = node.get('terwayConfig');
  const labelName = labels[NodeLabel.terwayConfig];
  const sectionName = section.get('name').string();
  if (labelName !== undefined && sectionName !== undefined && labelName !== sectionName) {
    context.findings.error({
      code: 'CONFLICTING_FIELDS',
      message: `label terway-config: ${labelName} disagrees with terwayConfig.name ${sectionName}`,
      hint: 'name the ConfigMap once, in terwayConfig.name',
      ...section.get('name').where(),
    });
    return undefined;
  }
  if (!section.present() && labelName === undefined) return { name: null, eniConf: terway.conf };
  const name = sectionName ?? labelName ?? `${poolName}-terway-config`;
  const inline = section.get('eniConf');
  const fromConfigMap = terway.poolPatches.get(name);
  if (inline.present() && fromConfigMap !== undefined) {
    context.findings.error({
      code: 'CONFLICTING_FIELDS',
      message: `terwayConfig.eniConf and ConfigMap kube-system/${name} both give the pool's patch`,
      hint: 'keep one of them',
      ...inline.where({ atKey: true }),
    });
    return undefined;
  }
  if (!inline.present() && fromConfigMap === undefined) {
    context.findings.error({
      code: 'TERWAY_CONFIG_NOT_FOUND',
      message: `no ConfigMap kube-system/${name} in the manifests, and no terwayConfig.eniConf`,
      hint: 'give the patch inline (terwayConfig.eniConf) or add the ConfigMap to spec.manifests',
      ...(section.present() ? section.where({ atKey: true }) : node.get('labels').where()),
    });
    return undefined;
  }
  const patch = inline.present() ? inline.value : fromConfigMap?.patch;
  const at = inline.present() ? inline : (fromConfigMap?.node ?? node);
  const eniConf = mergedEniConf(terway, patch, at, context, poolName);
  return eniConf === undefined ? undefined : { name, eniConf };
}

/**
 * The pod vSwitches per zone: the pool's eni_conf `vswitches`, or the node's own vSwitches in a
 * zone it names none for. Unknown IDs and zone mismatches are errors.
 */
function podVSwitches(
  zones: readonly string[],
  nodeVSwitches: readonly VSwitchSpec[],
  conf: EniConf,
  environment: PoolEnvironment,
  node: RawNode,
): Record<string, readonly string[]> {
  const result: Record<string, readonly string[]> = {};
  for (const zone of zones) {
    const configured = conf.vswitches[zone] ?? [];
    const known = configured.filter((id) => environment.vSwitches.get(id)?.zone === zone);
    result[zone] =
      known.length > 0
        ? known
        : nodeVSwitches.filter((vSwitch) => vSwitch.zone === zone).map((vSwitch) => vSwitch.id);
    if (known.length === configured.length) continue;
    environment.context.findings.warning({
      code: 'POD_VSWITCH_IGNORED',
      message: `eni_conf vswitches for ${zone} name ${configured.filter((id) => !known.includes(id)).join(', ')}, not a vSwitch of that zone: ignored for this pool`,
      hint: 'list each zone under its own vSwitches, as declared in spec.cluster.vSwitches',
      ...node.get('name').where(),
    });
  }
  return result;
}

function checkMemTotal(
  node: RawNode,
  types: readonly InstanceType[] | undefined,
  context: LoadContext,
): void {
  if (types === undefined) return;
  const ids = types.map((type) => type.id);
  for (const [key, value] of node.entries()) {
    if (ids.includes(key)) continue;
    context.findings.error({
      code: 'UNKNOWN_INSTANCE_TYPE',
      message: `memTotalKi names ${key}, which is not one of the pool's instance types`,
      hint: didYouMean(key, ids, `the pool's types: ${ids.join(', ')}`),
      ...value.where({ atKey: true }),
    });
  }
}

function readTaint(node: RawNode): Taint {
  const effect = node.get('effect').string();
  const effects: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  return {
    key: node.get('key').string() ?? '',
    value: node.get('value').string() ?? '',
    effect: effects.find((candidate) => candidate === effect) ?? 'NoSchedule',
  };
}

function readReservationPolicy(node: RawNode): ReservationPolicy {
  const value = node.string();
  return value === '1.20' || value === 'legacy' ? value : '1.28';
}

function integerMap(node: RawNode): Record<string, number> {
  const result: Record<string, number> = {};
  for (const [key, value] of node.entries()) {
    const integer = value.integer();
    if (integer !== undefined) result[key] = integer;
  }
  return result;
}
