/**
 * A calendar queue for integer event times (after R. Brown, "Calendar queues", CACM 1988),
 * arranged so that its order is exactly the binary heap's (time, order).
 *
 * Time is cut into buckets of `widthUs` (a power of two). A ring of `bucketCount` buckets covers
 * the buckets after the current one; each holds an unsorted linked list of its entries, and a
 * bitmap marks the non-empty ones. Entries in the current bucket or earlier live in a small
 * exact heap (`current`); entries beyond the ring's year wait in an exact overflow heap. Popping
 * takes from `current`; when it runs dry the cursor jumps to the next non-empty bucket (or to the
 * overflow's earliest bucket) and that bucket's entries are moved into `current`. Because every
 * entry in `current` belongs to a bucket at or before the cursor, and every other entry to a
 * later one, the heap's minimum is always the global minimum: the order is exact, whatever the
 * bucket width.
 *
 * The width and ring size adapt to the observed gap between events and the mean scheduling
 * delay, with hysteresis, by rebuilding the queue (O(n), rare). Pushing and popping are then
 * O(1) on average instead of O(log n).
 *
 * Entries are identified by their slot, which the engine guarantees distinct among queued
 * entries; the per-slot arrays hold the ring's linked lists.
 */
import { BinaryHeapQueue } from './eventQueue.js';
import type { EventQueue } from './eventQueue.js';

const NONE = -1;
const BUCKETS_MIN = 64;
const BUCKETS_MAX = 2 ** 22;
const WIDTH_LOG2_MAX = 40;
/** Pops between checks of the width and ring size. */
const TUNE_INTERVAL = 1024;
/** Target entries per bucket, and the ring's year in mean scheduling delays. */
const ENTRIES_PER_BUCKET = 4;
const YEAR_IN_MEAN_DELAYS = 3;
/**
 * At or below this many entries the ring costs more than it saves, and everything stays in the
 * exact heap ("heap mode"); the ring is used again from four times as many (hysteresis).
 */
const HEAP_MODE_SIZE_MAX = 16;

/** Options of {@link CalendarQueue}; the defaults adapt within the first few thousand pops. */
export interface CalendarQueueOptions {
  /** log2 of the starting bucket width in microseconds (default 10: about 1 ms). */
  readonly widthLog2?: number;
  /** The starting number of buckets, a power of two (default 256). */
  readonly buckets?: number;
  /**
   * Queues this small are kept in heap mode (default 16). Giving a geometry above starts the
   * queue in ring mode; tests pass 0 to keep it there.
   */
  readonly heapModeSizeMax?: number;
}

function ceilLog2(value: number): number {
  return value <= 1 ? 0 : Math.ceil(Math.log2(value));
}

/** A calendar queue with exact (time, order) output; see the file comment. */
export class CalendarQueue implements EventQueue {
  size = 0;
  poppedTimeUs = 0;
  poppedOrder = 0;
  readonly #current = new BinaryHeapQueue();
  readonly #overflow = new BinaryHeapQueue();
  // The ring: bucket heads, occupancy bitmap, and per-slot list links and keys.
  #heads = new Int32Array(0);
  #bitmap = new Int32Array(0);
  #next = new Int32Array(64);
  #times = new Float64Array(64);
  #orders = new Float64Array(64);
  #ringSize = 0;
  #bucketCount = 0;
  #mask = 0;
  #widthLog2 = 0;
  #inverseWidth = 0;
  /** The cursor: the absolute number of the current bucket, and its ring index. */
  #cursorBucket = 0;
  #cursorIndex = 0;
  // Tuning statistics since the last check.
  #lastPopUs = 0;
  #popsSinceTune = 0;
  #popTimeAtTune = 0;
  #delaySumUs = 0;
  #pushesSinceTune = 0;
  readonly #heapModeSizeMax: number;

  constructor(options: CalendarQueueOptions = {}) {
    this.#heapModeSizeMax = options.heapModeSizeMax ?? HEAP_MODE_SIZE_MAX;
    if (!Number.isSafeInteger(this.#heapModeSizeMax) || this.#heapModeSizeMax < 0) {
      throw new RangeError(
        `CalendarQueue: heapModeSizeMax must be >= 0, got ${this.#heapModeSizeMax}`,
      );
    }
    this.#configure(options.widthLog2 ?? 10, options.buckets ?? 256, 0);
    if (options.widthLog2 === undefined && options.buckets === undefined) this.#enterHeapMode();
  }

  /** True while every entry lives in the exact heap; see {@link HEAP_MODE_SIZE_MAX}. */
  #inHeapMode(): boolean {
    return this.#cursorBucket === Number.POSITIVE_INFINITY;
  }

