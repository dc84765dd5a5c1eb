/**
 * PodTopologySpread, as kube-scheduler's `plugins/podtopologyspread/` (filtering.go,
 * scoring.go, common.go).
 *
 * Filter (DoNotSchedule constraints): for each constraint, `matchNum(domain of the node) +
 * selfMatch − globalMin ≤ maxSkew`, where the counts are of pods matching the selector in the
 * pod's namespace on nodes eligible under nodeAffinityPolicy / nodeTaintsPolicy, and the global
 * minimum is 0 while fewer than `minDomains` domains exist (`preFilterState.minMatchNum`).
 * Score (ScheduleAnyway constraints): per node `Σ round(count·log(size+2) + maxSkew−1)`
 * (`scoreForCount`, `topologyNormalizingWeight`), normalised to
 * `100·(max+min−s)/max` (`NormalizeScore`), nodes missing a topology key scoring 0.
 *
 * The cluster-default constraints kube-scheduler applies to a pod with none (zone skew 3,
 * hostname skew 5, ScheduleAnyway, selector of the owning ReplicaSet/StatefulSet/Service) are not
 * modelled: a pod without constraints is skipped, as with `defaultingType: List` and no list.
 */
import {
  MAX_NODE_SCORE,
  SUCCESS,
  unresolvable,
  unschedulable,
  type ClusterSnapshot,
  type CycleState,
  type FailureStatus,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.js';
import {
  labelValue,
  matchesLabelSelector,
  type LabelSelector,
  type Labels,
} from '../../../models/labels.js';
import type { PodSpec } from '../../../models/pod.js';
import { findUntoleratedTaint } from '../../../models/taints.js';
import type {
  NodeInclusionPolicy,
  UnsatisfiableConstraintAction,
} from '../../../models/topologySpread.js';
import { LabelKeys } from '../../../models/wellKnownKeys.js';
import { PluginNames } from '../names.js';
import type { NodeInfo } from '../nodeInfo.js';
import { podMatchesNodeLabels } from './nodeAffinity.js';

/** `ErrReasonConstraintsNotMatch`. */
export const ERR_REASON_CONSTRAINTS_NOT_MATCH =
  "node(s) didn't match pod topology spread constraints";
/** `ErrReasonNodeLabelNotMatch`. */
export const ERR_REASON_NODE_LABEL_NOT_MATCH = `${ERR_REASON_CONSTRAINTS_NOT_MATCH} (missing required label)`;

const notMatch: FailureStatus = unschedulable(PluginNames.PodTopologySpread, [
  ERR_REASON_CONSTRAINTS_NOT_MATCH,
]);
const labelMissing: FailureStatus = unresolvable(PluginNames.PodTopologySpread, [
  ERR_REASON_NODE_LABEL_NOT_MATCH,
]);

/** A constraint as the scheduler uses it (`topologySpreadConstraint`). */
interface Constraint {
  readonly maxSkew: number;
  readonly topologyKey: string;
  /** null matches nothing (`labels.Nothing()`). */
  readonly selector: LabelSelector | null;
  readonly minDomains: number;
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/**
 * The pod's constraints with `action`, `matchLabelKeys` merged into the selector from the pod's
 * labels (`filterTopologySpreadConstraints`, `mergeLabelSetWithSelector`).
 */
function constraintsOf(pod: PodSpec, action: UnsatisfiableConstraintAction): Constraint[] {
  const result: Constraint[] = [];
  for (const c of pod.topologySpreadConstraints) {
    if (c.whenUnsatisfiable !== action) continue;
    let selector = c.labelSelector;
    const merged: Record<string, string> = {};
    for (const key of c.matchLabelKeys) {
      const value = labelValue(pod.labels, key);
      if (value !== undefined) merged[key] = value;
    }
    if (Object.keys(merged).length > 0) {
      selector = {
        matchLabels: { ...selector?.matchLabels, ...merged },
        matchExpressions: selector?.matchExpressions ?? [],
      };
    }
    result.push({
      maxSkew: c.maxSkew,
      topologyKey: c.topologyKey,
      selector,
      minDomains: c.minDomains ?? 1,
      nodeAffinityPolicy: c.nodeAffinityPolicy,
      nodeTaintsPolicy: c.nodeTaintsPolicy,
    });
  }
  return result;
}

function selectorMatches(selector: LabelSelector | null, labels: Labels): boolean {
  return selector !== null && matchesLabelSelector(selector, labels);
}

/** `countPodsMatchSelector`: pods on the node in `namespace` that the selector matches. */
function countPodsMatchSelector(
  node: NodeInfo,
  selector: LabelSelector | null,
  namespace: string,
): number {
  if (selector === null) return 0;
  let count = 0;
  for (const pod of node.pods()) {
    if (pod.namespace === namespace && matchesLabelSelector(selector, pod.labels)) count++;
  }
  return count;
}

/** `nodeLabelsMatchSpreadConstraints`: the node has every constraint's key. */
function hasAllKeys(labels: Labels, constraints: readonly Constraint[]): boolean {
  for (const c of constraints) if (labelValue(labels, c.topologyKey) === undefined) return false;
  return true;
}

/** `matchNodeInclusionPolicies`. */
function nodeIncluded(c: Constraint, pod: PodSpec, node: NodeInfo): boolean {
  if (c.nodeAffinityPolicy === 'Honor' && !podMatchesNodeLabels(pod, node.node.labels)) {
    return false;
  }
  if (
    c.nodeTaintsPolicy === 'Honor' &&
    findUntoleratedTaint(node.node.taints, pod.tolerations) !== null
  ) {
    return false;
  }
  return true;
}

interface FilterState {
  readonly constraints: readonly Constraint[];
  /** Per constraint: matching pods per domain value (`TpValueToMatchNum`). */
  readonly matchNum: readonly Map<string, number>[];
  /** Per constraint: the global minimum, minDomains applied (`minMatchNum`). */
  readonly minMatchNum: readonly number[];
}

/** `calPreFilterState` (the critical paths reduce to the minimum over the domains). */
export function spreadFilterState(pod: PodSpec, cluster: ClusterSnapshot): FilterState | null {
  const constraints = constraintsOf(pod, 'DoNotSchedule');
  if (constraints.length === 0) return null;
  const matchNum = constraints.map(() => new Map<string, number>());
  for (const node of cluster.nodes) {
    const labels = node.node.labels;
    if (!hasAllKeys(labels, constraints)) continue;
    constraints.forEach((c, index) => {
      if (!nodeIncluded(c, pod, node)) return;
      const value = labelValue(labels, c.topologyKey) ?? '';
      const counts = matchNum[index];
      if (counts === undefined) return;
      counts.set(
        value,
        (counts.get(value) ?? 0) + countPodsMatchSelector(node, c.selector, pod.namespace),
      );
    });
  }
  const minMatchNum = constraints.map((c, index) => {
    const counts = matchNum[index] ?? new Map<string, number>();
    // newCriticalPaths starts at MaxInt32; fewer domains than minDomains means a minimum of 0.
    if (counts.size < c.minDomains) return 0;
    let min = 2 ** 31 - 1;
    for (const count of counts.values()) if (count < min) min = count;
    return min;
  });
  return { constraints, matchNum, minMatchNum };
}

/** The PodTopologySpread filter. */
export const podTopologySpreadFilter = {
  name: PluginNames.PodTopologySpread,
  readsNodeUsage: true,
  preFilter(cycle, pod, cluster) {
    const state = spreadFilterState(pod, cluster);
    if (state === null) return false;
    cycle.data.set(PluginNames.PodTopologySpread, state);
    return true;
  },
  filter(cycle, pod, node) {
    const state = cycle.data.get(PluginNames.PodTopologySpread) as FilterState | undefined;
    if (state === undefined) return SUCCESS;
    const labels = node.node.labels;
    for (let index = 0; index < state.constraints.length; index++) {
      const c = state.constraints[index];
      if (c === undefined) continue;
      const value = labelValue(labels, c.topologyKey);
      if (value === undefined) return labelMissing;
      const self = selectorMatches(c.selector, pod.labels) ? 1 : 0;
      const matchNum = state.matchNum[index]?.get(value) ?? 0;
      const skew = matchNum + self - (state.minMatchNum[index] ?? 0);
      if (skew > c.maxSkew) return notMatch;
    }
    return SUCCESS;
  },
} as const satisfies FilterPlugin;

interface ScoreState {
  readonly constraints: readonly Constraint[];
  readonly ignored: ReadonlySet<NodeInfo>;
  /** Per constraint: matching pods per domain among the feasible nodes' domains. */
  readonly counts: readonly Map<string, number>[];
  readonly weights: readonly number[];
}

/** `topologyNormalizingWeight`: ln(size + 2). */
export function topologyNormalizingWeight(size: number): number {
  return Math.log(size + 2);
}

/** `scoreForCount`: count·weight + (maxSkew − 1). */
export function scoreForCount(count: number, maxSkew: number, weight: number): number {
  return count * weight + (maxSkew - 1);
}

/** The PodTopologySpread score. */
export const podTopologySpreadScore = {
  name: PluginNames.PodTopologySpread,
  preScore(cycle: CycleState, pod, feasible, count, cluster) {
    const constraints = constraintsOf(pod, 'ScheduleAnyway');
    if (constraints.length === 0 || cluster.nodes.length === 0) return false;
    const ignored = new Set<NodeInfo>();
    const counts = constraints.map(() => new Map<string, number>());
    const sizes = constraints.map(() => 0);
    for (let i = 0; i < count; i++) {
      const node = feasible[i];
      if (node === undefined) continue;
      const labels = node.node.labels;
      if (!hasAllKeys(labels, constraints)) {
        ignored.add(node);
        continue;
      }
      constraints.forEach((c, index) => {
        if (c.topologyKey === LabelKeys.hostname) return; // counted per node in Score
        const value = labelValue(labels, c.topologyKey) ?? '';
        const domain = counts[index];
        if (domain !== undefined && !domain.has(value)) {
          domain.set(value, 0);
          sizes[index] = (sizes[index] ?? 0) + 1;
        }
      });
    }
    const weights = constraints.map((c, index) =>
      topologyNormalizingWeight(
        c.topologyKey === LabelKeys.hostname ? count - ignored.size : (sizes[index] ?? 0),
      ),
    );
    for (const node of cluster.nodes) {
      const labels = node.node.labels;
      if (!hasAllKeys(labels, constraints)) continue;
      constraints.forEach((c, index) => {
        if (!nodeIncluded(c, pod, node)) return;
        const domain = counts[index];
        const value = labelValue(labels, c.topologyKey) ?? '';
        const current = domain?.get(value);
        if (domain === undefined || current === undefined) return;
        domain.set(value, current + countPodsMatchSelector(node, c.selector, pod.namespace));
      });
    }
    const state: ScoreState = { constraints, ignored, counts, weights };
    cycle.data.set(`PreScore${PluginNames.PodTopologySpread}`, state);
    return true;
  },
  score(cycle, pod, node) {
    const state = cycle.data.get(`PreScore${PluginNames.PodTopologySpread}`) as
      ScoreState | undefined;
    if (state === undefined || state.ignored.has(node)) return 0;
    let score = 0;
    state.constraints.forEach((c, index) => {
      const value = labelValue(node.node.labels, c.topologyKey);
      if (value === undefined) return;
      const matching =
        c.topologyKey === LabelKeys.hostname
          ? countPodsMatchSelector(node, c.selector, pod.namespace)
          : (state.counts[index]?.get(value) ?? 0);
      score += scoreForCount(matching, c.maxSkew, state.weights[index] ?? 0);
    });
    return Math.round(score);
  },
  normalize(scores, cycle, feasible) {
    const state = cycle.data.get(`PreScore${PluginNames.PodTopologySpread}`) as
      ScoreState | undefined;
    if (state === undefined) return;
    let min = Number.MAX_SAFE_INTEGER;
    let max = 0;
    scores.forEach((score, index) => {
      const node = feasible[index];
      if (node !== undefined && state.ignored.has(node)) return;
      if (score < min) min = score;
      if (score > max) max = score;
    });
    scores.forEach((score, index) => {
      const node = feasible[index];
      if (node !== undefined && state.ignored.has(node)) scores[index] = 0;
      else if (max === 0) scores[index] = MAX_NODE_SCORE;
      else scores[index] = Math.floor((MAX_NODE_SCORE * (max + min - score)) / max);
    });
  },
} as const satisfies ScorePlugin;
