/**
 * A node plus the running totals of what is placed on it: kube-scheduler's `NodeInfo`.
 *
 * Binding or removing a pod updates the totals in O(number of its extended requests), so a
 * scheduling cycle never re-sums a node's pods. The node view itself stays plain data.
 */
import { maxAvailableIpOf, type NodeUsage, type NodeView } from './node.js';
import { podKey, type PodSpec } from '../../models/pod.js';
import { podRequestOf, type PodRequest } from './podRequest.js';

/** A bound pod and its requests (kept together so removing the pod needs no second lookup). */
interface BoundPod {
  readonly pod: PodSpec;
  readonly request: PodRequest;
}

function toMap(record: Readonly<Record<string, number>>): Map<string, number> {
  return new Map(Object.entries(record));
}

/** A node and its accounting. Create through {@link ClusterState} or {@link createNodeInfo}. */
export class NodeInfo {
  /**
   * A number unique within one cluster state (never reused), indexing per-node caches;
   * -1 for a free-standing node (an autoscaler template).
   */
  readonly slot: number;
  #node: NodeView;
  // Copies of `node.allocatable`'s figures, beside the running totals: the filter and score
  // loops read both for every node they visit, and one object is fewer cache misses than three.
  #allocatableCpuMilli: number;
  #allocatableMemoryBytes: number;
  #allocatablePods: number;
  #hasTaints: boolean;
  #allocatableExtended: Map<string, number>;
  #maxAvailableIp: number | null;
  #requestedCpuMilli = 0;
  #requestedMemoryBytes = 0;
  #nonZeroCpuMilli = 0;
  #nonZeroMemoryBytes = 0;
  #podCount = 0;
  #podAddresses = 0;
  readonly #requestedExtended = new Map<string, number>();
  readonly #pods = new Map<string, BoundPod>();

  /** Use {@link createNodeInfo} or {@link ClusterState.addNode}. */
  constructor(node: NodeView, slot: number) {
    this.slot = slot;
    this.#node = node;
    this.#allocatableCpuMilli = node.allocatable.cpuMilli;
    this.#allocatableMemoryBytes = node.allocatable.memoryBytes;
    this.#allocatablePods = node.allocatable.pods;
    this.#hasTaints = node.taints.length > 0;
    this.#allocatableExtended = toMap(node.allocatable.extended);
    this.#maxAvailableIp = maxAvailableIpOf(node);
    this.#applyUsage(node.requested, 1);
  }

  /** The node view. */
  get node(): NodeView {
    return this.#node;
  }
  /** The node's name. */
  get name(): string {
    return this.#node.name;
  }
  /** `node.allocatable.cpuMilli`. */
  get allocatableCpuMilli(): number {
    return this.#allocatableCpuMilli;
  }
  /** `node.allocatable.memoryBytes`. */
  get allocatableMemoryBytes(): number {
    return this.#allocatableMemoryBytes;
  }
  /** `node.allocatable.pods`. */
  get allocatablePods(): number {
    return this.#allocatablePods;
  }
  /** Whether `node.taints` is non-empty (the taint score reads it for every node it visits). */
  get hasTaints(): boolean {
    return this.#hasTaints;
  }
  /** CPU requested by the node's pods, in millicores. */
  get requestedCpuMilli(): number {
    return this.#requestedCpuMilli;
  }
  /** Memory requested by the node's pods, in bytes. */
  get requestedMemoryBytes(): number {
    return this.#requestedMemoryBytes;
  }
  /** CPU requested, counting 100m for each pod that requests none (for scoring). */
  get nonZeroCpuMilli(): number {
    return this.#nonZeroCpuMilli;
  }
  /** Memory requested, counting 200 MiB for each pod that requests none (for scoring). */
  get nonZeroMemoryBytes(): number {
    return this.#nonZeroMemoryBytes;
  }
  /** Pods on the node, including the baseline ones in `node.requested.pods`. */
  get podCount(): number {
    return this.#podCount;
  }
  /** Terway pod addresses in use on the node. */
  get podAddresses(): number {
    return this.#podAddresses;
  }
  /** The node's `k8s.aliyun.com/max-available-ip`, or null when it has none. */
  get maxAvailableIp(): number | null {
    return this.#maxAvailableIp;
  }
  /** Pod addresses still free (`max-available-ip` minus those in use), or null if unknown. */
  get availablePodAddresses(): number | null {
    return this.#maxAvailableIp === null ? null : this.#maxAvailableIp - this.#podAddresses;
  }
  /** How many scheduled pods are bound to the node (excluding the baseline). */
  get boundPodCount(): number {
    return this.#pods.size;
  }

