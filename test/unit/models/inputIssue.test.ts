import { describe, expect, it } from 'vitest';

import { childPath, describeValue } from '../../../models/inputIssue.js';

describe('describeValue', () => {
  it('prints a bad value as JSON, cut at 40 characters', () => {
    expect(describeValue(-2)).toBe('-2');
    expect(describeValue('8')).toBe('"8"');
    expect(describeValue(undefined)).toBe('nothing');
    expect(describeValue(null)).toBe('null');
    expect(describeValue({ a: [1, 2] })).toBe('{"a":[1,2]}');
    expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(36)}...`);
  });

  it('prints Infinity (JSON.parse of 1e400) as such, not as JSON null', () => {
    expect(describeValue(Number.POSITIVE_INFINITY)).toBe('Infinity');
    expect(describeValue([Number.NEGATIVE_INFINITY])).toBe('[-Infinity]');
  });

  it('previews a value nested 100,000 deep without overflowing the stack', () => {
    const deep: unknown = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`);
    expect(describeValue(deep)).toBe('[[[[[...]]]]]');
    const wide = Array.from({ length: 1000 }, (_, index) => index);
    expect(describeValue(wide)).toBe('[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,1...');
  });
});

describe('childPath', () => {
  it('uses dots for identifiers and brackets for other keys', () => {
    expect(childPath('$', 'EniQuantity')).toBe('$.EniQuantity');
    expect(childPath('$[0]', 'odd key')).toBe('$[0]["odd key"]');
  });
});
