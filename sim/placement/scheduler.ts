/**
 * The scheduler: one scheduling cycle per pod, shaped like kube-scheduler's `schedulePod`.
 *
 * 1. Filter: walk the node list from where the previous cycle stopped (`nextStartNodeIndex`),
 *    running the profile's filters on each node until `numFeasibleNodesToFind` feasible nodes
 *    are found (as kube-scheduler does with parallelism 1: the search stops at the next
 *    feasible node after that, which is not kept). A node's status is its first failing filter.
 * 2. No feasible node: the pod is unschedulable, with kube-scheduler's message.
 *    One feasible node: it is chosen without scoring.
 * 3. Score each feasible node with every score plugin, normalise, weight and sum.
 * 4. Select the highest total; ties are broken by reservoir sampling (each tied node replaces
 *    the choice with probability 1/count) drawing from the injected RandomStream, as
 *    kube-scheduler's `selectHost` did with the global PRNG.
 *
 * Filters that do not read node usage (NodeUnschedulable, TaintToleration, NodeAffinity) give
 * the same verdict for every pod with the same tolerations, nodeSelector and node affinity, so
 * that prefix of the filter list is cached per such pod signature and node (kube-scheduler has
 * no such cache; the results are identical, and Deployments' pods share a signature).
 */
import type { RandomStream } from '../contracts/random.js';
import { intBelow } from '../engine/rng.js';
import type { ClusterState } from './clusterState.js';
import {
  fitErrorMessage,
  NO_NODES_AVAILABLE_MESSAGE,
  reasonHistogram,
  type ReasonCount,
} from './fitError.js';
import {
  MAX_NODE_SCORE,
  MIN_NODE_SCORE,
  SUCCESS,
  newCycle,
  type CycleState,
  type FailureStatus,
  type FilterPlugin,
  type SchedulerProfile,
  type ScorePlugin,
  type Status,
} from './framework.js';
import type { NodeInfo } from './nodeInfo.js';
import { assertNoProblems, type PodSpec } from '../../models/pod.js';
import { podRequestOf } from './podRequest.js';
import { numFeasibleNodesToFind } from './percentage.js';
import { defaultProfile, filterPlugins, profileProblems, scorePlugins } from './registry.js';

/** How the scheduler is set up. */
export interface SchedulerOptions {
  /** Draws tie-breaks; pass a forked stream (`rng.fork('scheduler')`). */
  readonly rng: RandomStream;
  /** Plugins and weights; {@link defaultProfile} when absent. */
  readonly profile?: SchedulerProfile;
  /** kube-scheduler's `percentageOfNodesToScore`, an integer in [0, 100]; 0 (default) adapts. */
  readonly percentageOfNodesToScore?: number;
  /** Cache static filter verdicts per pod signature (default true; results are identical). */
  readonly cacheStaticFilters?: boolean;
}

/** The outcome of one scheduling cycle. */
export type ScheduleResult =
  | {
      readonly code: 'scheduled';
      readonly nodeName: string;
      /** Nodes the filters ran on (feasible plus rejected). */
      readonly evaluatedNodes: number;
      /** Feasible nodes found (and scored, when more than one). */
      readonly feasibleNodes: number;
    }
  | {
      /**
       * `unschedulable`: some node rejected the pod only for what is bound to it (preemption or
       * a scale-up could help). `unresolvable`: every rejection was unresolvable (taints,
       * affinity, cordon) or there are no nodes.
       */
      readonly code: 'unschedulable' | 'unresolvable';
      /** kube-scheduler's message: `0/20 nodes are available: 12 Insufficient aliyun/eni, …`. */
      readonly message: string;
      /** Each reason and its node count, in the message's order. */
      readonly reasons: readonly ReasonCount[];
      readonly numAllNodes: number;
    };

/** The most pod signatures whose static verdicts are kept before the cache starts over. */
const STATIC_CACHE_SIGNATURES_MAX = 4096;

