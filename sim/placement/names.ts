/**
 * The one list of placement plugin names (kube-scheduler's `plugins/names/names.go`).
 * Profiles, statuses and reports name plugins only through these constants.
 */

/** Every plugin name. */
export const PluginNames = {
  NodeUnschedulable: 'NodeUnschedulable',
  NodeResourcesFit: 'NodeResourcesFit',
  TaintToleration: 'TaintToleration',
  NodeAffinity: 'NodeAffinity',
  PodTopologySpread: 'PodTopologySpread',
  InterPodAffinity: 'InterPodAffinity',
  /** ACK's IP-aware scheduling against Terway's `k8s.aliyun.com/max-available-ip`. */
  TerwayIPAware: 'TerwayIPAware',
  NodeResourcesLeastAllocated: 'NodeResourcesLeastAllocated',
  NodeResourcesMostAllocated: 'NodeResourcesMostAllocated',
  NodeResourcesBalancedAllocation: 'NodeResourcesBalancedAllocation',
} as const;

/** A plugin name. */
export type PluginName = (typeof PluginNames)[keyof typeof PluginNames];

/** Plugins with a Filter extension point. */
export const FILTER_PLUGIN_NAMES = [
  PluginNames.NodeUnschedulable,
  PluginNames.TaintToleration,
  PluginNames.NodeAffinity,
  PluginNames.NodeResourcesFit,
  PluginNames.PodTopologySpread,
  PluginNames.InterPodAffinity,
  PluginNames.TerwayIPAware,
] as const;

/** A filter plugin's name. */
export type FilterPluginName = (typeof FILTER_PLUGIN_NAMES)[number];

/** Plugins with a Score extension point. */
export const SCORE_PLUGIN_NAMES = [
  PluginNames.TaintToleration,
  PluginNames.NodeAffinity,
  PluginNames.PodTopologySpread,
  PluginNames.InterPodAffinity,
  PluginNames.NodeResourcesLeastAllocated,
  PluginNames.NodeResourcesMostAllocated,
  PluginNames.NodeResourcesBalancedAllocation,
] as const;

/** A score plugin's name. */
export type ScorePluginName = (typeof SCORE_PLUGIN_NAMES)[number];
