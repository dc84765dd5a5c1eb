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
  let priority: number;
  switch (input.status) {
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
  if (input.ipv4) priority += input.ipv4Count;
  if (input.ipv6) priority += input.ipv6Count;
  return priority;
}

/**
 * Sorts `items` in place, stably, by `priority` descending (`descending: true`) or ascending.
 * An insertion sort: the arrays are at most a few dozen ENI slots.
 */
export function sortByPriority<T>(
  items: T[],
  priority: (item: T) => number,
  descending: boolean,
): void {
  for (let i = 1; i < items.length; i++) {
    const item = items[i] as T;
    const key = priority(item);
    let j = i - 1;
    while (j >= 0) {
      const other = priority(items[j] as T);
      const outOfOrder = descending ? other < key : other > key;
      if (!outOfOrder) break;
      items[j + 1] = items[j] as T;
      j--;
    }
    items[j + 1] = item;
  }
}
