/**
 * Centralized IPAM (Terway 1.13.4+ with `ipam_type: crd`): the controlplane's `multi-ip-node`
 * controller keeps each node's pool in the Node CR and reconciles it (`pkg/controller/multi-ip/
 * node/pool.go`, terway.md §3.2). The node's daemon only asks and waits.
 *
 * One reconcile per node at a time and at most one per second: assign idle addresses to pods
 * without one; if some are left waiting, compute the demand (`centralizedDemand`), spread it over
 * the ENI slots (`planEniOptions`) and start at most one create-or-assign (two on EFLO), new ENIs
 * attaching asynchronously; then unassign addresses marked Deleting, delete ENIs marked Deleting,
 * and every `ip_pool_sync_period` shrink the pool to `max_pool_size` (plus idle reclaim). A
 * reconcile that changed the Node CR requeues after 1 s; one that failed backs off 1 s … 300 s.
 * The controller's cloud client (and its token buckets) is shared by every node of the cluster.
 */
import type { TimerId } from '../contracts/clock.js';
import type { NetworkInterface } from '../contracts/cloudApi.js';
import type { Coroutine } from '../contracts/operation.js';
import { spawn, wait } from '../contracts/operation.js';
import { ParallelismKind } from '../contracts/parallelism.js';
import type { AddressRecord, AddressSet } from './addressSet.js';
import { assert } from './assert.js';
import { itemFailureDelayUs, jitterUs, TERWAY_BACKOFF } from './backoff.js';
import {
  centralizedDemand,
  ECS_BATCH_SIZE,
  eniOptionSlots,
  ECS_MAX_CONCURRENT_ATTACH,
  ECS_OPERATIONS_PER_RECONCILE,
  EFLO_BATCH_SIZE,
  EFLO_MAX_CONCURRENT_ATTACH,
  EFLO_OPERATIONS_PER_RECONCILE,
  planEniOptions,
  selectOperations,
} from './centralizedDemand.js';
import type { EniOptionInput } from './centralizedDemand.js';
import type { AllocatorConfig } from './config.js';
import { configHas } from './config.js';
import type { AllocatorEnv } from './env.js';
import { bump, trackInFlight } from './env.js';
import {
  assignIpv4,
  assignIpv6,
  attachEni,
  describeEni,
  describeInstanceEnis,
  statusBackoff,
  unassignAddresses,
  waitEniStatus,
} from './eniApi.js';
import { createEni, disposeEni } from './eniLifecycle.js';
import { eniRecordOf } from './eniRecord.js';
import type { EniRecord } from './eniRecord.js';
import type { PoolSizing } from '../../models/poolSizing.js';
import { podKey } from './podRequest.js';
import type { AllocationResult, PodRequest, ReleaseResult } from './podRequest.js';
import { calculateToDel, reclaimSettingsOf } from './reclaim.js';
import { countFamily, DAEMON_RPC_TIMEOUT_US, sharedPodView } from './sharedPool.js';
import type { SharedPodRecord, SharedPool, SharedPoolOptions } from './sharedPool.js';
import type { PodView, PoolView } from './snapshot.js';
import { Deferred, Semaphore, Signal } from './sync.js';

/** The reconcile floor: at most one reconcile per node per second. */
export const RECONCILE_FLOOR_US = 1_000_000;
/** `multiIPMinSyncPeriodOnFailure` and `multiIPMaxSyncPeriodOnFailure`. */
export const FAILURE_BACKOFF = { baseUs: 1_000_000, maxUs: 300_000_000 } as const;
/** `multiIPNodeSyncPeriod`: the full OpenAPI re-sync, jittered ×(1..2). */
export const OPENAPI_SYNC_PERIOD_US = 12 * 3600 * 1_000_000;
/** Attach timeouts of the async attach task: ECS 2 min, EFLO 5 min. */
export const ECS_ATTACH_TIMEOUT_US = 120_000_000;
export const EFLO_ATTACH_TIMEOUT_US = 300_000_000;

/**
 * `requeueAfter`: a reconcile that changed nothing comes back after the pool sync period, or at
 * the next OpenAPI sync if that is sooner (and still ahead); never sooner than 1 s.
 */
export function requeueAfterUs(input: {
  readonly poolSyncPeriodUs: number;
  /** `status.nextSyncOpenAPITime`; 0 (Go's zero time) when none is set. */
  readonly nextOpenApiSyncUs: number;
  readonly nowUs: number;
}): number {
  let delay = input.poolSyncPeriodUs;
  if (input.nextOpenApiSyncUs > input.nowUs) {
    delay = Math.min(delay, input.nextOpenApiSyncUs - input.nowUs);
  }
  return Math.max(RECONCILE_FLOOR_US, delay);
}

