/**
 * The cluster autoscaler's decisions (kubernetes/autoscaler `cluster-autoscaler`), as pure
 * functions of the pending pods and the autoscaled pools.
 *
 * Scale-up, one decision per CA loop:
 * 1. Pods that fit on nodes the pools have already asked for (upcoming, not yet Ready) wait for
 *    them and trigger nothing (CA's filter-out-schedulable over upcoming template nodes).
 * 2. For each pool below its max: the remaining pods that pass the scheduler's Filter plugins on
 *    an empty template node are packed first-fit decreasing onto template copies, at most
 *    `maxSize − targetSize` (and `maxNodesPerScaleUp`, and `maxNodesTotal`) of them.
 * 3. The expander picks one option; that pool grows by its node count.
 *
 * So only pods short of cpu, memory, pod slots or extended resources (`aliyun/eni`,
 * `aliyun/member-eni`) — or of pod addresses by `max-available-ip` — trigger a scale-up, and only
 * into a pool whose template they tolerate and match. The autoscaler never sees address
 * exhaustion in a vSwitch: such pods are bound and wait in network set-up, not unschedulable.
 *
 * Scale-down is the simple case only: a node with no scheduled pods for `unneededTimeUs`
 * (CA's `--scale-down-unneeded-time`, 10 min) is removed, down to the pool's minimum, at most
 * `maxEmptyBulkDelete` (10) at a time and not within `delayAfterAddUs` (10 min) of a scale-up.
 * Under-utilised nodes whose pods could move elsewhere are not drained.
 */
import type { RandomStream } from '../contracts/random.js';
import { estimateNodes, templateNode } from './binpacking.js';
import { chooseOption, type ExpanderName, type ExpansionOption } from './expander.js';
import { newCycle, type FilterPlugin, type SchedulerProfile } from './framework.js';
import type { NodeInfo } from './nodeInfo.js';
import { assertValidPools, type AutoscaledPool } from './nodePool.js';
import { podKey, type PodSpec } from '../../models/pod.js';
import { podRequestOf } from './podRequest.js';
import { defaultProfile, filterPlugins } from './registry.js';
import { runFilters } from './scheduler.js';

/** CA's reason for a pool that cannot grow (`MaxLimitReachedReason`). */
export const MAX_NODE_GROUP_SIZE_REACHED = 'max node group size reached';

/** How the scale-up is decided. */
export interface ScaleUpOptions {
  /** Default `least-waste`. */
  readonly expander?: ExpanderName;
  /** Breaks expander ties; pass a forked stream (`rng.fork('autoscaler')`). */
  readonly rng: RandomStream;
  /** The scheduler's profile (its filters are run on template nodes); default profile if absent. */
  readonly profile?: SchedulerProfile;
  /** `--max-nodes-per-scaleup` (default 1000). */
  readonly maxNodesPerScaleUp?: number;
  /** `--max-nodes-total` with the cluster's current node count; absent means no limit. */
  readonly nodesTotal?: { readonly max: number; readonly current: number };
}

/** A pod no pool can help, with CA's event message. */
export interface NoScaleUpPod {
  readonly podKey: string;
  /** `pod didn't trigger scale-up: 1 max node group size reached, 2 Insufficient aliyun/eni`. */
  readonly message: string;
}

/** The scale-up decision. */
export interface ScaleUpDecision {
  /** The chosen growth, or null for none. */
  readonly scaleUp: {
    readonly pool: string;
    readonly nodeCount: number;
    /** Pods the new nodes are for. */
    readonly podKeys: readonly string[];
  } | null;
  /** Every option the expander saw (pool, node count, pods helped). */
  readonly options: readonly {
    readonly pool: string;
    readonly nodeCount: number;
    readonly podCount: number;
  }[];
  /** Pods that fit on upcoming nodes and wait for them. */
  readonly awaitingUpcoming: readonly string[];
  /** Pods no pool can help, and why. */
  readonly noScaleUp: readonly NoScaleUpPod[];
}

