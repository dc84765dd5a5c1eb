/**
 * NodeResourcesFit: the node must have room for the pod: a pod slot, and the pod's cpu, memory
 * and extended resources (`aliyun/eni`, `aliyun/member-eni`) within allocatable minus what is
 * already requested. Every shortfall is a reason, in kube-scheduler's order: pods, cpu, memory,
 * then extended resources (sorted by name here; Go walks a map).
 */
import { SUCCESS, unschedulable, type FilterPlugin, type Status } from '../framework.js';
import { PluginNames } from '../names.js';
import type { NodeInfo } from '../nodeInfo.js';
import type { PodRequest } from '../podRequest.js';

/** The reason for a full node. */
export const ERR_REASON_TOO_MANY_PODS = 'Too many pods';

/** The reason for a missing resource: `Insufficient cpu`, `Insufficient aliyun/eni`. */
export function insufficientReason(resourceName: string): string {
  return `Insufficient ${resourceName}`;
}

const REASON_CPU = insufficientReason('cpu');
const REASON_MEMORY = insufficientReason('memory');

/** The shortfalls of `node` for `request`, in kube-scheduler's order (empty when it fits). */
export function insufficientResources(request: PodRequest, node: NodeInfo): string[] {
  const reasons: string[] = [];
  if (node.podCount + 1 > node.node.allocatable.pods) reasons.push(ERR_REASON_TOO_MANY_PODS);
  if (request.isZero) return reasons;
  const { allocatable } = node.node;
  if (request.cpuMilli > 0 && request.cpuMilli > allocatable.cpuMilli - node.requestedCpuMilli) {
    reasons.push(REASON_CPU);
  }
  if (
    request.memoryBytes > 0 &&
    request.memoryBytes > allocatable.memoryBytes - node.requestedMemoryBytes
  ) {
    reasons.push(REASON_MEMORY);
  }
  for (const { name, count } of request.extended) {
    if (count > node.allocatableExtended(name) - node.requestedExtended(name)) {
      reasons.push(insufficientReason(name));
    }
  }
  return reasons;
}

/** Whether the pod fits (the allocation-free check the hot loop runs first). */
export function fitsResources(request: PodRequest, node: NodeInfo): boolean {
  if (node.podCount + 1 > node.allocatablePods) return false;
  // Zero requests are never short, even on an over-committed node (as kube-scheduler has it).
  const { cpuMilli, memoryBytes } = request;
  if (cpuMilli > 0 && cpuMilli > node.allocatableCpuMilli - node.requestedCpuMilli) return false;
  if (memoryBytes > 0 && memoryBytes > node.allocatableMemoryBytes - node.requestedMemoryBytes) {
    return false;
  }
  for (const { name, count } of request.extended) {
    if (count > node.allocatableExtended(name) - node.requestedExtended(name)) return false;
  }
  return true;
}

/** The NodeResourcesFit filter. */
export const nodeResourcesFit = {
  name: PluginNames.NodeResourcesFit,
  readsNodeUsage: true,
  filter(cycle, _pod, node): Status {
    if (fitsResources(cycle.request, node)) return SUCCESS;
    const reasons = insufficientResources(cycle.request, node);
    if (reasons.length === 0) throw new Error('assertion: a misfit with no reason');
    return unschedulable(PluginNames.NodeResourcesFit, reasons);
  },
} as const satisfies FilterPlugin;
