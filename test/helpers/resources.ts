/**
 * SimPy-style shared resources: contended capacity modelled as queues of waiting processes.
 *
 * - {@link Resource}: `capacity` identical units (API concurrency slots, a controller's workers);
 * - {@link Container}: a continuous level between 0 and `capacity` (free addresses in a pool);
 * - {@link Store} and {@link FilterStore}: discrete items (ENI slots, messages).
 *
 * Waiters are served first come, first served. A request that can be satisfied at once
 * completes synchronously (its coroutine continues without an event); a waiter that is served
 * later is resumed through an engine event at the current time, so waking one process never
 * runs it in the middle of another's step.
 */
import type { Operation } from '../../sim/contracts/operation.js';
import { Priority } from '../../sim/engine/engine.js';
import type { Engine } from '../../sim/engine/engine.js';

/** Where resources schedule the resumption of waiters. */
type Scheduler = Pick<Engine, 'nowUs' | 'schedule'>;

/** A first-in first-out queue of values with amortised O(1) operations. */
class FifoQueue<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  peek(): T | undefined {
    return this.#items[this.#head];
  }

  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    // Compact once the consumed prefix dominates, so memory stays proportional to the length.
    if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes and returns the first item that satisfies `accept`. */
  removeFirst(accept: (item: T) => boolean): T | undefined {
    for (let index = this.#head; index < this.#items.length; index++) {
      const item = this.#items[index] as T;
      if (accept(item)) {
        this.#items.splice(index, 1);
        return item;
      }
    }
    return undefined;
  }
}

function wake<T>(scheduler: Scheduler, resume: (value: T) => void, value: T): void {
  scheduler.schedule(
    0,
    () => {
      resume(value);
    },
    Priority.normal,
  );
}

function checkCapacity(capacity: number, what: string, integer: boolean): void {
  const valid = integer
    ? Number.isSafeInteger(capacity) || capacity === Number.POSITIVE_INFINITY
    : !Number.isNaN(capacity);
  if (!valid || !(capacity > 0)) {
    throw new RangeError(`${what}: "capacity" must be a positive number, got ${capacity}`);
  }
}

/** Options of {@link Resource}. */
export interface ResourceOptions {
  /** The number of units; a positive integer. */
  readonly capacity: number;
}

/**
 * A resource with `capacity` units. `request()` resumes once a unit is granted to the caller;
 * the holder returns it with `release()`. Grants are strictly FIFO.
 */
export class Resource {
  /** The number of units. */
  readonly capacity: number;
  #inUse = 0;
  readonly #waiters = new FifoQueue<(value: undefined) => void>();
  readonly #scheduler: Scheduler;
  #requestsTotal = 0;
  #waitedTotal = 0;
  // Time integrals of units in use and of queue length, for utilisation and mean queue length.
  #busyUnitUs = 0;
  #queueUs = 0;
  #changedAtUs: number;
  readonly #createdAtUs: number;

  constructor(scheduler: Scheduler, options: ResourceOptions) {
    checkCapacity(options.capacity, 'Resource', true);
    this.capacity = options.capacity;
    this.#scheduler = scheduler;
    this.#createdAtUs = scheduler.nowUs();
    this.#changedAtUs = this.#createdAtUs;
  }

  /** Units held right now. */
  get inUse(): number {
    return this.#inUse;
  }

  /** Requests waiting for a unit. */
  get queueLength(): number {
    return this.#waiters.length;
  }

