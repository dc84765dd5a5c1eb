import type { Operation } from './operation.js';

/**
 * Time as the allocator core sees it: whole microseconds since the start of the run.
 *
 * The simulator implements it on the engine's virtual clock; a real node implements it on the
 * host's monotonic clock. Code that takes a `Clock` never reads the wall clock itself.
 */
export interface Clock {
  /** The current time in integer microseconds. */
  nowUs(): number;
  /** An operation that resumes after `delayUs` (a non-negative integer) microseconds. */
  sleep(delayUs: number): Operation<void>;
  /** Calls `callback` after `delayUs` microseconds unless cancelled first. */
  setTimer(delayUs: number, callback: () => void): TimerId;
  /** Cancels a timer that has not fired yet; cancelling a fired or cancelled timer is a no-op. */
  cancelTimer(timer: TimerId): void;
}

/** An opaque handle to a pending timer. */
export type TimerId = number & { readonly __timer: unique symbol };

/** Microseconds per second and per millisecond, for readable constants. */
export const US_PER_SECOND = 1_000_000;
export const US_PER_MS = 1_000;
