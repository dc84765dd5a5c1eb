/**
 * Where a pod's start-up time goes: the phases from its creation to Running, in order. Every
 * pod that reaches Running spends a (possibly zero) time in each, and the times sum exactly to
 * its creation-to-Running time (in whole microseconds).
 *
 * The address wait is charged to the pool when the allocator answered from its warm pool.
 * Otherwise it is split over the cloud calls on the ENI the pod's address is on (enisim's
 * `sim/run/cloudWaits.ts`): each moment goes to the create, attach or assign in flight then (an
 * attach until the ENI is ready), to throttling while a call waited for a client token, was
 * refused with `Throttling` or backed off after it, and to `cloudOther` when none of these.
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
  /** Waiting for the cloud: client rate-limiter waits, `Throttling` refusals and their backoff. */
  'cloudThrottled',
  /** Waiting for the cloud: CreateNetworkInterface (or EFLO's) of its ENI. */
  'cloudCreate',
  /** Waiting for the cloud: AttachNetworkInterface of its ENI, until the ENI is ready. */
  'cloudAttach',
  /** Waiting for the cloud: AssignPrivateIpAddresses / AssignIpv6Addresses on its ENI. */
  'cloudAssign',
  /** Waiting for the cloud with none of those in flight: queues, limiters, releases. */
  'cloudOther',
  /** The address held → CNI ADD done: the datapath set-up (links, routes, rules). */
  'datapath',
  /** Network ready → Running: the containers starting. */
  'containerStart',
] as const;

export type PodPhaseName = (typeof POD_PHASES)[number];

/** One value per phase. */
export type PerPodPhase<T> = { readonly [K in PodPhaseName]: T };

/** The phases that split a wait for the cloud, in the order of `POD_PHASES`. */
export const CLOUD_WAIT_PHASES = [
  'cloudThrottled',
  'cloudCreate',
  'cloudAttach',
  'cloudAssign',
  'cloudOther',
] as const satisfies readonly PodPhaseName[];

export type CloudWaitPhase = (typeof CLOUD_WAIT_PHASES)[number];
