/**
 * A token bucket with the semantics of Go's `rate.Limiter.Wait` (a bucket of `burst` tokens,
 * refilled one per `intervalUs`, starting full), in integer microseconds.
 *
 * The daemon pool gives each ENI three of them, `rate.NewLimiter(rate.Every(1min/10), 2)`: one
 * for ENI create/delete and one per address family (terway.md §3.1). It is kept as a theoretical
 * arrival time (GCRA), which is the same bucket without fractional tokens.
 */
import { US_PER_SECOND } from '../contracts/clock.js';

/** `rate.Every(1 * time.Minute / 10)`: one token every 6 s. */
export const ENI_LIMITER_INTERVAL_US = 6 * US_PER_SECOND;
/** The daemon limiters' burst. */
export const ENI_LIMITER_BURST = 2;

/** A token bucket; {@link TokenBucket.reserve} says how long the caller must wait. */
export class TokenBucket {
  readonly intervalUs: number;
  readonly burst: number;
  // The time at which the bucket would be empty again if no more tokens were taken, in µs. The
  // bucket starts full, so the first `burst` reservations pass at once.
  #theoreticalArrivalUs: number;

  constructor(options: { readonly intervalUs: number; readonly burst: number }) {
    if (!Number.isSafeInteger(options.intervalUs) || options.intervalUs <= 0) {
      throw new RangeError(`token interval must be positive µs, got ${options.intervalUs}`);
    }
    if (!Number.isSafeInteger(options.burst) || options.burst < 1) {
      throw new RangeError(`token burst must be a positive integer, got ${options.burst}`);
    }
    this.intervalUs = options.intervalUs;
    this.burst = options.burst;
    this.#theoreticalArrivalUs = Number.NEGATIVE_INFINITY;
  }

  /**
   * Takes one token at `nowUs` and returns the delay (µs, ≥ 0) after which it is granted, as
   * `Wait` would sleep. Reservations are granted in call order.
   */
  reserve(nowUs: number): number {
    const arrival = Math.max(this.#theoreticalArrivalUs, nowUs) + this.intervalUs;
    const grantedAtUs = arrival - this.burst * this.intervalUs;
    this.#theoreticalArrivalUs = arrival;
    return Math.max(0, grantedAtUs - nowUs);
  }
}

/** The daemon's per-ENI limiter. */
export function createEniLimiter(): TokenBucket {
  return new TokenBucket({ intervalUs: ENI_LIMITER_INTERVAL_US, burst: ENI_LIMITER_BURST });
}
