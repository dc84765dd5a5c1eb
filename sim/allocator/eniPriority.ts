/**
 * The daemon pool's ENI order (`Local.Priority()` and `Manager`'s sorts, terway.md §3.1).
 *
 * An ENI slot's priority is a status bonus (InUse +50, Creating +10, Init 0; Deleting is −100
 * outright) plus the addresses it holds per enabled family. Allocation tries slots from the
 * highest priority down under `most_ips` (fill the fullest ENI first) and from the lowest up under
 * `least_ips` (spread, creating ENIs early); the pool sync disposes in the opposite order.
 *
 * Go's `sort.Sort` on so few elements is an insertion sort, which is stable, and Terway sorts the
 * same slice in place every time; so ties keep their previous relative order. We do the same.
 */
import type { EniSelectionPolicy } from '../../models/eniConf.js';

/** A daemon ENI slot's status (`statusInit`, `statusCreating`, `statusInUse`, `statusDeleting`). */
export type SlotStatus = 'Init' | 'Creating' | 'InUse' | 'Deleting';

/** `Local.Priority()`. */
export function slotPriority(input: {
  readonly status: SlotStatus;
  readonly ipv4Count: number;
  readonly ipv6Count: number;
  readonly ipv4: boolean;
  readonly ipv6: boolean;
}): number {
  return slotPriorityOf(input.status, input.ipv4Count, input.ipv6Count, input.ipv4, input.ipv6);
}

/** {@link slotPriority} with positional arguments: the sorts call it for every slot. */
export function slotPriorityOf(
  status: SlotStatus,
  ipv4Count: number,
  ipv6Count: number,
  ipv4: boolean,
  ipv6: boolean,
): number {
  let priority: number;
  switch (status) {
    case 'Deleting':
      return -100;
    case 'InUse':
      priority = 50;
      break;
    case 'Creating':
      priority = 10;
      break;
    case 'Init':
      priority = 0;
      break;
  }
  if (ipv4) priority += ipv4Count;
  if (ipv6) priority += ipv6Count;
  return priority;
}

/**
 * `Manager.Allocate`'s order: under `most_ips` the highest priority first (fill the fullest ENI),
 * under `least_ips` the lowest first (`sort.Sort(sort.Reverse(ByPriority(...)))`).
 */
export function sortForAllocation<T>(
  items: T[],
  priority: (item: T) => number,
  policy: EniSelectionPolicy,
): void {
  sortByPriority(items, priority, policy !== 'least_ips');
}

/**
 * `Manager.syncPool`'s order: the opposite of the allocation order, so the sync disposes first of
 * the ENI the policy would fill last.
 */
export function sortForDisposal<T>(
  items: T[],
  priority: (item: T) => number,
  policy: EniSelectionPolicy,
): void {
  sortByPriority(items, priority, policy === 'least_ips');
}

// Scratch space for the sort keys: the sort runs on every allocation and never re-enters.
const scratchKeys: number[] = [];

/**
 * Sorts `items` in place, stably, by `priority` descending (`descending: true`) or ascending.
 * An insertion sort: the arrays are at most a few dozen ENI slots. Each item's priority is read
 * once, before sorting (it cannot change during the sort), rather than at every comparison.
 */
export function sortByPriority<T>(
  items: T[],
  priority: (item: T) => number,
  descending: boolean,
): void {
  const keys = scratchKeys;
  const count = items.length;
  keys.length = count;
  for (let i = 0; i < count; i++) keys[i] = priority(items[i] as T);
  for (let i = 1; i < count; i++) {
    const item = items[i] as T;
    const key = keys[i] as number;
    let j = i - 1;
    while (j >= 0) {
      const other = keys[j] as number;
      const outOfOrder = descending ? other < key : other > key;
      if (!outOfOrder) break;
      items[j + 1] = items[j] as T;
      keys[j + 1] = other;
      j--;
    }
    items[j + 1] = item;
    keys[j + 1] = key;
  }
}
