/**
 * The cluster autoscaler's node-count estimator (`BinpackingNodeEstimator`): first-fit
 * decreasing over copies of a pool's template node, each placement checked with the same
 * Filter plugins the scheduler runs.
 *
 * Pods are ordered by decreasing `cpu/allocatable cpu + memory/allocatable memory` of the
 * template (CA's `DecreasingPodOrderer`; ties keep their input order). Each pod goes on the
 * first new node it fits; otherwise a new node is added if the limit allows; a pod that does not
 * fit an empty template node is left out (the caller has already filtered those).
 */
import { runFilters } from './scheduler.js';
import { newCycle, type FilterPlugin } from './framework.js';
import type { NodeView } from './node.js';
import { createNodeInfo, type NodeInfo } from './nodeInfo.js';
import type { PodSpec } from '../../models/pod.js';
import { podRequestOf } from './podRequest.js';

/** The estimate for one pool. */
export interface BinpackingEstimate {
  /** New nodes needed (at most the limit). */
  readonly nodeCount: number;
  /** The pods placed on them, in placement order. */
  readonly pods: readonly PodSpec[];
}

/** A copy of `template` named `name` (pods on template copies need distinct node names). */
export function templateNode(template: NodeView, name: string): NodeInfo {
  return createNodeInfo({ ...template, name });
}

function orderScore(pod: PodSpec, template: NodeView): number {
  const { cpuMilli, memoryBytes } = podRequestOf(pod);
  const cpu = template.allocatable.cpuMilli === 0 ? 0 : cpuMilli / template.allocatable.cpuMilli;
  const memory =
    template.allocatable.memoryBytes === 0 ? 0 : memoryBytes / template.allocatable.memoryBytes;
  return cpu + memory;
}

/** Pods in first-fit-decreasing order for `template` (a stable sort). */
export function decreasingOrder(pods: readonly PodSpec[], template: NodeView): PodSpec[] {
  return pods
    .map((pod, index) => ({ pod, index, score: orderScore(pod, template) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .map(({ pod }) => pod);
}

/**
 * Equivalent to: cluster-autoscaler's `BinpackingNodeEstimator.Estimate`.
 *
 * How many copies of `template` the pods need, with at most `nodesMax` new nodes. Every pod must
 * be one that fits an empty template node.
 */
export function estimateNodes(
  pods: readonly PodSpec[],
  template: NodeView,
  filters: readonly FilterPlugin[],
  options: { readonly nodesMax: number; readonly namePrefix: string },
): BinpackingEstimate {
  const nodes: NodeInfo[] = [];
  const placed: PodSpec[] = [];
  for (const pod of decreasingOrder(pods, template)) {
    const cycle = newCycle(podRequestOf(pod));
    let host = nodes.find((node) => runFilters(filters, cycle, pod, node).code === 'success');
    if (host === undefined && nodes.length < options.nodesMax) {
      const fresh = templateNode(template, `${options.namePrefix}-${nodes.length}`);
      if (runFilters(filters, cycle, pod, fresh).code === 'success') {
        nodes.push(fresh);
        host = fresh;
      }
    }
    if (host === undefined) continue;
    host.addPod(pod);
    placed.push(pod);
  }
  if (nodes.length > options.nodesMax) throw new Error('assertion: estimate exceeds its limit');
  return { nodeCount: nodes.length, pods: placed };
}
