/**
 * The placement framework's vocabulary, shaped like kube-scheduler's (`framework/interface.go`):
 * a per-pod {@link CycleState}, Filter plugins returning a coded {@link Status}, Score plugins
 * returning integers in [0, {@link MAX_NODE_SCORE}], and a profile naming which run.
 */
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
  filter(cycle: CycleState, pod: PodSpec, node: NodeInfo): Status;
}

/** A Score plugin: how good is this feasible node? */
export interface ScorePlugin extends Plugin {
  readonly name: ScorePluginName;
  /** The raw score; in [0, 100] unless {@link normalize} maps it there. */
  score(cycle: CycleState, pod: PodSpec, node: NodeInfo): number;
  /** Rescales the raw scores of all feasible nodes in place (`ScoreExtensions.NormalizeScore`). */
  readonly normalize?: (scores: number[]) => void;
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
