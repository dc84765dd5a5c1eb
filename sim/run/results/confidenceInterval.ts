import { studentTQuantile } from './studentT.js';

/** A sample mean with its two-sided 95% confidence interval. */
export interface MeanWithInterval {
  readonly mean: number;
  /** Half the interval's width; `null` with fewer than two observations. */
  readonly halfWidth95: number | null;
  readonly low95: number | null;
  readonly high95: number | null;
  readonly count: number;
}

/**
 * The mean of independent observations (one per replication, or one per batch in the method of
 * batch means) with a Student-t 95% interval: mean ± t(0.975, n−1)·s/√n.
 */
export function meanWithInterval(observations: readonly number[]): MeanWithInterval {
  const count = observations.length;
  if (count === 0) throw new RangeError('a mean needs at least one observation');
  let sum = 0;
  for (const value of observations) sum += value;
  const mean = sum / count;
  if (count < 2) return { mean, halfWidth95: null, low95: null, high95: null, count };
  let squares = 0;
  for (const value of observations) squares += (value - mean) ** 2;
  const standardError = Math.sqrt(squares / (count - 1) / count);
  const halfWidth95 = studentTQuantile(0.975, count - 1) * standardError;
  return { mean, halfWidth95, low95: mean - halfWidth95, high95: mean + halfWidth95, count };
}
