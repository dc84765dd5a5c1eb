/**
 * One pod of a run, from its creation by a workload controller to its deletion: its placement
 * spec (after the Terway webhook), where it is in its lifecycle, and the moments the forecast
 * measures. Mutable on purpose: a run holds hundreds of thousands of these, and the lifecycle
 * (`simulation.ts`) is the only writer.
 */
import type { PodRequest } from '../allocator/index.js';
import type { EventHandle } from '../engine/engine.js';
import type { PodSpec } from '../../models/pod.js';
import type { AdmittedTemplate } from './podFactory.js';
import type { SimNode } from './simNode.js';

/** Where a pod is in its lifecycle. Numbers, so the per-phase counters index an array. */
export const PodPhase = {
  /** Created, not yet bound: in the scheduling queue (maybe unschedulable). */
  pending: 0,
  /** Bound: waiting for the kubelet, its sandbox and CNI ADD (retried on failure). */
  networkSetup: 1,
  /** CNI ADD done: the containers are starting. */
  starting: 2,
  running: 3,
  /** Deleted (or finished): its sandbox is being torn down. */
  terminating: 4,
  /** Gone from the API (deleted, or a finished Job pod). */
  gone: 5,
} as const;
export type PodPhase = (typeof PodPhase)[keyof typeof PodPhase];

/** The phases counted in the time series, in the order the results list them. */
export const COUNTED_PHASES = [
  'pending',
  'networkSetup',
  'starting',
  'running',
  'terminating',
] as const;

/** The pod's network as the forecast classifies it (the results' "mode"). */
export type NetworkMode = 'shared' | 'exclusive' | 'trunk';

/** What creates and owns a pod, told of the moments it reacts to. */
export interface PodOwner {
  /** The pod's containers run (it is Ready: no readiness probes are modelled). */
  onPodRunning(pod: SimPod): void;
  /** The pod was marked for deletion (a ReplicaSet replaces it now, not when it is gone). */
  onPodTerminating(pod: SimPod): void;
  /** The pod is gone from the API (a StatefulSet may now recreate its name). */
  onPodGone(pod: SimPod): void;
}

function noop(): void {
  // Replaced by the lifecycle when it creates the pod.
}

/** A pod in a run. */
export class SimPod {
  readonly key: string;
  readonly name: string;
  readonly namespace: string;
  readonly uid: string;
  readonly owner: PodOwner;
  readonly template: AdmittedTemplate;
  /** The spec the scheduler sees (the template's, under this pod's name). */
  readonly spec: PodSpec;
  /** The controller revision the pod belongs to (ReplicaSet or StatefulSet revision). */
  readonly revision: number;
  /** A StatefulSet ordinal, a Job completion index, or −1. */
  readonly ordinal: number;
  /** Finished Job pods succeed rather than being deleted. */
  readonly runsToCompletion: boolean;
  phase: PodPhase = PodPhase.pending;
  readonly createdUs: number;
  /** When the scheduler picked its node (−1 before). */
  assumedUs = -1;
  /** When the Binding call completed (−1 before). */
  boundUs = -1;
  /** When the first and the latest CNI ADD began (−1 before). */
  firstCniAddUs = -1;
  lastCniAddUs = -1;
  /** How long the successful CNI ADD spent on the datapath after its address was held. */
  datapathUs = 0;
  /** The successful CNI ADD was answered from the warm pool. */
  addressWarm = false;
  /** Its wait for the cloud split over `CLOUD_WAIT_PHASES` in µs (null: none, or warm). */
  cloudWaitUs: readonly number[] | null = null;
  networkReadyUs = -1;
  runningUs = -1;
  node: SimNode | null = null;
  mode: NetworkMode | null = null;
  /** The address the pod got (its IPv4, or its IPv6 on an IPv6-only network), or null. */
  address: string | null = null;
  /** Scheduling: failed cycles, the last cycle's time, and whether it waits as unschedulable. */
  scheduleAttempts = 0;
  lastAttemptUs = 0;
  unschedulable = false;
  unschedulableSinceUs = 0;
  /** The pod's PodScheduled condition is False (its last cycle found no node). */
  podScheduledFalse = false;
  /** Each unschedulable reason counted for this pod already (null until the first). */
  reasonsSeen: Set<string> | null = null;
  /** Sandbox attempts made, and the current one's id (a late CNI result names an old one). */
  sandboxAttempts = 0;
  /** True while a CNI ADD or DEL runs for the pod. */
  cniBusy = false;
  /** True while the pod holds a network (CNI ADD succeeded, no DEL yet). */
  hasNetwork = false;
  /** Its network is counted in its node's `networkPods`. */
  networkCounted = false;
  /** The current sandbox's CNI timeout fired while CNI ADD still ran. */
  attemptTimedOut = false;
  /** The allocator request of the pod on its node (built on the first sandbox; also its PodRef). */
  request: PodRequest | null = null;
  /** What the lifecycle's pending event (`timer`) does when it fires. */
  step = 0;
  /** The one callback the lifecycle schedules for this pod (dispatching on `step`). */
  fire: () => void = noop;
  deleteRequested = false;
  /** A Job pod whose containers exited 0 (it leaves through the same teardown as a deletion). */
  succeeded = false;
  /** The lifecycle's pending event (sandbox start, CNI timeout, retry, container start). */
  timer: EventHandle | null = null;
  /** The owner's pending event (the end of the pod's lifetime), cancelled on deletion. */
  lifetimeTimer: EventHandle | null = null;

  constructor(init: {
    readonly name: string;
    readonly uid: string;
    readonly owner: PodOwner;
    readonly template: AdmittedTemplate;
    readonly spec: PodSpec;
    readonly revision: number;
    readonly ordinal: number;
    readonly runsToCompletion: boolean;
    readonly createdUs: number;
  }) {
    this.name = init.name;
    this.namespace = init.spec.namespace;
    this.key = `${init.spec.namespace}/${init.name}`;
    this.uid = init.uid;
    this.owner = init.owner;
    this.template = init.template;
    this.spec = init.spec;
    this.revision = init.revision;
    this.ordinal = init.ordinal;
    this.runsToCompletion = init.runsToCompletion;
    this.createdUs = init.createdUs;
  }

  /** Bound to a node and not yet gone. */
  get bound(): boolean {
    return this.node !== null;
  }

  /** Not marked for deletion and not gone: what a controller counts as one of its replicas. */
  get active(): boolean {
    return !this.deleteRequested && this.phase !== PodPhase.gone;
  }
}
