/**
 * The placement framework's vocabulary, shaped like kube-scheduler's (`framework/interface.go`):
 * a per-pod {@link CycleState}, Filter plugins returning a coded {@link Status}, Score plugins
 * returning integers in [0, {@link MAX_NODE_SCORE}], and a profile naming which run.
 */
import type { Labels } from '../../models/labels.js';
import type { FilterPluginName, ScorePluginName } from './names.js';
import type { NodeInfo } from './nodeInfo.js';
import type { PodSpec } from '../../models/pod.js';
import type { PodRequest } from './podRequest.js';

/** The highest score a Score plugin gives (kube-scheduler's `MaxNodeScore`). */
export const MAX_NODE_SCORE = 100;
/** The lowest score (`MinNodeScore`). */
export const MIN_NODE_SCORE = 0;

/**
 * A Filter verdict. `unschedulable`: the node does not fit now, but could if pods left it
 * (preemption could help). `unschedulableAndUnresolvable`: no removal of pods would make it fit
 * (a taint, an affinity). Broken invariants are thrown, never returned.
 */
export type Status =
  | { readonly code: 'success' }
  | {
      readonly code: 'unschedulable' | 'unschedulableAndUnresolvable';
      readonly plugin: FilterPluginName;
      readonly reasons: readonly string[];
    };

/** A failing status. */
export type FailureStatus = Exclude<Status, { readonly code: 'success' }>;

/** The success status (one shared object). */
export const SUCCESS: Status = Object.freeze({ code: 'success' });

/** An `unschedulable` status from `plugin`. */
export function unschedulable(plugin: FilterPluginName, reasons: readonly string[]): FailureStatus {
  return { code: 'unschedulable', plugin, reasons };
}

/** An `unschedulableAndUnresolvable` status from `plugin`. */
export function unresolvable(plugin: FilterPluginName, reasons: readonly string[]): FailureStatus {
  return { code: 'unschedulableAndUnresolvable', plugin, reasons };
}

/** What one scheduling cycle knows about its pod (computed once, read by every plugin). */
export interface CycleState {
  readonly request: PodRequest;
  /**
   * What PreFilter and PreScore extensions computed for this pod, by plugin name (kube-scheduler's
   * `CycleState.Write`). A plugin with no entry was skipped for this pod: its Filter passes.
   */
  readonly data: Map<string, unknown>;
}

/** A fresh cycle for a pod whose request is `request`. */
export function newCycle(request: PodRequest): CycleState {
  return { request, data: new Map() };
}

/** What PreFilter and PreScore see of the whole cluster (kube-scheduler's snapshot lister). */
export interface ClusterSnapshot {
  /** Every node, not only those a search visits. */
  readonly nodes: readonly NodeInfo[];
  /** The labels of a namespace (`kubernetes.io/metadata.name` at least). */
  namespaceLabels(namespace: string): Labels;
  /** Bound pods with required anti-affinity terms (`HavePodsWithRequiredAntiAffinityList`). */
  readonly podsWithRequiredAntiAffinity: number;
  /** Bound pods with any affinity or anti-affinity term (`HavePodsWithAffinityList`). */
  readonly podsWithAffinity: number;
}

/** Every plugin has a name from `names.ts`. */
export interface Plugin {
  readonly name: FilterPluginName | ScorePluginName;
}

/** A Filter plugin: may the pod run on this node? */
export interface FilterPlugin extends Plugin {
  readonly name: FilterPluginName;
  /**
   * Whether the verdict depends on what is bound to the node. When false, it depends only on
   * the node's labels, taints and `unschedulable`, and on the pod's tolerations, nodeSelector and
   * required node affinity, so the scheduler may reuse it for every pod that shares those.
   */
  readonly readsNodeUsage: boolean;
  /**
   * PreFilter: computes what Filter reads into `cycle.data`. Returns false for kube-scheduler's
   * Skip: the Filter has nothing to check for this pod and is not run.
   */
  readonly preFilter?: (cycle: CycleState, pod: PodSpec, cluster: ClusterSnapshot) => boolean;
  filter(cycle: CycleState, pod: PodSpec, node: NodeInfo): Status;
}

/** A Score plugin: how good is this feasible node? */
export interface ScorePlugin extends Plugin {
  readonly name: ScorePluginName;
  /**
   * PreScore over the first `count` of `feasible`: computes what Score reads into `cycle.data`.
   * Returns false for kube-scheduler's Skip: the plugin adds nothing to any node's total.
   */
  readonly preScore?: (
    cycle: CycleState,
    pod: PodSpec,
    feasible: readonly NodeInfo[],
    count: number,
    cluster: ClusterSnapshot,
  ) => boolean;
  /** The raw score; in [0, 100] unless {@link normalize} maps it there. */
  score(cycle: CycleState, pod: PodSpec, node: NodeInfo): number;
  /**
   * Rescales the raw scores of all feasible nodes in place (`ScoreExtensions.NormalizeScore`);
   * `scores[i]` belongs to `feasible[i]`.
   */
  readonly normalize?: (scores: number[], cycle: CycleState, feasible: readonly NodeInfo[]) => void;
}

/** A score plugin and its weight in the total. */
export interface WeightedScorePlugin {
  readonly name: ScorePluginName;
  /** A positive integer. */
  readonly weight: number;
}

/** Which plugins run, in which order (filters) and with which weights (scores). */
export interface SchedulerProfile {
  readonly filters: readonly FilterPluginName[];
  readonly scores: readonly WeightedScorePlugin[];
}
