/**
 * Seeded random streams over seedrandom's Alea generator.
 *
 * One seed is threaded explicitly through a run. Each subsystem takes a *forked* stream whose
 * seed is derived from the root seed and the fork's label path (`'cloud/latency'`), never from
 * the parent's position: drawing more numbers in one subsystem therefore never shifts the
 * numbers another subsystem sees, and forks survive being created in a different order.
 *
 * We wrap Alea behind our own type, as TigerBeetle wraps its PRNG, so the rest of the code does
 * not depend on seedrandom's API.
 */
import seedrandom from 'seedrandom';
import type { RandomStream } from '../contracts/random.js';

/** A run's seed: a safe integer, or a string (printed as given in `SEED=`). */
export type Seed = number | string;

/** The largest seed {@link drawSeed} returns: 2^31 − 1, short enough to retype from a log. */
const DRAWN_SEED_MAX = 0x7fffffff;

/** Checks a seed and returns the canonical string Alea is seeded with. */
export function seedText(seed: Seed): string {
  if (typeof seed === 'number') {
    if (!Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a safe integer or a string, got ${seed}`);
    }
    return String(seed);
  }
  if (seed.length === 0) throw new RangeError('seed must not be an empty string');
  return seed;
}

/**
 * A stream of random numbers (implements {@link RandomStream}) with the helpers simulated code
 * needs. Create the root with {@link createRng}; derive sub-streams with {@link Rng.fork}.
 */
export class Rng implements RandomStream {
  /** The label path that identifies this stream: the root seed, then each fork's label. */
  readonly path: string;
  // NOTE: Alea's plain draw has 32 bits of resolution. That is ample for simulated delays and
  // choices, and costs a third of `double()`, which draws twice.
  readonly #next: () => number;

  /** Use {@link createRng}; the constructor takes an already canonical path. */
  constructor(path: string) {
    this.path = path;
    this.#next = seedrandom.alea(path);
  }

  /** A uniform float in [0, 1), with 32 bits of resolution. */
  float(): number {
    return this.#next();
  }

  /**
   * An independent stream named `label` under this one. The child's seed is this stream's path
   * plus `/label`, so `rng.fork('a').fork('b')` and `rng.fork('a/b')` are the same stream, and a
   * fork does not depend on how many numbers the parent has drawn.
   */
  fork(label: string): Rng {
    if (label.length === 0)
      throw new RangeError(`fork label must not be empty (under ${this.path})`);
    return new Rng(`${this.path}/${label}`);
  }

  /** A uniform integer in [0, n); `n` is a positive safe integer. */
  intBelow(n: number): number {
    return intBelow(this, n);
  }

  /** True with probability `probability` (in [0, 1]). */
  chance(probability: number): boolean {
    return chance(this, probability);
  }

  /** An exponentially distributed delay with mean `meanUs`, rounded to whole microseconds. */
  exponentialUs(meanUs: number): number {
    return exponentialUs(this, meanUs);
  }

  /** A d3-random style source: a function returning uniform floats in [0, 1). */
  source(): () => number {
    return this.#next;
  }
}

/** The root stream of a run. Equivalent seeds (`7` and `'7'`) give the same stream. */
export function createRng(seed: Seed): Rng {
  return new Rng(seedText(seed));
}

/**
 * Draws a fresh seed for a run that was not given one, from an entropy source the caller passes
 * (the CLI passes the host's unseeded generator; simulated code never calls it).
 */
export function drawSeed(entropy: () => number): number {
  const value = Math.floor(entropy() * DRAWN_SEED_MAX) + 1;
  if (!Number.isSafeInteger(value) || value < 1 || value > DRAWN_SEED_MAX) {
    throw new RangeError(`entropy source returned ${value / DRAWN_SEED_MAX}, outside [0, 1)`);
  }
  return value;
}

/** A uniform integer in [0, n) from any stream; `n` is a positive safe integer. */
export function intBelow(stream: RandomStream, n: number): number {
  if (!Number.isSafeInteger(n) || n <= 0) {
    throw new RangeError(`intBelow: n must be a positive safe integer, got ${n}`);
  }
  const value = Math.floor(stream.float() * n);
  // float() < 1, so the product is < n; guard against a stream that breaks its contract.
  if (value >= n) throw new Error(`stream returned a float >= 1 (intBelow ${n} gave ${value})`);
  return value;
}

/** True with probability `probability`, which must be in [0, 1]. */
export function chance(stream: RandomStream, probability: number): boolean {
  if (!(probability >= 0 && probability <= 1)) {
    throw new RangeError(`chance: probability must be in [0, 1], got ${probability}`);
  }
  return stream.float() < probability;
}

/**
 * An exponentially distributed delay with mean `meanUs` (a positive finite number), rounded to
 * whole microseconds. Uses inversion on 1 − u so that u = 0 maps to 0 rather than infinity.
 */
export function exponentialUs(stream: RandomStream, meanUs: number): number {
  if (!(meanUs > 0) || !Number.isFinite(meanUs)) {
    throw new RangeError(`exponentialUs: mean must be a positive finite number, got ${meanUs}`);
  }
  // NOTE: floor(x + 0.5) rather than Math.round, which V8 ran three times slower here. For
  // x >= 0 they differ only at 0.5 − 2^-54 and beyond 2^52 µs, where the rounding of a random
  // delay to a whole microsecond does not matter.
  return Math.floor(-meanUs * Math.log1p(-stream.float()) + 0.5);
}
