import { describe, expect, it } from 'vitest';

import { cloudOptionsFor, toLatency } from '../../../sim/run/index.js';

const none = {
  apiLatency: {},
  eniAttachLatency: null,
  leniAttachLatency: null,
  rateLimitsPerMinute: {},
  faults: [],
};

describe('Scenario cloud overrides as the simulated cloud’s options', () => {
  it('a log-normal maps directly; its clamps are ±4σ around the median', () => {
    const latency = toLatency({ kind: 'logNormal', medianUs: 200_000, sigma: 0.5 });
    expect(latency.medianUs).toBe(200_000);
    expect(latency.sigma).toBe(0.5);
    expect(latency.minUs).toBe(Math.round(200_000 * Math.exp(-2)));
    expect(latency.maxUs).toBe(Math.round(200_000 * Math.exp(2)));
  });

  it('an exponential becomes the log-normal with its mean and variance: σ² = ln 2, median m/√2', () => {
    const latency = toLatency({ kind: 'exponential', meanUs: 1_000_000 });
    expect(latency.sigma).toBeCloseTo(Math.sqrt(Math.LN2), 12);
    expect(latency.medianUs).toBe(Math.round(1_000_000 / Math.SQRT2));
  });

  it('a constant is a log-normal of sigma 0; a uniform keeps its range as the clamps', () => {
    expect(toLatency({ kind: 'constant', valueUs: 5000 })).toEqual({
      medianUs: 5000,
      sigma: 0,
      minUs: 5000,
      maxUs: 5000,
    });
    const uniform = toLatency({ kind: 'uniform', minUs: 100_000, maxUs: 300_000 });
    expect([uniform.minUs, uniform.maxUs]).toEqual([100_000, 300_000]);
    // mean 200 ms, variance (300 − 100 ms)²/12: v/m² = 1/12.
    const ratio = 1 + 1 / 12;
    expect(uniform.medianUs).toBe(Math.round(200_000 / Math.sqrt(ratio)));
  });

  it('a per-minute flow limit becomes calls per second with a minute of burst', () => {
    const options = cloudOptionsFor(
      { ...none, rateLimitsPerMinute: { CreateNetworkInterface: 300 } },
      { statsBucketUs: 5_000_000 },
    );
    expect(options.accountRateLimits?.CreateNetworkInterface).toEqual({ perSecond: 5, burst: 300 });
    expect(options.statsBucketUs).toBe(5_000_000);
    expect(() =>
      cloudOptionsFor(
        { ...none, rateLimitsPerMinute: { AttachNetworkInterface: 250 } },
        { statsBucketUs: 0 },
      ),
    ).toThrow(/AttachNetworkInterface: 250 calls per minute/);
  });

  it('the ENI attach latency applies to every AttachNetworkInterface kind, LENI apart', () => {
    const options = cloudOptionsFor(
      { ...none, eniAttachLatency: { kind: 'constant', valueUs: 1_000_000 } },
      { statsBucketUs: 0 },
    );
    expect(Object.keys(options.attachLatency ?? {}).sort()).toEqual([
      'ecs',
      'ecsLingjun',
      'member',
    ]);
  });
});
