import { describe, expect, it } from 'vitest';

import {
  formatBytes,
  formatCount,
  formatCpuMillis,
  formatKi,
  parseQuantity,
  parseQuantityMillis,
} from '../../../models/index.js';

describe('quantity: printing as kubectl prints', () => {
  it("prints the seed node's figures", () => {
    expect(formatCpuMillis(15890)).toBe('15890m');
    expect(formatCpuMillis(16000)).toBe('16');
    expect(formatKi(28587828)).toBe('28587828Ki');
    expect(formatKi(31555380)).toBe('31555380Ki');
    expect(formatKi(123460788)).toBe('123460788Ki');
    expect(formatBytes(113781462033)).toBe('113781462033');
    expect(formatCount(213)).toBe('213');
  });

  it('takes the largest exact binary suffix', () => {
    expect(formatBytes(32 * 1024 ** 3)).toBe('32Gi');
    expect(formatKi(300 * 1024)).toBe('300Mi');
    expect(formatKi(2598 * 1024)).toBe('2598Mi');
    expect(formatBytes(1536)).toBe('1536');
    expect(formatBytes(0)).toBe('0');
  });

  it('switches to decimal-SI below 1024 bytes and for counts, as Kubernetes does', () => {
    expect(formatBytes(1000)).toBe('1k');
    expect(formatBytes(512)).toBe('512');
    expect(formatCount(1000)).toBe('1k');
    expect(formatCount(3248)).toBe('3248');
    expect(formatCpuMillis(500)).toBe('500m');
  });

  it('refuses non-integers', () => {
    expect(() => formatBytes(1.5)).toThrow(RangeError);
  });
});

describe('quantity: parsing', () => {
  it('parses binary, decimal and exponent forms exactly', () => {
    expect(parseQuantity('1Gi')).toBe(1073741824);
    expect(parseQuantity('28587828Ki')).toBe(28587828 * 1024);
    expect(parseQuantity('113781462033')).toBe(113781462033);
    expect(parseQuantity('2k')).toBe(2000);
    expect(parseQuantity('1e3')).toBe(1000);
    expect(parseQuantityMillis('15890m')).toBe(15890);
    expect(parseQuantityMillis('0.1')).toBe(100);
    expect(parseQuantityMillis('1.5')).toBe(1500);
    expect(parseQuantityMillis('16')).toBe(16000);
  });

  it('rounds up to the unit asked for, as ScaledValue does', () => {
    expect(parseQuantity('1.5')).toBe(2);
    expect(parseQuantity('100m')).toBe(1);
    expect(parseQuantityMillis('0.0001')).toBe(1);
  });

  it('refuses what is not a quantity', () => {
    for (const text of ['', 'abc', '1 Gi', '1GB', '--1', '1.2.3']) {
      expect(() => parseQuantity(text), text).toThrow(RangeError);
    }
  });
});
