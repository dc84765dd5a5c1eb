/**
 * The plugin registry: every Filter and Score plugin by name, and the default profile.
 *
 * The default profile follows kube-scheduler's defaults for the plugins we model
 * (`apis/config/v1/default_plugins.go`): filters in its order (NodeUnschedulable,
 * TaintToleration, NodeAffinity, NodeResourcesFit, PodTopologySpread, InterPodAffinity), then
 * ACK's TerwayIPAware; scores TaintToleration ×3, NodeAffinity ×2, PodTopologySpread ×2,
 * InterPodAffinity ×2, the resource score ×1 (LeastAllocated by default) and
 * BalancedAllocation ×1. A node rejected by one filter reports only that filter's reasons,
 * so the order shapes the "0/N nodes are available" message.
 */
import type { FilterPlugin, SchedulerProfile, ScorePlugin } from './framework.js';
import {
  FILTER_PLUGIN_NAMES,
  PluginNames,
  SCORE_PLUGIN_NAMES,
  type FilterPluginName,
  type ScorePluginName,
} from './names.js';
import { interPodAffinityFilter, interPodAffinityScore } from './plugins/interPodAffinity.js';
import { nodeAffinity, nodeAffinityScore } from './plugins/nodeAffinity.js';
import { podTopologySpreadFilter, podTopologySpreadScore } from './plugins/podTopologySpread.js';
import { nodeResourcesFit } from './plugins/nodeResourcesFit.js';
import { nodeUnschedulable } from './plugins/nodeUnschedulable.js';
import { balancedAllocation, leastAllocated, mostAllocated } from './plugins/resourceScores.js';
import { taintTolerationFilter, taintTolerationScore } from './plugins/taintToleration.js';
import { terwayIpAware } from './plugins/terwayIpAware.js';

/** Every Filter plugin by name. */
export const filterPlugins: Readonly<Record<FilterPluginName, FilterPlugin>> = {
  NodeUnschedulable: nodeUnschedulable,
  TaintToleration: taintTolerationFilter,
  NodeAffinity: nodeAffinity,
  NodeResourcesFit: nodeResourcesFit,
  PodTopologySpread: podTopologySpreadFilter,
  InterPodAffinity: interPodAffinityFilter,
  TerwayIPAware: terwayIpAware,
};

/** Every Score plugin by name. */
export const scorePlugins: Readonly<Record<ScorePluginName, ScorePlugin>> = {
  TaintToleration: taintTolerationScore,
  NodeAffinity: nodeAffinityScore,
  PodTopologySpread: podTopologySpreadScore,
  InterPodAffinity: interPodAffinityScore,
  NodeResourcesLeastAllocated: leastAllocated,
  NodeResourcesMostAllocated: mostAllocated,
  NodeResourcesBalancedAllocation: balancedAllocation,
};

/** How the resource score ranks nodes: spread pods (default) or pack them. */
export type ScoringStrategy = 'LeastAllocated' | 'MostAllocated';

/** The default profile, with the resource score of `strategy`. */
export function defaultProfile(strategy: ScoringStrategy = 'LeastAllocated'): SchedulerProfile {
  const resourceScore =
    strategy === 'LeastAllocated'
      ? PluginNames.NodeResourcesLeastAllocated
      : PluginNames.NodeResourcesMostAllocated;
  return {
    filters: [...FILTER_PLUGIN_NAMES],
    scores: [
      { name: PluginNames.TaintToleration, weight: 3 },
      { name: PluginNames.NodeAffinity, weight: 2 },
      { name: PluginNames.PodTopologySpread, weight: 2 },
      { name: PluginNames.InterPodAffinity, weight: 2 },
      { name: resourceScore, weight: 1 },
      { name: PluginNames.NodeResourcesBalancedAllocation, weight: 1 },
    ],
  };
}

/** Problems with a profile (unknown or repeated plugins, bad weights); empty when valid. */
export function profileProblems(profile: SchedulerProfile, where: string): string[] {
  const problems: string[] = [];
  const filters = new Set<string>();
  profile.filters.forEach((name, index) => {
    if (!(FILTER_PLUGIN_NAMES as readonly string[]).includes(name)) {
      problems.push(`${where}.filters[${index}]: unknown filter plugin ${JSON.stringify(name)}`);
    } else if (filters.has(name)) {
      problems.push(`${where}.filters[${index}]: ${name} is listed twice`);
    }
    filters.add(name);
  });
  const scores = new Set<string>();
  profile.scores.forEach(({ name, weight }, index) => {
    if (!(SCORE_PLUGIN_NAMES as readonly string[]).includes(name)) {
      problems.push(`${where}.scores[${index}]: unknown score plugin ${JSON.stringify(name)}`);
    } else if (scores.has(name)) {
      problems.push(`${where}.scores[${index}]: ${name} is listed twice`);
    }
    scores.add(name);
    if (!Number.isSafeInteger(weight) || weight < 1) {
      problems.push(`${where}.scores[${index}].weight: must be a positive integer, got ${weight}`);
    }
  });
  return problems;
}