  /** Requests made, and how many of them had to wait. */
  get counts(): { readonly requestsTotal: number; readonly waitedTotal: number } {
    return { requestsTotal: this.#requestsTotal, waitedTotal: this.#waitedTotal };
  }

  /** Time-weighted means since creation: units in use and requests waiting. */
  timeAverages(): { readonly inUseMean: number; readonly queueLengthMean: number } {
    this.#accumulate();
    const elapsedUs = this.#changedAtUs - this.#createdAtUs;
    if (elapsedUs === 0) return { inUseMean: this.#inUse, queueLengthMean: this.#waiters.length };
    return { inUseMean: this.#busyUnitUs / elapsedUs, queueLengthMean: this.#queueUs / elapsedUs };
  }

  /** An operation that resumes once a unit is held by the caller. */
  request(): Operation<void> {
    return {
      start: (resume: (value: undefined) => void) => {
        this.#accumulate();
        this.#requestsTotal++;
        if (this.#inUse < this.capacity) {
          this.#inUse++;
          resume(undefined);
        } else {
          this.#waitedTotal++;
          this.#waiters.push(resume);
        }
      },
    };
  }

  /** Takes a unit without waiting if one is free; returns whether it did. */
  tryRequest(): boolean {
    if (this.#inUse >= this.capacity) return false;
    this.#accumulate();
    this.#requestsTotal++;
    this.#inUse++;
    return true;
  }

  /** Returns a unit; the first waiter, if any, is granted it at the current time. */
  release(): void {
    if (this.#inUse <= 0) throw new Error('Resource.release without a unit in use');
    this.#accumulate();
    const next = this.#waiters.shift();
    // The unit passes straight to the next waiter, so `inUse` does not change in that case.
    if (next === undefined) this.#inUse--;
    else wake(this.#scheduler, next, undefined);
  }

  #accumulate(): void {
    const nowUs = this.#scheduler.nowUs();
    const elapsedUs = nowUs - this.#changedAtUs;
    if (elapsedUs > 0) {
      this.#busyUnitUs += this.#inUse * elapsedUs;
      this.#queueUs += this.#waiters.length * elapsedUs;
      this.#changedAtUs = nowUs;
    }
  }
}

/** Options of {@link Container}. */
export interface ContainerOptions {
  /** The largest level; positive, and may be `Infinity` (the default). */
  readonly capacity?: number;
  /** The starting level, in [0, capacity] (default 0). */
  readonly init?: number;
}

interface AmountWaiter {
  readonly amount: number;
  readonly resume: (value: undefined) => void;
}

/**
 * A continuous level in [0, capacity]. `put(amount)` waits for room; `get(amount)` waits for the
 * level. Each side is served strictly FIFO: a large request at the head is not overtaken.
 */
export class Container {
  /** The largest level. */
  readonly capacity: number;
  #level: number;
  readonly #puts = new FifoQueue<AmountWaiter>();
  readonly #gets = new FifoQueue<AmountWaiter>();
  readonly #scheduler: Scheduler;

  constructor(scheduler: Scheduler, options: ContainerOptions = {}) {
    const capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    const init = options.init ?? 0;
    checkCapacity(capacity, 'Container', false);
    if (!(init >= 0) || !Number.isFinite(init)) {
      throw new RangeError(`Container: "init" must be a finite number >= 0, got ${init}`);
    }
    if (init > capacity) {
      throw new RangeError(`Container: "init" must be <= "capacity", got ${init} > ${capacity}`);
    }
    this.capacity = capacity;
    this.#level = init;
    this.#scheduler = scheduler;
  }

  /** The current level. */
  get level(): number {
    return this.#level;
  }

  /** Puts and gets waiting. */
  get waiting(): { readonly puts: number; readonly gets: number } {
    return { puts: this.#puts.length, gets: this.#gets.length };
  }

  /** An operation that adds `amount` once there is room for it. */
  put(amount: number): Operation<void> {
    this.#checkAmount(amount, 'put');
    return {
      start: (resume: (value: undefined) => void) => {
        if (this.#puts.length === 0 && this.#level + amount <= this.capacity) {
          this.#level += amount;
          resume(undefined);
          this.#serveGets();
        } else {
          this.#puts.push({ amount, resume });
        }
      },
    };
  }

  /** An operation that removes `amount` once the level holds it. */
  get(amount: number): Operation<void> {
    this.#checkAmount(amount, 'get');
    return {
      start: (resume: (value: undefined) => void) => {
        if (this.#gets.length === 0 && this.#level >= amount) {
          this.#level -= amount;
          resume(undefined);
          this.#servePuts();
        } else {
          this.#gets.push({ amount, resume });
        }
      },
    };
  }

  #checkAmount(amount: number, what: string): void {
    if (!(amount > 0) || !Number.isFinite(amount) || amount > this.capacity) {
      throw new RangeError(
        `Container.${what}: amount must be in (0, capacity ${this.capacity}], got ${amount}`,
      );
    }
  }

  #serveGets(): void {
    // Bounded: each iteration removes a waiter.
    for (let head = this.#gets.peek(); head !== undefined; head = this.#gets.peek()) {
      if (this.#level < head.amount) return;
      this.#gets.shift();
      this.#level -= head.amount;
      wake(this.#scheduler, head.resume, undefined);
      this.#servePuts();
    }
  }

  #servePuts(): void {
    for (let head = this.#puts.peek(); head !== undefined; head = this.#puts.peek()) {
      if (this.#level + head.amount > this.capacity) return;
      this.#puts.shift();
      this.#level += head.amount;
      wake(this.#scheduler, head.resume, undefined);
    }
  }
}

/** Options of {@link Store}. */
export interface StoreOptions {
  /** The most items held at once; a positive integer or `Infinity` (the default). */
  readonly capacity?: number;
}

interface ItemWaiter<T> {
  readonly item: T;
  readonly resume: (value: undefined) => void;
}

/**
 * A store of discrete items. `put(item)` waits while the store is full; `get()` waits for an
 * item. Items leave in the order they came; waiters on each side are served FIFO.
 */
export class Store<T> {
  /** The most items held at once. */
  readonly capacity: number;
  protected readonly items = new FifoQueue<T>();
  protected readonly puts = new FifoQueue<ItemWaiter<T>>();
  protected readonly scheduler: Scheduler;
  readonly #gets = new FifoQueue<(value: T) => void>();

  constructor(scheduler: Scheduler, options: StoreOptions = {}) {
    const capacity = options.capacity ?? Number.POSITIVE_INFINITY;
    checkCapacity(capacity, 'Store', true);
    this.capacity = capacity;
    this.scheduler = scheduler;
  }

  /** Items held. */
  get size(): number {
    return this.items.length;
  }

  /** Puts waiting for room. */
  get waitingPuts(): number {
    return this.puts.length;
  }

  /** An operation that stores `item` once there is room. */
  put(item: T): Operation<void> {
    return {
      start: (resume: (value: undefined) => void) => {
        if (this.puts.length === 0 && this.items.length < this.capacity) {
          resume(undefined);
          this.deliver(item);
        } else {
          this.puts.push({ item, resume });
        }
      },
    };
  }

  /** An operation that resumes with the oldest item once there is one. */
  get(): Operation<T> {
    return {
      start: (resume: (value: T) => void) => {
        if (this.items.length > 0) {
          resume(this.items.shift() as T);
          this.admitPuts();
        } else {
          this.#gets.push(resume);
        }
      },
    };
  }

  /** Hands `item` to a waiting getter, or keeps it. */
  protected deliver(item: T): void {
    const getter = this.#gets.shift();
    if (getter === undefined) this.items.push(item);
    else wake(this.scheduler, getter, item);
  }

  /** Moves waiting puts into the store while there is room. */
  protected admitPuts(): void {
    for (let head = this.puts.peek(); head !== undefined; head = this.puts.peek()) {
      if (this.items.length >= this.capacity) return;
      this.puts.shift();
      wake(this.scheduler, head.resume, undefined);
      this.deliver(head.item);
    }
  }
}

interface FilterWaiter<T> {
  readonly accept: (item: T) => boolean;
  readonly resume: (value: T) => void;
}

/**
 * A store whose `get(accept)` takes the oldest item that `accept` approves. A getter whose filter
 * matches nothing does not block later getters (as in SimPy's FilterStore).
 */
export class FilterStore<T> extends Store<T> {
  readonly #filterGets = new FifoQueue<FilterWaiter<T>>();

  /** An operation that resumes with the oldest item `accept` approves, once there is one. */
  override get(accept: (item: T) => boolean = () => true): Operation<T> {
    return {
      start: (resume: (value: T) => void) => {
        const item = this.items.removeFirst(accept);
        if (item === undefined) {
          this.#filterGets.push({ accept, resume });
          return;
        }
        resume(item);
        this.admitPuts();
      },
    };
  }

  protected override deliver(item: T): void {
    const getter = this.#filterGets.removeFirst((waiter) => waiter.accept(item));
    if (getter === undefined) this.items.push(item);
    else wake(this.scheduler, getter.resume, item);
  }
}
