/**
 * A token bucket in exact integer arithmetic, with the two behaviours the cloud needs:
 * `reserve` (the client side: a call waits for its token, as golang.org/x/time/rate's
 * `Limiter.Wait` does in Terway's `pkg/aliyun/client/ratelimit.go`) and `tryTake` (the server
 * side: a call beyond the account's flow limit is refused with `Throttling`).
 *
 * The rate is `count` tokens per `periodUs`. Tokens are stored scaled by `periodUs`, so one
 * token is `periodUs` units and one microsecond refills `count` units: every quantity is an
 * integer, and 401 calls at once against 400 per minute make the last one wait exactly
 * 60 s / 400 = 150,000 µs, with no floating-point residue.
 */

/** A bucket's rate and size. */
export interface TokenBucketRate {
  /** Tokens added per period (the per-minute figure for Terway's client limits). */
  readonly count: number;
  /** The period in microseconds (60,000,000 for per-minute limits, 1,000,000 for per-second). */
  readonly periodUs: number;
  /** The most tokens the bucket holds; it starts full. */
  readonly burst: number;
}

/** Validates a rate, throwing a RangeError naming `where` and the offending value. */
export function checkTokenBucketRate(rate: TokenBucketRate, where: string): void {
  for (const [name, value] of [
    ['count', rate.count],
    ['periodUs', rate.periodUs],
    ['burst', rate.burst],
  ] as const) {
    if (!Number.isSafeInteger(value) || value <= 0) {
      throw new RangeError(`${where}: ${name} must be a positive integer, got ${value}`);
    }
  }
  if (!Number.isSafeInteger(rate.burst * rate.periodUs)) {
    throw new RangeError(
      `${where}: burst × periodUs (${rate.burst} × ${rate.periodUs}) is too large`,
    );
  }
}

/** One token bucket. Time never goes backwards: callers pass the clock's current time. */
export class TokenBucket {
  readonly rate: TokenBucketRate;
  readonly #capacityUnits: number;
  #units: number;
  #lastUs = 0;

  constructor(rate: TokenBucketRate, where: string) {
    checkTokenBucketRate(rate, where);
    this.rate = rate;
    this.#capacityUnits = rate.burst * rate.periodUs;
    this.#units = this.#capacityUnits;
  }

  /**
   * Takes a token now, going into debt if there is none, and returns how many microseconds the
   * caller must wait before its token exists (0 if one was available). Later callers queue
   * behind earlier debts, as with x/time/rate's reservations.
   */
  reserve(nowUs: number): number {
    this.#refill(nowUs);
    this.#units -= this.rate.periodUs;
    if (this.#units >= 0) return 0;
    return Math.ceil(-this.#units / this.rate.count);
  }

  /** Takes a token if one is available now; returns false (taking nothing) otherwise. */
  tryTake(nowUs: number): boolean {
    this.#refill(nowUs);
    if (this.#units < this.rate.periodUs) return false;
    this.#units -= this.rate.periodUs;
    return true;
  }

  /** Whole tokens available now (negative while callers are waiting on debt). */
  tokensAt(nowUs: number): number {
    this.#refill(nowUs);
    return Math.floor(this.#units / this.rate.periodUs);
  }

  #refill(nowUs: number): void {
    if (nowUs < this.#lastUs) {
      throw new Error(`token bucket: time went backwards from ${this.#lastUs} to ${nowUs}`);
    }
    const missing = this.#capacityUnits - this.#units;
    // Cap the elapsed time before multiplying so the product stays a safe integer.
    const elapsedUs = Math.min(nowUs - this.#lastUs, Math.ceil(missing / this.rate.count));
    this.#units = Math.min(this.#capacityUnits, this.#units + elapsedUs * this.rate.count);
    this.#lastUs = nowUs;
  }
}
