/**
 * One daemon pool sync (`Manager.syncPool`, `pkg/eni/manager.go`, terway.md §3.1): sort the
 * ENI slots for disposal, count idle and in-use addresses, release `toDel` idle addresses slot by
 * slot, and say how many top-up requests to make. Generic over the slot so that Terway's own
 * `sync_pool_test.go` cases, which drive the sync with stand-in interfaces, can hold it.
 */
import type { EniSelectionPolicy } from '../../models/eniConf.js';
import { sortForDisposal } from './eniPriority.js';

/** What a slot reports to the sync (`Usage()`): idle and in-use addresses of the counted family. */
export interface SlotUsage {
  readonly idle: number;
  readonly inUse: number;
}

/** The sync's inputs: the slots and what it may ask of each. */
export interface SyncPoolInput<T> {
  /** The slots, sorted in place (Terway sorts the same slice each time). */
  readonly order: T[];
  readonly priority: (slot: T) => number;
  readonly policy: EniSelectionPolicy;
  readonly usage: (slot: T) => SlotUsage;
  /** `calculateToDel(idles)`: idle addresses to release (≤ 0: none). */
  readonly toDel: (idles: number) => number;
  /** `Dispose(n)`: releases up to `n` idle addresses of a slot; returns how many left. */
  readonly dispose: (slot: T, n: number) => number;
  /** `total`: the pool's capacity (`Capacity = maxENI × ipPerENI`). */
  readonly total: number;
  /** `minIdles` (`min_pool_size` after Terway's caps). */
  readonly minIdles: number;
}

/** Runs the shrink half of a sync; returns the top-up requests to make (0 for none). */
export function syncPool<T>(input: SyncPoolInput<T>): number {
  sortForDisposal(input.order, input.priority, input.policy);
  let idles = 0;
  let inUses = 0;
  for (const slot of input.order) {
    const usage = input.usage(slot);
    idles += usage.idle;
    inUses += usage.inUse;
  }
  let toDel = input.toDel(idles);
  for (const slot of input.order) {
    if (toDel <= 0) break;
    toDel -= input.dispose(slot, toDel);
  }
  // A full node tops up nothing; else one `NoCache` request per address short of `minIdles`.
  if (idles + inUses >= input.total) return 0;
  return Math.max(0, input.minIdles - idles);
}
