import { describe, expect, it } from 'vitest';
import {
  adaptivePercentageOfNodesToScore,
  numFeasibleNodesToFind,
} from '../../../sim/placement/percentage.js';

describe('percentageOfNodesToScore', () => {
  it('adapts as 50 − nodes/125, never under 5%', () => {
    expect(adaptivePercentageOfNodesToScore(1000)).toBe(42);
    expect(adaptivePercentageOfNodesToScore(5000)).toBe(10);
    expect(adaptivePercentageOfNodesToScore(5624)).toBe(6);
    expect(adaptivePercentageOfNodesToScore(6000)).toBe(5);
    expect(adaptivePercentageOfNodesToScore(15000)).toBe(5);
  });

  it('searches small clusters whole and at least 100 nodes otherwise', () => {
    expect(numFeasibleNodesToFind(0, 0)).toBe(0);
    expect(numFeasibleNodesToFind(0, 99)).toBe(99);
    expect(numFeasibleNodesToFind(0, 100)).toBe(100); // 50% of 100 is 50, raised to 100
    expect(numFeasibleNodesToFind(0, 150)).toBe(100); // 49% of 150 is 73
    expect(numFeasibleNodesToFind(0, 250)).toBe(120); // 48% of 250
    expect(numFeasibleNodesToFind(5, 500)).toBe(100);
  });

  it('finds 420 of 1,000, 500 of 5,000 and 750 of 15,000 nodes by default', () => {
    expect(numFeasibleNodesToFind(0, 1000)).toBe(420);
    expect(numFeasibleNodesToFind(0, 5000)).toBe(500);
    expect(numFeasibleNodesToFind(0, 15000)).toBe(750);
  });

  it('honours an explicit percentage and 100 means every node', () => {
    expect(numFeasibleNodesToFind(30, 5000)).toBe(1500);
    expect(numFeasibleNodesToFind(100, 5000)).toBe(5000);
  });

  it('rejects percentages outside [0, 100]', () => {
    expect(() => numFeasibleNodesToFind(101, 10)).toThrow(/\[0, 100\], got 101/);
    expect(() => numFeasibleNodesToFind(-1, 10)).toThrow(RangeError);
    expect(() => numFeasibleNodesToFind(12.5, 10)).toThrow(RangeError);
  });
});
