/**
 * The per-node daemon pool of shared addresses: Terway's legacy IPAM (`pkg/eni/manager.go`,
 * `pkg/eni/local.go`, terway.md §3.1), used when the version is below 1.13.4 or `ipam_type` is
 * not `crd`.
 *
 * The pool is a list of ENI slots (the attached ENIs plus empty slots up to `maxENI`; the trunk,
 * when trunking is on, takes one). A pod's request goes to the first slot, in priority order, that
 * has an idle address or room to grow; if it must grow, the slot's worker coalesces requests for
 * 300 ms and asks the cloud for `min(10, pending)` addresses in one call (a new ENI when the slot
 * is empty), paced by the slot's token buckets. Quota errors inhibit a slot (1 min for the ENI
 * limit, 10 min for an exhausted vSwitch, which also sets `SufficientIP=False`). A jittered sync
 * every `ip_pool_sync_period` shrinks idle addresses to `max_pool_size` (plus idle reclaim) and
 * tops up to `min_pool_size`; a released address passes through Deleting before the Unassign call
 * returns it to the vSwitch.
 */
import type { Coroutine } from '../contracts/operation.js';
import { spawn, wait } from '../contracts/operation.js';
import { ParallelismKind } from '../contracts/parallelism.js';
import type { ParallelismLease } from '../contracts/parallelism.js';
import type { AddressRecord } from './addressSet.js';
import { assert } from './assert.js';
import { jitterUs } from './backoff.js';
import type { AllocatorConfig } from './config.js';
import { configHas } from './config.js';
import type { AllocatorEnv } from './env.js';
import { bump } from './env.js';
import { assignIpv4, assignIpv6, isVSwitchExhausted, unassignAddresses } from './eniApi.js';
import { createAndAttachEni, daemonDeleteEni } from './eniLifecycle.js';
import type { EniFailureCode } from './eniLifecycle.js';
import { createBatch, disposeSlot, newSlotOffer, slotOffer } from './daemonSlot.js';
import type { SlotRequest, SlotState } from './daemonSlot.js';
import { slotPriorityOf, sortForAllocation } from './eniPriority.js';
import { eniRecordOf } from './eniRecord.js';
import type { EniRecord } from './eniRecord.js';
import type { PoolSizing } from '../../models/poolSizing.js';
import { SufficientIpCondition } from './nodeCondition.js';
import { podKey } from './podRequest.js';
import type {
  AllocationFailureReason,
  AllocationResult,
  PodRequest,
  ReleaseResult,
} from './podRequest.js';
import { createEniLimiter } from './rateLimiter.js';
import type { TokenBucket } from './rateLimiter.js';
import { syncPool } from './poolSync.js';
import type { SlotUsage } from './poolSync.js';
import { calculateToDel, reclaimSettingsOf } from './reclaim.js';
import type { ReclaimSettings } from './reclaim.js';
import {
  countFamily,
  DAEMON_GC_PERIOD_US,
  DAEMON_RPC_TIMEOUT_US,
  sharedPodView,
  STATEFUL_STICK_TIME_US,
} from './sharedPool.js';
import type { SharedPodRecord, SharedPool, SharedPoolOptions } from './sharedPool.js';
import type { PodView, PoolView } from './snapshot.js';
import { Deferred, Signal } from './sync.js';

/** `BatchSize`: addresses per create or assign call. */
export const DAEMON_BATCH_SIZE = 10;
/** The worker's coalescing sleep before each cloud call. */
export const COALESCE_US = 300_000;
/** `EniPerInstanceLimitExceeded` inhibits a slot this long. */
export const ENI_LIMIT_INHIBIT_US = 60_000_000;
/** An exhausted vSwitch inhibits a slot this long. */
export const VSWITCH_EXHAUSTED_INHIBIT_US = 600_000_000;
/** The timeout of each top-up request the sync makes (`context.WithTimeout(ctx, 2*time.Minute)`). */
export const TOP_UP_TIMEOUT_US = 120_000_000;
/** What an empty or not yet serving slot reports to the sync. */
const NO_USAGE: SlotUsage = { idle: 0, inUse: 0 };
/** A worker that failed a cloud call waits at least this long before trying again. */
const RETRY_FLOOR_US = 1_000_000;
/** `NewManager` raises a shorter sync period to 2 min. */
const MIN_SYNC_PERIOD_US = 120_000_000;

