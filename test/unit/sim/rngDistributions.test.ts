import { describe, expect, it } from 'vitest';
import { distributionMeanUs } from '../../../models/delayDistribution.js';
import { delaySampler } from '../../../sim/engine/distributions.js';
import type { DelayDistribution } from '../../../models/delayDistribution.js';
import { createRng } from '../../../sim/engine/rng.js';

const SAMPLES = 40_000;

function sample(distribution: DelayDistribution, seed = 21): number[] {
  const next = delaySampler(createRng(seed).fork('latency'), distribution);
  return Array.from({ length: SAMPLES }, next);
}

function mean(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0) / values.length;
}

describe('distributions', () => {
  it('draws whole non-negative microseconds with the documented means', () => {
    const cases: [DelayDistribution, number][] = [
      [{ kind: 'exponential', meanUs: 200_000 }, 0.02],
      [{ kind: 'uniform', minUs: 100, maxUs: 300 }, 0.01],
      [{ kind: 'normal', meanUs: 50_000, deviationUs: 5_000 }, 0.01],
      [{ kind: 'logNormal', medianUs: 1_000_000, sigma: 0.5 }, 0.02],
    ];
    for (const [distribution, tolerance] of cases) {
      const values = sample(distribution);
      expect(values.every((value) => Number.isSafeInteger(value) && value >= 0)).toBe(true);
      const expected = distributionMeanUs(distribution);
      expect(Math.abs(mean(values) / expected - 1)).toBeLessThan(tolerance);
    }
    expect(sample({ kind: 'constant', valueUs: 7 }).slice(0, 3)).toEqual([7, 7, 7]);
  });

  it('has the log-normal median it was given', () => {
    const values = sample({ kind: 'logNormal', medianUs: 1_000_000, sigma: 0.8 }).sort(
      (a, b) => a - b,
    );
    expect(Math.abs((values[SAMPLES / 2] as number) / 1_000_000 - 1)).toBeLessThan(0.03);
  });

  it('clamps a normal at zero', () => {
    const values = sample({ kind: 'normal', meanUs: 0, deviationUs: 1000 });
    expect(Math.min(...values)).toBe(0);
  });

  it('gives the same draws for the same seed and other draws for another', () => {
    const distribution: DelayDistribution = { kind: 'logNormal', medianUs: 5000, sigma: 1 };
    expect(sample(distribution, 4).slice(0, 50)).toEqual(sample(distribution, 4).slice(0, 50));
    expect(sample(distribution, 5).slice(0, 50)).not.toEqual(sample(distribution, 4).slice(0, 50));
  });

  it('rejects invalid parameters with the offending value', () => {
    const stream = createRng(1);
    expect(() => delaySampler(stream, { kind: 'exponential', meanUs: 0 })).toThrow(/got 0/);
    expect(() => delaySampler(stream, { kind: 'uniform', minUs: 5, maxUs: 2 })).toThrow(
      /got \[5, 2\]/,
    );
    expect(() => delaySampler(stream, { kind: 'logNormal', medianUs: 1, sigma: -1 })).toThrow(
      /got -1/,
    );
    expect(() => delaySampler(stream, { kind: 'constant', valueUs: 0.5 })).toThrow(/got 0\.5/);
  });
});