  /** The allocatable amount of an extended resource (0 when the node does not offer it). */
  allocatableExtended(name: string): number {
    return this.#allocatableExtended.get(name) ?? 0;
  }
  /** The requested amount of an extended resource. */
  requestedExtended(name: string): number {
    return this.#requestedExtended.get(name) ?? 0;
  }
  /** The pods bound to the node, in binding order. */
  *pods(): IterableIterator<PodSpec> {
    for (const bound of this.#pods.values()) yield bound.pod;
  }
  /** Whether the pod (by `namespace/name`) is bound here. */
  hasPod(key: string): boolean {
    return this.#pods.has(key);
  }

  /**
   * Adds a pod's requests to the totals. Throws if the pod is already here. For a node in a
   * {@link ClusterState}, bind through the cluster state instead (it tracks where pods are).
   * `key` is `podKey(pod)`, passed by a caller that already built it.
   */
  addPod(pod: PodSpec, key: string = podKey(pod)): void {
    if (this.#pods.has(key)) throw new Error(`assertion: pod ${key} is already on ${this.name}`);
    const request = podRequestOf(pod);
    this.#pods.set(key, { pod, request });
    this.#applyPod(request, 1);
  }

  /** Removes a pod's requests from the totals and returns the pod. Throws if it is not here. */
  removePod(key: string): PodSpec {
    const bound = this.#pods.get(key);
    if (bound === undefined) throw new Error(`assertion: pod ${key} is not on ${this.name}`);
    this.#pods.delete(key);
    this.#applyPod(bound.request, -1);
    return bound.pod;
  }

  /**
   * Replaces the node view (labels, taints, allocatable, annotations, baseline usage), keeping
   * the bound pods. The name must not change. For a node in a cluster state use
   * `ClusterState.updateNode`, which also keeps the zone order and caches right.
   */
  update(node: NodeView): void {
    if (node.name !== this.name) {
      throw new Error(`assertion: node ${this.name} cannot be renamed to ${node.name}`);
    }
    const maxAvailableIp = maxAvailableIpOf(node);
    this.#applyUsage(this.#node.requested, -1);
    this.#node = node;
    this.#allocatableCpuMilli = node.allocatable.cpuMilli;
    this.#allocatableMemoryBytes = node.allocatable.memoryBytes;
    this.#allocatablePods = node.allocatable.pods;
    this.#hasTaints = node.taints.length > 0;
    this.#allocatableExtended = toMap(node.allocatable.extended);
    this.#maxAvailableIp = maxAvailableIp;
    this.#applyUsage(node.requested, 1);
  }

  #applyUsage(usage: NodeUsage, sign: 1 | -1): void {
    this.#requestedCpuMilli += sign * usage.cpuMilli;
    this.#requestedMemoryBytes += sign * usage.memoryBytes;
    this.#nonZeroCpuMilli += sign * usage.cpuMilli;
    this.#nonZeroMemoryBytes += sign * usage.memoryBytes;
    this.#podCount += sign * usage.pods;
    this.#podAddresses += sign * usage.podAddresses;
    for (const [name, count] of Object.entries(usage.extended))
      this.#addExtended(name, sign * count);
    this.#checkTotals();
  }

  #applyPod(request: PodRequest, sign: 1 | -1): void {
    this.#requestedCpuMilli += sign * request.cpuMilli;
    this.#requestedMemoryBytes += sign * request.memoryBytes;
    this.#nonZeroCpuMilli += sign * request.nonZeroCpuMilli;
    this.#nonZeroMemoryBytes += sign * request.nonZeroMemoryBytes;
    this.#podCount += sign;
    if (request.consumesPodAddress) this.#podAddresses += sign;
    for (const { name, count } of request.extended) this.#addExtended(name, sign * count);
    this.#checkTotals();
  }

  #addExtended(name: string, delta: number): void {
    const next = (this.#requestedExtended.get(name) ?? 0) + delta;
    if (next === 0) this.#requestedExtended.delete(name);
    else this.#requestedExtended.set(name, next);
  }

  #checkTotals(): void {
    // Totals only ever return to what was added; a negative one means a pod was removed twice.
    if (
      this.#requestedCpuMilli < 0 ||
      this.#requestedMemoryBytes < 0 ||
      this.#podCount < 0 ||
      this.#podAddresses < 0
    ) {
      throw new Error(`assertion: negative usage on node ${this.name}`);
    }
  }
}

/** A free-standing node with no pods bound (e.g. an autoscaler's template node). */
export function createNodeInfo(node: NodeView): NodeInfo {
  return new NodeInfo(node, -1);
}
