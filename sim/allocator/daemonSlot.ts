/**
 * What Terway's `Local` (`pkg/eni/local.go`, terway.md §3.1) decides for one ENI slot of the
 * daemon pool: whether a request can be served by it (`Allocate`), what the pool sync may dispose
 * of (`Dispose`), and how many addresses a new ENI is created with (`factoryAllocWorker`).
 *
 * These are decisions over the slot's state only; the pool does the waiting, the waking and the
 * cloud calls. They live apart so that Terway's own `local_test.go` cases can hold them.
 */
import type { AddressRecord } from './addressSet.js';
import type { SlotStatus } from './eniPriority.js';
import type { EniRecord } from './eniRecord.js';
import type { AllocationFailureReason } from './podRequest.js';

/** The part of a daemon ENI slot that `Allocate`, `Dispose` and the create worker read. */
export interface SlotState {
  /** The slot holds the node's trunk ENI: never disposed of (`canDispose`). */
  readonly trunk: boolean;
  /** The slot's ENI (set while it is created, attached and in use), or null for an empty slot. */
  eni: EniRecord | null;
  status: SlotStatus;
  /** Requests waiting for a new IPv4 (`allocatingV4.Len()`). */
  allocatingV4: number;
  /** Requests waiting for a new IPv6 (`allocatingV6.Len()`). */
  allocatingV6: number;
  /** `ipAllocInhibitExpireAt`: no address is asked of the cloud before this. */
  inhibitUntilUs: number;
  /** Why the slot is inhibited (the failure a refused request reports). */
  inhibitReason: AllocationFailureReason | null;
}

/**
 * What a slot offers one request, as `Local.Allocate` answers it:
 * - `deleting`: the slot's ENI is being deleted; it takes nothing (`return nil, nil`);
 * - `full`: no idle address and no room to grow (`Condition: Full`);
 * - `inhibited`: it would have to ask the cloud but is inhibited (`InsufficientVSwitchIP`);
 * - `bind`: idle addresses (`v4`, `v6` on `eni`) serve the request now;
 * - `grow`: the request waits for the slot to grow by `expectV4` / `expectV6` addresses.
 */
export type SlotOfferKind = 'deleting' | 'full' | 'inhibited' | 'bind' | 'grow';

/** The answer of {@link slotOffer}; a field means something only for the kinds it names. */
export interface SlotOffer {
  kind: SlotOfferKind;
  /** `inhibited`: the slot's inhibit reason. */
  reason: AllocationFailureReason | null;
  /** `bind`: the ENI and the idle addresses that serve the request. */
  eni: EniRecord | null;
  v4: AddressRecord | null;
  v6: AddressRecord | null;
  /** `grow`: addresses the slot must add for the request, per family. */
  expectV4: number;
  expectV6: number;
}

/** A blank answer, for a caller that asks many slots and reuses one (no garbage per ask). */
export function newSlotOffer(): SlotOffer {
  return { kind: 'full', reason: null, eni: null, v4: null, v6: null, expectV4: 0, expectV6: 0 };
}

/** What a request asks of a slot. */
export interface SlotRequest {
  /** The pod's key, or null for a top-up (`NoCache`), which never takes an idle address. */
  key: string | null;
  /** Whether the node runs dual-stack (an IPv6 is wanted too). */
  ipv6: boolean;
  /** `cap`: addresses per ENI (`MaxIPPerENI`). */
  ipPerEni: number;
  nowUs: number;
}

/**
 * `Local.Allocate`'s decision for one request, written into `into` (a new answer by default).
 * A slot's addresses count once its ENI is in use: while it is created and attached the slot
 * holds only the requests waiting for it (Terway sets `l.eni` after the attach).
 */
