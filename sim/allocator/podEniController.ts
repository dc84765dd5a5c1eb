/**
 * The controlplane's side of exclusive-ENI and trunk-member pods, as Terway's three controllers
 * do it (terway.md §3.3, read at the source):
 *
 * 1. the pod controller (`pkg/controller/pod/pod_controller.go:podCreate`), from its pod watch
 *    once the pod is bound, creates the ENI (`IPCount: 1`, plus `IPv6Count: 1` in dual-stack),
 *    the NetworkInterface CR and the PodENI CR, waiting for each in its cache
 *    (`common.WaitCreated`); at most `podMaxConcurrent` (10) at once;
 * 2. the PodENI controller (`pkg/controller/pod-eni/eni_controller.go:attachENI`) sets the
 *    NetworkInterface CR to Binding and waits until it is Bind (`common.WaitStatus`), then sets
 *    the PodENI phase `Bind` (`WaitRVChanged` after); at most `podENIMaxConcurrent` (10) at once,
 *    each held for the whole wait;
 * 3. the NetworkInterface controller (`pkg/controller/eni/eni.go:attach`) calls
 *    AttachNetworkInterface, sleeps, describes, and requeues (re-attaching) until the ENI is
 *    InUse; at most `eniMaxConcurrent` (300) reconciles at once.
 *
 * Before 1.14.3 the PodENI controller attached and described itself; the version's waits are in
 * `podEniWaits.ts`. On failure the new ENI is rolled back (detached if needed, deleted). When the
 * pod goes, its ENI is detached and deleted, or, for a Fixed-IP pod, detached and kept (`Unbind`)
 * until the pod returns or its TTL ends.
 *
 * There is no per-node attach limit on this path (`ecsMaxConcurrentAttach` belongs to the
 * centralized IPAM pool, `pkg/controller/multi-ip/node/pool.go`); ACK's "at most 100 pods at
 * once" holds through {@link ParallelismLimits}.
 */
import type { Clock } from '../contracts/clock.js';
import { US_PER_SECOND } from '../contracts/clock.js';
import type { Coroutine, Operation } from '../contracts/operation.js';
import { spawn, wait } from '../contracts/operation.js';
import { ParallelismKind } from '../contracts/parallelism.js';
import type { ParallelismLease, ParallelismLimits } from '../contracts/parallelism.js';
import { assert } from './assert.js';
import { backoffSleepsUs, itemFailureDelayUs, TERWAY_BACKOFF } from './backoff.js';
import type { BackoffSpec } from './backoff.js';
import type { AllocatorConfig } from './config.js';
import type { AllocatorEnv } from './env.js';
import {
  attachEni,
  deleteEni,
  describeEni,
  detachEni,
  isVSwitchExhausted,
  statusBackoff,
  waitEniStatus,
} from './eniApi.js';
import { createEni } from './eniLifecycle.js';
import type { CreateResult, EniFailureCode } from './eniLifecycle.js';
import { eniRecordOf } from './eniRecord.js';
import { PodEniStore } from './podEni.js';
import type { PodEniRecord } from './podEni.js';
import { podKey } from './podRequest.js';
import type { AllocationFailureReason, PodRequest } from './podRequest.js';
import type { ReservedEniView } from './snapshot.js';
import { Deferred, Semaphore } from './sync.js';
import type { TimedResult } from './sync.js';
import { KubeClient } from './kubeClient.js';
import { podEniWaitsAt } from './podEniWaits.js';
import type { PodEniWaits } from './podEniWaits.js';
import { DAEMON_RPC_TIMEOUT_US } from './sharedPool.js';
import {
  TERWAY_CONTROL_PLANE_DEFAULTS,
  type TerwayControlPlaneSettings,
} from '../../models/terwayControlPlane.js';
import type { VSwitchPicker } from './vSwitchPicker.js';

/** `podENICheckPeriod`: the Fixed-IP GC period. */
export const POD_ENI_GC_PERIOD_US = 60 * US_PER_SECOND;
/** Detach attempts before giving up until the next release or GC. */
const DETACH_ATTEMPTS_MAX = 5;
/**
 * controller-runtime's default per-item limiter (`workqueue.DefaultTypedControllerRateLimiter`):
 * a reconcile that returns an error is retried after 5 ms × 2ⁿ, at most 1000 s.
 */
const ITEM_FAILURE = { baseUs: 5_000, maxUs: 1_000 * US_PER_SECOND } as const;

