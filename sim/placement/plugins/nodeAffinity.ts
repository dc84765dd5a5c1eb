/**
 * NodeAffinity: the pod's `nodeSelector` and its required node affinity must both hold.
 * The node-selector terms are ORed; the expressions inside a term are ANDed; an empty term
 * matches no node. Score: the sum of the weights of the preferred terms the node matches
 * (`PreferredSchedulingTerms.Score`; an empty term matches nothing), normalised by
 * `DefaultNormalizeScore(100, false)` (`plugins/nodeaffinity/node_affinity.go`).
 */
import {
  SUCCESS,
  unresolvable,
  type FailureStatus,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.js';
import { defaultNormalizeScore } from './taintToleration.js';
import { matchesAll, matchesMapSelector, type Labels } from '../../../models/labels.js';
import { PluginNames } from '../names.js';
import type { NodeSelectorTerm, PodSpec } from '../../../models/pod.js';

/** The reason kube-scheduler reports. */
export const ERR_REASON_POD = "node(s) didn't match Pod's node affinity/selector";

const rejected: FailureStatus = unresolvable(PluginNames.NodeAffinity, [ERR_REASON_POD]);

/** Whether node labels satisfy required node-selector terms (any one term, fully). */
export function matchesNodeSelectorTerms(
  terms: readonly NodeSelectorTerm[],
  labels: Labels,
): boolean {
  for (const term of terms) {
    if (term.matchExpressions.length > 0 && matchesAll(labels, term.matchExpressions)) return true;
  }
  return false;
}

/** Whether the pod's nodeSelector and required node affinity both accept the node's labels. */
export function podMatchesNodeLabels(pod: PodSpec, labels: Labels): boolean {
  if (!matchesMapSelector(pod.nodeSelector, labels)) return false;
  const terms = pod.requiredNodeAffinity;
  return terms === null || matchesNodeSelectorTerms(terms, labels);
}

/** The NodeAffinity filter. */
export const nodeAffinity = {
  name: PluginNames.NodeAffinity,
  readsNodeUsage: false,
  filter(_cycle, pod, node) {
    return podMatchesNodeLabels(pod, node.node.labels) ? SUCCESS : rejected;
  },
} as const satisfies FilterPlugin;

/** The NodeAffinity score (preferred node affinity); skipped for a pod with none. */
export const nodeAffinityScore = {
  name: PluginNames.NodeAffinity,
  preScore(_cycle, pod) {
    return pod.preferredNodeAffinity.length > 0;
  },
  score(_cycle, pod, node) {
    let count = 0;
    for (const { weight, preference } of pod.preferredNodeAffinity) {
      const expressions = preference.matchExpressions;
      if (expressions.length > 0 && matchesAll(node.node.labels, expressions)) count += weight;
    }
    return count;
  },
  normalize(scores: number[]) {
    defaultNormalizeScore(scores, false);
  },
} as const satisfies ScorePlugin;