interface CentralPod {
  readonly key: string;
  uid: string;
  /** pending: waits for an address; active: holds one; gone: released, freed next reconcile. */
  state: 'pending' | 'active' | 'gone';
  record: SharedPodRecord | null;
  /** Resolves with the pod's addresses, or null when the pod is deleted first. */
  done: Deferred<SharedPodRecord | null>;
}

interface AttachTask {
  readonly eniId: string;
  readonly requestedIpv4: number;
  readonly requestedIpv6: number;
  state: 'running' | 'succeeded' | 'failed';
  described: NetworkInterface | null;
}

/** Options of {@link CentralizedPool}. */
export interface CentralizedPoolOptions extends SharedPoolOptions {
  readonly ipv4PerEni: number;
  readonly ipv6PerEni: number;
}

/** One node's pool under the controlplane's centralized IPAM. */
export class CentralizedPool implements SharedPool {
  readonly #env: AllocatorEnv;
  readonly #config: AllocatorConfig;
  readonly #options: CentralizedPoolOptions;
  readonly #sizing: PoolSizing;
  readonly #efl: boolean;
  readonly #enis = new Map<string, EniRecord>();
  readonly #tasks = new Map<string, AttachTask>();
  readonly #hostReady = new Set<string>();
  // ENIs whose AttachNetworkInterface call succeeded: disposing of them starts with a detach.
  readonly #attached = new Set<string>();
  readonly #pods = new Map<string, CentralPod>();
  readonly #attachSlots: Semaphore;
  readonly #wake: Signal;
  #dirty = true;
  #stopped = false;
  #requeue: TimerId | null = null;
  #lastReconcileUs = Number.NEGATIVE_INFINITY;
  #lastGcUs = Number.NEGATIVE_INFINITY;
  #lastModifiedUs = 0;
  #nextReclaimUs: number | null = null;
  #nextOpenApiSyncUs = 0;
  #needOpenApiSync = false;
  #failures = 0;
  #lastSyncUs: number | null = null;
  #lastPodChangeUs = -1;
  // The last reconcile ended without an error, started no operation and changed nothing.
  #lastReconcileIdle = false;
  // The last reconcile's allocation demand (0: nothing was missing).
  #lastDemand = 0;
  #reconciling = false;
  #lastGrowUs = 0;
  #errorsSinceSync = 0;
  #sufficientIp = true;
  #warmUpTarget: number;
  #warmUpAllocated = 0;
  #warmUpCompleted: boolean;
  #tokens = 0;
  #changed = false;
  #operations = 0;