/** What one attach, through whichever controllers the version has, came to. */
type AttachOutcome = { ok: true } | { ok: false; code: EniFailureCode; message: string };

/** What the controller needs to know about a node. */
export interface EniNode {
  readonly name: string;
  /** The controller's environment for this node (its platform and instance id). */
  readonly env: AllocatorEnv;
  readonly config: AllocatorConfig;
  readonly picker: VSwitchPicker;
  readonly dualStack: boolean;
  /** The node's trunk ENI once it is InUse, else null. */
  trunkEniId(): string | null;
}

/** What the controllers know of one NetworkInterface CR during an attach. */
interface NetworkInterfaceCr {
  phase: 'Binding' | 'Bind';
  /** The PodENI controller gave up waiting: the reconciles stop. */
  stopped: boolean;
  lastError: string | null;
}

function isStopped(cr: NetworkInterfaceCr): boolean {
  return cr.stopped;
}

/**
 * The delays `BackoffManager.Get` (`pkg/controller/eni/bo.go`) hands out for one ENI: the
 * initial delay first (when there is one), then `steps` steps of the backoff; after that it
 * returns `errTimeOut`.
 */
export function requeueDelaysUs(backoff: BackoffSpec, draw: () => number): number[] {
  const steps = backoffSleepsUs({ ...backoff, steps: backoff.steps + 1 }, draw);
  return backoff.initialDelayUs > 0 ? [backoff.initialDelayUs, ...steps] : steps;
}

/** Maps a failed create/attach to the reason a pod sees. */
export function failureReason(code: EniFailureCode): AllocationFailureReason {
  if (code === 'EniPerInstanceLimitExceeded') return 'EniLimit';
  if (code === 'NoUsableVSwitch') return 'VSwitchExhausted';
  if (code === 'AttachTimeout') return 'Timeout';
  return isVSwitchExhausted(code) ? 'VSwitchExhausted' : 'CloudError';
}

/** The cluster's pod-ENI controllers. */
export class PodEniController {
  readonly store = new PodEniStore();
  /** The controlplane's Kubernetes client (one bucket per kind). */
  readonly kube: KubeClient;
  readonly #clock: Clock;
  readonly #parallelism: ParallelismLimits | null;
  /** `podMaxConcurrent`: the pod controller's workers. */
  readonly #podWorkers: Semaphore;
  /** `podENIMaxConcurrent`: the PodENI controller's workers. */
  readonly #podEniWorkers: Semaphore;
  // The node whose environment deletes a kept ENI when its time is up.
  readonly #homeNode = new Map<string, EniNode>();
  // Pods waiting for their predecessor's ENI to come off a node: pod key → uid.
  readonly #retries = new Map<string, string>();
  // Daemons waiting for a PodENI change (the informer's notification, 1.16.2+ centralized).
  #changeWaiters: Deferred<undefined>[] = [];
  #gcStarted = false;

  constructor(options: {
    readonly clock: Clock;
    readonly parallelism: ParallelismLimits | null;
    readonly settings?: TerwayControlPlaneSettings;
  }) {
    const settings = options.settings ?? TERWAY_CONTROL_PLANE_DEFAULTS;
    this.#clock = options.clock;
    this.#parallelism = options.parallelism;
    this.#podWorkers = new Semaphore(options.clock, settings.podMaxConcurrent);
    this.#podEniWorkers = new Semaphore(options.clock, settings.podENIMaxConcurrent);
    this.kube = new KubeClient(options.clock, settings);
  }

  /**
   * Resumes at the next change of any PodENI's phase (`podENIInformer` → `podENINotifier`), or
   * with `{ ok: false }` after `timeoutUs`.
   */
  waitChange(timeoutUs: number): Operation<TimedResult<undefined>> {
    const change = new Deferred<undefined>(this.#clock);
    this.#changeWaiters.push(change);
    return change.waitFor(timeoutUs);
  }

  #notifyChange(): void {
    const waiters = this.#changeWaiters;
    this.#changeWaiters = [];
    for (const change of waiters) change.resolve(undefined);
  }

