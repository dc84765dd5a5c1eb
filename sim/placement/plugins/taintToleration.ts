/**
 * TaintToleration: a node's NoSchedule and NoExecute taints keep off pods that do not tolerate
 * them (Filter); PreferNoSchedule taints only lower the node's score (Score, normalised so the
 * node with the most intolerable PreferNoSchedule taints scores 0 and one with none scores 100).
 */
import {
  MAX_NODE_SCORE,
  SUCCESS,
  unresolvable,
  type FailureStatus,
  type FilterPlugin,
  type ScorePlugin,
} from '../framework.js';
import { PluginNames } from '../names.js';
import { countIntolerablePreferNoSchedule, findUntoleratedTaint } from '../../../models/taints.js';

/**
 * The reason current kube-scheduler releases report (older ones printed the taint itself,
 * `node(s) had untolerated taint {key: value}`).
 */
export const ERR_REASON_UNTOLERATED_TAINT = 'node(s) had untolerated taint(s)';

const rejected: FailureStatus = unresolvable(PluginNames.TaintToleration, [
  ERR_REASON_UNTOLERATED_TAINT,
]);

/** The TaintToleration filter. */
export const taintTolerationFilter = {
  name: PluginNames.TaintToleration,
  readsNodeUsage: false,
  filter(_cycle, pod, node) {
    const { taints } = node.node;
    if (taints.length === 0) return SUCCESS;
    return findUntoleratedTaint(taints, pod.tolerations) === null ? SUCCESS : rejected;
  },
} as const satisfies FilterPlugin;

/**
 * kube-scheduler's `DefaultNormalizeScore(MaxNodeScore, reverse, scores)`: scales so the largest
 * raw score becomes 100 (integer division), then optionally flips. All zero and reversed → 100.
 */
export function defaultNormalizeScore(scores: number[], reverse: boolean): void {
  let maxCount = 0;
  for (const score of scores) if (score > maxCount) maxCount = score;
  if (maxCount === 0) {
    if (reverse) scores.fill(MAX_NODE_SCORE);
    return;
  }
  for (let index = 0; index < scores.length; index++) {
    const scaled = Math.floor((MAX_NODE_SCORE * (scores[index] ?? 0)) / maxCount);
    scores[index] = reverse ? MAX_NODE_SCORE - scaled : scaled;
  }
}

/** The TaintToleration score: the count of intolerable PreferNoSchedule taints, reversed. */
export const taintTolerationScore = {
  name: PluginNames.TaintToleration,
  score(_cycle, pod, node) {
    if (!node.hasTaints) return 0;
    return countIntolerablePreferNoSchedule(node.node.taints, pod.tolerations);
  },
  normalize(scores: number[]) {
    defaultNormalizeScore(scores, true);
  },
} as const satisfies ScorePlugin;