interface Waiter {
  /** Null for a pool top-up (`NoCache`): it binds nothing. */
  readonly podKey: string | null;
  readonly uid: string;
  readonly stateful: boolean;
  readonly needV4: boolean;
  readonly needV6: boolean;
  readonly expectV4: number;
  readonly expectV6: number;
  readonly done: Deferred<SharedPodRecord | null>;
}

interface Slot extends SlotState {
  readonly index: number;
  /** The ENI's attach was requested (so disposing of it starts with a detach). */
  attachRequested: boolean;
  /** The ENI was brought up on the host (so disposing of it first tears that down). */
  hostReady: boolean;
  readonly limiterEni: TokenBucket;
  readonly limiterV4: TokenBucket;
  readonly limiterV6: TokenBucket;
  readonly waiters: Waiter[];
  /** Wakes the slot's factory and dispose workers (`l.cond.Broadcast()`). */
  readonly wake: Signal;
}

type Placement =
  | { readonly kind: 'bound'; readonly record: SharedPodRecord }
  | { readonly kind: 'waiting'; readonly slot: Slot; readonly waiter: Waiter }
  | {
      readonly kind: 'rejected';
      readonly reason: AllocationFailureReason;
      readonly message: string;
    };

/** Options of {@link DaemonPool}. */
export type DaemonPoolOptions = SharedPoolOptions;

/** The daemon's shared-address pool of one node. */
export class DaemonPool implements SharedPool {
  readonly #env: AllocatorEnv;
  readonly #config: AllocatorConfig;
  readonly #sizing: PoolSizing;
  readonly #options: DaemonPoolOptions;
  readonly #ipv6: boolean;
  readonly #slots: Slot[] = [];
  // The same slots, sorted in place by each allocation and sync, as Terway sorts its slice.
  readonly #order: Slot[] = [];
  readonly #pods = new Map<string, SharedPodRecord>();
  // Records of #pods in the `kept` state: the GC has nothing to look at while there are none.
  #keptCount = 0;
  // Pods whose CNI ADD waits for the cloud, so a CNI DEL can cancel it.
  readonly #waiting = new Map<string, { readonly slot: Slot; readonly waiter: Waiter }>();
  readonly #condition: SufficientIpCondition;
  #stopped = false;
  #started = false;
  #lastModifiedUs = 0;
  #nextReclaimUs: number | null = null;
  #lastSyncUs: number | null = null;
  #lastPodChangeUs = -1;
  #lastGrowUs = 0;
  #errorsSinceSync = 0;
  // A top-up request of the last sync was refused by an inhibited slot or timed out.
  #topUpShort = false;
  #pending = 0;
  #tokens = 0;
  // The sync's fixed inputs, made once: the config and sizing never change for a pool.
  readonly #reclaim: ReclaimSettings;
  readonly #draw = (): number => this.#env.rng.float();
  // The placement's question and answer, reused: it asks every slot on every allocation.
  readonly #request: SlotRequest;
  readonly #offer = newSlotOffer();