  /** Starts the Fixed-IP GC (once). */
  start(): void {
    if (this.#gcStarted) return;
    this.#gcStarted = true;
    spawn(this.#gcLoop());
  }

  /** The ENIs Fixed-IP pods keep while they are away. */
  reserved(): ReservedEniView[] {
    const views: ReservedEniView[] = [];
    for (const record of this.store.values()) {
      // Off every node: kept (Unbind), or left by a failed set-up or tear-down.
      const offNode = record.nodeName === null || record.phase === 'Failed';
      if (record.eni === null || !offNode) continue;
      views.push({
        podKey: record.key,
        eniId: record.eni.id,
        vSwitchId: record.eni.vSwitchId,
        ipv4: record.eni.primaryIpv4,
        ipv6: [...record.eni.ipv6.records()][0]?.address ?? null,
        releaseAtUs: this.#releaseAtUs(record),
      });
    }
    return views;
  }

  #releaseAtUs(record: PodEniRecord): number | null {
    if (record.fixed === null || record.fixed.releaseStrategy === 'Never') return null;
    return record.lastSeenUs + record.fixed.releaseAfterUs;
  }

  /**
   * Starts (or resumes) the set-up of `pod`'s ENI on `node`, in the background; the daemon polls
   * the PodENI for the result. Idempotent while a set-up is in progress or done.
   */
  ensureBound(node: EniNode, pod: PodRequest): void {
    const key = podKey(pod);
    const existing = this.store.get(key);
    if (existing !== undefined) {
      if (existing.uid !== pod.uid && existing.eni !== null) existing.reused = true;
      if (existing.phase === 'Binding') {
        // A pod of the same name back before its predecessor's set-up ended takes it over.
        existing.released = false;
        existing.uid = pod.uid;
        return;
      }
      if (existing.phase === 'Bind' && existing.nodeName === node.name) {
        existing.uid = pod.uid;
        return;
      }
      if (existing.phase === 'Detaching' || existing.phase === 'Deleting') {
        // The previous pod of this name is still going; retry once its ENI is off the node.
        if (this.#retries.get(key) !== pod.uid) {
          this.#retries.set(key, pod.uid);
          spawn(this.#retryLater(node, pod));
        }
        return;
      }
      // A kept Fixed ENI, or the ENI of a failed attempt that could not be deleted, is reused.
      const keep = existing.eni !== null;
      if (keep && (existing.phase === 'Unbind' || existing.phase === 'Failed')) {
        existing.phase = 'Binding';
        existing.nodeName = node.name;
        existing.uid = pod.uid;
        existing.failure = null;
        spawn(this.#setUp(node, existing, pod));
        return;
      }
      this.store.delete(key);
    }
    const record: PodEniRecord = {
      key,
      uid: pod.uid,
      phase: 'Binding',
      kind: pod.kind === 'member' ? 'member' : 'exclusive',
      eni: null,
      nodeName: node.name,
      attached: false,
      fixed: pod.fixedIp ?? null,
      lastSeenUs: this.#clock.nowUs(),
      released: false,
      reused: false,
      failure: null,
    };
    this.store.set(record);
    spawn(this.#setUp(node, record, pod));
  }

  *#retryLater(node: EniNode, pod: PodRequest): Coroutine<void> {
    yield* wait(this.#clock.sleep(US_PER_SECOND));
    const key = podKey(pod);
    // Deleted meanwhile, or superseded by a newer pod of the same name.
    if (this.#retries.get(key) !== pod.uid) return;
    this.#retries.delete(key);
    this.ensureBound(node, pod);
  }

  /** True while the controller still works for this pod (set-up, bound, or waiting to start). */
  isWanted(key: string, uid: string): boolean {
    return this.#retries.get(key) === uid || this.store.get(key)?.uid === uid;
  }

  /** The pod is gone: detach its ENI, then delete it (Elastic) or keep it (Fixed). */
  release(
    node: EniNode,
    pod: { readonly namespace: string; readonly name: string; readonly uid: string },
  ): boolean {
    const key = podKey(pod);
    if (this.#retries.get(key) === pod.uid) {
      this.#retries.delete(key);
      return true;
    }
    const record = this.store.get(key);
    if (record === undefined || record.uid !== pod.uid) return false;
    if (record.phase === 'Binding') {
      record.released = true;
      this.#notifyChange();
      return true;
    }
    if (record.phase === 'Failed' && record.eni === null) {
      this.store.delete(record.key);
      return true;
    }
    if (record.phase !== 'Bind' && record.phase !== 'Failed') return false;
    record.phase = 'Detaching';
    record.lastSeenUs = this.#clock.nowUs();
    spawn(this.#tearDown(node, record));
    this.#notifyChange();
    return true;
  }

  /** ACK's "at most 100 pods at once" in exclusive and trunk modes, held for the set-up. */
  *#podLease(key: string): Coroutine<ParallelismLease[]> {
    const limits = this.#parallelism;
    if (limits === null) return [];
    return [yield* wait(limits.acquire(ParallelismKind.eniPod, key))];
  }

  /**
   * The set-up of one pod's ENI: the pod controller creates it (unless a kept one is reused), the
   * PodENI controller has it attached and waits, then sets `Bind`. On failure the set-up rolls
   * the ENI back and marks the PodENI Failed.
   */
  *#setUp(node: EniNode, record: PodEniRecord, pod: PodRequest): Coroutine<void> {
    let leases = yield* this.#podLease(record.key);
    try {
      const waits = podEniWaitsAt(node.config.terwayVersion, {
        member: record.kind === 'member',
        platform: node.env.platform,
      });
      for (let failures = 0; record.eni === null; failures++) {
        const created = yield* this.#podControllerCreate(node, record, pod, waits);
        if (created.ok) break;
        // `pod_controller.go:podCreate` returns the error and controller-runtime requeues the
        // pod after 5 ms × 2ⁿ (its per-item limiter); `parse` then calls `GetOne` again, which
        // skips a vSwitch the IpNotEnough blocked. No PodENI exists meanwhile: the daemon keeps
        // waiting (`remote.go`) until its own wait runs out, and a retried CNI ADD waits again.
        // The pod is not in set-up while it waits for its requeue.
        for (const lease of leases) lease.release();
        leases = [];
        if (!record.released) {
          yield* wait(this.#clock.sleep(itemFailureDelayUs(failures, ITEM_FAILURE)));
        }
        if (record.released) {
          this.#fail(record, 'Cancelled', `pod ${record.key} was deleted: ${created.message}`);
          return;
        }
        leases = yield* this.#podLease(record.key);
      }
      const eni = record.eni;
      assert(eni !== null, `PodENI ${record.key} has no ENI after its create`);
      const trunkEniId = record.kind === 'member' ? node.trunkEniId() : null;
      if (record.kind === 'member' && trunkEniId === null) {
        yield* this.#rollBack(
          node,
          record,
          'Unsupported',
          `node ${node.name} has no trunk ENI in use`,
        );
        return;
      }
      // The PodENI controller's reconcile: one of `podENIMaxConcurrent` workers for its length.
      yield* wait(this.#podEniWorkers.acquire());
      let outcome: AttachOutcome;
      let handedOver = false;
      try {
        eni.status = 'Attaching';
        outcome = waits.networkInterfaceController
          ? yield* this.#attachThroughCr(node, record, trunkEniId, waits)
          : yield* this.#attachDirect(node, record, trunkEniId, waits);
        if (outcome.ok) {
          // `client.Status().Update(podENI)` to Bind: the daemon may see it from now on; the
          // worker then waits in `WaitRVChanged` (1.14.3+).
          yield* this.kube.write('PodENI');
          this.#bind(record);
          if (waits.networkInterfaceController) {
            handedOver = true;
            spawn(this.#cacheWaitThenRelease(this.#podEniWorkers));
          }
        }
      } finally {
        if (!handedOver) this.#podEniWorkers.release();
      }
      if (!outcome.ok) {
        yield* this.#rollBack(node, record, failureReason(outcome.code), outcome.message);
      }
    } finally {
      for (const lease of leases) lease.release();
      this.#afterSetUp(node, record);
      this.#notifyChange();
    }
  }

  /**
   * `pod_controller.go:podCreate` in one of `podMaxConcurrent` workers: `createENI`
   * (CreateNetworkInterface, then the NetworkInterface CR and `WaitCreated`, 1.14.3+), then the
   * PodENI CR and `WaitCreated`.
   */
  *#podControllerCreate(
    node: EniNode,
    record: PodEniRecord,
    pod: PodRequest,
    waits: PodEniWaits,
  ): Coroutine<CreateResult> {
    yield* wait(this.#podWorkers.acquire());
    let handedOver = false;
    try {
      const created = yield* this.#create(node, record, pod);
      if (!created.ok) return created;
      record.eni = eniRecordOf(created.eni, { kind: record.kind, status: 'Attaching' });
      if (waits.networkInterfaceController) {
        yield* this.kube.write('NetworkInterface');
        yield* this.kube.cacheWait();
      }
      yield* this.kube.write('PodENI');
      // The PodENI controller starts from its watch now; this worker still waits for its cache.
      handedOver = true;
      spawn(this.#cacheWaitThenRelease(this.#podWorkers));
      return created;
    } finally {
      if (!handedOver) this.#podWorkers.release();
    }
  }

  /** A worker's `WaitCreated` / `WaitRVChanged` after its last write, then the worker is free. */
  *#cacheWaitThenRelease(workers: Semaphore): Coroutine<void> {
    yield* this.kube.cacheWait();
    workers.release();
  }

  /**
   * 1.14.3+: `common.Attach` sets the NetworkInterface CR to Binding (a write), the
   * NetworkInterface controller attaches in its own reconciles, and `common.WaitStatus` polls the
   * CR from the cache with the version's backoff until it is Bind.
   */
  *#attachThroughCr(
    node: EniNode,
    record: PodEniRecord,
    trunkEniId: string | null,
    waits: PodEniWaits,
  ): Coroutine<AttachOutcome> {
    const eni = record.eni;
    assert(eni !== null, `PodENI ${record.key} attaches without an ENI`);
    yield* this.kube.write('NetworkInterface');
    const cr: NetworkInterfaceCr = { phase: 'Binding', stopped: false, lastError: null };
    spawn(this.#networkInterfaceReconciles(node, eni.id, trunkEniId, waits, cr));
    const backoff = waits.podEniWait;
    if (backoff.initialDelayUs > 0) yield* wait(this.#clock.sleep(backoff.initialDelayUs));
    const sleeps = backoffSleepsUs(backoff, () => node.env.rng.float());
    for (let attempt = 0; ; attempt++) {
      if (cr.phase === 'Bind') {
        record.attached = true;
        return { ok: true };
      }
      const sleepUs = sleeps[attempt];
      if (sleepUs === undefined) break;
      yield* wait(this.#clock.sleep(sleepUs));
    }
    cr.stopped = true;
    // Whatever the NetworkInterface controller did, the rollback detaches if the ENI is on.
    record.attached = true;
    return {
      ok: false,
      code: 'AttachTimeout',
      message: `ENI ${eni.id} not bound in time${cr.lastError === null ? '' : ` (${cr.lastError})`}`,
    };
  }

  /**
   * `eni.go:attach`, reconcile after reconcile until the ENI is InUse: AttachNetworkInterface
   * (one call, no retry; an error fails the reconcile, which controller-runtime retries after
   * 5 ms × 2ⁿ), the version's sleep, DescribeNetworkInterfaces, and a requeue by the
   * `BackoffManager` (its initial delay first, then its steps) while the ENI is not InUse. EFLO
   * describes first and attaches only an unattached LENI. Bind is two writes: the status, then
   * the node label.
   */
  *#networkInterfaceReconciles(
    node: EniNode,
    eniId: string,
    trunkEniId: string | null,
    waits: PodEniWaits,
    cr: NetworkInterfaceCr,
  ): Coroutine<void> {
    const env = node.env;
    const requeues = requeueDelaysUs(waits.requeue, () => env.rng.float());
    let requeueIndex = 0;
    let failures = 0;
    const eflo = env.platform === 'lingjun';
    while (!cr.stopped) {
      const lease = yield* this.#controllerLease(eniId);
      let result: 'bound' | 'requeue' | 'error' = 'requeue';
      try {
        let attachFailed = false;
        if (eflo) {
          const described = yield* describeEni(env, eniId);
          if (!described.ok) attachFailed = true;
          else if (described.value?.status === 'InUse') result = 'bound';
          else if (described.value?.status === 'Available') {
            const attached = yield* attachEni(env, { eniId, trunkEniId });
            if (!attached.ok) {
              attachFailed = true;
              cr.lastError = attached.message;
            }
          }
        } else {
          const attached = yield* attachEni(env, { eniId, trunkEniId });
          if (!attached.ok) {
            attachFailed = true;
            cr.lastError = attached.message;
          } else {
            if (waits.attachSleepUs > 0) yield* wait(this.#clock.sleep(waits.attachSleepUs));
            const described = yield* describeEni(env, eniId);
            if (!described.ok) attachFailed = true;
            else if (described.value?.status === 'InUse') result = 'bound';
          }
        }
        if (attachFailed) result = 'error';
        // The PodENI controller may have given up while this reconcile waited on the cloud.
        if (result === 'bound' && !isStopped(cr)) {
          yield* this.kube.write('NetworkInterface');
          cr.phase = 'Bind';
          yield* this.kube.write('NetworkInterface');
          return;
        }
      } finally {
        lease?.release();
      }
      if (result === 'bound') return;
      let delayUs: number;
      const requeueUs = result === 'requeue' ? requeues[requeueIndex] : undefined;
      if (requeueUs !== undefined) {
        requeueIndex++;
        delayUs = requeueUs;
      } else {
        // An error, or the BackoffManager's steps are spent (`errTimeOut`): the item limiter.
        delayUs = itemFailureDelayUs(failures, ITEM_FAILURE);
        failures++;
      }
      yield* wait(this.#clock.sleep(delayUs));
    }
  }

  /** One of `eniMaxConcurrent` NetworkInterface reconciles. */
  *#controllerLease(eniId: string): Coroutine<ParallelismLease | null> {
    const limits = this.#parallelism;
    if (limits === null) return null;
    return yield* wait(limits.acquire(ParallelismKind.controllerEni, eniId));
  }

  /**
   * Before 1.14.3: the PodENI controller calls AttachNetworkInterface (an error fails the
   * reconcile, retried after 5 ms × 2ⁿ while the daemon still waits), then
   * `WaitForNetworkInterface` (InUse) with `wait_eni_status`: a describe at once, then 5 s × 1.5ⁿ.
   */
  *#attachDirect(
    node: EniNode,
    record: PodEniRecord,
    trunkEniId: string | null,
    waits: PodEniWaits,
  ): Coroutine<AttachOutcome> {
    const eni = record.eni;
    assert(eni !== null, `PodENI ${record.key} attaches without an ENI`);
    const startUs = this.#clock.nowUs();
    for (let failures = 0; ; failures++) {
      const attached = yield* attachEni(node.env, { eniId: eni.id, trunkEniId });
      if (attached.ok) break;
      const delayUs = itemFailureDelayUs(failures, ITEM_FAILURE);
      if (this.#clock.nowUs() + delayUs - startUs > DAEMON_RPC_TIMEOUT_US) {
        return { ok: false, code: attached.code, message: attached.message };
      }
      yield* wait(this.#clock.sleep(delayUs));
    }
    record.attached = true;
    const waited = yield* waitEniStatus(node.env, {
      eniId: eni.id,
      want: 'InUse',
      backoff: waits.podEniWait,
    });
    if (waited.kind === 'reached') return { ok: true };
    return { ok: false, code: 'AttachTimeout', message: `ENI ${eni.id} not InUse in time` };
  }

  /** A pod deleted during its set-up: undo what the set-up did. */
  #afterSetUp(node: EniNode, record: PodEniRecord): void {
    if (!record.released) return;
    record.released = false;
    if (record.phase === 'Bind' || (record.phase === 'Failed' && record.eni !== null)) {
      record.phase = 'Detaching';
      record.lastSeenUs = this.#clock.nowUs();
      spawn(this.#tearDown(node, record));
    } else if (record.phase === 'Failed') {
      this.store.delete(record.key);
    }
  }

  #bind(record: PodEniRecord): void {
    const eni = record.eni;
    assert(eni !== null, `PodENI ${record.key} bound without an ENI`);
    eni.status = 'InUse';
    const v4 = eni.ipv4.get(eni.primaryIpv4);
    assert(v4 !== undefined, `ENI ${eni.id} lacks its primary address`);
    eni.ipv4.allocate(v4, record.key);
    for (const v6 of [...eni.ipv6.records()]) eni.ipv6.allocate(v6, record.key);
    record.phase = 'Bind';
  }

  /** CreateNetworkInterface with one address per family (`IPCount: 1`, `IPv6Count: 1`). */
  *#create(node: EniNode, record: PodEniRecord, pod: PodRequest): Coroutine<CreateResult> {
    return yield* createEni(
      node.env,
      node.picker,
      {
        vSwitchIds: pod.vSwitchIds ?? node.config.vSwitchIds,
        securityGroupIds: pod.securityGroupIds ?? node.config.securityGroupIds,
        trunk: false,
        ipv4Count: 1,
        ipv6Count: node.dualStack ? 1 : 0,
        clientToken: `${record.key}-${record.uid}`,
      },
      // `parse` picks the vSwitch once (`GetOne` with the PodNetworking's policy, `ordered`:
      // list order; not the eni-config's, `pod_controller_default.go`), then
      // CreateNetworkInterfaceV2 retries on that vSwitch with `eni_create`; an IpNotEnough blocks
      // it and fails the reconcile (`createENI`).
      { vSwitchOnce: true, vSwitchPolicy: pod.vSwitchSelectionPolicy ?? 'ordered' },
    );
  }

  #fail(record: PodEniRecord, reason: AllocationFailureReason, message: string): void {
    record.phase = 'Failed';
    record.failure = { reason, message };
  }

  /** Rolls a failed set-up back: detach if attached; delete a new ENI, keep a Fixed one. */
  *#rollBack(
    node: EniNode,
    record: PodEniRecord,
    reason: AllocationFailureReason,
    message: string,
  ): Coroutine<void> {
    yield* this.#detach(node, record);
    const eni = record.eni;
    if (eni !== null && record.fixed === null) {
      const deleted = yield* deleteEni(node.env, { eniId: eni.id, vSwitchId: eni.vSwitchId });
      if (deleted.ok) record.eni = null;
    }
    // Whatever is left (a Fixed ENI, or one whose delete failed) is off the node now.
    record.nodeName = null;
    if (record.eni !== null) this.#homeNode.set(record.key, node);
    this.#fail(record, reason, message);
  }

  /** Detaches the ENI (if attached) and waits until it is Available. */
  *#detach(node: EniNode, record: PodEniRecord): Coroutine<boolean> {
    const eni = record.eni;
    if (eni === null || !record.attached) return true;
    eni.status = 'Detaching';
    const trunkEniId = record.kind === 'member' ? node.trunkEniId() : null;
    for (let attempt = 0; attempt < DETACH_ATTEMPTS_MAX; attempt++) {
      const detached = yield* detachEni(node.env, { eniId: eni.id, trunkEniId });
      if (detached.ok) {
        const waited = yield* waitEniStatus(node.env, {
          eniId: eni.id,
          want: 'Available',
          backoff: statusBackoff(node.env, record.kind === 'member'),
        });
        if (waited.kind !== 'timeout') {
          record.attached = false;
          return true;
        }
      }
      yield* wait(this.#clock.sleep(TERWAY_BACKOFF.eniOps.durationUs));
    }
    return false;
  }

  *#tearDown(node: EniNode, record: PodEniRecord): Coroutine<void> {
    const leases = yield* this.#podLease(record.key);
    try {
      const eni = record.eni;
      if (eni !== null) {
        for (const set of [eni.ipv4, eni.ipv6]) {
          for (const address of [...set.records()]) set.release(address, record.key);
        }
      }
      const detached = yield* this.#detach(node, record);
      if (!detached) {
        record.phase = 'Failed';
        record.failure = {
          reason: 'CloudError',
          message: `ENI ${String(eni?.id)} would not detach`,
        };
        return;
      }
      if (record.fixed !== null && eni !== null) {
        record.phase = 'Unbind';
        record.nodeName = null;
        record.lastSeenUs = this.#clock.nowUs();
        this.#homeNode.set(record.key, node);
        return;
      }
      record.phase = 'Deleting';
      if (eni !== null) {
        const deleted = yield* deleteEni(node.env, { eniId: eni.id, vSwitchId: eni.vSwitchId });
        if (!deleted.ok) {
          record.phase = 'Failed';
          record.failure = { reason: 'CloudError', message: deleted.message };
          return;
        }
      }
      this.store.delete(record.key);
    } finally {
      for (const lease of leases) lease.release();
    }
  }

  /** Every `podENICheckPeriod`: deletes kept ENIs whose TTL has passed. */
  *#gcLoop(): Coroutine<void> {
    for (;;) {
      yield* wait(this.#clock.sleep(POD_ENI_GC_PERIOD_US));
      const nowUs = this.#clock.nowUs();
      for (const record of [...this.store.values()]) {
        if (record.phase !== 'Unbind' || record.eni === null) continue;
        const releaseAt = this.#releaseAtUs(record);
        if (releaseAt === null || releaseAt > nowUs) continue;
        const node = this.#homeNode.get(record.key);
        if (node === undefined) continue;
        record.phase = 'Deleting';
        const eni = record.eni;
        const deleted = yield* deleteEni(node.env, { eniId: eni.id, vSwitchId: eni.vSwitchId });
        if (deleted.ok) {
          this.store.delete(record.key);
          this.#homeNode.delete(record.key);
        } else record.phase = 'Unbind';
      }
    }
  }
}
