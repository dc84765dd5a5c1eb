import { describe, expect, it } from 'vitest';

import { meanWithInterval } from '../../../sim/run/results/confidenceInterval.js';
import { summarize } from '../../../sim/run/results/percentiles.js';

describe('meanWithInterval', () => {
  it('computes mean ± t·s/√n (values 1..5: mean 3, s = 1.5811, half-width 1.96324)', () => {
    const result = meanWithInterval([1, 2, 3, 4, 5]);
    expect(result.mean).toBe(3);
    expect(result.halfWidth95).toBeCloseTo((2.7764 * Math.sqrt(2.5)) / Math.sqrt(5), 3);
    expect(result.low95).toBeCloseTo(3 - 1.963243, 5);
  });

  it('gives no interval for a single observation', () => {
    expect(meanWithInterval([7])).toEqual({
      mean: 7,
      halfWidth95: null,
      low95: null,
      high95: null,
      count: 1,
    });
  });
});

describe('summarize', () => {
  it('interpolates percentiles between order statistics (R-7)', () => {
    const values = Array.from({ length: 101 }, (_, i) => 100 - i);
    expect(summarize(values)).toEqual({ count: 101, p50: 50, p90: 90, p99: 99, max: 100 });
    expect(summarize([10, 20]).p50).toBe(15);
  });

  it('reports nulls, not zeros, when nothing was measured', () => {
    expect(summarize([])).toEqual({ count: 0, p50: null, p90: null, p99: null, max: null });
  });
});
