/**
 * Terway's `pkg/eni/manager_test.go` (tag v1.17.5 of AliyunContainerService/terway) held against
 * enisim's daemon pool: idle-address release with idle reclaim (`calculateToDel`) and the
 * `eni_selection_policy` order. The figures are Terway's, typed in from its tests.
 *
 * Every row of the ported functions, and what became of it:
 *
 * TestManager_calculateToDel (13 rows, all ported)
 *   1 "basic case - idles exceed maxIdles"                              ported
 *   2 "idles below maxIdles"                                            ported
 *   3 "reclaimBatchSize is zero - disable reclaim feature"              ported
 *   4 "reclaimAfter is zero - disable reclaim feature"                  ported
 *   5 "pool recently modified - reset nextReclaimTime"                  ported
 *   6 "nextReclaimTime not set - initialize it"                         ported
 *   7 "nextReclaimTime not reached yet"                                 ported
 *   8 "nextReclaimTime reached - reclaim extra IPs"                     ported
 *   9 "nextReclaimTime reached - limited by reclaimBatchSize"           ported
 *  10 "nextReclaimTime reached - limited by minIdles"                   ported
 *  11 "nextReclaimTime reached - some extra reclaim"                    ported
 *  12 "toDel negative but nextReclaimTime reached - reclaim only extra" ported
 *  13 "custom reclaimFactor"                                            ported
 * TestManager_calculateToDel_EdgeCases (5 subtests, all ported)
 *   "zero idles", "very large idles", "idles equal to maxIdles",
 *   "nextReclaimTime reached but no room for extra reclaim", "default reclaimFactor when zero"
 * TestManagerAllocateSelectionPolicy (2 blocks, both ported): most_ips, least_ips
 *
 * Terway's test times are offsets from `time.Now()`; here they are offsets from a fixed instant
 * (adapters/daemon.ts `NOW_US`). Its jitter draw is real randomness; the tests only ask whether a
 * next reclaim time is set, so the adapter draws a constant.
 *
 * The file's other tests (Allocate with no backend or a timeout, Run/Release/Status, the
 * multi-status reports, NodeCondition.SetIPExhaustive) are outside this port: they exercise
 * goroutines, the Kubernetes client and status reporting, not the pool's figures.
 */
import { describe, expect, it } from 'vitest';
import {
  agoUs,
  fromNowUs,
  managerAllocate,
  managerCalculateToDel,
  NOW_US,
  ZERO_TIME_US,
  type TerwayManager,
} from './adapters/daemon.js';

const FILE = 'pkg/eni/manager_test.go';
const MINUTE = 60;

interface CalculateToDelRow extends TerwayManager {
  readonly name: string;
  readonly idles: number;
  readonly wantToDel: number;
  readonly wantNextReclaim: boolean;
}

// prettier-ignore
const ROWS: readonly CalculateToDelRow[] = [
  { name: 'basic case - idles exceed maxIdles', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 0, reclaimIntervalS: 0, reclaimAfterS: 0, wantToDel: 5, wantNextReclaim: false },
  { name: 'idles below maxIdles', minIdles: 5, maxIdles: 10, idles: 8,
    reclaimBatchSize: 0, reclaimIntervalS: 0, reclaimAfterS: 0, wantToDel: -2, wantNextReclaim: false },
  { name: 'reclaimBatchSize is zero - disable reclaim feature', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 0, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE,
    lastModifiedUs: agoUs(2 * MINUTE), wantToDel: 5, wantNextReclaim: false },
  { name: 'reclaimAfter is zero - disable reclaim feature', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: 0,
    lastModifiedUs: agoUs(2 * MINUTE), wantToDel: 5, wantNextReclaim: false },
  { name: 'pool recently modified - reset nextReclaimTime', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(30), nextReclaimTimeUs: fromNowUs(MINUTE), wantToDel: 5, wantNextReclaim: false },
  { name: 'nextReclaimTime not set - initialize it', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: ZERO_TIME_US, wantToDel: 5, wantNextReclaim: true },
  { name: 'nextReclaimTime not reached yet', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: fromNowUs(30), wantToDel: 5, wantNextReclaim: true },
  { name: 'nextReclaimTime reached - reclaim extra IPs', minIdles: 5, maxIdles: 10, idles: 20,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: agoUs(10), wantToDel: 13, wantNextReclaim: true },
  { name: 'nextReclaimTime reached - limited by reclaimBatchSize', minIdles: 5, maxIdles: 10, idles: 25,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: agoUs(10), wantToDel: 18, wantNextReclaim: true },
  { name: 'nextReclaimTime reached - limited by minIdles', minIdles: 18, maxIdles: 20, idles: 22,
    reclaimBatchSize: 5, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: agoUs(10), wantToDel: 4, wantNextReclaim: true },
  { name: 'nextReclaimTime reached - some extra reclaim', minIdles: 15, maxIdles: 20, idles: 21,
    reclaimBatchSize: 5, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: agoUs(10), wantToDel: 6, wantNextReclaim: true },
  { name: 'toDel negative but nextReclaimTime reached - reclaim only extra', minIdles: 5, maxIdles: 20, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.1,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: agoUs(10), wantToDel: 3, wantNextReclaim: true },
  { name: 'custom reclaimFactor', minIdles: 5, maxIdles: 10, idles: 15,
    reclaimBatchSize: 3, reclaimIntervalS: MINUTE, reclaimAfterS: MINUTE, reclaimFactor: 0.5,
    lastModifiedUs: agoUs(2 * MINUTE), nextReclaimTimeUs: ZERO_TIME_US, wantToDel: 5, wantNextReclaim: true },
];

