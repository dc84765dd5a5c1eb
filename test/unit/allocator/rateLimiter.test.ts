import { describe, expect, it } from 'vitest';
import { createEniLimiter, TokenBucket } from '../../../sim/allocator/rateLimiter.js';

describe('per-ENI token bucket: rate.Every(1min/10), burst 2', () => {
  it('lets two calls through at once, then one every 6 s', () => {
    const limiter = createEniLimiter();
    expect([0, 0, 0, 0].map(() => limiter.reserve(0))).toEqual([0, 0, 6_000_000, 12_000_000]);
  });

  it('refills while idle, up to the burst', () => {
    const limiter = createEniLimiter();
    for (let i = 0; i < 4; i++) limiter.reserve(0);
    expect(limiter.reserve(30_000_000)).toBe(0);
    expect(limiter.reserve(30_000_000)).toBe(0);
    expect(limiter.reserve(30_000_000)).toBe(6_000_000);
  });

  it('refuses a bucket that could never grant', () => {
    expect(() => new TokenBucket({ intervalUs: 0, burst: 1 })).toThrow(/interval/);
    expect(() => new TokenBucket({ intervalUs: 1, burst: 0 })).toThrow(/burst/);
  });
});