const DEFAULT_MAX_NODES_PER_SCALE_UP = 1000;

function filtersOf(profile: SchedulerProfile | undefined): FilterPlugin[] {
  return (profile ?? defaultProfile()).filters.map((name) => filterPlugins[name]);
}

/** Places pods on the pools' upcoming nodes, first fit; returns the pods left over. */
function fillUpcoming(
  pods: readonly PodSpec[],
  pools: readonly AutoscaledPool[],
  filters: readonly FilterPlugin[],
): { waiting: PodSpec[]; rest: PodSpec[] } {
  const upcoming: NodeInfo[] = pools.flatMap((pool) =>
    Array.from({ length: pool.upcomingNodes }, (_, index) =>
      templateNode(pool.template, `${pool.name}-upcoming-${index}`),
    ),
  );
  const waiting: PodSpec[] = [];
  const rest: PodSpec[] = [];
  for (const pod of pods) {
    const cycle = newCycle(podRequestOf(pod));
    const host = upcoming.find((node) => runFilters(filters, cycle, pod, node).code === 'success');
    if (host === undefined) {
      rest.push(pod);
    } else {
      host.addPod(pod);
      waiting.push(pod);
    }
  }
  return { waiting, rest };
}

function growthLimit(pool: AutoscaledPool, options: ScaleUpOptions): number {
  const perScaleUp = options.maxNodesPerScaleUp ?? DEFAULT_MAX_NODES_PER_SCALE_UP;
  const total = options.nodesTotal;
  const totalRoom = total === undefined ? Infinity : total.max - total.current;
  return Math.max(0, Math.min(pool.maxSize - pool.targetSize, perScaleUp, totalRoom));
}

/**
 * Decides one scale-up for pods the scheduler has just found unschedulable (pods that would
 * fit existing nodes are the scheduler's to place, so callers pass only rejected ones).
 *
 * Equivalent to: the scale-up half of one cluster-autoscaler `RunOnce` loop
 * (`ScaleUpOrchestrator.ScaleUp`).
 */
export function decideScaleUp(
  pendingPods: readonly PodSpec[],
  pools: readonly AutoscaledPool[],
  options: ScaleUpOptions,
): ScaleUpDecision {
  assertValidPools(pools);
  const keys = new Set<string>();
  for (const pod of pendingPods) {
    const key = podKey(pod);
    if (keys.has(key)) throw new RangeError(`pending pods list ${key} twice`);
    keys.add(key);
  }
  const filters = filtersOf(options.profile);
  const { waiting, rest } = fillUpcoming(pendingPods, pools, filters);
  const reasons = new Map<PodSpec, Map<string, number>>(rest.map((pod) => [pod, new Map()]));
  const note = (pod: PodSpec, reason: string): void => {
    const counts = reasons.get(pod);
    counts?.set(reason, (counts.get(reason) ?? 0) + 1);
  };
  const expansion: ExpansionOption[] = [];
  for (const pool of pools) {
    const limit = growthLimit(pool, options);
    if (limit === 0) {
      // A pool at its size limit is skipped before any simulation (CA's skipped node groups).
      for (const pod of rest) note(pod, MAX_NODE_GROUP_SIZE_REACHED);
      continue;
    }
    const empty = templateNode(pool.template, `${pool.name}-template`);
    const fitting: PodSpec[] = [];
    for (const pod of rest) {
      const status = runFilters(filters, newCycle(podRequestOf(pod)), pod, empty);
      if (status.code === 'success') fitting.push(pod);
      else for (const reason of status.reasons) note(pod, reason);
    }
    if (fitting.length === 0) continue;
    const namePrefix = `${pool.name}-new`;
    const estimate = estimateNodes(fitting, pool.template, filters, {
      nodesMax: limit,
      namePrefix,
    });
    const placed = new Set(estimate.pods);
    for (const pod of fitting) if (!placed.has(pod)) note(pod, MAX_NODE_GROUP_SIZE_REACHED);
    if (estimate.nodeCount > 0) expansion.push({ pool, ...estimate });
  }
  const chosen = chooseOption(options.expander ?? 'least-waste', expansion, options.rng);
  const helped = new Set(expansion.flatMap((option) => option.pods));
  return {
    scaleUp:
      chosen === null
        ? null
        : { pool: chosen.pool.name, nodeCount: chosen.nodeCount, podKeys: chosen.pods.map(podKey) },
    options: expansion.map((option) => ({
      pool: option.pool.name,
      nodeCount: option.nodeCount,
      podCount: option.pods.length,
    })),
    awaitingUpcoming: waiting.map(podKey),
    noScaleUp: rest
      .filter((pod) => !helped.has(pod))
      .map((pod) => ({ podKey: podKey(pod), message: noScaleUpMessage(reasons.get(pod)) })),
  };
}

