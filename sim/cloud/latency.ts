/**
 * Latency distributions for simulated OpenAPI calls.
 *
 * A call's latency is log-normal: the product of many small independent delays (network hops,
 * queueing in the API gateway, the control plane's own work) is what a log-normal describes, and
 * it gives the long right tail API latencies show, with no negative values. It is parameterised
 * by its median (what a "typical" call takes) and by sigma, the standard deviation of the
 * log: the p99 is `median × e^(2.326 σ)` (σ = 0.5 → 3.2 × the median).
 */
import type { RandomStream } from '../contracts/random.js';

/** A log-normal latency: `medianUs × e^(sigma × Z)` for a standard normal Z, clamped. */
export interface LatencyDistribution {
  /** The median in microseconds. */
  readonly medianUs: number;
  /** The standard deviation of the natural log of the latency (0 makes it constant). */
  readonly sigma: number;
  /** The smallest latency drawn, in microseconds (at least 1: no call completes instantly). */
  readonly minUs: number;
  /** The largest latency drawn, in microseconds: a bound on the tail. */
  readonly maxUs: number;
}

/** Throws a RangeError naming `where` unless the distribution is well formed. */
export function checkLatencyDistribution(latency: LatencyDistribution, where: string): void {
  const { medianUs, sigma, minUs, maxUs } = latency;
  if (!Number.isSafeInteger(medianUs) || medianUs < 1) {
    throw new RangeError(`${where}: medianUs must be a positive integer, got ${medianUs}`);
  }
  if (!(sigma >= 0) || !Number.isFinite(sigma)) {
    throw new RangeError(`${where}: sigma must be a finite number >= 0, got ${sigma}`);
  }
  if (!Number.isSafeInteger(minUs) || minUs < 1 || minUs > medianUs) {
    throw new RangeError(`${where}: minUs must be an integer in [1, medianUs], got ${minUs}`);
  }
  if (!Number.isSafeInteger(maxUs) || maxUs < medianUs) {
    throw new RangeError(`${where}: maxUs must be an integer >= medianUs, got ${maxUs}`);
  }
}

/**
 * Draws one latency in whole microseconds. Always draws exactly two numbers from `stream` (a
 * Box–Muller pair), even when sigma is 0, so changing one API's sigma does not shift the draws
 * of the calls after it.
 */
export function drawLatencyUs(latency: LatencyDistribution, stream: RandomStream): number {
  // 1 − u lies in (0, 1], so the logarithm is finite.
  const radius = Math.sqrt(-2 * Math.log(1 - stream.float()));
  const z = radius * Math.cos(2 * Math.PI * stream.float());
  const value = Math.round(latency.medianUs * Math.exp(latency.sigma * z));
  return Math.min(latency.maxUs, Math.max(latency.minUs, value));
}
