/**
 * Terway's per-node daemon (`pkg/eni`: `Manager`, `Local`) in the shapes its unit tests use, mapped
 * onto enisim's allocator core. Every import of the core's daemon-side files is here, so that the
 * conformance tests follow the core when its entry points move.
 *
 * The adapters translate; they decide nothing. Each one builds enisim's input from the fields a
 * Terway test sets, calls the core's function, and reads its answer back in Terway's terms.
 */
import { US_PER_SECOND } from '../../../sim/contracts/clock.js';
import type { EniSelectionPolicy } from '../../../models/eniConf.js';
import { calculateToDel } from '../../../sim/allocator/reclaim.js';
import { createBatch, disposeSlot, slotOffer } from '../../../sim/allocator/daemonSlot.js';
import type { SlotOffer, SlotState } from '../../../sim/allocator/daemonSlot.js';
import { slotPriority, sortForAllocation } from '../../../sim/allocator/eniPriority.js';
import type { SlotStatus } from '../../../sim/allocator/eniPriority.js';
import { syncPool } from '../../../sim/allocator/poolSync.js';
import { DAEMON_BATCH_SIZE } from '../../../sim/allocator/daemonPool.js';
import type { EniRecord } from '../../../sim/allocator/eniRecord.js';
import type { CreateNetworkInterfaceRequest } from '../../../sim/contracts/cloudApi.js';
import { pod, seconds, World } from '../../unit/allocator/harness.js';
import { eniWithAddresses, type TerwayIp } from './records.js';

export { DAEMON_BATCH_SIZE };

/**
 * "Now" of a conformance case. Terway's tests place times around `time.Now()`; here they are
 * offsets from a fixed instant late enough that every "ago" in the tests stays positive.
 */
export const NOW_US = 10 * 3600 * US_PER_SECOND;

/** `time.Now().Add(-d)`. */
export function agoUs(seconds: number): number {
  return NOW_US - seconds * US_PER_SECOND;
}

/** `time.Now().Add(d)`. */
export function fromNowUs(seconds: number): number {
  return NOW_US + seconds * US_PER_SECOND;
}

/** Go's zero `time.Time`: the first instant of the simulation, before every offset above. */
export const ZERO_TIME_US = 0;

/** The `Manager` fields `calculateToDel` reads (durations in seconds, times in µs; 0 = unset). */
export interface TerwayManager {
  readonly minIdles: number;
  readonly maxIdles: number;
  readonly reclaimBatchSize?: number;
  readonly reclaimIntervalS?: number;
  readonly reclaimAfterS?: number;
  readonly reclaimFactor?: number;
  /** `lastModified` (µs); Go's zero time when not set. */
  readonly lastModifiedUs?: number;
  /** `nextReclaimTime` (µs); Go's zero time when not set. */
  readonly nextReclaimTimeUs?: number;
}

/** `m.calculateToDel(idles)`, and the manager's `nextReclaimTime` after the call. */
export function managerCalculateToDel(
  manager: TerwayManager,
  idles: number,
): { readonly toDel: number; readonly nextReclaimTimeIsZero: boolean } {
  const next = manager.nextReclaimTimeUs ?? ZERO_TIME_US;
  const decision = calculateToDel({
    idles,
    nowUs: NOW_US,
    lastModifiedUs: manager.lastModifiedUs ?? ZERO_TIME_US,
    // Go's zero time is enisim's "no schedule".
    nextReclaimUs: next === ZERO_TIME_US ? null : next,
    settings: {
      maxIdles: manager.maxIdles,
      minIdles: manager.minIdles,
      afterUs: (manager.reclaimAfterS ?? 0) * US_PER_SECOND,
      intervalUs: (manager.reclaimIntervalS ?? 0) * US_PER_SECOND,
      batchSize: manager.reclaimBatchSize ?? 0,
      jitterFactor: manager.reclaimFactor ?? 0,
    },
    // `wait.Jitter`'s draw: the tests look only at whether a time is set, not at its value.
    draw: () => 0.5,
  });
  return { toDel: decision.toDel, nextReclaimTimeIsZero: decision.nextReclaimUs === null };
}

/** A stand-in `NetworkInterface` of the manager tests: a priority and the address it hands out. */
export interface StandInInterface {
  readonly priority: number;
  readonly ipv4: string;
}

/**
 * `Manager.Allocate` over interfaces that all accept: the manager sorts them for the policy and
 * the first in that order serves the request. Returns the address it hands out.
 */
export function managerAllocate(
  interfaces: readonly StandInInterface[],
  policy: EniSelectionPolicy,
): string | null {
  const order = [...interfaces];
  sortForAllocation(order, (ni) => ni.priority, policy);
  return order[0]?.ipv4 ?? null;
}

