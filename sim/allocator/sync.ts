/**
 * Waiting primitives for the allocator's coroutines: a broadcast signal (Go's `sync.Cond`), a
 * one-shot result (a channel that is written once), a counting semaphore, and a race between a
 * result and a timeout (a `context.WithTimeout`).
 *
 * Waking a waiter never runs it inside the waker's call stack: wake-ups are scheduled on the
 * clock at the current time, as Go's `Broadcast` only makes goroutines runnable. The waker
 * therefore finishes its own state change first, and every wake-up is an ordered engine event.
 */
import type { Clock, TimerId } from '../contracts/clock.js';
import type { Operation } from '../contracts/operation.js';
import { assert } from './assert.js';

/** A broadcast signal: coroutines wait until someone calls {@link Signal.notifyAll}. */
export class Signal {
  readonly #clock: Clock;
  #waiters: (() => void)[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Coroutines currently waiting. */
  get waiting(): number {
    return this.#waiters.length;
  }

  /** Resumes at the next {@link Signal.notifyAll}. */
  wait(): Operation<void> {
    return {
      start: (resume: (value: undefined) => void) => {
        this.#waiters.push(resume as () => void);
      },
    };
  }

  /** Wakes every current waiter (at the current time, after the caller returns). */
  notifyAll(): void {
    if (this.#waiters.length === 0) return;
    const woken = this.#waiters;
    this.#waiters = [];
    this.#clock.setTimer(0, () => {
      for (const resume of woken) resume();
    });
  }
}

/** A value written once and read by any number of waiters. */
export class Deferred<T> {
  readonly #clock: Clock;
  #settled = false;
  #value: T | undefined;
  #waiters: ((value: T) => void)[] = [];

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** True once {@link Deferred.resolve} has been called. */
  get settled(): boolean {
    return this.#settled;
  }

  /** The value, once settled. */
  get value(): T | undefined {
    return this.#value;
  }

  /** Settles with `value` and wakes the waiters; settling twice is a broken invariant. */
  resolve(value: T): void {
    assert(!this.#settled, 'a one-shot result was settled twice');
    this.#settled = true;
    this.#value = value;
    if (this.#waiters.length === 0) return;
    const woken = this.#waiters;
    this.#waiters = [];
    this.#clock.setTimer(0, () => {
      for (const resume of woken) resume(value);
    });
  }

  /** Resumes with the value (at once when already settled). */
  wait(): Operation<T> {
    return {
      start: (resume) => {
        if (this.#settled) resume(this.#value as T);
        else this.#waiters.push(resume);
      },
    };
  }

  /**
   * Resumes with `{ ok: true, value }` when settled, or `{ ok: false }` after `timeoutUs`,
   * whichever comes first.
   */
  waitFor(timeoutUs: number): Operation<TimedResult<T>> {
    return {
      start: (resume) => {
        if (this.#settled) {
          resume({ ok: true, value: this.#value as T });
          return;
        }
        let done = false;
        const onValue = (value: T): void => {
          if (done) return;
          done = true;
          this.#clock.cancelTimer(timer);
          resume({ ok: true, value });
        };
        const timer: TimerId = this.#clock.setTimer(timeoutUs, () => {
          if (done) return;
          done = true;
          const index = this.#waiters.indexOf(onValue);
          if (index >= 0) this.#waiters.splice(index, 1);
          resume({ ok: false });
        });
        this.#waiters.push(onValue);
      },
    };
  }
}

/** The outcome of a wait with a timeout. */
export type TimedResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false };

/** A counting semaphore with FIFO hand-over. */
export class Semaphore {
  readonly #clock: Clock;
  readonly capacity: number;
  #free: number;
  readonly #queue: (() => void)[] = [];

  constructor(clock: Clock, capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`semaphore capacity must be a positive integer, got ${capacity}`);
    }
    this.#clock = clock;
    this.capacity = capacity;
    this.#free = capacity;
  }

  /** Permits held now. */
  get held(): number {
    return this.capacity - this.#free;
  }

  /** Coroutines waiting for a permit. */
  get waiting(): number {
    return this.#queue.length;
  }

  /** Takes a permit, waiting in FIFO order when none is free. */
  acquire(): Operation<void> {
    return {
      start: (resume: (value: undefined) => void) => {
        if (this.#free > 0) {
          this.#free--;
          resume(undefined);
        } else {
          this.#queue.push(resume as () => void);
        }
      },
    };
  }

  /** Returns a permit; the longest waiter gets it. */
  release(): void {
    const next = this.#queue.shift();
    if (next !== undefined) {
      this.#clock.setTimer(0, next);
      return;
    }
    assert(this.#free < this.capacity, 'semaphore released more often than acquired');
    this.#free++;
  }
}