  // Heap mode is a cursor at infinity: every insert then has offset −∞ and goes to the heap, so
  // `#insert` needs no branch for it; `push` tests it only to skip the bucket arithmetic.
  #enterHeapMode(): void {
    this.#cursorBucket = Number.POSITIVE_INFINITY;
  }

  push(timeUs: number, order: number, slot: number): void {
    this.size++;
    this.#delaySumUs += timeUs - this.#lastPopUs;
    this.#pushesSinceTune++;
    if (this.#cursorBucket === Number.POSITIVE_INFINITY) this.#current.push(timeUs, order, slot);
    else this.#insert(timeUs, order, slot);
  }

  peekTimeUs(): number {
    if (this.#current.size === 0) this.#fillCurrent();
    return this.#current.peekTimeUs();
  }

  peekOrder(): number {
    if (this.#current.size === 0) this.#fillCurrent();
    return this.#current.peekOrder();
  }

  pop(): number {
    if (this.#current.size === 0) this.#fillCurrent();
    this.size--;
    const current = this.#current;
    const slot = current.pop();
    this.poppedTimeUs = current.poppedTimeUs;
    this.poppedOrder = current.poppedOrder;
    this.#lastPopUs = this.poppedTimeUs;
    if (++this.#popsSinceTune === TUNE_INTERVAL) this.#tune();
    return slot;
  }

  #insert(timeUs: number, order: number, slot: number): void {
    const offset = Math.floor(timeUs * this.#inverseWidth) - this.#cursorBucket;
    if (offset <= 0) {
      this.#current.push(timeUs, order, slot);
    } else if (offset < this.#bucketCount) {
      if (slot >= this.#next.length) this.#growSlots(slot);
      const index = (this.#cursorIndex + offset) & this.#mask;
      this.#times[slot] = timeUs;
      this.#orders[slot] = order;
      this.#next[slot] = this.#heads[index] as number;
      this.#heads[index] = slot;
      this.#bitmap[index >> 5] = (this.#bitmap[index >> 5] as number) | (1 << (index & 31));
      this.#ringSize++;
    } else {
      this.#overflow.push(timeUs, order, slot);
    }
  }

  /** Makes `current` non-empty (the queue must not be empty). */
  #fillCurrent(): void {
    // Bounded: each pass either empties a ring bucket into `current` or migrates the overflow.
    while (this.#current.size === 0) {
      if (this.#ringSize > 0) this.#advanceTo(this.#nextOccupiedOffset());
      else if (this.#overflow.size > 0) {
        const bucket = Math.floor(this.#overflow.peekTimeUs() * this.#inverseWidth);
        this.#advanceTo(bucket - this.#cursorBucket);
      } else {
        throw new Error(`CalendarQueue: pop from an empty queue (size ${this.size})`);
      }
    }
  }

  /** Moves the cursor `offset` buckets ahead, takes that bucket, then migrates the overflow. */
  #advanceTo(offset: number): void {
    const index = (this.#cursorIndex + offset) & this.#mask;
    this.#cursorBucket += offset;
    this.#cursorIndex = index;
    if (offset < this.#bucketCount) this.#takeBucket(index);
    const limit = this.#cursorBucket + this.#bucketCount;
    const overflow = this.#overflow;
    while (overflow.size > 0 && overflow.peekTimeUs() * this.#inverseWidth < limit) {
      const timeUs = overflow.peekTimeUs();
      const order = overflow.peekOrder();
      this.#insert(timeUs, order, overflow.pop());
    }
  }

  #takeBucket(index: number): void {
    let slot = this.#heads[index] as number;
    if (slot === NONE) return;
    this.#heads[index] = NONE;
    this.#bitmap[index >> 5] = (this.#bitmap[index >> 5] as number) & ~(1 << (index & 31));
    const current = this.#current;
    while (slot !== NONE) {
      current.push(this.#times[slot] as number, this.#orders[slot] as number, slot);
      this.#ringSize--;
      slot = this.#next[slot] as number;
    }
  }

  /** The offset (1 … bucketCount − 1) of the next occupied ring bucket after the cursor. */
  #nextOccupiedOffset(): number {
    const bitmap = this.#bitmap;
    const words = bitmap.length;
    const start = (this.#cursorIndex + 1) & this.#mask;
    let word = start >> 5;
    // Mask off the bits below `start` in its word, then scan whole words around the ring.
    let bits = (bitmap[word] as number) & (-1 << (start & 31));
    for (let scanned = 0; scanned <= words; scanned++) {
      if (bits !== 0) {
        const index = (word << 5) + (31 - Math.clz32(bits & -bits));
        const offset = (index - this.#cursorIndex) & this.#mask;
        if (offset === 0)
          throw new Error('CalendarQueue: the current bucket is marked in the ring');
        return offset;
      }
      word = word + 1 === words ? 0 : word + 1;
      bits = bitmap[word] as number;
    }
    throw new Error(`CalendarQueue: ring holds ${this.#ringSize} entries but no bucket is marked`);
  }

  /** Re-derives the width and ring size from recent traffic; rebuilds if either is far off. */
  #tune(): void {
    const elapsedUs = this.#lastPopUs - this.#popTimeAtTune;
    const meanDelayUs = this.#pushesSinceTune > 0 ? this.#delaySumUs / this.#pushesSinceTune : 0;
    const gapUs = elapsedUs / this.#popsSinceTune;
    this.#popsSinceTune = 0;
    this.#popTimeAtTune = this.#lastPopUs;
    this.#delaySumUs = 0;
    this.#pushesSinceTune = 0;
    const widthLog2 = Math.min(WIDTH_LOG2_MAX, ceilLog2(gapUs * ENTRIES_PER_BUCKET));
    const yearBuckets = (meanDelayUs * YEAR_IN_MEAN_DELAYS) / 2 ** widthLog2;
    const buckets = 2 ** Math.min(ceilLog2(BUCKETS_MAX), Math.max(6, ceilLog2(yearBuckets)));
    if (this.#inHeapMode()) {
      if (this.size > this.#heapModeSizeMax * 4) this.#rebuild(widthLog2, buckets, false);
      return;
    }
    if (this.size <= this.#heapModeSizeMax) {
      this.#rebuild(widthLog2, buckets, true);
      return;
    }
    const widthFar = Math.abs(widthLog2 - this.#widthLog2) >= 2;
    const bucketsFar = buckets >= this.#bucketCount * 4 || buckets * 4 <= this.#bucketCount;
    if (widthFar || bucketsFar) this.#rebuild(widthLog2, buckets, false);
  }

  #rebuild(widthLog2: number, buckets: number, heapMode: boolean): void {
    const times: number[] = [];
    const orders: number[] = [];
    const slots: number[] = [];
    for (const heap of [this.#current, this.#overflow]) {
      while (heap.size > 0) {
        times.push(heap.peekTimeUs());
        orders.push(heap.peekOrder());
        slots.push(heap.pop());
      }
    }
    for (let index = 0; index < this.#bucketCount; index++) {
      for (
        let slot = this.#heads[index] as number;
        slot !== NONE;
        slot = this.#next[slot] as number
      ) {
        times.push(this.#times[slot] as number);
        orders.push(this.#orders[slot] as number);
        slots.push(slot);
      }
    }
    if (slots.length !== this.size) {
      throw new Error(`CalendarQueue: rebuild found ${slots.length} entries, size ${this.size}`);
    }
    this.#configure(widthLog2, buckets, this.#lastPopUs);
    if (heapMode) this.#enterHeapMode();
    for (let index = 0; index < slots.length; index++) {
      this.#insert(times[index] as number, orders[index] as number, slots[index] as number);
    }
  }

  #configure(widthLog2: number, buckets: number, nowUs: number): void {
    if (!Number.isInteger(widthLog2) || widthLog2 < 0 || widthLog2 > WIDTH_LOG2_MAX) {
      throw new RangeError(`CalendarQueue: widthLog2 must be in [0, 40], got ${widthLog2}`);
    }
    if (buckets < BUCKETS_MIN || buckets > BUCKETS_MAX || (buckets & (buckets - 1)) !== 0) {
      throw new RangeError(`CalendarQueue: buckets must be a power of two >= 64, got ${buckets}`);
    }
    this.#widthLog2 = widthLog2;
    this.#inverseWidth = 2 ** -widthLog2;
    this.#bucketCount = buckets;
    this.#mask = buckets - 1;
    this.#heads = new Int32Array(buckets).fill(NONE);
    this.#bitmap = new Int32Array(buckets >> 5);
    this.#ringSize = 0;
    this.#cursorBucket = Math.floor(nowUs * this.#inverseWidth);
    this.#cursorIndex = 0;
  }

  #growSlots(slot: number): void {
    const capacity = 2 ** ceilLog2(slot + 1);
    const next = new Int32Array(capacity);
    const times = new Float64Array(capacity);
    const orders = new Float64Array(capacity);
    next.set(this.#next);
    times.set(this.#times);
    orders.set(this.#orders);
    this.#next = next;
    this.#times = times;
    this.#orders = orders;
  }
}
