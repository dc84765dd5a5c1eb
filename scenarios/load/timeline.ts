/**
 * Timeline events: read, put in time order, and checked against the state the cluster is in at
 * that moment (a pool must exist before nodes join it, a workload before it is scaled, an
 * exclusive pool is checked against the Terway version in force when it is added).
 */
import { lookupInstanceType, type Catalog } from '../../models/catalog.js';
import {
  compareTerwayVersions,
  parseTerwayVersion,
  type TerwayVersion,
} from '../../models/terwayVersion.js';
import type { LoadContext } from './context.js';
import { formatDuration } from './duration.js';
import { readNodePool, type PoolEnvironment } from './nodePools.js';
import type { RawNode } from './rawNode.js';
import type { NodePoolSpec, TimelineEvent, WorkloadSpec } from './types.js';
import { findWorkloads, readTime } from './workloads.js';
import { quoteInput } from '../../models/displayText.js';

/** A pool and where it was declared, with the Terway version in force when it was created. */
export interface PoolDeclaration {
  readonly spec: NodePoolSpec;
  readonly node: RawNode;
  readonly terway: TerwayVersion;
}

/** Existing instances an event adds to a pool, for the node-pool rules. */
export interface ExistingNodesDeclaration {
  readonly pool: NodePoolSpec;
  readonly event: Extract<TimelineEvent, { type: 'AddExistingNodes' }>;
  readonly node: RawNode;
  readonly terway: TerwayVersion;
}

/** What the events add to the scenario. */
export interface TimelineResult {
  readonly events: TimelineEvent[];
  readonly addedPools: PoolDeclaration[];
  readonly existingNodes: ExistingNodesDeclaration[];
}

/** What reading events needs. */
export interface TimelineEnvironment {
  readonly context: LoadContext;
  readonly durationUs: number | undefined;
  readonly workloads: readonly WorkloadSpec[];
  readonly initialPools: readonly PoolDeclaration[];
  readonly initialTerway: TerwayVersion;
  readonly pools: PoolEnvironment;
  readonly catalog: Catalog;
}

interface Timed {
  readonly node: RawNode;
  readonly atUs: number;
}

/** Reads `spec.timeline.events`, in time order (ties keep file order). */
export function readEvents(list: RawNode, environment: TimelineEnvironment): TimelineResult {
  const { context, durationUs } = environment;
  const timed: Timed[] = [];
  for (const node of list.items()) {
    const atUs = readTime(node.get('at'), durationUs, context, 0);
    if (atUs !== undefined && node.get('at').present()) timed.push({ node, atUs });
  }
  // Array.prototype.sort is stable: events at the same time keep the order they were written in.
  timed.sort((a, b) => a.atUs - b.atUs);
  const pools = new Map(environment.initialPools.map((pool) => [pool.spec.name, pool]));
  let terway = environment.initialTerway;
  const result: TimelineResult = { events: [], addedPools: [], existingNodes: [] };
  for (const { node, atUs } of timed) {
    switch (node.get('type').string()) {
      case 'ScaleWorkload':
        pushDefined(result.events, scaleWorkload(node, atUs, environment));
        break;
      case 'ScaleNodePool':
        pushDefined(result.events, scaleNodePool(node, atUs, pools, context));
        break;
      case 'AddNodePool': {
        const added = addNodePool(node, atUs, pools, terway, environment);
        if (added === undefined) break;
        pools.set(added.spec.name, added);
        result.addedPools.push(added);
        result.events.push({ type: 'AddNodePool', atUs, nodePool: added.spec });
        break;
      }
      case 'AddExistingNodes': {
        const added = addExistingNodes(node, atUs, pools, terway, environment);
        if (added === undefined) break;
        result.existingNodes.push(added);
        result.events.push(added.event);
        break;
      }
      case 'UpgradeTerway': {
        const version = upgradeTerway(node, terway, context);
        if (version === undefined) break;
        terway = version;
        result.events.push({ type: 'UpgradeTerway', atUs, version });
        break;
      }
      case undefined:
      default:
        break;
    }
  }
  return result;
}

