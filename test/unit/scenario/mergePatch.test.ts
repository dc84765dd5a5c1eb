import { describe, expect, it } from 'vitest';

import { applyMergePatch } from '../../../scenarios/load/mergePatch.js';

describe('JSON merge patch (RFC 7396), as the terway-config label applies it', () => {
  // The examples of RFC 7396 Appendix A.
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j patched with %j is %j', (target, patch, result) => {
    expect(applyMergePatch(target, patch)).toEqual(result);
  });

  it('leaves the target untouched', () => {
    const target = { max_pool_size: 5, vswitches: { 'cn-hangzhou-j': ['vsw-a'] } };
    applyMergePatch(target, { max_pool_size: 10, vswitches: null });
    expect(target).toEqual({ max_pool_size: 5, vswitches: { 'cn-hangzhou-j': ['vsw-a'] } });
  });
});

describe('a key is data, never a prototype', () => {
  it('a "__proto__" key in a patch (as JSON.parse makes it) stays an own key, and no other key reads through it', () => {
    const patch = JSON.parse('{"__proto__": {"min_pool_size": 3}}') as unknown;
    const merged = applyMergePatch({ max_pool_size: 5 }, patch) as Record<string, unknown>;
    expect(merged['min_pool_size']).toBeUndefined();
    expect(Object.keys(merged)).toEqual(['max_pool_size', '__proto__']);
    expect(Object.getPrototypeOf(merged)).toBeNull();
    expect(({} as Record<string, unknown>)['min_pool_size']).toBeUndefined();
  });

  it('a "constructor" key merges as a plain key and a null removes it', () => {
    const merged = applyMergePatch({ constructor: 1 }, { constructor: { a: 1 } });
    expect(merged).toEqual(Object.assign(Object.create(null), { constructor: { a: 1 } }));
    expect(
      Object.keys(applyMergePatch({ constructor: 1 }, { constructor: null }) as object),
    ).toEqual([]);
  });
});
