/**
 * InterPodAffinity, as kube-scheduler's `plugins/interpodaffinity/` (filtering.go, scoring.go).
 *
 * Filter: the pod's required affinity terms must each find a matching pod in the node's domain
 * (or, when no pod in the cluster matches them and the pod matches its own terms, the first
 * pod of a group may go anywhere with the keys: `satisfyPodAffinity`); its required
 * anti-affinity terms must find none (`satisfyPodAntiAffinity`); and no existing pod's required
 * anti-affinity term may match the pod within that pod's domain
 * (`satisfyExistingPodsAntiAffinity`).
 * Score: per topology domain, + weight for each existing pod matching a preferred affinity term,
 * − weight for a preferred anti-affinity term, + 1 (`hardPodAffinityWeight`) for each existing
 * pod whose required affinity matches the pod, ± weight for existing pods' preferred terms
 * matching it (`processExistingPod`); normalised to `100·(s−min)/(max−min)`.
 */
import {
  MAX_NODE_SCORE,
  SUCCESS,
  unresolvable,
  unschedulable,
  type ClusterSnapshot,
  type FailureStatus,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.js';
import { labelValue } from '../../../models/labels.js';
import {
  affinityTermMatches,
  hasAnyAffinityTerm,
  type PodAffinityTerm,
  type WeightedPodAffinityTerm,
} from '../../../models/podAffinity.js';
import type { PodSpec } from '../../../models/pod.js';
import { PluginNames } from '../names.js';
import type { NodeInfo } from '../nodeInfo.js';

/** `ErrReasonExistingAntiAffinityRulesNotMatch`. */
export const ERR_REASON_EXISTING_ANTI_AFFINITY =
  "node(s) didn't satisfy existing pods anti-affinity rules";
/** `ErrReasonAffinityRulesNotMatch`. */
export const ERR_REASON_AFFINITY = "node(s) didn't match pod affinity rules";
/** `ErrReasonAntiAffinityRulesNotMatch`. */
export const ERR_REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";

const affinityFailed: FailureStatus = unresolvable(PluginNames.InterPodAffinity, [
  ERR_REASON_AFFINITY,
]);
const antiAffinityFailed: FailureStatus = unschedulable(PluginNames.InterPodAffinity, [
  ERR_REASON_ANTI_AFFINITY,
]);
const existingAntiAffinityFailed: FailureStatus = unschedulable(PluginNames.InterPodAffinity, [
  ERR_REASON_EXISTING_ANTI_AFFINITY,
]);

const NO_TERMS: readonly PodAffinityTerm[] = [];
const NO_WEIGHTED: readonly WeightedPodAffinityTerm[] = [];

/** Counts per topology pair, keyed `key NUL value`. */
type PairCounts = Map<string, number>;
const pair = (key: string, value: string): string => `${key}\x00${value}`;

function add(counts: PairCounts, key: string, value: string, delta: number): void {
  const name = pair(key, value);
  counts.set(name, (counts.get(name) ?? 0) + delta);
}

interface FilterState {
  readonly affinityTerms: readonly PodAffinityTerm[];
  readonly antiAffinityTerms: readonly PodAffinityTerm[];
  readonly affinityCounts: PairCounts;
  readonly antiAffinityCounts: PairCounts;
  readonly existingAntiAffinityCounts: PairCounts;
  /** The topology keys of `existingAntiAffinityCounts`. */
  readonly existingAntiAffinityKeys: readonly string[];
  /** `len(affinityCounts) == 0 && podMatchesAllAffinityTerms`. */
  readonly firstOfGroup: boolean;
}

/** PreFilter: the three pair counts (`getExistingAntiAffinityCounts`, `getIncoming…Counts`). */
export function affinityFilterState(pod: PodSpec, cluster: ClusterSnapshot): FilterState | null {
  const affinityTerms = pod.podAffinity?.requiredAffinity ?? NO_TERMS;
  const antiAffinityTerms = pod.podAffinity?.requiredAntiAffinity ?? NO_TERMS;
  if (
    affinityTerms.length === 0 &&
    antiAffinityTerms.length === 0 &&
    cluster.podsWithRequiredAntiAffinity === 0
  ) {
    return null;
  }
  const podNamespaceLabels = cluster.namespaceLabels(pod.namespace);
  const affinityCounts: PairCounts = new Map();
  const antiAffinityCounts: PairCounts = new Map();
  const existingAntiAffinityCounts: PairCounts = new Map();
  const keys = new Set<string>();
  for (const node of cluster.nodes) {
    const labels = node.node.labels;
    for (const existing of node.pods()) {
      for (const term of existing.podAffinity?.requiredAntiAffinity ?? NO_TERMS) {
        const value = labelValue(labels, term.topologyKey);
        if (value === undefined) continue;
        if (affinityTermMatches(term, existing.namespace, pod, podNamespaceLabels)) {
          add(existingAntiAffinityCounts, term.topologyKey, value, 1);
          keys.add(term.topologyKey);
        }
      }
      if (affinityTerms.length === 0 && antiAffinityTerms.length === 0) continue;
      const existingNamespaceLabels = cluster.namespaceLabels(existing.namespace);
      for (const [terms, counts] of [
        [affinityTerms, affinityCounts],
        [antiAffinityTerms, antiAffinityCounts],
      ] as const) {
        for (const term of terms) {
          const value = labelValue(labels, term.topologyKey);
          if (value === undefined) continue;
          if (affinityTermMatches(term, pod.namespace, existing, existingNamespaceLabels)) {
            add(counts, term.topologyKey, value, 1);
          }
        }
      }
    }
  }
  const firstOfGroup =
    affinityCounts.size === 0 &&
    affinityTerms.every((term) =>
      affinityTermMatches(term, pod.namespace, pod, podNamespaceLabels),
    );
  return {
    affinityTerms,
    antiAffinityTerms,
    affinityCounts,
    antiAffinityCounts,
    existingAntiAffinityCounts,
    existingAntiAffinityKeys: [...keys],
    firstOfGroup,
  };
}

function satisfiesAffinity(state: FilterState, node: NodeInfo): boolean {
  let podsExist = true;
  for (const term of state.affinityTerms) {
    const value = labelValue(node.node.labels, term.topologyKey);
    if (value === undefined) return false; // every topology label must exist on the node
    if ((state.affinityCounts.get(pair(term.topologyKey, value)) ?? 0) <= 0) podsExist = false;
  }
  return podsExist || state.firstOfGroup;
}

function satisfiesAntiAffinity(state: FilterState, node: NodeInfo): boolean {
  for (const term of state.antiAffinityTerms) {
    const value = labelValue(node.node.labels, term.topologyKey);
    if (value === undefined) continue;
    if ((state.antiAffinityCounts.get(pair(term.topologyKey, value)) ?? 0) > 0) return false;
  }
  return true;
}

function satisfiesExistingAntiAffinity(state: FilterState, node: NodeInfo): boolean {
  for (const key of state.existingAntiAffinityKeys) {
    const value = labelValue(node.node.labels, key);
    if (value === undefined) continue;
    if ((state.existingAntiAffinityCounts.get(pair(key, value)) ?? 0) > 0) return false;
  }
  return true;
}

/** The InterPodAffinity filter. */
export const interPodAffinityFilter = {
  name: PluginNames.InterPodAffinity,
  readsNodeUsage: true,
  preFilter(cycle, pod, cluster) {
    const state = affinityFilterState(pod, cluster);
    if (state === null) return false;
    cycle.data.set(PluginNames.InterPodAffinity, state);
    return true;
  },
  filter(cycle, _pod, node) {
    const state = cycle.data.get(PluginNames.InterPodAffinity) as FilterState | undefined;
    if (state === undefined) return SUCCESS;
    if (!satisfiesAffinity(state, node)) return affinityFailed;
    if (!satisfiesAntiAffinity(state, node)) return antiAffinityFailed;
    if (!satisfiesExistingAntiAffinity(state, node)) return existingAntiAffinityFailed;
    return SUCCESS;
  },
} as const satisfies FilterPlugin;

/** kube-scheduler's default `hardPodAffinityWeight` (InterPodAffinityArgs). */
export const HARD_POD_AFFINITY_WEIGHT = 1;

const SCORE_KEY = `PreScore${PluginNames.InterPodAffinity}`;

/** The InterPodAffinity score. */
export const interPodAffinityScore = {
  name: PluginNames.InterPodAffinity,
  preScore(cycle, pod, _feasible, _count, cluster) {
    const preferredAffinity = pod.podAffinity?.preferredAffinity ?? NO_WEIGHTED;
    const preferredAnti = pod.podAffinity?.preferredAntiAffinity ?? NO_WEIGHTED;
    const hasConstraints = preferredAffinity.length > 0 || preferredAnti.length > 0;
    if (!hasConstraints && cluster.podsWithAffinity === 0) return false;
    const podNamespaceLabels = cluster.namespaceLabels(pod.namespace);
    const scores: PairCounts = new Map();
    const keys = new Set<string>();
    const credit = (key: string, value: string, delta: number): void => {
      add(scores, key, value, delta);
      keys.add(key);
    };
    for (const node of cluster.nodes) {
      const labels = node.node.labels;
      if (Object.keys(labels).length === 0) continue;
      for (const existing of node.pods()) {
        const existingNamespaceLabels = cluster.namespaceLabels(existing.namespace);
        // The pod's preferred terms, matched against the existing pod.
        for (const [terms, sign] of [
          [preferredAffinity, 1],
          [preferredAnti, -1],
        ] as const) {
          for (const { weight, term } of terms) {
            const value = labelValue(labels, term.topologyKey);
            if (value === undefined) continue;
            if (affinityTermMatches(term, pod.namespace, existing, existingNamespaceLabels)) {
              credit(term.topologyKey, value, sign * weight);
            }
          }
        }
        const rules = existing.podAffinity;
        if (!hasAnyAffinityTerm(rules) || rules === null) continue;
        // The existing pod's terms, matched against the incoming pod.
        for (const term of rules.requiredAffinity) {
          const value = labelValue(labels, term.topologyKey);
          if (value === undefined) continue;
          if (affinityTermMatches(term, existing.namespace, pod, podNamespaceLabels)) {
            credit(term.topologyKey, value, HARD_POD_AFFINITY_WEIGHT);
          }
        }
        for (const [terms, sign] of [
          [rules.preferredAffinity, 1],
          [rules.preferredAntiAffinity, -1],
        ] as const) {
          for (const { weight, term } of terms) {
            const value = labelValue(labels, term.topologyKey);
            if (value === undefined) continue;
            if (affinityTermMatches(term, existing.namespace, pod, podNamespaceLabels)) {
              credit(term.topologyKey, value, sign * weight);
            }
          }
        }
      }
    }
    if (keys.size === 0) return false;
    cycle.data.set(SCORE_KEY, { scores, keys: [...keys] });
    return true;
  },
  score(cycle, _pod, node) {
    const state = cycle.data.get(SCORE_KEY) as
      { readonly scores: PairCounts; readonly keys: readonly string[] } | undefined;
    if (state === undefined) return 0;
    let score = 0;
    for (const key of state.keys) {
      const value = labelValue(node.node.labels, key);
      if (value !== undefined) score += state.scores.get(pair(key, value)) ?? 0;
    }
    return score;
  },
  normalize(scores) {
    let min = Infinity;
    let max = -Infinity;
    for (const score of scores) {
      if (score < min) min = score;
      if (score > max) max = score;
    }
    const diff = max - min;
    for (let index = 0; index < scores.length; index++) {
      const score = scores[index] ?? 0;
      scores[index] = diff > 0 ? Math.trunc(MAX_NODE_SCORE * ((score - min) / diff)) : 0;
    }
  },
} as const satisfies ScorePlugin;