  constructor(options: CentralizedPoolOptions) {
    this.#env = options.env;
    this.#config = options.config;
    this.#options = options;
    this.#sizing = options.sizing;
    this.#efl = options.env.platform === 'lingjun';
    this.#attachSlots = new Semaphore(
      options.env.clock,
      this.#efl ? EFLO_MAX_CONCURRENT_ATTACH : ECS_MAX_CONCURRENT_ATTACH,
    );
    this.#wake = new Signal(options.env.clock);
    const warmUp = configHas(options.config, 'ipWarmUp') ? options.config.ipWarmUpSize : 0;
    this.#warmUpTarget = warmUp;
    this.#warmUpCompleted = warmUp <= 0;
  }

  start(): void {
    this.#lastModifiedUs = this.#env.clock.nowUs();
    spawn(this.#loop());
  }

  stop(): void {
    this.#stopped = true;
    this.#trigger();
  }

  sufficientIp(): boolean {
    return this.#sufficientIp;
  }

  enis(): readonly EniRecord[] {
    return [...this.#enis.values()];
  }

  pods(): readonly PodView[] {
    const views: PodView[] = [];
    for (const pod of this.#pods.values()) {
      // A gone pod's address stays held until the next reconcile frees it; the pod is not listed.
      if (pod.record !== null && pod.state === 'active') views.push(sharedPodView(pod.record));
    }
    return views;
  }

  podRecord(key: string): SharedPodRecord | undefined {
    const pod = this.#pods.get(key);
    return pod?.state === 'active' && pod.record !== null ? pod.record : undefined;
  }

  poolView(): PoolView {
    const counts = countFamily(this.#enis.values(), 'ipv4');
    let pending = 0;
    for (const pod of this.#pods.values()) if (pod.state === 'pending') pending++;
    return {
      allocator: 'centralized',
      maxPoolSize: this.#sizing.maxPoolSize,
      minPoolSize: this.#sizing.minPoolSize,
      capacity: this.#sizing.capacity,
      idle: counts.idle,
      idlePrimaries: counts.idlePrimaries,
      shrinkCreditedByIpv6: 0,
      inUse: counts.inUse,
      deleting: counts.deleting,
      lastSyncUs: this.#lastSyncUs,
      lastPodChangeUs: this.#lastPodChangeUs,
      lastGrowUs: this.#lastGrowUs,
      pending,
      inhibitedUntilUs: 0,
      errorsSinceSync: this.#errorsSinceSync,
      settled:
        this.#lastSyncUs !== null &&
        !this.#reconciling &&
        this.#lastReconcileIdle &&
        this.#lastDemand === 0 &&
        pending === 0 &&
        this.#tasks.size === 0 &&
        this.#errorsSinceSync === 0 &&
        this.#lastPodChangeUs < this.#lastReconcileUs,
    };
  }

  /** The daemon's side: record the pod, wake the controller, wait for the Node CR to name an IP. */
  *allocate(pod: PodRequest): Coroutine<AllocationResult> {
    const key = podKey(pod);
    let entry = this.#pods.get(key);
    if (entry?.state === 'active' && entry.record !== null) {
      // The same pod asking again, or a pod of the same name back before the controller noticed
      // the old one went: it keeps the address.
      const reused = entry.uid !== pod.uid;
      entry.uid = pod.uid;
      return this.#success(entry.record, reused, true);
    }
    if (entry?.state === 'gone' && entry.record !== null) {
      entry.state = 'active';
      entry.uid = pod.uid;
      return this.#success(entry.record, true, true);
    }
    if (entry === undefined || entry.state === 'gone') {
      entry = {
        key,
        uid: pod.uid,
        state: 'pending',
        record: null,
        done: new Deferred(this.#env.clock),
      };
      this.#pods.set(key, entry);
    }
    entry.uid = pod.uid;
    this.#env.counters.coldMisses++;
    this.#trigger();
    const outcome = yield* wait(entry.done.waitFor(DAEMON_RPC_TIMEOUT_US));
    if (outcome.ok && outcome.value !== null) return this.#success(outcome.value, false, false);
    if (outcome.ok) {
      bump(this.#env.counters.failures, 'Cancelled');
      return { ok: false, reason: 'Cancelled', message: `pod ${key} was deleted while it waited` };
    }
    bump(this.#env.counters.failures, 'Timeout');
    return {
      ok: false,
      reason: 'Timeout',
      message: `pod ${key}: the controller assigned no address within the daemon RPC timeout`,
    };
  }

  release(pod: {
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  }): ReleaseResult {
    const key = podKey(pod);
    const entry = this.#pods.get(key);
    if (entry === undefined || entry.state === 'gone' || entry.uid !== pod.uid) {
      return { ok: false, reason: 'NotFound', message: `pod ${key} (uid ${pod.uid}) is not known` };
    }
    if (entry.state === 'pending') {
      this.#pods.delete(key);
      if (!entry.done.settled) entry.done.resolve(null);
    } else entry.state = 'gone';
    this.#lastPodChangeUs = this.#env.clock.nowUs();
    this.#trigger();
    return { ok: true, kept: false };
  }

  #success(record: SharedPodRecord, reused: boolean, warm: boolean): AllocationResult {
    if (warm) this.#env.counters.warmHits++;
    return {
      ok: true,
      kind: 'shared',
      ipv4: record.ipv4?.address ?? null,
      ipv6: record.ipv6?.address ?? null,
      eniId: record.eni.id,
      vSwitchId: record.eni.vSwitchId,
      reused,
      warm,
    };
  }

  /** Queues a reconcile (a pod event, an attach finished, a requeue timer). */
  #trigger(): void {
    this.#dirty = true;
    this.#wake.notifyAll();
  }

  #requeueAfter(delayUs: number): void {
    const clock = this.#env.clock;
    if (this.#requeue !== null) clock.cancelTimer(this.#requeue);
    this.#requeue = clock.setTimer(Math.max(0, delayUs), () => {
      this.#requeue = null;
      this.#trigger();
    });
  }

  /** The work queue of this node: one reconcile at a time, at most one per second. */
  *#loop(): Coroutine<void> {
    const clock = this.#env.clock;
    for (;;) {
      while (!this.#dirty) {
        if (this.#stopped) return;
        yield* wait(this.#wake.wait());
      }
      if (this.#stopped) return;
      this.#dirty = false;
      const floorUs = this.#lastReconcileUs + RECONCILE_FLOOR_US;
      if (clock.nowUs() < floorUs) yield* wait(clock.sleep(floorUs - clock.nowUs()));
      this.#operations = 0;
      this.#reconciling = true;
      const ok = yield* this.#reconcile();
      this.#reconciling = false;
      this.#lastReconcileUs = clock.nowUs();
      this.#lastReconcileIdle = ok && !this.#changed && this.#operations === 0;
      if (!ok) {
        this.#requeueAfter(itemFailureDelayUs(this.#failures, FAILURE_BACKOFF));
        this.#failures++;
      } else {
        this.#failures = 0;
        this.#requeueAfter(this.#changed ? RECONCILE_FLOOR_US : this.#idleRequeueUs());
      }
    }
  }

  #idleRequeueUs(): number {
    return requeueAfterUs({
      poolSyncPeriodUs: this.#config.ipPoolSyncPeriodUs,
      nextOpenApiSyncUs: this.#nextOpenApiSyncUs,
      nowUs: this.#env.clock.nowUs(),
    });
  }

  /** One `Reconcile`: true when it ended without an error. */
  *#reconcile(): Coroutine<boolean> {
    this.#changed = false;
    this.#syncTaskStatus();
    const hasPods = [...this.#pods.values()].some((pod) => pod.state !== 'gone');
    const nowUs = this.#env.clock.nowUs();
    if (
      (hasPods && this.#enis.size === 0 && this.#tasks.size === 0) ||
      nowUs >= this.#nextOpenApiSyncUs
    ) {
      this.#needOpenApiSync = true;
    }
    if (this.#needOpenApiSync) {
      const synced = yield* this.#syncWithApi();
      if (!synced) return false;
    }
    this.#releaseGonePods();
    const unserved = this.#assignFromPool();
    const added = yield* this.#addIp(unserved);
    this.#assignFromPool();
    this.#checkWarmUp();
    if (!added) return false;
    yield* this.#handleStatus();
    this.#adjustPool();
    return true;
  }

  /** `syncTaskQueueStatus`: folds finished attach tasks into the Node CR. */
  #syncTaskStatus(): void {
    for (const task of [...this.#tasks.values()]) {
      if (task.state === 'running') continue;
      this.#tasks.delete(task.eniId);
      const eni = this.#enis.get(task.eniId);
      if (eni === undefined) continue;
      this.#changed = true;
      if (task.state === 'failed' || task.described === null) {
        eni.status = 'Deleting';
        continue;
      }
      eni.status = 'InUse';
      mergeAddresses(eni.ipv4, task.described.privateIpAddresses, 'ipv4', eni.primaryIpv4);
      mergeAddresses(eni.ipv6, task.described.ipv6Addresses, 'ipv6', '');
      if (!this.#warmUpCompleted) {
        this.#warmUpAllocated += Math.max(eni.ipv4.size, eni.ipv6.size);
      }
      this.#lastGrowUs = this.#env.clock.nowUs();
    }
  }

  /** `syncWithAPI`: reloads the node's ENIs from DescribeNetworkInterfaces. */
  *#syncWithApi(): Coroutine<boolean> {
    const result = yield* describeInstanceEnis(this.#env);
    if (!result.ok) {
      this.#errorsSinceSync++;
      return false;
    }
    for (const remote of result.value) {
      if (remote.type === 'Primary' || remote.type === 'Member') continue;
      const local = this.#enis.get(remote.networkInterfaceId);
      if (local === undefined) {
        // An ENI we did not know: take it as it is (a restarted controller, a reused node).
        if (remote.status !== 'InUse') continue;
        const record = eniRecordOf(remote, {
          kind: remote.type === 'Trunk' ? 'trunk' : 'secondary',
          status: 'InUse',
          withIpv6: this.#options.dualStack,
        });
        this.#enis.set(record.id, record);
        this.#attached.add(record.id);
        this.#changed = true;
        continue;
      }
      if (local.status !== 'InUse') continue;
      mergeAddresses(local.ipv4, remote.privateIpAddresses, 'ipv4', local.primaryIpv4);
      if (this.#options.dualStack) mergeAddresses(local.ipv6, remote.ipv6Addresses, 'ipv6', '');
    }
    const nowUs = this.#env.clock.nowUs();
    this.#nextOpenApiSyncUs = nowUs + jitterUs(OPENAPI_SYNC_PERIOD_US, 1, this.#env.rng.float());
    this.#needOpenApiSync = false;
    return true;
  }

  /** `releasePodNotFound`: pods gone since the last reconcile give their addresses back. */
  #releaseGonePods(): void {
    for (const pod of [...this.#pods.values()]) {
      if (pod.state !== 'gone') continue;
      const record = pod.record;
      if (record !== null) {
        if (record.ipv4 !== null) record.eni.ipv4.release(record.ipv4, record.key);
        if (record.ipv6 !== null) record.eni.ipv6.release(record.ipv6, record.key);
      }
      this.#pods.delete(pod.key);
      this.#changed = true;
      // The address is idle from now on (the daemon's release only told the controller).
      this.#lastPodChangeUs = this.#env.clock.nowUs();
    }
  }

  /** ENIs in Terway's order: trunk first, then by IPv4 addresses, most first (stable). */
  #sortedEnis(): EniRecord[] {
    const sorted = [...this.#enis.values()];
    sorted.sort((a, b) => {
      const trunkA = a.kind === 'trunk' ? 1 : 0;
      const trunkB = b.kind === 'trunk' ? 1 : 0;
      if (trunkA !== trunkB) return trunkB - trunkA;
      return b.ipv4.size - a.ipv4.size;
    });
    return sorted;
  }

  /** `assignIPFromLocalPool`: pending pods take idle addresses; returns how many are left. */
  #assignFromPool(): number {
    let unserved = 0;
    const enis = this.#sortedEnis().filter((eni) => eni.status === 'InUse');
    for (const pod of this.#pods.values()) {
      if (pod.state !== 'pending') continue;
      let placed: SharedPodRecord | null = null;
      for (const eni of enis) {
        const v4 = eni.ipv4.peekAvailable(pod.key, null);
        if (v4 === undefined) continue;
        const v6 = this.#options.dualStack ? eni.ipv6.peekAvailable(pod.key, null) : null;
        // Both families or neither: without an IPv6 here, the IPv4 is rolled back.
        if (v6 === undefined) continue;
        eni.ipv4.allocate(v4, pod.key);
        if (v6 !== null) eni.ipv6.allocate(v6, pod.key);
        placed = {
          key: pod.key,
          uid: pod.uid,
          stateful: false,
          eni,
          ipv4: v4,
          ipv6: v6,
          state: 'active',
          keptUntilUs: 0,
        };
        break;
      }
      if (placed === null) {
        unserved++;
        continue;
      }
      pod.state = 'active';
      pod.record = placed;
      this.#changed = true;
      this.#lastPodChangeUs = this.#env.clock.nowUs();
      pod.done.resolve(placed);
    }
    return unserved;
  }

  #checkWarmUp(): void {
    if (!this.#warmUpCompleted && this.#warmUpAllocated >= this.#warmUpTarget) {
      this.#warmUpCompleted = true;
    }
  }

  /** `addIP`: demand, plan, and at most one (ECS) or two (EFLO) operations. */
  *#addIp(podDemand: number): Coroutine<boolean> {
    const counts = countFamily(this.#enis.values(), 'ipv4');
    const demand = centralizedDemand({
      podDemand,
      totalIdle: counts.idle,
      minPoolSize: this.#sizing.minPoolSize,
      warmUpTarget: this.#warmUpTarget,
      warmUpAllocated: this.#warmUpAllocated,
      warmUpActive: !this.#warmUpCompleted,
    });
    this.#lastDemand = demand.allocationDemand;
    const slots = this.#eniOptions();
    const plans = planEniOptions({
      toAdd: demand.allocationDemand,
      ipv4: true,
      ipv6: this.#options.dualStack,
      ipv4PerEni: this.#options.ipv4PerEni,
      ipv6PerEni: this.#options.ipv6PerEni,
      batchSize: this.#efl ? EFLO_BATCH_SIZE : ECS_BATCH_SIZE,
      options: slots.map((slot) => slot.input),
    });
    let running = 0;
    for (const task of this.#tasks.values()) if (task.state === 'running') running++;
    const chosen = selectOperations({
      plans,
      isNew: slots.map((slot) => slot.eni === null),
      createBatchSize: this.#efl ? EFLO_OPERATIONS_PER_RECONCILE : ECS_OPERATIONS_PER_RECONCILE,
      attachingNow: running,
    });
    this.#updateCondition(
      slots.map((slot) => slot.eni),
      plans.map((plan) => plan.isFull),
    );
    if (chosen.length === 0) return true;
    this.#operations += chosen.length;
    this.#lastModifiedUs = this.#env.clock.nowUs();
    const lease =
      this.#options.parallelism === null
        ? null
        : yield* wait(
            this.#options.parallelism.acquire(
              ParallelismKind.sharedEniNode,
              this.#options.nodeName,
            ),
          );
    const runs = chosen.map((index) => {
      const slot = slots[index];
      const plan = plans[index];
      assert(slot !== undefined && plan !== undefined, `operation ${index} has no slot`);
      return spawn(
        slot.eni === null
          ? this.#createEni(slot.trunk, plan.addIpv4, plan.addIpv6)
          : this.#assignIp(slot.eni, plan.addIpv4, plan.addIpv6),
      );
    });
    let ok = true;
    for (const run of runs) ok = (yield* wait(run.join())) && ok;
    lease?.release();
    return ok;
  }

  /** `getEniOptions`: a new trunk (if wanted), the ENIs we have, then empty secondary slots. */
  #eniOptions(): { eni: EniRecord | null; trunk: boolean; input: EniOptionInput }[] {
    const slots = eniOptionSlots({
      total: this.#sizing.maxEni,
      wantTrunk: this.#options.trunk,
      enis: this.#sortedEnis(),
      isTrunk: (eni) => eni.kind === 'trunk',
    });
    return slots.map((slot) => {
      if (slot.kind === 'new') {
        return { eni: null, trunk: slot.trunk, input: { kind: 'new', trunk: slot.trunk } };
      }
      const eni = slot.eni;
      const task = this.#tasks.get(eni.id);
      const usable = eni.status === 'InUse' || eni.status === 'Attaching';
      return {
        eni,
        trunk: eni.kind === 'trunk',
        input: {
          kind: 'existing',
          status: eni.status === 'Attaching' ? 'Attaching' : 'InUse',
          ipv4Count: eni.ipv4.size,
          ipv6Count: eni.ipv6.size,
          requestedIpv4: task?.requestedIpv4 ?? null,
          requestedIpv6: task?.requestedIpv6 ?? null,
          skip: !usable || this.#options.picker.isBlocked(eni.vSwitchId),
        },
      };
    });
  }

  /** `updateNodeCondition`: SufficientIP while an address is idle or an ENI can still grow. */
  #updateCondition(enis: readonly (EniRecord | null)[], full: readonly boolean[]): void {
    let hasIpLeft = false;
    let canGrow = false;
    for (let i = 0; i < enis.length; i++) {
      const eni = enis[i] ?? null;
      if (eni !== null && eni.ipv4.idleCount > 0) hasIpLeft = true;
      const blocked = eni !== null && this.#options.picker.isBlocked(eni.vSwitchId);
      const noVSwitch = eni === null && !this.#options.picker.hasUsable();
      if (full[i] !== true && !blocked && !noVSwitch) canGrow = true;
    }
    this.#sufficientIp = hasIpLeft || canGrow;
  }

  #nextToken(): string {
    this.#tokens++;
    return `${this.#options.nodeName}-ctl-${this.#tokens}`;
  }

  /** `createENI`: create with the first addresses, record it Attaching, attach asynchronously. */
  *#createEni(trunk: boolean, ipv4Count: number, ipv6Count: number): Coroutine<boolean> {
    const result = yield* createEni(
      this.#env,
      this.#options.picker,
      {
        vSwitchIds: this.#options.picker.ids,
        securityGroupIds: this.#config.securityGroupIds,
        trunk,
        ipv4Count: Math.max(1, ipv4Count),
        ipv6Count,
        clientToken: this.#nextToken(),
      },
      { vSwitchOnce: true },
    );
    if (!result.ok) {
      this.#errorsSinceSync++;
      if (result.code === 'EniPerInstanceLimitExceeded') this.#needOpenApiSync = true;
      return false;
    }
    const created = result.eni;
    const record = eniRecordOf(created, {
      kind: trunk ? 'trunk' : 'secondary',
      status: 'Attaching',
    });
    this.#enis.set(record.id, record);
    this.#changed = true;
    const task: AttachTask = {
      eniId: record.id,
      requestedIpv4: Math.max(1, ipv4Count),
      requestedIpv6: ipv6Count,
      state: 'running',
      described: null,
    };
    this.#tasks.set(record.id, task);
    spawn(this.#attachTask(record, task));
    return true;
  }

  /** The async attach task (`eni_task_queue.go`): attach, wait InUse within the timeout. */
  *#attachTask(eni: EniRecord, task: AttachTask): Coroutine<void> {
    const clock = this.#env.clock;
    yield* wait(this.#attachSlots.acquire());
    const startUs = clock.nowUs();
    const attached = yield* attachEni(this.#env, { eniId: eni.id, trunkEniId: null });
    if (attached.ok) {
      this.#attached.add(eni.id);
      const waited = yield* waitEniStatus(this.#env, {
        eniId: eni.id,
        want: 'InUse',
        backoff: statusBackoff(this.#env, false),
      });
      const timeoutUs = this.#efl ? EFLO_ATTACH_TIMEOUT_US : ECS_ATTACH_TIMEOUT_US;
      if (waited.kind === 'reached' && clock.nowUs() - startUs <= timeoutUs) {
        yield* this.#options.onEniReady(eni);
        this.#hostReady.add(eni.id);
        task.described = waited.eni;
        task.state = 'succeeded';
      } else {
        task.state = 'failed';
      }
    } else {
      task.state = 'failed';
      if (attached.code === 'EniPerInstanceLimitExceeded') this.#needOpenApiSync = true;
    }
    this.#attachSlots.release();
    this.#trigger();
  }

  /** `assignIP`: IPv4 then IPv6 (ECS assigns one family per call). */
  *#assignIp(eni: EniRecord, ipv4Count: number, ipv6Count: number): Coroutine<boolean> {
    if (ipv4Count > 0) {
      const result = yield* assignIpv4(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        count: ipv4Count,
        clientToken: this.#nextToken(),
      });
      if (!result.ok) return this.#assignFailed(eni, result.code);
      for (const address of result.value.addresses) {
        if (eni.ipv4.get(address) !== undefined) continue;
        eni.ipv4.addValid(address, {
          family: 'ipv4',
          primary: false,
          ipName: result.value.ipNames.get(address) ?? null,
        });
      }
      if (!this.#warmUpCompleted) this.#warmUpAllocated += result.value.addresses.length;
      this.#changed = true;
      this.#lastGrowUs = this.#env.clock.nowUs();
    }
    if (ipv6Count > 0) {
      const result = yield* assignIpv6(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        count: ipv6Count,
        clientToken: this.#nextToken(),
      });
      if (!result.ok) return this.#assignFailed(eni, result.code);
      for (const address of result.value) {
        if (eni.ipv6.get(address) === undefined)
          eni.ipv6.addValid(address, { family: 'ipv6', primary: false });
      }
      this.#changed = true;
      this.#lastGrowUs = this.#env.clock.nowUs();
    }
    return true;
  }

  #assignFailed(eni: EniRecord, code: string): boolean {
    this.#errorsSinceSync++;
    if (code === 'InvalidVSwitchId.IpNotEnough' || code === 'QuotaExceeded.PrivateIpAddress') {
      this.#options.picker.block(eni.vSwitchId);
    }
    return false;
  }

  /** `handleStatus`: deletes ENIs marked Deleting; unassigns addresses marked Deleting. */
  *#handleStatus(): Coroutine<void> {
    const batch = this.#efl ? EFLO_BATCH_SIZE : ECS_BATCH_SIZE;
    for (const eni of [...this.#enis.values()]) {
      if (eni.status === 'Deleting' || eni.status === 'Detaching') {
        if (this.#tasks.has(eni.id)) continue;
        if (this.#hostReady.has(eni.id)) yield* this.#options.onEniGone(eni);
        this.#hostReady.delete(eni.id);
        const outcome = yield* disposeEni(this.#env, {
          eniId: eni.id,
          vSwitchId: eni.vSwitchId,
          trunkEniId: null,
          attached: this.#attached.has(eni.id),
        });
        if (!outcome.ok) {
          this.#errorsSinceSync++;
          continue;
        }
        for (const record of [...eni.ipv4.records(), ...eni.ipv6.records()]) {
          assert(
            record.podKey === null,
            `ENI ${eni.id} deleted while ${String(record.podKey)} holds ${record.address}`,
          );
        }
        this.#enis.delete(eni.id);
        this.#attached.delete(eni.id);
        this.#changed = true;
        continue;
      }
      if (eni.status !== 'InUse') continue;
      const records = [...eni.ipv4.deletingRecords(batch), ...eni.ipv6.deletingRecords(batch)];
      if (records.length === 0) continue;
      // In flight until the records are dropped: the cloud frees the addresses when Unassign
      // returns, the Node CR forgets them only once DescribeNetworkInterfaces no longer lists them.
      const done = trackInFlight(this.#env, eni.vSwitchId);
      const result = yield* unassignAddresses(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        records,
      });
      if (result.ok) {
        yield* this.#waitIpGone(eni, records);
        // Unassign succeeded, so the cloud has them back even if no describe confirmed it (Terway
        // would keep them Deleting until its next OpenAPI sync); forget them.
        for (const record of records)
          (record.family === 'ipv4' ? eni.ipv4 : eni.ipv6).delete(record.address);
      } else this.#errorsSinceSync++;
      done();
      this.#changed = true;
    }
  }

  /** `waitIPGone`: polls the ENI until the unassigned addresses are gone, then drops them. */
  *#waitIpGone(eni: EniRecord, records: readonly AddressRecord[]): Coroutine<void> {
    const backoff = TERWAY_BACKOFF.waitIpRemoved;
    yield* wait(this.#env.clock.sleep(backoff.initialDelayUs));
    for (let attempt = 0; attempt < backoff.steps; attempt++) {
      const described = yield* describeEni(this.#env, eni.id);
      if (described.ok && described.value !== null) {
        const remote = new Set([
          ...described.value.privateIpAddresses,
          ...described.value.ipv6Addresses,
        ]);
        let unfinished = false;
        for (const record of records) {
          if (remote.has(record.address)) unfinished = true;
          else (record.family === 'ipv4' ? eni.ipv4 : eni.ipv6).delete(record.address);
        }
        if (!unfinished) return;
      }
      yield* wait(
        this.#env.clock.sleep(Math.trunc(backoff.durationUs * backoff.factor ** attempt)),
      );
    }
  }

  /** `adjustPool`: every pool period, mark idle addresses (or whole ENIs) Deleting. */
  #adjustPool(): void {
    const nowUs = this.#env.clock.nowUs();
    if (this.#lastGcUs + this.#config.ipPoolSyncPeriodUs > nowUs) return;
    this.#lastGcUs = nowUs;
    this.#lastSyncUs = nowUs;
    this.#errorsSinceSync = 0;
    const counts = countFamily(this.#enis.values(), 'ipv4');
    const decision = calculateToDel({
      idles: counts.idle,
      nowUs,
      lastModifiedUs: this.#lastModifiedUs,
      nextReclaimUs: this.#nextReclaimUs,
      settings: reclaimSettingsOf(this.#config, this.#sizing),
      draw: () => this.#env.rng.float(),
    });
    this.#nextReclaimUs = decision.nextReclaimUs;
    let toDel = decision.toDel;
    if (toDel <= 0) return;
    const sorted = this.#sortedEnis().filter((eni) => eni.status === 'InUse');
    for (let i = sorted.length - 1; i >= 0 && toDel > 0; i--) {
      toDel -= this.#releaseUnusedIp(sorted[i] as EniRecord, toDel);
    }
    this.#changed = true;
  }

  /** `releaseUnUsedIP`: the whole ENI if nobody uses it and it is small enough, else idle IPs. */
  #releaseUnusedIp(eni: EniRecord, toDel: number): number {
    const unused = eni.ipv4.inUseCount === 0 && eni.ipv6.inUseCount === 0;
    if (unused && eni.ipv4.size < toDel && eni.ipv6.size < toDel && eni.kind === 'secondary') {
      // Counted as the idle addresses that leave the pool (Terway counts all of the ENI's).
      const idle = Math.max(eni.ipv4.idleCount, eni.ipv6.idleCount);
      eni.status = 'Deleting';
      return idle;
    }
    // Keep the families balanced: release down to the same leftover in each.
    const idle4 = eni.ipv4.idleCount;
    const idle6 = eni.ipv6.idleCount;
    const leftover = Math.max(idle4, idle6) - toDel;
    let released4 = 0;
    for (const record of eni.ipv4.releasableIdle(Math.max(0, idle4 - leftover))) {
      if (eni.ipv4.markDeleting(record)) released4++;
    }
    let released6 = 0;
    for (const record of eni.ipv6.releasableIdle(Math.max(0, idle6 - leftover))) {
      if (eni.ipv6.markDeleting(record)) released6++;
    }
    return Math.max(released4, released6);
  }
}

/** `mergeIPMap`: adds remote addresses we lack; drops idle ones the cloud no longer has. */
function mergeAddresses(
  set: AddressSet,
  remote: readonly string[],
  family: 'ipv4' | 'ipv6',
  primary: string,
): void {
  const remoteSet = new Set(remote);
  for (const record of [...set.records()]) {
    if (remoteSet.has(record.address) || record.primary) continue;
    if (record.podKey !== null) set.markInvalid(record);
    else set.delete(record.address);
  }
  for (const address of remote) {
    if (set.get(address) === undefined)
      set.addValid(address, { family, primary: address === primary });
  }
}