/** `mockNetworkInterface` of `sync_pool_test.go`: fixed usage, records what `Dispose` was asked. */
export class MockNetworkInterface {
  readonly priority: number;
  readonly idle: number;
  readonly inuse: number;
  readonly disposeReturn: number;
  disposeCalled = 0;

  constructor(fields: {
    priority?: number;
    idle?: number;
    inuse?: number;
    disposeReturn?: number;
  }) {
    this.priority = fields.priority ?? 0;
    this.idle = fields.idle ?? 0;
    this.inuse = fields.inuse ?? 0;
    this.disposeReturn = fields.disposeReturn ?? 0;
  }
}

/** The `Manager` fields `syncPool` reads. */
export interface SyncManager {
  readonly networkInterfaces: readonly MockNetworkInterface[];
  readonly maxIdles?: number;
  readonly minIdles?: number;
  readonly total?: number;
  readonly selectionPolicy?: EniSelectionPolicy;
}

/**
 * `m.syncPool(ctx)` with `Allocate` counted instead of run: returns how many top-up requests the
 * sync makes (Terway's test counts the `Allocate` calls). The mocks record `Dispose`.
 */
export function managerSyncPool(manager: SyncManager): number {
  const maxIdles = manager.maxIdles ?? 0;
  const minIdles = manager.minIdles ?? 0;
  return syncPool({
    order: [...manager.networkInterfaces],
    priority: (ni) => ni.priority,
    policy: manager.selectionPolicy ?? 'most_ips',
    usage: (ni) => ({ idle: ni.idle, inUse: ni.inuse }),
    toDel: (idles) =>
      // The test's manager has no reclaim fields set: calculateToDel is `idles − maxIdles`.
      managerCalculateToDel({ maxIdles, minIdles }, idles).toDel,
    dispose: (ni, n) => {
      ni.disposeCalled += n;
      return ni.disposeReturn;
    },
    total: manager.total ?? 0,
    minIdles,
  });
}

/** Terway's `Local` status names. */
export type LocalStatus = 'statusInit' | 'statusCreating' | 'statusInUse' | 'statusDeleting';

const SLOT_STATUS: Readonly<Record<LocalStatus, SlotStatus>> = {
  statusInit: 'Init',
  statusCreating: 'Creating',
  statusInUse: 'InUse',
  statusDeleting: 'Deleting',
};

/** The `Local` fields its tests set (see `NewLocalTest`). */
export interface TerwayLocal {
  /** `daemon.ENI{ID: ...}`, or null for `NewLocalTest(nil, ...)`. */
  readonly eniId: string | null;
  /** `local.status`; `NewLocalTest` leaves it at `statusInit`, the zero value. */
  readonly status?: LocalStatus;
  /** `eniType`: `"trunk"` (and `"erdma"`, not modelled) cannot be disposed of. */
  readonly eniType?: string;
  /** `PoolConfig.MaxIPPerENI` (`cap`). */
  readonly maxIpPerEni?: number;
  readonly enableIpv4?: boolean;
  readonly enableIpv6?: boolean;
  readonly ipv4?: readonly TerwayIp[];
  readonly ipv6?: readonly TerwayIp[];
  /** `len(local.allocatingV4)`, `len(local.allocatingV6)`. */
  readonly allocatingV4?: number;
  readonly allocatingV6?: number;
  /** `ipAllocInhibitExpireAt` (µs). */
  readonly ipAllocInhibitExpireAtUs?: number;
}

/** A `Local` built as enisim's slot; `eni` is the slot's ENI record for reading back. */
export interface LocalSlot {
  readonly slot: SlotState;
  readonly eni: EniRecord | null;
}

/**
 * The slot of a `Local`. One mapping is not field for field: `NewLocalTest` gives a `Local` an
 * ENI and leaves `status` at `statusInit`, a state the daemon never reaches (it sets `l.eni` and
 * `statusInUse` together after the attach, and `Allocate` reads no status but Deleting). enisim
 * counts a slot's addresses only once it is InUse, so a `Local` with an ENI and no status set
 * becomes an InUse slot: the ENI in service the test means.
 */
export function localSlot(local: TerwayLocal): LocalSlot {
  const eni =
    local.eniId === null
      ? null
      : eniWithAddresses({
          id: local.eniId,
          kind: local.eniType === 'trunk' ? 'trunk' : 'secondary',
          status: 'InUse',
          ipv4: local.ipv4 ?? [],
          ipv6: local.ipv6 ?? [],
        });
  const status: SlotStatus =
    local.status === undefined ? (eni === null ? 'Init' : 'InUse') : SLOT_STATUS[local.status];
  if (eni !== null && status === 'Deleting') eni.status = 'Deleting';
  return {
    eni,
    slot: {
      trunk: local.eniType === 'trunk',
      eni,
      status,
      allocatingV4: local.allocatingV4 ?? 0,
      allocatingV6: local.allocatingV6 ?? 0,
      inhibitUntilUs: local.ipAllocInhibitExpireAtUs ?? ZERO_TIME_US,
      // The tests set only the expiry time, never the error that set it.
      inhibitReason: null,
    },
  };
}

