/**
 * Delay distributions as scenarios write them and the simulator draws them: the definitions, their
 * parameter checks and their means. Drawing a delay needs a random stream and lives in the engine
 * (`sim/engine/distributions.ts`).
 *
 * Every parameter is in whole or fractional microseconds except `sigma` (dimensionless); a drawn
 * delay is a whole, non-negative number of microseconds, because the engine schedules integer
 * delays.
 */

/** A delay distribution; every parameter is in microseconds except `sigma` (dimensionless). */
export type DelayDistribution =
  | { readonly kind: 'constant'; readonly valueUs: number }
  | { readonly kind: 'exponential'; readonly meanUs: number }
  | { readonly kind: 'uniform'; readonly minUs: number; readonly maxUs: number }
  /** Normal, truncated at zero by clamping (a latency is never negative). */
  | { readonly kind: 'normal'; readonly meanUs: number; readonly deviationUs: number }
  /** Log-normal given by its median and the standard deviation of its logarithm. */
  | { readonly kind: 'logNormal'; readonly medianUs: number; readonly sigma: number };

/**
 * The longest delay a draw yields, 2^51 µs (about 71 years): a wider tail (a LogNormal of sigma
 * 10, an Exponential mean of 2,000,000 h) is cut here, past the end of any run, so that the
 * simulated clock plus a delay stays a safe integer.
 */
export const DELAY_MAX_US = 2 ** 51;

function check(ok: boolean, message: string): void {
  if (!ok) throw new RangeError(message);
}

function finiteNonNegative(value: number): boolean {
  return Number.isFinite(value) && value >= 0;
}

/** Throws a RangeError naming the field unless `distribution`'s parameters are valid. */
export function checkDistribution(distribution: DelayDistribution): void {
  switch (distribution.kind) {
    case 'constant':
      check(
        Number.isSafeInteger(distribution.valueUs) && distribution.valueUs >= 0,
        `constant: valueUs must be a non-negative integer, got ${distribution.valueUs}`,
      );
      return;
    case 'exponential':
      check(
        Number.isFinite(distribution.meanUs) && distribution.meanUs > 0,
        `exponential: meanUs must be positive and finite, got ${distribution.meanUs}`,
      );
      return;
    case 'uniform':
      check(
        finiteNonNegative(distribution.minUs) && distribution.maxUs >= distribution.minUs,
        `uniform: need 0 <= minUs <= maxUs, got [${distribution.minUs}, ${distribution.maxUs}]`,
      );
      check(Number.isFinite(distribution.maxUs), `uniform: maxUs ${distribution.maxUs}`);
      return;
    case 'normal':
      check(
        finiteNonNegative(distribution.meanUs) && finiteNonNegative(distribution.deviationUs),
        `normal: meanUs and deviationUs must be finite and >= 0, got ` +
          `${distribution.meanUs}, ${distribution.deviationUs}`,
      );
      return;
    case 'logNormal':
      check(
        Number.isFinite(distribution.medianUs) && distribution.medianUs > 0,
        `logNormal: medianUs must be positive and finite, got ${distribution.medianUs}`,
      );
      check(
        finiteNonNegative(distribution.sigma),
        `logNormal: sigma must be finite and >= 0, got ${distribution.sigma}`,
      );
      return;
  }
}

/** The mean of `distribution` in microseconds before rounding (the normal's before clamping). */
export function distributionMeanUs(distribution: DelayDistribution): number {
  switch (distribution.kind) {
    case 'constant':
      return distribution.valueUs;
    case 'exponential':
      return distribution.meanUs;
    case 'uniform':
      return (distribution.minUs + distribution.maxUs) / 2;
    case 'normal':
      return distribution.meanUs;
    case 'logNormal':
      return distribution.medianUs * Math.exp((distribution.sigma * distribution.sigma) / 2);
  }
}
