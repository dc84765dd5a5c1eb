import { describe, expect, it } from 'vitest';
import { TokenBucket, US_PER_MINUTE } from '../../../sim/cloud/index.js';

describe('token bucket', () => {
  it('lets 400 calls through at once at 400 per minute and makes the 401st wait 60 s / 400', () => {
    const bucket = new TokenBucket({ count: 400, periodUs: US_PER_MINUTE, burst: 400 }, 'test');
    const waits = Array.from({ length: 402 }, () => bucket.reserve(0));
    expect(waits.slice(0, 400).every((waitUs) => waitUs === 0)).toBe(true);
    expect(waits[400]).toBe(150_000);
    expect(waits[401]).toBe(300_000);
  });

  it('refills at count per period and never beyond the burst', () => {
    const bucket = new TokenBucket({ count: 500, periodUs: US_PER_MINUTE, burst: 500 }, 'test');
    for (let index = 0; index < 500; index++) bucket.reserve(0);
    expect(bucket.tokensAt(0)).toBe(0);
    expect(bucket.tokensAt(120_000)).toBe(1); // 60 s / 500 = 120 ms per token
    expect(bucket.tokensAt(10 * US_PER_MINUTE)).toBe(500);
  });

  it('tryTake refuses without going into debt', () => {
    const bucket = new TokenBucket({ count: 2, periodUs: 1_000_000, burst: 2 }, 'test');
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([true, true, false]);
    expect(bucket.tryTake(499_999)).toBe(false);
    expect(bucket.tryTake(500_000)).toBe(true);
  });

  it('rejects a bad rate with the offending value', () => {
    expect(() => new TokenBucket({ count: 0, periodUs: 1, burst: 1 }, 'x')).toThrow(
      /count must be a positive integer, got 0/,
    );
  });
});
