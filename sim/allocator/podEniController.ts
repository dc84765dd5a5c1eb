/**
 * The controlplane's side of exclusive-ENI and trunk-member pods (terway.md §3.3): the pod
 * controller creates one ENI per pod (`IPCount: 1`, plus `IPv6Count: 1` in dual-stack), the
 * PodENI controller attaches it (as a member of the node's trunk for `aliyun/member-eni` pods)
 * and waits until it is InUse, then sets the PodENI phase to `Bind`. On failure the new ENI is
 * rolled back (detached if needed, deleted). When the pod goes, its ENI is detached and deleted,
 * or, for a Fixed-IP pod, detached and kept (`Unbind`) until the pod returns or its TTL ends.
 *
 * Limits: at most 5 attaches in flight per ECS node (2 per EFLO node), and ACK's "at most 100
 * pods at once" and the controller's `eniMaxConcurrent` through {@link ParallelismLimits}.
 */
import type { Clock } from '../contracts/clock.js';
import { US_PER_SECOND } from '../contracts/clock.js';
import type { Coroutine } from '../contracts/operation.js';
import { spawn, wait } from '../contracts/operation.js';
import { ParallelismKind } from '../contracts/parallelism.js';
import type { ParallelismLease, ParallelismLimits } from '../contracts/parallelism.js';
import { assert } from './assert.js';
import { TERWAY_BACKOFF } from './backoff.js';
import type { AllocatorConfig } from './config.js';
import type { AllocatorEnv } from './env.js';
import {
  attachEni,
  deleteEni,
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
import type { Semaphore } from './sync.js';
import type { VSwitchPicker } from './vSwitchPicker.js';

/** `podENICheckPeriod`: the Fixed-IP GC period. */
export const POD_ENI_GC_PERIOD_US = 60 * US_PER_SECOND;
/** Detach attempts before giving up until the next release or GC. */
const DETACH_ATTEMPTS_MAX = 5;

/** What the controller needs to know about a node. */
export interface EniNode {
  readonly name: string;
  /** The controller's environment for this node (its platform and instance id). */
  readonly env: AllocatorEnv;
  readonly config: AllocatorConfig;
  readonly picker: VSwitchPicker;
  readonly dualStack: boolean;
  /** 5 attaches in flight per ECS node, 2 per EFLO node. */
  readonly attachSlots: Semaphore;
  /** The node's trunk ENI once it is InUse, else null. */
  trunkEniId(): string | null;
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
  readonly #clock: Clock;
  readonly #parallelism: ParallelismLimits | null;
  // The node whose environment deletes a kept ENI when its time is up.
  readonly #homeNode = new Map<string, EniNode>();
  // Pods waiting for their predecessor's ENI to come off a node: pod key → uid.
  readonly #retries = new Map<string, string>();
  #gcStarted = false;

  constructor(options: { readonly clock: Clock; readonly parallelism: ParallelismLimits | null }) {
    this.#clock = options.clock;
    this.#parallelism = options.parallelism;
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
    return true;
  }

  *#leases(key: string): Coroutine<ParallelismLease[]> {
    const limits = this.#parallelism;
    if (limits === null) return [];
    const pod = yield* wait(limits.acquire(ParallelismKind.eniPod, key));
    const controller = yield* wait(limits.acquire(ParallelismKind.controllerEni, key));
    return [pod, controller];
  }

  /** Create (unless kept), attach, wait InUse, Bind; on failure roll back and mark Failed. */
  *#setUp(node: EniNode, record: PodEniRecord, pod: PodRequest): Coroutine<void> {
    const leases = yield* this.#leases(record.key);
    try {
      if (record.eni === null) {
        const created = yield* this.#create(node, record, pod);
        if (!created.ok) {
          this.#fail(record, failureReason(created.code), created.message);
          return;
        }
        record.eni = eniRecordOf(created.eni, { kind: record.kind, status: 'Attaching' });
      }
      const eni = record.eni;
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
      eni.status = 'Attaching';
      yield* wait(node.attachSlots.acquire());
      const attached = yield* attachEni(node.env, { eniId: eni.id, trunkEniId });
      let outcome: { ok: true } | { ok: false; code: EniFailureCode; message: string } = attached.ok
        ? { ok: true }
        : { ok: false, code: attached.code, message: attached.message };
      if (attached.ok) {
        record.attached = true;
        const waited = yield* waitEniStatus(node.env, {
          eniId: eni.id,
          want: 'InUse',
          backoff: statusBackoff(node.env, trunkEniId !== null),
        });
        if (waited.kind !== 'reached') {
          outcome = {
            ok: false,
            code: 'AttachTimeout',
            message: `ENI ${eni.id} not InUse in time`,
          };
        }
      }
      node.attachSlots.release();
      if (!outcome.ok) {
        yield* this.#rollBack(node, record, failureReason(outcome.code), outcome.message);
        return;
      }
      this.#bind(record);
    } finally {
      for (const lease of leases) lease.release();
      this.#afterSetUp(node, record);
    }
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
      { vSwitchOnce: false },
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
    const leases = yield* this.#leases(record.key);
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