/** Runs `filters` in order on one node; the first failure is the node's status. */
export function runFilters(
  filters: readonly FilterPlugin[],
  cycle: CycleState,
  pod: PodSpec,
  node: NodeInfo,
): Status {
  for (const plugin of filters) {
    const status = plugin.filter(cycle, pod, node);
    if (status.code !== 'success') return status;
  }
  return SUCCESS;
}

/**
 * The static filters' inputs as a string key. Pods stamped from one template share their
 * tolerations, nodeSelector and affinity objects, so the key is memoised on those references
 * (weakly) and computed once per template rather than once per pod.
 */
interface SignatureCacheEntry {
  nullAffinity: string | undefined;
  readonly byAffinity: WeakMap<object, string>;
}
const signatureCache = new WeakMap<object, WeakMap<object, SignatureCacheEntry>>();

function staticSignature(pod: PodSpec): string {
  let bySelector = signatureCache.get(pod.tolerations);
  if (bySelector === undefined) {
    bySelector = new WeakMap();
    signatureCache.set(pod.tolerations, bySelector);
  }
  let entry = bySelector.get(pod.nodeSelector);
  if (entry === undefined) {
    entry = { nullAffinity: undefined, byAffinity: new WeakMap() };
    bySelector.set(pod.nodeSelector, entry);
  }
  const affinity = pod.requiredNodeAffinity;
  let signature = affinity === null ? entry.nullAffinity : entry.byAffinity.get(affinity);
  if (signature === undefined) {
    signature = JSON.stringify([pod.tolerations, pod.nodeSelector, affinity]);
    if (affinity === null) entry.nullAffinity = signature;
    else entry.byAffinity.set(affinity, signature);
  }
  return signature;
}

/** A kube-scheduler-shaped scheduler over one {@link ClusterState}. */
export class Scheduler {
  readonly #state: ClusterState;
  readonly #rng: RandomStream;
  readonly #percentage: number;
  readonly #staticFilters: readonly FilterPlugin[];
  readonly #dynamicFilters: readonly FilterPlugin[];
  readonly #scores: readonly { readonly plugin: ScorePlugin; readonly weight: number }[];
  readonly #cacheStatic: boolean;
  readonly #staticCache = new Map<string, (Status | undefined)[]>();
  #staticCacheGeneration = -1;
  #nextStartNodeIndex = 0;
  // NOTE: scratch arrays reused by every cycle, so the hot loop allocates nothing per node.
  // They are never truncated (V8 gives a truncated array's storage back, and growing it again
  // allocated about 2 KB per cycle): each cycle writes from index 0 and records its counts.
  readonly #feasible: NodeInfo[] = [];
  readonly #failures: FailureStatus[] = [];
  #feasibleCount = 0;
  #failureCount = 0;
  readonly #scratchScores: number[] = [];
  /** The dynamic filters this cycle runs (those whose PreFilter did not Skip). */
  readonly #activeDynamic: FilterPlugin[] = [];
  readonly #totals: number[] = [];