  constructor(options: DaemonPoolOptions) {
    this.#env = options.env;
    this.#config = options.config;
    this.#sizing = options.sizing;
    this.#options = options;
    this.#ipv6 = options.dualStack;
    this.#condition = new SufficientIpCondition(options.env.clock);
    this.#reclaim = reclaimSettingsOf(options.config, options.sizing);
    this.#request = {
      key: null,
      ipv6: options.dualStack,
      ipPerEni: options.sizing.ipPerEni,
      nowUs: 0,
    };
    for (let index = 0; index < options.sizing.maxEni; index++) {
      const slot: Slot = {
        index,
        trunk: options.trunk && index === 0,
        eni: null,
        attachRequested: false,
        hostReady: false,
        status: 'Init',
        allocatingV4: 0,
        allocatingV6: 0,
        inhibitUntilUs: 0,
        inhibitReason: null,
        limiterEni: createEniLimiter(),
        limiterV4: createEniLimiter(),
        limiterV6: createEniLimiter(),
        waiters: [],
        wake: new Signal(options.env.clock),
      };
      this.#slots.push(slot);
      this.#order.push(slot);
    }
  }

  start(): void {
    assert(!this.#started, 'daemon pool started twice');
    this.#started = true;
    this.#lastModifiedUs = this.#env.clock.nowUs();
    for (const slot of this.#slots) {
      spawn(this.#factoryWorker(slot));
      spawn(this.#disposeWorker(slot));
    }
    const trunkSlot = this.#slots.find((slot) => slot.trunk);
    if (trunkSlot !== undefined) spawn(this.#createTrunk(trunkSlot));
    spawn(this.#syncLoop());
    spawn(this.#gcLoop());
  }

  stop(): void {
    this.#stopped = true;
    for (const slot of this.#slots) slot.wake.notifyAll();
  }

  sufficientIp(): boolean {
    return this.#condition.status;
  }

  enis(): readonly EniRecord[] {
    const enis: EniRecord[] = [];
    for (const slot of this.#slots) if (slot.eni !== null) enis.push(slot.eni);
    return enis;
  }

  pods(): readonly PodView[] {
    return [...this.#pods.values()].map(sharedPodView);
  }

  podRecord(key: string): SharedPodRecord | undefined {
    const record = this.#pods.get(key);
    return record?.state === 'active' ? record : undefined;
  }

  poolView(): PoolView {
    const counts = countFamily(this.enis(), 'ipv4');
    let inhibitedUntilUs = 0;
    for (const slot of this.#slots)
      inhibitedUntilUs = Math.max(inhibitedUntilUs, slot.inhibitUntilUs);
    return {
      allocator: 'daemon',
      maxPoolSize: this.#sizing.maxPoolSize,
      minPoolSize: this.#sizing.minPoolSize,
      capacity: this.#sizing.capacity,
      idle: counts.idle,
      idlePrimaries: counts.idlePrimaries,
      inUse: counts.inUse,
      deleting: counts.deleting,
      lastSyncUs: this.#lastSyncUs,
      lastPodChangeUs: this.#lastPodChangeUs,
      lastGrowUs: this.#lastGrowUs,
      pending: this.#pending,
      inhibitedUntilUs: inhibitedUntilUs > this.#env.clock.nowUs() ? inhibitedUntilUs : 0,
      errorsSinceSync: this.#errorsSinceSync,
      settled: this.#settled(inhibitedUntilUs),
    };
  }

  #settled(inhibitedUntilUs: number): boolean {
    if (this.#lastSyncUs === null || this.#lastPodChangeUs >= this.#lastSyncUs) return false;
    if (this.#pending > 0 || this.#errorsSinceSync > 0 || this.#topUpShort) return false;
    if (inhibitedUntilUs > this.#env.clock.nowUs() || this.#env.inFlightByVSwitch.size > 0)
      return false;
    return this.#slots.every(
      (slot) =>
        slot.status !== 'Creating' &&
        slot.status !== 'Deleting' &&
        slot.allocatingV4 === 0 &&
        slot.allocatingV6 === 0,
    );
  }

  /** Manager.Allocate + Local.Allocate + allocWorker for one pod. */
  *allocate(pod: PodRequest): Coroutine<AllocationResult> {
    const key = podKey(pod);
    const existing = this.#pods.get(key);
    if (existing !== undefined) return this.#reuse(existing, pod);
    this.#lastModifiedUs = this.#env.clock.nowUs();
    const placement = this.#place(key, pod.uid, pod.stateful === true);
    if (placement.kind === 'rejected') return this.#fail(placement.reason, placement.message);
    if (placement.kind === 'bound') {
      this.#env.counters.warmHits++;
      return this.#success(placement.record, { reused: false, warm: true });
    }
    this.#env.counters.coldMisses++;
    this.#waiting.set(key, { slot: placement.slot, waiter: placement.waiter });
    const outcome = yield* this.#await(placement.slot, placement.waiter, DAEMON_RPC_TIMEOUT_US);
    this.#waiting.delete(key);
    if (outcome.ok && outcome.value !== null) {
      return this.#success(outcome.value, { reused: false, warm: false });
    }
    if (outcome.ok) return this.#fail('Cancelled', `pod ${key} was deleted while it waited`);
    const slot = placement.slot;
    const inhibited = slot.inhibitUntilUs > this.#env.clock.nowUs();
    const reason = inhibited ? (slot.inhibitReason ?? 'Timeout') : 'Timeout';
    return this.#fail(reason, `pod ${key}: no address within the daemon RPC timeout (${reason})`);
  }

  release(pod: {
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  }): ReleaseResult {
    const key = podKey(pod);
    const record = this.#pods.get(key);
    const waiting = this.#waiting.get(key);
    if (record === undefined && waiting?.waiter.uid === pod.uid) {
      // CNI DEL of a pod whose ADD still waits: the ADD's context is cancelled, as in Terway.
      this.#cancel(waiting.slot, waiting.waiter);
      return { ok: true, kept: false };
    }
    if (record?.state !== 'active' || record.uid !== pod.uid) {
      return {
        ok: false,
        reason: 'NotFound',
        message: `pod ${key} (uid ${pod.uid}) holds no shared address`,
      };
    }
    const nowUs = this.#env.clock.nowUs();
    this.#lastModifiedUs = nowUs;
    this.#lastPodChangeUs = nowUs;
    this.#condition.unsetExhaustive();
    if (record.stateful) {
      record.state = 'kept';
      this.#keptCount++;
      record.keptUntilUs = nowUs + STATEFUL_STICK_TIME_US;
      return { ok: true, kept: true };
    }
    this.#free(record);
    return { ok: true, kept: false };
  }

  /** Withdraws a waiting request: its share of `allocating` goes, and it resumes with nothing. */
  #cancel(slot: Slot, waiter: Waiter): void {
    const index = slot.waiters.indexOf(waiter);
    if (index < 0) return;
    slot.waiters.splice(index, 1);
    this.#pending--;
    slot.allocatingV4 = Math.max(0, slot.allocatingV4 - waiter.expectV4);
    slot.allocatingV6 = Math.max(0, slot.allocatingV6 - waiter.expectV6);
    waiter.done.resolve(null);
  }

  #reuse(record: SharedPodRecord, pod: PodRequest): AllocationResult {
    if (record.state === 'kept') {
      record.state = 'active';
      this.#keptCount--;
      record.uid = pod.uid;
      this.#lastPodChangeUs = this.#env.clock.nowUs();
      return this.#success(record, { reused: true, warm: true });
    }
    // A repeated CNI ADD for the same pod gets what it already has.
    return this.#success(record, { reused: false, warm: true });
  }

  #free(record: SharedPodRecord): void {
    if (record.state === 'kept') this.#keptCount--;
    if (record.ipv4 !== null) record.eni.ipv4.release(record.ipv4, record.key);
    if (record.ipv6 !== null) record.eni.ipv6.release(record.ipv6, record.key);
    this.#pods.delete(record.key);
    for (const slot of this.#slots) {
      if (slot.eni !== record.eni) continue;
      if (slot.waiters.length > 0) this.#serveWaiters(slot);
      break;
    }
  }

  #success(record: SharedPodRecord, flags: { reused: boolean; warm: boolean }): AllocationResult {
    return {
      ok: true,
      kind: 'shared',
      ipv4: record.ipv4?.address ?? null,
      ipv6: record.ipv6?.address ?? null,
      eniId: record.eni.id,
      vSwitchId: record.eni.vSwitchId,
      reused: flags.reused,
      warm: flags.warm,
    };
  }

  #fail(reason: AllocationFailureReason, message: string): AllocationResult {
    bump(this.#env.counters.failures, reason);
    return { ok: false, reason, message };
  }

  /** Tries the slots in priority order; the first that accepts takes the request. */
  #place(key: string | null, uid: string, stateful: boolean): Placement {
    sortForAllocation(this.#order, this.#priority, this.#config.eniSelectionPolicy);
    const request = this.#request;
    request.key = key;
    request.nowUs = this.#env.clock.nowUs();
    const offer = this.#offer;
    let inhibited: AllocationFailureReason | null = null;
    for (const slot of this.#order) {
      slotOffer(slot, request, offer);
      if (offer.kind === 'deleting' || offer.kind === 'full') continue;
      if (offer.kind === 'inhibited') {
        inhibited = offer.reason;
        continue;
      }
      if (offer.kind === 'bind' && key !== null && offer.eni !== null) {
        return {
          kind: 'bound',
          record: this.#bind(offer.eni, key, uid, stateful, offer.v4, offer.v6),
        };
      }
      const { expectV4, expectV6 } = offer;
      slot.allocatingV4 += expectV4;
      slot.allocatingV6 += expectV6;
      const waiter: Waiter = {
        podKey: key,
        uid,
        stateful,
        needV4: true,
        needV6: this.#ipv6,
        expectV4,
        expectV6,
        done: new Deferred(this.#env.clock),
      };
      slot.waiters.push(waiter);
      this.#pending++;
      slot.wake.notifyAll();
      return { kind: 'waiting', slot, waiter };
    }
    if (inhibited === 'VSwitchExhausted') this.#condition.setExhaustive();
    if (inhibited !== null) {
      return {
        kind: 'rejected',
        reason: inhibited,
        message: `allocation inhibited (${inhibited})`,
      };
    }
    return {
      kind: 'rejected',
      reason: 'IpLimit',
      message: `no ENI can take another address (capacity ${this.#sizing.capacity})`,
    };
  }

  // One function for every sort (not a closure per call); the sorts run on every allocation.
  readonly #priority = (slot: Slot): number => {
    const eni = slot.status === 'InUse' ? slot.eni : null;
    // An IPv4-only pool's priority ignores the IPv6 count: it is not read (a cache miss saved).
    return slotPriorityOf(
      slot.status,
      eni === null ? 0 : eni.ipv4.size,
      eni === null || !this.#ipv6 ? 0 : eni.ipv6.size,
      true,
      this.#ipv6,
    );
  };

  #bind(
    eni: EniRecord,
    key: string,
    uid: string,
    stateful: boolean,
    v4: AddressRecord | null,
    v6: AddressRecord | null,
  ): SharedPodRecord {
    if (v4 !== null) eni.ipv4.allocate(v4, key);
    if (v6 !== null) eni.ipv6.allocate(v6, key);
    const record: SharedPodRecord = {
      key,
      uid,
      stateful,
      eni,
      ipv4: v4,
      ipv6: v6,
      state: 'active',
      keptUntilUs: 0,
    };
    this.#pods.set(key, record);
    this.#lastPodChangeUs = this.#env.clock.nowUs();
    return record;
  }

  /** Waits for a waiter's addresses, rolling back its share of `allocating` on timeout. */
  *#await(
    slot: Slot,
    waiter: Waiter,
    timeoutUs: number,
  ): Coroutine<{ ok: boolean; value: SharedPodRecord | null }> {
    const outcome = yield* wait(waiter.done.waitFor(timeoutUs));
    if (outcome.ok) return { ok: true, value: outcome.value };
    const index = slot.waiters.indexOf(waiter);
    if (index >= 0) slot.waiters.splice(index, 1);
    this.#pending--;
    slot.allocatingV4 = Math.max(0, slot.allocatingV4 - waiter.expectV4);
    slot.allocatingV6 = Math.max(0, slot.allocatingV6 - waiter.expectV6);
    return { ok: false, value: null };
  }

  /** Hands idle addresses to waiting requests in arrival order (`allocWorker`). */
  #serveWaiters(slot: Slot): void {
    const eni = slot.eni;
    if (eni === null || slot.status !== 'InUse') return;
    for (let i = 0; i < slot.waiters.length;) {
      const waiter = slot.waiters[i] as Waiter;
      const key = waiter.podKey;
      const v4 = waiter.needV4 ? eni.ipv4.peekAvailable(key, null) : undefined;
      const v6 = waiter.needV6 ? eni.ipv6.peekAvailable(key, null) : undefined;
      if ((waiter.needV4 && v4 === undefined) || (waiter.needV6 && v6 === undefined)) {
        i++;
        continue;
      }
      slot.waiters.splice(i, 1);
      this.#pending--;
      if (key === null) {
        waiter.done.resolve(null);
        continue;
      }
      const existing = this.#pods.get(key);
      if (existing !== undefined) {
        // The pod got an address another way while it waited (a retried CNI ADD).
        waiter.done.resolve(existing);
        continue;
      }
      waiter.done.resolve(
        this.#bind(eni, key, waiter.uid, waiter.stateful, v4 ?? null, v6 ?? null),
      );
    }
  }

  #inhibit(slot: Slot, code: EniFailureCode): void {
    this.#errorsSinceSync++;
    const nowUs = this.#env.clock.nowUs();
    let untilUs = 0;
    let reason: AllocationFailureReason | null = null;
    if (code === 'EniPerInstanceLimitExceeded') {
      untilUs = nowUs + ENI_LIMIT_INHIBIT_US;
      reason = 'EniLimit';
    } else if (
      code === 'NoUsableVSwitch' ||
      (code !== 'AttachTimeout' && isVSwitchExhausted(code))
    ) {
      untilUs = nowUs + VSWITCH_EXHAUSTED_INHIBIT_US;
      reason = 'VSwitchExhausted';
      this.#condition.setExhaustive();
    }
    if (reason !== null && untilUs > slot.inhibitUntilUs) {
      slot.inhibitUntilUs = untilUs;
      slot.inhibitReason = reason;
    }
  }

  #nextToken(): string {
    this.#tokens++;
    return `${this.#options.nodeName}-${this.#tokens}`;
  }

  /** `factoryAllocWorker`: grows one slot while requests are waiting on it. */
  *#factoryWorker(slot: Slot): Coroutine<void> {
    const clock = this.#env.clock;
    for (;;) {
      if (this.#stopped) return;
      if (
        (slot.allocatingV4 <= 0 && slot.allocatingV6 <= 0) ||
        slot.status === 'Creating' ||
        slot.status === 'Deleting'
      ) {
        yield* wait(slot.wake.wait());
        continue;
      }
      if (slot.inhibitUntilUs > clock.nowUs()) {
        yield* wait(clock.sleep(slot.inhibitUntilUs - clock.nowUs()));
        continue;
      }
      yield* wait(clock.sleep(COALESCE_US));
      if (slot.allocatingV4 <= 0 && slot.allocatingV6 <= 0) continue;
      const lease = yield* this.#lease();
      const grown = slot.eni === null ? yield* this.#createEni(slot) : yield* this.#assign(slot);
      lease?.release();
      if (!grown) yield* wait(clock.sleep(RETRY_FLOOR_US));
      this.#serveWaiters(slot);
    }
  }

  /** A slot of ACK's "nodes allocating at once" limit, held while the node calls the cloud. */
  *#lease(): Coroutine<ParallelismLease | null> {
    const limits = this.#options.parallelism;
    if (limits === null) return null;
    return yield* wait(limits.acquire(ParallelismKind.sharedEniNode, this.#options.nodeName));
  }

  *#createTrunk(slot: Slot): Coroutine<void> {
    // The daemon creates the trunk at start even with no pod asking (`CreateNetworkInterface(1,
    // v6, "trunk")`); it then serves shared addresses like any other ENI. Marked Creating first
    // so the slot's own worker does not create a second ENI while this one waits for its lease.
    slot.status = 'Creating';
    const lease = yield* this.#lease();
    yield* this.#createEni(slot);
    lease?.release();
    this.#serveWaiters(slot);
  }

  /** Creates, attaches and brings up the slot's ENI with the first addresses. */
  *#createEni(slot: Slot): Coroutine<boolean> {
    const clock = this.#env.clock;
    const batch = createBatch(slot, { ipv6: this.#ipv6, batchSize: DAEMON_BATCH_SIZE });
    const v4Count = batch.ipv4Count;
    const v6Count = batch.ipv6Count;
    slot.status = 'Creating';
    yield* wait(clock.sleep(slot.limiterEni.reserve(clock.nowUs())));
    const outcome = yield* createAndAttachEni(
      this.#env,
      this.#options.picker,
      {
        trunk: slot.trunk,
        ipv4Count: v4Count,
        ipv6Count: v6Count,
        securityGroupIds: this.#config.securityGroupIds,
        trunkEniId: null,
        vSwitchIds: this.#config.vSwitchIds,
        clientToken: this.#nextToken(),
      },
      (created) => {
        slot.eni = eniRecordOf(created, {
          kind: slot.trunk ? 'trunk' : 'secondary',
          status: 'Attaching',
        });
        slot.attachRequested = true;
      },
    );
    if (!outcome.ok) {
      this.#inhibit(slot, outcome.code);
      if (slot.eni !== null) {
        slot.eni.status = 'Deleting';
        slot.status = 'Deleting';
        slot.attachRequested = outcome.code === 'AttachTimeout';
        slot.wake.notifyAll();
      } else {
        slot.status = 'Init';
      }
      return false;
    }
    const eni = slot.eni;
    assert(
      eni !== null && eni.id === outcome.eni.networkInterfaceId,
      'created ENI was not recorded',
    );
    eni.status = 'InUse';
    yield* this.#options.onEniReady(eni);
    slot.hostReady = true;
    slot.allocatingV4 = Math.max(0, slot.allocatingV4 - v4Count);
    slot.allocatingV6 = Math.max(0, slot.allocatingV6 - v6Count);
    slot.status = 'InUse';
    this.#lastGrowUs = clock.nowUs();
    slot.wake.notifyAll();
    return true;
  }

  /** Assigns `min(10, pending)` more addresses per family to the slot's ENI. */
  *#assign(slot: Slot): Coroutine<boolean> {
    const clock = this.#env.clock;
    const eni = slot.eni;
    assert(eni !== null, 'assign on an empty slot');
    const v4Count = Math.min(DAEMON_BATCH_SIZE, slot.allocatingV4);
    const v6Count = Math.min(DAEMON_BATCH_SIZE, slot.allocatingV6);
    if (v4Count > 0) {
      yield* wait(clock.sleep(slot.limiterV4.reserve(clock.nowUs())));
      const result = yield* assignIpv4(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        count: v4Count,
        clientToken: this.#nextToken(),
      });
      if (!result.ok) {
        this.#inhibit(slot, result.code);
        return false;
      }
      for (const address of result.value.addresses) {
        eni.ipv4.addValid(address, {
          family: 'ipv4',
          primary: false,
          ipName: result.value.ipNames.get(address) ?? null,
        });
      }
      slot.allocatingV4 = Math.max(0, slot.allocatingV4 - result.value.addresses.length);
      this.#lastGrowUs = clock.nowUs();
    }
    if (v6Count > 0) {
      yield* wait(clock.sleep(slot.limiterV6.reserve(clock.nowUs())));
      const result = yield* assignIpv6(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        count: v6Count,
        clientToken: this.#nextToken(),
      });
      if (!result.ok) {
        this.#inhibit(slot, result.code);
        return false;
      }
      for (const address of result.value)
        eni.ipv6.addValid(address, { family: 'ipv6', primary: false });
      slot.allocatingV6 = Math.max(0, slot.allocatingV6 - result.value.length);
    }
    // The grow ends when both families have landed (a sync in between saw it under way).
    this.#lastGrowUs = clock.nowUs();
    return true;
  }

  /** `factoryDisposeWorker`: unassigns Deleting addresses, deletes a Deleting ENI. */
  *#disposeWorker(slot: Slot): Coroutine<void> {
    const clock = this.#env.clock;
    for (;;) {
      if (this.#stopped) return;
      const eni = slot.eni;
      if (eni === null) {
        yield* wait(slot.wake.wait());
        continue;
      }
      if (slot.status === 'Deleting') {
        yield* wait(clock.sleep(slot.limiterEni.reserve(clock.nowUs())));
        if (slot.hostReady) yield* this.#options.onEniGone(eni);
        const deletion = { done: false };
        const outcome = yield* daemonDeleteEni(
          this.#env,
          {
            eniId: eni.id,
            vSwitchId: eni.vSwitchId,
            attached: slot.attachRequested,
            confirm: configHas(this.#config, 'eniDeleteConfirm'),
          },
          () => {
            // The ENI is gone from the cloud; the slot stays Deleting until the confirm ends.
            deletion.done = true;
            this.#dropEni(slot, eni);
            slot.status = 'Deleting';
          },
        );
        if (!outcome.ok) this.#errorsSinceSync++;
        if (deletion.done) {
          slot.status = 'Init';
          slot.wake.notifyAll();
        } else if (!outcome.ok) {
          yield* wait(clock.sleep(RETRY_FLOOR_US));
        }
        continue;
      }
      const batch4 = eni.ipv4.deletingRecords(DAEMON_BATCH_SIZE);
      const batch6 = eni.ipv6.deletingRecords(DAEMON_BATCH_SIZE);
      if (batch4.length === 0 && batch6.length === 0) {
        yield* wait(slot.wake.wait());
        continue;
      }
      const result = yield* unassignAddresses(this.#env, {
        eniId: eni.id,
        vSwitchId: eni.vSwitchId,
        records: [...batch4, ...batch6],
      });
      if (!result.ok) {
        this.#errorsSinceSync++;
        yield* wait(clock.sleep(RETRY_FLOOR_US));
        continue;
      }
      for (const record of batch4) eni.ipv4.delete(record.address);
      for (const record of batch6) eni.ipv6.delete(record.address);
    }
  }

  #dropEni(slot: Slot, eni: EniRecord): void {
    for (const record of [...eni.ipv4.records(), ...eni.ipv6.records()]) {
      assert(
        record.podKey === null,
        `ENI ${eni.id} deleted while pod ${String(record.podKey)} holds ${record.address}`,
      );
    }
    slot.eni = null;
    slot.attachRequested = false;
    slot.hostReady = false;
    slot.status = 'Init';
    slot.wake.notifyAll();
  }

  /** `Dispose(n)` of one slot ({@link disposeSlot}), waking its dispose worker on a change. */
  #dispose(slot: Slot, n: number): number {
    const disposal = disposeSlot(slot, n);
    if (disposal.changed) slot.wake.notifyAll();
    return disposal.released;
  }

  /** `wait.JitterUntil(syncPool, period, 1.0, sliding)`: runs at once, then every period..2×period. */
  *#syncLoop(): Coroutine<void> {
    const clock = this.#env.clock;
    const periodUs = Math.max(this.#config.ipPoolSyncPeriodUs, MIN_SYNC_PERIOD_US);
    for (;;) {
      if (this.#stopped) return;
      // NOTE: the shrink is plain code and only a top-up is a coroutine: most syncs add
      // nothing, and a coroutine per sync was a generator to create and run every time.
      const toAdd = this.#syncShrink();
      if (toAdd > 0) yield* this.#topUp(toAdd);
      yield* wait(clock.sleep(jitterUs(periodUs, 1.0, this.#env.rng.float())));
    }
  }

  /**
   * One `syncPool`, first part: shrink to `max_pool_size` (plus reclaim). Returns how many
   * addresses the second part must add to reach `min_pool_size` (0: none).
   */
  #syncShrink(): number {
    const nowUs = this.#env.clock.nowUs();
    const toAdd = syncPool({
      order: this.#order,
      priority: this.#priority,
      policy: this.#config.eniSelectionPolicy,
      usage: this.#usage,
      toDel: (idles) => {
        const decision = calculateToDel({
          idles,
          nowUs,
          lastModifiedUs: this.#lastModifiedUs,
          nextReclaimUs: this.#nextReclaimUs,
          settings: this.#reclaim,
          draw: this.#draw,
        });
        this.#nextReclaimUs = decision.nextReclaimUs;
        return decision.toDel;
      },
      dispose: (slot, n) => this.#dispose(slot, n),
      total: this.#sizing.capacity,
      minIdles: this.#sizing.minPoolSize,
    });
    this.#lastSyncUs = nowUs;
    this.#errorsSinceSync = 0;
    this.#topUpShort = false;
    return toAdd;
  }

  // `Usage()`: the IPv4 idle and in-use counts of an InUse ENI (the counted family).
  readonly #usage = (slot: Slot): SlotUsage => {
    const eni = slot.eni;
    if (eni === null || eni.status !== 'InUse') return NO_USAGE;
    return { idle: eni.ipv4.idleCount, inUse: eni.ipv4.inUseCount };
  };

  /** One `syncPool`, second part: `toAdd` top-up requests at once, waiting for them all. */
  *#topUp(toAdd: number): Coroutine<void> {
    const tasks = [];
    for (let i = 0; i < toAdd; i++) tasks.push(spawn(this.#topUpOne()));
    for (const task of tasks) yield* wait(task.join());
  }

  /** One `NoCache` request of the top-up. */
  *#topUpOne(): Coroutine<void> {
    this.#lastModifiedUs = this.#env.clock.nowUs();
    const placement = this.#place(null, '', false);
    if (placement.kind === 'rejected') {
      // Refused for capacity, the pool is as full as the node allows; refused by an inhibited
      // slot, it is short until a later sync.
      if (placement.reason !== 'IpLimit') this.#topUpShort = true;
      return;
    }
    if (placement.kind !== 'waiting') return;
    const outcome = yield* this.#await(placement.slot, placement.waiter, TOP_UP_TIMEOUT_US);
    if (!outcome.ok) this.#topUpShort = true;
  }

  /** The daemon GC: frees kept stateful addresses whose time is up. */
  *#gcLoop(): Coroutine<void> {
    const clock = this.#env.clock;
    for (;;) {
      yield* wait(clock.sleep(DAEMON_GC_PERIOD_US));
      if (this.#stopped) return;
      if (this.#keptCount === 0) continue;
      const nowUs = clock.nowUs();
      for (const record of [...this.#pods.values()]) {
        if (record.state === 'kept' && record.keptUntilUs <= nowUs) this.#free(record);
      }
    }
  }
}
