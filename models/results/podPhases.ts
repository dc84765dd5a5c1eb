/**
 * Where a pod's start-up time goes: the phases from its creation to Running, in order. Every
 * pod that reaches Running spends a (possibly zero) time in each, and the times sum exactly to
 * its creation-to-Running time (in whole microseconds).
 *
 * The address wait is charged to the pool when the allocator answered from its warm pool, and
 * to the cloud otherwise (the ENI or address it got came from a cloud call made for it or for
 * the pool while it waited); enisim does not yet split the cloud wait by operation.
 */
export const POD_PHASES = [
  /** Created → the scheduler picked a node (the queue, backoff, unschedulable waits). */
  'schedulingQueue',
  /** Picked → the Binding call completed (the scheduler client's QPS). */
  'binding',
  /** Bound → the first CNI ADD began (the kubelet creating the sandbox). */
  'sandboxCreation',
  /** First CNI ADD → the last one began: failed attempts, their teardown and retry waits. */
  'failedSandboxes',
  /** The successful CNI ADD waiting for an address the warm pool had. */
  'addressFromPool',
  /** The successful CNI ADD waiting for an address or ENI from a cloud call. */
  'addressFromCloud',
  /** The address held → CNI ADD done: the datapath set-up (links, routes, rules). */
  'datapath',
  /** Network ready → Running: the containers starting. */
  'containerStart',
] as const;

export type PodPhaseName = (typeof POD_PHASES)[number];

/** One value per phase. */
export type PerPodPhase<T> = { readonly [K in PodPhaseName]: T };