function pushDefined<T>(list: T[], item: T | undefined): void {
  if (item !== undefined) list.push(item);
}

function scaleWorkload(
  node: RawNode,
  atUs: number,
  environment: TimelineEnvironment,
): TimelineEvent | undefined {
  const { context } = environment;
  const reference = node.get('workload');
  const text = reference.string();
  const replicas = node.get('replicas').integer();
  if (text === undefined || replicas === undefined) return undefined;
  const found = findWorkloads(text, environment.workloads);
  const workload = found[0];
  if (found.length !== 1 || workload === undefined) {
    context.findings.error({
      code: found.length === 0 ? 'UNKNOWN_WORKLOAD' : 'AMBIGUOUS_WORKLOAD',
      message:
        found.length === 0
          ? `no workload named ${quoteInput(text)}`
          : `${quoteInput(text)} names ${found.length} workloads`,
      hint:
        found.length === 0
          ? 'name a Deployment or StatefulSet of spec.manifests'
          : 'write namespace/name',
      ...reference.where(),
    });
    return undefined;
  }
  if (workload.kind !== 'Deployment' && workload.kind !== 'StatefulSet') {
    context.findings.error({
      code: 'NOT_SCALABLE',
      message: `${workload.kind} ${workload.key} cannot be scaled`,
      hint: 'ScaleWorkload applies to Deployments and StatefulSets',
      ...reference.where(),
    });
    return undefined;
  }
  if (atUs < workload.rollout.startUs) {
    context.findings.error({
      code: 'EVENT_BEFORE_TARGET',
      message: `scales ${workload.key} at ${formatDuration(atUs)}, before it is created (${formatDuration(workload.rollout.startUs)})`,
      hint: 'move the event after the workload starts, or start the workload earlier',
      ...node.get('at').where(),
    });
    return undefined;
  }
  return { type: 'ScaleWorkload', atUs, workload: workload.key, replicas };
}

function poolAt(
  node: RawNode,
  atUs: number,
  pools: ReadonlyMap<string, PoolDeclaration>,
  context: LoadContext,
): PoolDeclaration | undefined {
  const reference = node.get('nodePool');
  const name = reference.string();
  if (name === undefined) return undefined;
  const pool = pools.get(name);
  if (pool !== undefined) return pool;
  context.findings.error({
    code: 'UNKNOWN_NODE_POOL',
    message: `no node pool ${quoteInput(name)} exists at ${formatDuration(atUs)}`,
    hint: `pools then: ${[...pools.keys()].join(', ') || 'none'} (an AddNodePool event must come first)`,
    ...reference.where(),
  });
  return undefined;
}

function scaleNodePool(
  node: RawNode,
  atUs: number,
  pools: ReadonlyMap<string, PoolDeclaration>,
  context: LoadContext,
): TimelineEvent | undefined {
  const pool = poolAt(node, atUs, pools, context);
  const count = node.get('count').integer();
  if (pool === undefined || count === undefined) return undefined;
  if (pool.spec.autoscaling !== null) {
    context.findings.error({
      code: 'NOT_SCALABLE',
      message: `node pool ${pool.spec.name} is autoscaled: the cluster autoscaler sets its size`,
      hint: 'scale a fixed-size pool (count), or let pending pods drive the autoscaler',
      ...node.get('nodePool').where(),
    });
    return undefined;
  }
  return { type: 'ScaleNodePool', atUs, nodePool: pool.spec.name, count };
}

