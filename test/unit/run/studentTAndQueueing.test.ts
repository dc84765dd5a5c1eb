import { describe, expect, it } from 'vitest';
import {
  incompleteBeta,
  logGamma,
  studentTCdf,
  studentTQuantile,
} from '../../../sim/run/results/studentT.js';
import { batchMeans, erlangC, mmcMeanWaitS } from '../../helpers/queueing.js';

describe('statistics: special functions', () => {
  it('computes log Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(() => logGamma(0)).toThrow(/got 0/);
  });

  it('computes the regularised incomplete beta', () => {
    // I_x(1, 1) = x; I_x(2, 1) = x²; I_0.5(a, a) = 0.5.
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 12);
    expect(incompleteBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12);
    expect(incompleteBeta(0.5, 7.5, 7.5)).toBeCloseTo(0.5, 12);
  });

  it("gives Student's t quantiles from the tables", () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 19)).toBeCloseTo(2.093, 3);
    expect(studentTQuantile(0.975, 29)).toBeCloseTo(2.0452, 4);
    expect(studentTQuantile(0.995, 10)).toBeCloseTo(3.1693, 4);
    expect(studentTQuantile(0.975, 1e6)).toBeCloseTo(1.96, 3);
    expect(studentTQuantile(0.025, 19)).toBeCloseTo(-2.093, 3);
    expect(studentTCdf(0, 5)).toBeCloseTo(0.5, 12);
    expect(() => studentTQuantile(1, 3)).toThrow(/got 1/);
  });
});

describe('statistics: batch means', () => {
  it('forms the t interval over consecutive batch means after warm-up', () => {
    // Warm-up 2 is dropped; batches [1, 3], [5, 7], [9, 11] have means 2, 6, 10; the
    // trailing 100 does not fill a batch. s = 4, half-width = t(0.975, 2) · 4 / √3.
    const observations = [1000, 1000, 1, 3, 5, 7, 9, 11, 100];
    const interval = batchMeans(observations, { batches: 3, warmup: 2 });
    const halfWidth = (4.302653 * 4) / Math.sqrt(3);
    expect(interval.mean).toBe(6);
    expect(interval.batchSize).toBe(2);
    expect(interval.halfWidth).toBeCloseTo(halfWidth, 4);
    expect(interval.low).toBeCloseTo(6 - halfWidth, 4);
    expect(interval.high).toBeCloseTo(6 + halfWidth, 4);
  });

  it('rejects too few observations or batches', () => {
    expect(() => batchMeans([1, 2, 3], { batches: 1 })).toThrow(/got 1/);
    expect(() => batchMeans([1, 2, 3], { batches: 2, warmup: 2 })).toThrow(/cannot fill/);
  });
});

describe('statistics: Erlang C', () => {
  it('matches the M/M/8 figures at utilisation 0.9 with a one-second service', () => {
    const queue = { servers: 8, arrivalRatePerS: 7.2, serviceRatePerS: 1 };
    expect(erlangC(queue)).toBeCloseTo(0.7015, 4);
    expect(mmcMeanWaitS(queue)).toBeCloseTo(0.8769, 4);
  });

  it('reduces to M/M/1: P(wait) = ρ and Wq = ρ / (μ − λ)', () => {
    const queue = { servers: 1, arrivalRatePerS: 0.5, serviceRatePerS: 1 };
    expect(erlangC(queue)).toBeCloseTo(0.5, 12);
    expect(mmcMeanWaitS(queue)).toBeCloseTo(1, 12);
  });

  it('rejects an unstable queue', () => {
    expect(() => erlangC({ servers: 2, arrivalRatePerS: 2, serviceRatePerS: 1 })).toThrow(
      /offered load 2 >= 2/,
    );
  });
});
