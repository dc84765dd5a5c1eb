import type { Operation } from './operation.js';

/**
 * ACK's fixed parallelism limits, as the allocator core passes through them.
 *
 * ACK allocates for at most 500 nodes at once in shared ENI mode and for at most 100 pods at once
 * in exclusive and trunk ENI modes (neither adjustable), and the Terway controlplane runs at most
 * `eniMaxConcurrent` (300) ENI reconciles at once. A caller acquires a slot before the work the
 * limit covers and releases it after; when the limit is reached, `acquire` waits (FIFO) until a
 * slot frees.
 *
 * Slots are counted per holder: a holder that already holds a slot of a kind (a node with one
 * allocation in flight starting another) shares it, and the slot frees when the holder has
 * released every lease. The simulator implements this in `sim/cloud/parallelism.ts`; on a real
 * node, where ACK enforces the limits itself, an implementation grants every lease at once.
 */
export interface ParallelismLimits {
  /** A lease on a slot of `kind` for `holderId` (a node id, a pod's namespace/name, an ENI id). */
  acquire(kind: ParallelismKind, holderId: string): Operation<ParallelismLease>;
}

/** The limits, by what holds a slot. */
export const ParallelismKind = {
  /** Shared ENI mode: a node that is allocating addresses (ACK: at most 500 at once). */
  sharedEniNode: 'sharedEniNode',
  /** Exclusive or trunk ENI mode: a pod whose ENI is being set up (ACK: at most 100 at once). */
  eniPod: 'eniPod',
  /** The controlplane's ENI controller: one reconcile (`eniMaxConcurrent`, default 300). */
  controllerEni: 'controllerEni',
} as const;
export type ParallelismKind = (typeof ParallelismKind)[keyof typeof ParallelismKind];

/** A held slot. Release it exactly once. */
export interface ParallelismLease {
  readonly kind: ParallelismKind;
  readonly holderId: string;
  /** Gives the slot back (or this holder's share of it). Releasing twice is a bug and throws. */
  release(): void;
}