  constructor(state: ClusterState, options: SchedulerOptions) {
    const profile = options.profile ?? defaultProfile();
    assertNoProblems(profileProblems(profile, 'profile'), 'scheduler profile');
    this.#state = state;
    this.#rng = options.rng;
    this.#percentage = options.percentageOfNodesToScore ?? 0;
    numFeasibleNodesToFind(this.#percentage, 0); // validates the setting up front
    const filters = profile.filters.map((name) => filterPlugins[name]);
    // Only the leading filters that ignore node usage are cacheable: a node's status is its
    // *first* failure, so a static filter after a dynamic one must run in order.
    const firstDynamic = filters.findIndex((plugin) => plugin.readsNodeUsage);
    const split = firstDynamic < 0 ? filters.length : firstDynamic;
    this.#staticFilters = filters.slice(0, split);
    this.#dynamicFilters = filters.slice(split);
    this.#scores = profile.scores.map(({ name, weight }) => ({
      plugin: scorePlugins[name],
      weight,
    }));
    this.#cacheStatic = options.cacheStaticFilters ?? true;
  }

  /** Where the next cycle's node search starts (kube-scheduler's `nextStartNodeIndex`). */
  get nextStartNodeIndex(): number {
    return this.#nextStartNodeIndex;
  }

  /**
   * Runs one scheduling cycle for `pod` without binding it.
   *
   * Equivalent to: kube-scheduler's `schedulePod` (Filter, Score, `selectHost`).
   */
  schedule(pod: PodSpec): ScheduleResult {
    const cycle = newCycle(podRequestOf(pod));
    const nodes = this.#state.nodeList();
    this.#preFilter(cycle, pod);
    const numAllNodes = nodes.length;
    if (numAllNodes === 0) {
      return {
        code: 'unresolvable',
        message: NO_NODES_AVAILABLE_MESSAGE,
        reasons: [],
        numAllNodes,
      };
    }
    this.#findFeasible(cycle, pod, nodes);
    const feasibleCount = this.#feasibleCount;
    const evaluatedNodes = feasibleCount + this.#failureCount;
    this.#nextStartNodeIndex = (this.#nextStartNodeIndex + evaluatedNodes) % numAllNodes;
    if (feasibleCount === 0) {
      return this.#unschedulable(this.#failures.slice(0, this.#failureCount), numAllNodes);
    }
    const only = this.#feasible[0];
    if (feasibleCount === 1 && only !== undefined) {
      return { code: 'scheduled', nodeName: only.name, evaluatedNodes, feasibleNodes: 1 };
    }
    const totals = this.#score(cycle, pod, feasibleCount);
    const chosen = this.#selectHost(feasibleCount, totals);
    return {
      code: 'scheduled',
      nodeName: chosen.name,
      evaluatedNodes,
      feasibleNodes: feasibleCount,
    };
  }

  /**
   * Runs one scheduling cycle and, when a node is found, binds the pod there.
   *
   * Equivalent to: kube-scheduler's `scheduleOne` with the default binder
   * (`POST /api/v1/namespaces/{ns}/pods/{name}/binding`).
   */
  scheduleAndBind(pod: PodSpec): ScheduleResult {
    const result = this.schedule(pod);
    if (result.code === 'scheduled') this.#state.bind(pod, result.nodeName);
    return result;
  }

  /** Runs the dynamic filters' PreFilters and keeps those that did not Skip. */
  #preFilter(cycle: CycleState, pod: PodSpec): void {
    const active = this.#activeDynamic;
    active.length = 0;
    for (const plugin of this.#dynamicFilters) {
      if (plugin.preFilter === undefined || plugin.preFilter(cycle, pod, this.#state)) {
        active.push(plugin);
      }
    }
  }

  /**
   * Fills the first {@link #feasibleCount} entries of {@link #feasible} and the first
   * {@link #failureCount} of {@link #failures}; entries past the counts are stale.
   */
  #findFeasible(cycle: CycleState, pod: PodSpec, nodes: readonly NodeInfo[]): void {
    const numAllNodes = nodes.length;
    const toFind = numFeasibleNodesToFind(this.#percentage, numAllNodes);
    const cached = this.#cacheStatic ? this.#staticVerdicts(pod) : null;
    const feasible = this.#feasible;
    const failures = this.#failures;
    let feasibleCount = 0;
    let failureCount = 0;
    // `position` is (nextStartNodeIndex + index) mod numAllNodes, wrapped by hand: a division
    // per node visited was a measurable cost of the loop.
    let position = this.#nextStartNodeIndex % numAllNodes;
    for (let index = 0; index < numAllNodes; index++, position++) {
      if (position === numAllNodes) position = 0;
      const node = nodes[position];
      if (node === undefined) throw new Error('assertion: node list has a hole');
      let status: Status | undefined;
      if (cached === null) {
        status = runFilters(this.#staticFilters, cycle, pod, node);
      } else {
        status = cached[node.slot];
        if (status === undefined) {
          status = runFilters(this.#staticFilters, cycle, pod, node);
          cached[node.slot] = status;
        }
      }
      if (status.code === 'success') status = runFilters(this.#activeDynamic, cycle, pod, node);
      if (status.code !== 'success') {
        failures[failureCount++] = status;
      } else if (feasibleCount < toFind) {
        feasible[feasibleCount++] = node;
      } else {
        break; // one past the quota: kube-scheduler cancels the search and drops this node
      }
    }
    this.#feasibleCount = feasibleCount;
    this.#failureCount = failureCount;
  }

  #staticVerdicts(pod: PodSpec): (Status | undefined)[] {
    if (this.#staticCacheGeneration !== this.#state.staticGeneration) {
      this.#staticCache.clear();
      this.#staticCacheGeneration = this.#state.staticGeneration;
    }
    const signature = staticSignature(pod);
    let verdicts = this.#staticCache.get(signature);
    if (verdicts === undefined) {
      if (this.#staticCache.size >= STATIC_CACHE_SIGNATURES_MAX) this.#staticCache.clear();
      verdicts = [];
      this.#staticCache.set(signature, verdicts);
    }
    return verdicts;
  }

  #unschedulable(failures: readonly FailureStatus[], numAllNodes: number): ScheduleResult {
    if (failures.length !== numAllNodes) {
      throw new Error(`assertion: ${failures.length} of ${numAllNodes} nodes have a status`);
    }
    const reasons = reasonHistogram(failures);
    const resolvable = failures.some((status) => status.code === 'unschedulable');
    return {
      code: resolvable ? 'unschedulable' : 'unresolvable',
      message: fitErrorMessage(numAllNodes, reasons),
      reasons,
      numAllNodes,
    };
  }

  /** Scores the first `count` feasible nodes. */
  #score(cycle: CycleState, pod: PodSpec, count: number): number[] {
    const feasible = this.#feasible;
    const totals = this.#totals;
    const scores = this.#scratchScores;
    // Normalisation reads the whole array, so these two are exactly `count` long.
    totals.length = count;
    scores.length = count;
    totals.fill(0);
    for (const { plugin, weight } of this.#scores) {
      // PreScore's Skip: the plugin adds nothing (kube-scheduler leaves it out of the sum).
      if (plugin.preScore?.(cycle, pod, feasible, count, this.#state) === false) continue;
      for (let index = 0; index < count; index++) {
        const node = feasible[index];
        scores[index] = node === undefined ? 0 : plugin.score(cycle, pod, node);
      }
      plugin.normalize?.(scores, cycle, feasible);
      for (let index = 0; index < count; index++) {
        const score = scores[index] ?? MIN_NODE_SCORE - 1;
        if (!(score >= MIN_NODE_SCORE && score <= MAX_NODE_SCORE) || !Number.isInteger(score)) {
          throw new Error(`assertion: ${plugin.name} scored ${score}, outside [0, 100]`);
        }
        totals[index] = (totals[index] ?? 0) + score * weight;
      }
    }
    return totals;
  }

  /** Picks among the first `count` feasible nodes. */
  #selectHost(count: number, totals: readonly number[]): NodeInfo {
    const feasible = this.#feasible;
    let selected = 0;
    let maxScore = totals[0] ?? 0;
    let countOfMaxScore = 1;
    for (let index = 1; index < count; index++) {
      const score = totals[index] ?? 0;
      if (score > maxScore) {
        maxScore = score;
        selected = index;
        countOfMaxScore = 1;
      } else if (score === maxScore) {
        countOfMaxScore++;
        if (intBelow(this.#rng, countOfMaxScore) === 0) selected = index;
      }
    }
    const node = feasible[selected];
    if (node === undefined) throw new Error('assertion: selectHost chose no node');
    return node;
  }
}