/** CA's `pod didn't trigger scale-up: …` with reasons counted per pool and sorted as strings. */
export function noScaleUpMessage(counts: ReadonlyMap<string, number> | undefined): string {
  const parts = [...(counts ?? new Map<string, number>())].map(([reason, n]) => `${n} ${reason}`);
  return `pod didn't trigger scale-up: ${parts.sort().join(', ')}`;
}

/** A node the scale-down looks at. */
export interface ScaleDownNode {
  readonly name: string;
  readonly pool: string;
  /** Pods the scheduler placed there (DaemonSet pods do not count). */
  readonly boundPods: number;
  /** Since when it has had no such pods (µs), or null when it has some. */
  readonly emptySinceUs: number | null;
}

/** Scale-down settings (CA's defaults: 10 min, 10 nodes, 10 min). */
export interface ScaleDownOptions {
  readonly nowUs: number;
  /** The last scale-up of any pool (µs), or null. */
  readonly lastScaleUpUs: number | null;
  readonly unneededTimeUs?: number;
  readonly maxEmptyBulkDelete?: number;
  readonly delayAfterAddUs?: number;
}

/** Ten minutes in microseconds: CA's unneeded time and delay after add. */
export const TEN_MINUTES_US = 600_000_000;

/**
 * The empty nodes to remove now, oldest-empty first (then by name), respecting pool minimums.
 *
 * Equivalent to: cluster-autoscaler's empty-node scale-down (`--scale-down-unneeded-time`).
 */
export function decideScaleDown(
  nodes: readonly ScaleDownNode[],
  pools: readonly Pick<AutoscaledPool, 'name' | 'minSize' | 'targetSize'>[],
  options: ScaleDownOptions,
): string[] {
  const { nowUs, lastScaleUpUs } = options;
  if (
    lastScaleUpUs !== null &&
    nowUs - lastScaleUpUs < (options.delayAfterAddUs ?? TEN_MINUTES_US)
  ) {
    return [];
  }
  const unneededUs = options.unneededTimeUs ?? TEN_MINUTES_US;
  const room = new Map(pools.map((pool) => [pool.name, pool.targetSize - pool.minSize]));
  const candidates = nodes
    .filter((node) => node.boundPods === 0 && node.emptySinceUs !== null)
    .filter((node) => nowUs - (node.emptySinceUs ?? nowUs) >= unneededUs)
    .sort((a, b) => (a.emptySinceUs ?? 0) - (b.emptySinceUs ?? 0) || (a.name < b.name ? -1 : 1));
  const removed: string[] = [];
  const bulkMax = options.maxEmptyBulkDelete ?? 10;
  for (const node of candidates) {
    if (removed.length >= bulkMax) break;
    const left = room.get(node.pool) ?? 0;
    if (left <= 0) continue;
    room.set(node.pool, left - 1);
    removed.push(node.name);
  }
  return removed;
}
