import { describe, expect, it } from 'vitest';
import {
  backoffSleepsUs,
  itemFailureDelayUs,
  jitterUs,
  TERWAY_BACKOFF,
} from '../../../sim/allocator/backoff.js';

const at = (u: number) => () => u;

describe('Terway backoff table', () => {
  it('pins the rows the allocator uses (terway.md §3.5)', () => {
    expect(TERWAY_BACKOFF.waitEniStatus).toEqual({
      initialDelayUs: 3_000_000,
      durationUs: 3_000_000,
      factor: 1.5,
      jitter: 0.5,
      steps: 8,
    });
    expect(TERWAY_BACKOFF.eniCreate).toEqual({
      initialDelayUs: 0,
      durationUs: 10_000_000,
      factor: 2,
      jitter: 0.3,
      steps: 2,
    });
    expect(TERWAY_BACKOFF.waitMemberEniStatus.initialDelayUs).toBe(2_000_000);
    expect(TERWAY_BACKOFF.waitLeniStatus.initialDelayUs).toBe(18_000_000);
    expect(TERWAY_BACKOFF.waitPodEniStatus.steps).toBe(100);
  });

  it('wait_eni_status sleeps 3 s ×1.5 seven times between its eight polls (no jitter drawn)', () => {
    expect(backoffSleepsUs(TERWAY_BACKOFF.waitEniStatus, at(0))).toEqual([
      3_000_000, 4_500_000, 6_750_000, 10_125_000, 15_187_500, 22_781_250, 34_171_875,
    ]);
  });

  it('jitter adds u × factor × duration, truncated to whole microseconds', () => {
    expect(backoffSleepsUs(TERWAY_BACKOFF.waitEniStatus, at(0.5))).toEqual([
      3_750_000, 5_625_000, 8_437_500, 12_656_250, 18_984_375, 28_476_562, 42_714_843,
    ]);
    expect(jitterUs(120_000_000, 1.0, 0.25)).toBe(150_000_000);
    // A factor ≤ 0 means 1.0, as in Kubernetes' wait.Jitter.
    expect(jitterUs(10, 0, 0.5)).toBe(15);
  });

  it('eni_create tries twice: one sleep of 10 s plus up to 30 %', () => {
    expect(backoffSleepsUs(TERWAY_BACKOFF.eniCreate, at(0.999999))).toEqual([12_999_997]);
  });

  it('the controller retries a failing node after 1 s, 2 s, 4 s … up to 300 s', () => {
    const delays = Array.from({ length: 11 }, (_, failures) =>
      itemFailureDelayUs(failures, { baseUs: 1_000_000, maxUs: 300_000_000 }),
    );
    expect(delays.map((us) => us / 1_000_000)).toEqual([
      1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300,
    ]);
  });
});