export function slotOffer(
  slot: SlotState,
  request: Readonly<SlotRequest>,
  into: SlotOffer = newSlotOffer(),
): SlotOffer {
  // NOTE: only the fields of the answer's kind are written: the placement asks every slot on
  // every allocation and reads no other field.
  if (slot.status === 'Deleting') {
    into.kind = 'deleting';
    return into;
  }
  const key = request.key;
  const ipv6 = request.ipv6;
  const eni = slot.status === 'InUse' ? slot.eni : null;
  const set4 = eni?.ipv4;
  const set6 = eni?.ipv6;
  const v4 = key === null ? undefined : set4?.peekAvailable(key, null);
  const v6 = !ipv6 || key === null ? undefined : set6?.peekAvailable(key, null);
  const size4 = set4?.size ?? 0;
  const size6 = set6?.size ?? 0;
  const cap = request.ipPerEni;
  if (
    (v4 === undefined && size4 + slot.allocatingV4 >= cap) ||
    (ipv6 && v6 === undefined && size6 + slot.allocatingV6 >= cap)
  ) {
    into.kind = 'full';
    return into;
  }
  const expectV4 = v4 === undefined ? 1 : 0;
  const expectV6 = ipv6 && v6 === undefined ? 1 : 0;
  if (expectV4 + expectV6 > 0 && slot.inhibitUntilUs > request.nowUs) {
    into.kind = 'inhibited';
    into.reason = slot.inhibitReason;
    return into;
  }
  if (expectV4 + expectV6 === 0 && key !== null && eni !== null) {
    into.kind = 'bind';
    into.eni = eni;
    into.v4 = v4 ?? null;
    into.v6 = v6 ?? null;
    return into;
  }
  into.kind = 'grow';
  into.expectV4 = expectV4;
  into.expectV6 = expectV6;
  return into;
}

/** What `disposeSlot` did. */
export interface SlotDisposal {
  /** Idle addresses that left the pool (the pool sync subtracts them from its `toDel`). */
  readonly released: number;
  /** Of `released`, those of the counted family (IPv4): fewer when IPv6 disposals set the count. */
  readonly releasedIpv4: number;
  /** The slot changed, so its dispose worker must be woken. */
  readonly changed: boolean;
}

const NOTHING_DISPOSED: SlotDisposal = { released: 0, releasedIpv4: 0, changed: false };

/**
 * `Local.Dispose(n)`: the whole ENI when `n` covers all its addresses and `canDispose` (not the
 * trunk, no address in use, no request waiting for it to grow); else its Invalid idle addresses
 * and up to `n` idle ones per family, never its primary. Counts the idle addresses that leave
 * the pool. (Terway returns the ENI's address count for a whole ENI, which over-counts any
 * address already Deleting, and counts a primary it picked but cannot release; counting what
 * leaves keeps the sync's arithmetic exact.)
 */
export function disposeSlot(slot: SlotState, n: number): SlotDisposal {
  const eni = slot.eni;
  if (eni === null || slot.status !== 'InUse') return NOTHING_DISPOSED;
  const largest = Math.max(eni.ipv4.size, eni.ipv6.size);
  // `canDispose`: never the trunk, nor an ENI a pod uses or a request is waiting to grow (the
  // request would be stranded on an ENI being deleted).
  const canDispose =
    !slot.trunk &&
    eni.ipv4.inUseCount === 0 &&
    eni.ipv6.inUseCount === 0 &&
    slot.allocatingV4 === 0 &&
    slot.allocatingV6 === 0;
  if (n >= largest && canDispose) {
    slot.status = 'Deleting';
    eni.status = 'Deleting';
    return {
      released: Math.max(eni.ipv4.idleCount, eni.ipv6.idleCount),
      releasedIpv4: eni.ipv4.idleCount,
      changed: true,
    };
  }
  for (const set of [eni.ipv4, eni.ipv6]) {
    for (const record of set.records())
      if (record.status === 'Invalid' && record.podKey === null) set.markDeleting(record);
  }
  let released4 = 0;
  for (const record of eni.ipv4.releasableIdle(n)) if (eni.ipv4.markDeleting(record)) released4++;
  let released6 = 0;
  for (const record of eni.ipv6.releasableIdle(n)) if (eni.ipv6.markDeleting(record)) released6++;
  // Terway returns max(left, left6): on a dual-stack ENI the family with more idle addresses
  // sets the count, so the sync may stop with IPv4 idle above max_pool_size.
  return {
    released: Math.max(released4, released6),
    releasedIpv4: released4,
    changed: released4 + released6 > 0,
  };
}

/**
 * The create worker's batch (`factoryAllocWorker`, the `l.eni == nil` branch): a new ENI is
 * created with `min(batch, max(pending IPv4, 1))` IPv4 addresses, its primary included, and
 * `min(batch, pending IPv6)` IPv6 ones; a trunk on a dual-stack node gets at least one IPv6
 * (the daemon creates it with `CreateNetworkInterface(1, v6, "trunk")`).
 */
export function createBatch(
  slot: SlotState,
  options: { readonly ipv6: boolean; readonly batchSize: number },
): { readonly ipv4Count: number; readonly ipv6Count: number } {
  const ipv4Count = Math.min(options.batchSize, Math.max(slot.allocatingV4, 1));
  const ipv6Count = options.ipv6
    ? Math.min(options.batchSize, Math.max(slot.allocatingV6, slot.trunk ? 1 : 0))
    : 0;
  return { ipv4Count, ipv6Count };
}
