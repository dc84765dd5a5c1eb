import { describe, expect, it } from 'vitest';

import { DELAY_MAX_US } from '../../../models/delayDistribution.js';

import { cloudOptionsFor, toLatency } from '../../../sim/run/index.js';
import { TokenBucket, resolveCloudOptions } from '../../../sim/cloud/index.js';

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

  it('a per-minute flow limit of any whole number is a 60 s bucket holding a minute of calls', () => {
    const options = cloudOptionsFor(
      { ...none, rateLimitsPerMinute: { CreateNetworkInterface: 100 } },
      { statsBucketUs: 5_000_000 },
    );
    expect(options.accountRateLimits?.CreateNetworkInterface).toEqual({ perMinute: 100 });
    expect(options.statsBucketUs).toBe(5_000_000);
    const rate = resolveCloudOptions(options).accountRateLimits.CreateNetworkInterface;
    expect(rate).toEqual({ count: 100, periodUs: 60_000_000, burst: 100 });
    const bucket = new TokenBucket(rate!, 'CreateNetworkInterface');
    let taken = 0;
    while (bucket.tryTake(0)) taken += 1;
    expect(taken).toBe(100);
    // 100 a minute is one call each 600 ms, not 1.67 a second rounded either way.
    expect(bucket.tryTake(599_999)).toBe(false);
    expect(bucket.tryTake(600_000)).toBe(true);
    expect(bucket.tryTake(1_199_999)).toBe(false);
  });

  it('a shape wide enough to pass 2^53 µs at +4σ is clamped at DELAY_MAX_US (2^51 µs)', () => {
    const latency = toLatency({ kind: 'logNormal', medianUs: 1_000_000, sigma: 10 });
    expect(latency.maxUs).toBe(DELAY_MAX_US);
    expect(() =>
      resolveCloudOptions({ callLatency: { CreateNetworkInterface: latency } }),
    ).not.toThrow();
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