describe(`${FILE} TestManager_calculateToDel`, () => {
  for (const row of ROWS) {
    it(`${FILE} TestManager_calculateToDel: "${row.name}"`, () => {
      const got = managerCalculateToDel(row, row.idles);
      expect(got.toDel).toBe(row.wantToDel);
      // Terway's check of nextReclaimTime: set when wanted; reset to zero when reclaim is on and
      // the pool was modified within reclaimAfter.
      const batch = row.reclaimBatchSize ?? 0;
      const afterUs = (row.reclaimAfterS ?? 0) * 1_000_000;
      if (row.wantNextReclaim) {
        expect(got.nextReclaimTimeIsZero).toBe(false);
      } else if (batch > 0 && afterUs > 0) {
        if ((row.lastModifiedUs ?? ZERO_TIME_US) + afterUs > NOW_US) {
          expect(got.nextReclaimTimeIsZero).toBe(true);
        }
      }
    });
  }
});

describe(`${FILE} TestManager_calculateToDel_EdgeCases`, () => {
  const plain = { minIdles: 5, maxIdles: 10, reclaimBatchSize: 0 };

  it(`${FILE} TestManager_calculateToDel_EdgeCases: "zero idles"`, () => {
    expect(managerCalculateToDel(plain, 0).toDel).toBe(-10);
  });

  it(`${FILE} TestManager_calculateToDel_EdgeCases: "very large idles"`, () => {
    expect(managerCalculateToDel(plain, 1000).toDel).toBe(990);
  });

  it(`${FILE} TestManager_calculateToDel_EdgeCases: "idles equal to maxIdles"`, () => {
    expect(managerCalculateToDel(plain, 10).toDel).toBe(0);
  });

  it(`${FILE} TestManager_calculateToDel_EdgeCases: "nextReclaimTime reached but no room for extra reclaim"`, () => {
    const manager: TerwayManager = {
      minIdles: 10,
      maxIdles: 15,
      reclaimBatchSize: 5,
      reclaimIntervalS: MINUTE,
      reclaimAfterS: MINUTE,
      lastModifiedUs: agoUs(2 * MINUTE),
      nextReclaimTimeUs: agoUs(10),
    };
    expect(managerCalculateToDel(manager, 16).toDel).toBe(6);
  });

  it(`${FILE} TestManager_calculateToDel_EdgeCases: "default reclaimFactor when zero"`, () => {
    const manager: TerwayManager = {
      minIdles: 5,
      maxIdles: 10,
      reclaimBatchSize: 3,
      reclaimIntervalS: MINUTE,
      reclaimAfterS: MINUTE,
      reclaimFactor: 0,
      lastModifiedUs: agoUs(2 * MINUTE),
      nextReclaimTimeUs: ZERO_TIME_US,
    };
    expect(managerCalculateToDel(manager, 15).nextReclaimTimeIsZero).toBe(false);
  });
});

describe(`${FILE} TestManagerAllocateSelectionPolicy`, () => {
  const mockNI = { priority: 1, ipv4: '192.168.0.1' };
  const mockNI2 = { priority: 2, ipv4: '192.168.0.2' };

  it(`${FILE} TestManagerAllocateSelectionPolicy: "EniSelectionPolicyMostIPs"`, () => {
    expect(managerAllocate([mockNI, mockNI2], 'most_ips')).toBe(mockNI2.ipv4);
  });

  it(`${FILE} TestManagerAllocateSelectionPolicy: "EniSelectionPolicyLeastIPs"`, () => {
    expect(managerAllocate([mockNI, mockNI2], 'least_ips')).toBe(mockNI.ipv4);
  });
});
