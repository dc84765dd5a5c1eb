/**
 * The resource-allocation Score plugins (kube-scheduler's `noderesources` scoring strategies):
 * LeastAllocated (spread; the default), MostAllocated (bin-pack), and BalancedAllocation.
 *
 * The first two score cpu and memory with weight 1 each, from the node's *non-zero* requests
 * plus the pod's (a pod requesting no cpu counts 100m, no memory 200 MiB), in integer
 * arithmetic with truncating division as Go's int64 does. BalancedAllocation uses the actual
 * requests and float arithmetic, as kube-scheduler does.
 */
import { MAX_NODE_SCORE, type ScorePlugin } from '../framework.js';
import { PluginNames } from '../names.js';
import type { NodeInfo } from '../nodeInfo.js';
import type { PodRequest } from '../podRequest.js';

/** `((capacity − requested) × 100) / capacity`; 0 when capacity is 0 or exceeded. */
export function leastRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0 || requested > capacity) return 0;
  return Math.floor(((capacity - requested) * MAX_NODE_SCORE) / capacity);
}

/** `(requested × 100) / capacity`, with requested capped at capacity; 0 when capacity is 0. */
export function mostRequestedScore(requested: number, capacity: number): number {
  if (capacity === 0) return 0;
  return Math.floor((Math.min(requested, capacity) * MAX_NODE_SCORE) / capacity);
}

/** Weight of cpu and of memory in the resource scores (kube-scheduler's default `resources`). */
export const CPU_WEIGHT = 1;
/** See {@link CPU_WEIGHT}. */
export const MEMORY_WEIGHT = 1;

// NOTE: the two scorers below repeat the same shape instead of sharing a callback-taking helper:
// they run for every feasible node of every pod, and the direct calls are markedly faster.

/** The LeastAllocated score of `node` for a pod with `request`. */
export function leastAllocatedScore(request: PodRequest, node: NodeInfo): number {
  const cpuMilli = node.allocatableCpuMilli;
  const memoryBytes = node.allocatableMemoryBytes;
  let total = 0;
  let weights = 0;
  // A resource the node does not offer at all is left out of the average.
  if (cpuMilli !== 0) {
    const requested = node.nonZeroCpuMilli + request.nonZeroCpuMilli;
    total += leastRequestedScore(requested, cpuMilli) * CPU_WEIGHT;
    weights += CPU_WEIGHT;
  }
  if (memoryBytes !== 0) {
    const requested = node.nonZeroMemoryBytes + request.nonZeroMemoryBytes;
    total += leastRequestedScore(requested, memoryBytes) * MEMORY_WEIGHT;
    weights += MEMORY_WEIGHT;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
}

/** The MostAllocated score of `node` for a pod with `request`. */
export function mostAllocatedScore(request: PodRequest, node: NodeInfo): number {
  const cpuMilli = node.allocatableCpuMilli;
  const memoryBytes = node.allocatableMemoryBytes;
  let total = 0;
  let weights = 0;
  if (cpuMilli !== 0) {
    const requested = node.nonZeroCpuMilli + request.nonZeroCpuMilli;
    total += mostRequestedScore(requested, cpuMilli) * CPU_WEIGHT;
    weights += CPU_WEIGHT;
  }
  if (memoryBytes !== 0) {
    const requested = node.nonZeroMemoryBytes + request.nonZeroMemoryBytes;
    total += mostRequestedScore(requested, memoryBytes) * MEMORY_WEIGHT;
    weights += MEMORY_WEIGHT;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
}

/**
 * The BalancedAllocation score: `(1 − std) × 100` truncated, where std is the standard
 * deviation of the cpu and memory fractions requested (each capped at 1); with two resources
 * it is `|f_cpu − f_memory| / 2`.
 */
export function balancedAllocationScore(request: PodRequest, node: NodeInfo): number {
  const cpuMilli = node.allocatableCpuMilli;
  const memoryBytes = node.allocatableMemoryBytes;
  // With fewer than two resources offered the deviation is 0, as in kube-scheduler.
  if (cpuMilli === 0 || memoryBytes === 0) return MAX_NODE_SCORE;
  const cpu = Math.min(1, (node.requestedCpuMilli + request.cpuMilli) / cpuMilli);
  const memory = Math.min(1, (node.requestedMemoryBytes + request.memoryBytes) / memoryBytes);
  const std = Math.abs((cpu - memory) / 2);
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** NodeResourcesLeastAllocated: prefers the node with the most room left (spreads pods). */
export const leastAllocated = {
  name: PluginNames.NodeResourcesLeastAllocated,
  score: (cycle, _pod, node) => leastAllocatedScore(cycle.request, node),
} as const satisfies ScorePlugin;

/** NodeResourcesMostAllocated: prefers the fullest node that fits (packs pods). */
export const mostAllocated = {
  name: PluginNames.NodeResourcesMostAllocated,
  score: (cycle, _pod, node) => mostAllocatedScore(cycle.request, node),
} as const satisfies ScorePlugin;

/** NodeResourcesBalancedAllocation: prefers nodes whose cpu and memory fill evenly. */
export const balancedAllocation = {
  name: PluginNames.NodeResourcesBalancedAllocation,
  score: (cycle, _pod, node) => balancedAllocationScore(cycle.request, node),
} as const satisfies ScorePlugin;