/** `local.status` in Terway's names. */
export function localStatus(slot: SlotState): LocalStatus {
  const names = Object.entries(SLOT_STATUS) as [LocalStatus, SlotStatus][];
  const found = names.find(([, status]) => status === slot.status);
  if (found === undefined) throw new Error(`slot status ${slot.status} has no Terway name`);
  return found[0];
}

/** `local.Dispose(n)`. */
export function localDispose(local: LocalSlot, n: number): number {
  return disposeSlot(local.slot, n).released;
}

/** The answer of `local.Allocate(ctx, cni, request)` in Terway's terms. */
export interface LocalAllocateAnswer {
  /** The response channel is non-nil: the request is served now or waits on this slot. */
  readonly channel: boolean;
  /** `len(traces)`: one trace for a refusal (Full, InsufficientVSwitchIP, ...). */
  readonly traces: number;
  /** enisim's answer, for the reader of a failure. */
  readonly offer: SlotOffer;
}

/**
 * `local.Allocate(ctx, cni, request)` for pod `pod-1`, or a top-up when `noCache`
 * (`request.NoCache = true`). IPv4 is always on in enisim (IPv6-only is not modelled).
 */
export function localAllocate(
  local: LocalSlot,
  fields: TerwayLocal,
  request: { readonly noCache: boolean },
): LocalAllocateAnswer {
  if (fields.enableIpv4 === false) throw new Error('enisim does not model IPv6-only pools');
  const offer = slotOffer(local.slot, {
    key: request.noCache ? null : 'pod-1',
    ipv6: fields.enableIpv6 === true,
    ipPerEni: fields.maxIpPerEni ?? 0,
    nowUs: NOW_US,
  });
  switch (offer.kind) {
    case 'bind':
    case 'grow':
      return { channel: true, traces: 0, offer };
    case 'full':
    case 'inhibited':
      return { channel: false, traces: 1, offer };
    case 'deleting':
      return { channel: false, traces: 0, offer };
  }
}

/** The counts `factoryAllocWorker` creates a new ENI with: `CreateNetworkInterface(v4, v6, ...)`. */
export function localCreateCounts(
  local: LocalSlot,
  fields: TerwayLocal & { readonly batchSize: number },
): { readonly ipv4: number; readonly ipv6: number } {
  const batch = createBatch(local.slot, {
    ipv6: fields.enableIpv6 === true,
    batchSize: fields.batchSize,
  });
  return { ipv4: batch.ipv4Count, ipv6: batch.ipv6Count };
}

/** `l.Priority()` of a `Local` with the given status, families and address counts. */
export function localPriority(fields: {
  readonly status: LocalStatus;
  readonly enableIpv4?: boolean;
  readonly enableIpv6?: boolean;
  readonly ipv4Count?: number;
  readonly ipv6Count?: number;
}): number {
  return slotPriority({
    status: SLOT_STATUS[fields.status],
    ipv4Count: fields.ipv4Count ?? 0,
    ipv6Count: fields.ipv6Count ?? 0,
    ipv4: fields.enableIpv4 === true,
    ipv6: fields.enableIpv6 === true,
  });
}

/**
 * The create worker on a whole simulated node: `pods` pods arrive together on a node with no ENI
 * yet (`min_pool_size` 0, so only they ask). Returns the IPv4 count of the one create call (the
 * primary included: `secondaryPrivateIpAddressCount + 1`), and the ENI's state and IPv4 count
 * once the requests are served.
 */
export function nodeCreatesFirstEni(pods: number): {
  readonly creates: number;
  readonly createIpv4: number;
  readonly eniStatus: string | null;
  readonly eniIpv4: number;
} {
  const world = new World({ seed: 1 });
  const node = world.addNode({ name: 'n1', config: { minPoolSize: 0 } });
  world.checkEveryEvent();
  for (let i = 0; i < pods; i++) world.spawn(node.allocate(pod(`p${i}`)));
  world.runUntil(seconds(60));
  const creates = world.callsOf('createNetworkInterface', 'node/i-n1');
  const request = creates[0]?.request as CreateNetworkInterfaceRequest | undefined;
  const eni = node.snapshot().enis[0];
  return {
    creates: creates.length,
    createIpv4: (request?.secondaryPrivateIpAddressCount ?? -1) + 1,
    eniStatus: eni?.status ?? null,
    eniIpv4: eni?.ipv4.length ?? 0,
  };
}
