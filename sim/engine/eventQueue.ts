/**
 * The engine's pending-event queue: entries of (timeUs, order, slot), popped in increasing
 * (timeUs, order). `order` packs the event's priority above its sequence number
 * (see {@link orderKey}), so one comparison of two doubles gives the exact SimPy order
 * (time, priority, eid) with FIFO among equals.
 *
 * The queue knows nothing of callbacks: `slot` indexes the engine's own tables.
 */

/** The number of sequence numbers per priority level: 2^45 events, a bound no run reaches. */
export const SEQUENCE_LIMIT = 2 ** 45;
/** Priorities are integers in [0, PRIORITY_LIMIT); 2^8 · 2^45 keeps keys below 2^53. */
export const PRIORITY_LIMIT = 2 ** 8;

/** Packs (priority, seq) into one exactly representable integer that orders lexicographically. */
export function orderKey(priority: number, seq: number): number {
  return priority * SEQUENCE_LIMIT + seq;
}

/** The operations the engine needs from a queue of pending events. */
export interface EventQueue {
  /** The number of entries. */
  readonly size: number;
  /** Adds an entry; `timeUs` is never below the last popped entry's time. */
  push(timeUs: number, order: number, slot: number): void;
  /** The smallest entry's time; only valid when `size > 0`. */
  peekTimeUs(): number;
  /** The smallest entry's order key; only valid when `size > 0`. */
  peekOrder(): number;
  /** Removes the smallest entry and returns its slot; only valid when `size > 0`. */
  pop(): number;
  /** The time and order key of the entry the last `pop` removed. */
  readonly poppedTimeUs: number;
  readonly poppedOrder: number;
}

const INITIAL_CAPACITY = 64;

/**
 * A binary min-heap on parallel typed arrays (times, order keys, slots).
 *
 * NOTE: the entries live in three typed arrays rather than as objects so that sifting moves
 * unboxed numbers and the heap creates no garbage; the price is the manual growth below.
 */
export class BinaryHeapQueue implements EventQueue {
  size = 0;
  poppedTimeUs = 0;
  poppedOrder = 0;
  #times = new Float64Array(INITIAL_CAPACITY);
  #orders = new Float64Array(INITIAL_CAPACITY);
  #slots = new Int32Array(INITIAL_CAPACITY);

  push(timeUs: number, order: number, slot: number): void {
    if (this.size === this.#times.length) this.#grow();
    const times = this.#times;
    const orders = this.#orders;
    const slots = this.#slots;
    // Sift up with a hole: move parents down until the new entry's place is found.
    let index = this.size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const parentTime = times[parent] as number;
      if (parentTime < timeUs || (parentTime === timeUs && (orders[parent] as number) < order)) {
        break;
      }
      times[index] = parentTime;
      orders[index] = orders[parent] as number;
      slots[index] = slots[parent] as number;
      index = parent;
    }
    times[index] = timeUs;
    orders[index] = order;
    slots[index] = slot;
  }

  peekTimeUs(): number {
    return this.#times[0] as number;
  }

  peekOrder(): number {
    return this.#orders[0] as number;
  }

  pop(): number {
    const times = this.#times;
    const orders = this.#orders;
    const slots = this.#slots;
    const top = slots[0] as number;
    this.poppedTimeUs = times[0] as number;
    this.poppedOrder = orders[0] as number;
    const last = --this.size;
    if (last === 0) return top;
    const timeUs = times[last] as number;
    const order = orders[last] as number;
    const slot = slots[last] as number;
    // Sift the former last entry down from the root, again with a hole.
    let index = 0;
    const half = last >> 1;
    while (index < half) {
      let child = 2 * index + 1;
      let childTime = times[child] as number;
      let childOrder = orders[child] as number;
      const right = child + 1;
      if (right < last) {
        const rightTime = times[right] as number;
        const rightOrder = orders[right] as number;
        if (rightTime < childTime || (rightTime === childTime && rightOrder < childOrder)) {
          child = right;
          childTime = rightTime;
          childOrder = rightOrder;
        }
      }
      if (timeUs < childTime || (timeUs === childTime && order < childOrder)) break;
      times[index] = childTime;
      orders[index] = childOrder;
      slots[index] = slots[child] as number;
      index = child;
    }
    times[index] = timeUs;
    orders[index] = order;
    slots[index] = slot;
    return top;
  }

  #grow(): void {
    const capacity = this.#times.length * 2;
    const times = new Float64Array(capacity);
    const orders = new Float64Array(capacity);
    const slots = new Int32Array(capacity);
    times.set(this.#times);
    orders.set(this.#orders);
    slots.set(this.#slots);
    this.#times = times;
    this.#orders = orders;
    this.#slots = slots;
  }
}