function addNodePool(
  node: RawNode,
  atUs: number,
  pools: ReadonlyMap<string, PoolDeclaration>,
  terway: TerwayVersion,
  environment: TimelineEnvironment,
): PoolDeclaration | undefined {
  const poolNode = node.get('nodePool');
  const spec = readNodePool(poolNode, environment.pools, atUs);
  if (spec === undefined) return undefined;
  const existing = pools.get(spec.name);
  if (existing !== undefined) {
    const modeChanged = existing.spec.mode !== spec.mode;
    environment.context.findings.error({
      code: modeChanged ? 'NODE_POOL_MODE_IMMUTABLE' : 'DUPLICATE_NODE_POOL',
      message: modeChanged
        ? `node pool ${spec.name} exists in ${existing.spec.mode} mode; the ENI mode is fixed when a pool is created`
        : `node pool ${spec.name} already exists`,
      hint: modeChanged
        ? 'create a new pool under another name (and move the workloads to it)'
        : 'give the new pool another name',
      ...poolNode.get('name').where(),
    });
    return undefined;
  }
  return { spec, node: poolNode, terway };
}

function addExistingNodes(
  node: RawNode,
  atUs: number,
  pools: ReadonlyMap<string, PoolDeclaration>,
  terway: TerwayVersion,
  environment: TimelineEnvironment,
): ExistingNodesDeclaration | undefined {
  const { context } = environment;
  const pool = poolAt(node, atUs, pools, context);
  const count = node.get('count').integer();
  if (pool === undefined || count === undefined) return undefined;
  const typeNode = node.get('instanceType');
  const typeId = typeNode.string() ?? pool.spec.instanceTypes[0]?.id;
  if (typeId === undefined) return undefined;
  const found = lookupInstanceType(environment.catalog, typeId);
  if (!found.ok) {
    context.findings.error({
      code: 'UNKNOWN_INSTANCE_TYPE',
      message: `instance type ${quoteInput(typeId)} is not in the catalog`,
      hint:
        found.suggestions.length > 0
          ? `did you mean ${found.suggestions.map((s) => quoteInput(s)).join(' or ')}?`
          : 'add it with spec.catalog',
      ...typeNode.where(),
    });
    return undefined;
  }
  const attachedEnis = node.get('attachedEnis').integer() ?? 0;
  const secondaryMax = Math.max(found.type.eniQuantity - 1, 0);
  if (attachedEnis > secondaryMax) {
    context.findings.error({
      code: 'OUT_OF_RANGE',
      message: `${typeId} holds at most ${secondaryMax} secondary ENIs, not ${attachedEnis}`,
      hint: `EniQuantity ${found.type.eniQuantity} includes the primary ENI`,
      ...node.get('attachedEnis').where(),
    });
    return undefined;
  }
  if (!pool.spec.instanceTypes.some((type) => type.id === typeId)) {
    context.findings.warning({
      code: 'EXISTING_NODE_TYPE_NOT_IN_POOL',
      message: `${typeId} is not one of pool ${pool.spec.name}'s instance types`,
      hint: "ACK adds the instances anyway; list the type in the pool's instanceTypes to make the plan explicit",
      ...typeNode.where(),
    });
  }
  return {
    pool: pool.spec,
    node,
    terway,
    event: {
      type: 'AddExistingNodes',
      atUs,
      nodePool: pool.spec.name,
      instanceType: found.type,
      count,
      attachedEnis,
    },
  };
}

function upgradeTerway(
  node: RawNode,
  current: TerwayVersion,
  context: LoadContext,
): TerwayVersion | undefined {
  const versionNode = node.get('version');
  const text = versionNode.string();
  if (text === undefined) return undefined;
  const parsed = parseTerwayVersion(text);
  if (!parsed.ok) {
    context.findings.error({
      code: 'BAD_TERWAY_VERSION',
      message: parsed.message,
      hint: 'write a release such as "v1.11.1" (quoted)',
      ...versionNode.where(),
    });
    return undefined;
  }
  if (compareTerwayVersions(parsed.version, current) <= 0) {
    context.findings.warning({
      code: 'TERWAY_DOWNGRADE',
      message: `Terway ${parsed.version.text} is not newer than ${current.text} in force before it`,
      hint: 'an UpgradeTerway event normally moves to a newer release',
      ...versionNode.where(),
    });
  }
  return parsed.version;
}
