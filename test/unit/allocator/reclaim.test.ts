import { describe, expect, it } from 'vitest';
import { resolveAllocatorConfig } from '../../../sim/allocator/config.js';
import { calculateToDel, reclaimSettingsOf } from '../../../sim/allocator/reclaim.js';
import { terwayVersion } from '../../../models/terwayVersion.js';
import type { ReclaimSettings } from '../../../sim/allocator/reclaim.js';

const S = 1_000_000;
const settings: ReclaimSettings = {
  maxIdles: 5,
  minIdles: 2,
  afterUs: 60 * S,
  intervalUs: 600 * S,
  batchSize: 5,
  jitterFactor: 0.1,
};
const half = () => 0.5;

describe('calculateToDel (idle IP reclaim, terway.md §3.1)', () => {
  it('without reclaim is idles − max_pool_size', () => {
    const decision = calculateToDel({
      idles: 12,
      nowUs: 1000 * S,
      lastModifiedUs: 0,
      nextReclaimUs: null,
      settings: { ...settings, afterUs: 0 },
      draw: half,
    });
    expect(decision).toEqual({ toDel: 7, extraDel: 0, nextReclaimUs: null });
  });

  it('a pool used within idle_ip_reclaim_after resets the schedule', () => {
    const decision = calculateToDel({
      idles: 12,
      nowUs: 120 * S,
      lastModifiedUs: 100 * S,
      nextReclaimUs: 500 * S,
      settings,
      draw: half,
    });
    expect(decision).toEqual({ toDel: 7, extraDel: 0, nextReclaimUs: null });
  });

  it('a quiet pool first schedules a round interval ± jitter ahead', () => {
    const decision = calculateToDel({
      idles: 12,
      nowUs: 100 * S,
      lastModifiedUs: 0,
      nextReclaimUs: null,
      settings,
      draw: half,
    });
    // 600 s + 0.5 × 0.1 × 600 s = 630 s after now.
    expect(decision).toEqual({ toDel: 7, extraDel: 0, nextReclaimUs: 730 * S });
  });

  it('before the round nothing extra is released', () => {
    const decision = calculateToDel({
      idles: 12,
      nowUs: 700 * S,
      lastModifiedUs: 0,
      nextReclaimUs: 730 * S,
      settings,
      draw: half,
    });
    expect(decision).toEqual({ toDel: 7, extraDel: 0, nextReclaimUs: 730 * S });
  });

  it('a round adds min(batch, max(0, idles − toDel − minIdles))', () => {
    const decision = calculateToDel({
      idles: 12,
      nowUs: 800 * S,
      lastModifiedUs: 0,
      nextReclaimUs: 730 * S,
      settings,
      draw: half,
    });
    // toDel 7; extraDel = min(5, 12 − 7 − 2) = 3; next round 630 s later.
    expect(decision).toEqual({ toDel: 10, extraDel: 3, nextReclaimUs: 1430 * S });
  });

  it('a round below max_pool_size still reclaims down to min_pool_size, batch by batch', () => {
    const small = calculateToDel({
      idles: 4,
      nowUs: 800 * S,
      lastModifiedUs: 0,
      nextReclaimUs: 730 * S,
      settings,
      draw: half,
    });
    expect(small).toEqual({ toDel: 2, extraDel: 2, nextReclaimUs: 1430 * S });
    const big = calculateToDel({
      idles: 5,
      nowUs: 800 * S,
      lastModifiedUs: 0,
      nextReclaimUs: 730 * S,
      settings: { ...settings, minIdles: 0, batchSize: 2 },
      draw: half,
    });
    expect(big).toEqual({ toDel: 2, extraDel: 2, nextReclaimUs: 1430 * S });
  });

  it('a jitter factor of 0 falls back to Terway’s 0.1', () => {
    const decision = calculateToDel({
      idles: 0,
      nowUs: 100 * S,
      lastModifiedUs: 0,
      nextReclaimUs: null,
      settings: { ...settings, jitterFactor: 0 },
      draw: () => 0.25,
    });
    // 600 s + 0.25 × 0.1 × 600 s.
    expect(decision.nextReclaimUs).toBe(100 * S + 615 * S);
  });
});

describe('reclaimSettingsOf', () => {
  const reclaimConfig = {
    idleIpReclaimAfterUs: 1800 * S,
    idleIpReclaimIntervalUs: 300 * S,
    idleIpReclaimBatchSize: 3,
    idleIpReclaimJitterFactor: 0.2,
  };

  it('reads the idle_ip_reclaim_* keys and the pool sizes (Terway 1.16.0+)', () => {
    const config = resolveAllocatorConfig({
      ...reclaimConfig,
      terwayVersion: terwayVersion('1.16.0'),
    });
    expect(reclaimSettingsOf(config, { maxPoolSize: 7, minPoolSize: 1 })).toEqual({
      maxIdles: 7,
      minIdles: 1,
      afterUs: 1800 * S,
      intervalUs: 300 * S,
      batchSize: 3,
      jitterFactor: 0.2,
    });
  });

  it('turns reclaim off before Terway 1.16.0, which has none', () => {
    const config = resolveAllocatorConfig({
      ...reclaimConfig,
      terwayVersion: terwayVersion('1.15.3'),
    });
    expect(reclaimSettingsOf(config, { maxPoolSize: 7, minPoolSize: 1 }).afterUs).toBe(0);
  });
});
