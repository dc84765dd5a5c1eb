import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { findJsonError, locateJsonError } from '../../cli/capacity/jsonLocate.js';

describe('jsonLocate: where JSON goes wrong', () => {
  it('finds the first bad character', () => {
    expect(locateJsonError('[{"a":1}]')).toBeNull();
    expect(locateJsonError('[{"a": }]')).toBe(7);
    expect(locateJsonError('{"a":1,}')).toBe(7);
    expect(locateJsonError('{"a":1} x')).toBe(8);
    expect(locateJsonError('[1 2]')).toBe(3);
    expect(locateJsonError('{"a":01}')).toBe(6);
    expect(locateJsonError('[{"a":1},')).toBe(9);
    expect(locateJsonError('')).toBe(0);
  });

  it('tells nesting deeper than 512 levels from a grammar error', () => {
    expect(findJsonError('['.repeat(600))).toEqual({ offset: 513, tooDeep: true });
    expect(findJsonError(`${'['.repeat(100)}x`)).toEqual({ offset: 100, tooDeep: false });
    expect(findJsonError(`${'['.repeat(512)}${']'.repeat(512)}`)).toBeNull();
  });

  it('invariant: agrees with JSON.parse on which texts are JSON', () => {
    const texts = fc.oneof(
      fc.json(),
      fc.json().map((text) => text.slice(0, Math.max(0, text.length - 1))),
      fc
        .tuple(fc.json(), fc.nat(), fc.constantFrom('}', ']', ',', ':', '"', 'x', ' '))
        .map(
          ([text, at, char]) =>
            text.slice(0, at % (text.length + 1)) + char + text.slice(at % (text.length + 1)),
        ),
    );
    fc.assert(
      fc.property(texts, (text) => {
        let valid = true;
        try {
          JSON.parse(text);
        } catch {
          valid = false;
        }
        expect(locateJsonError(text) === null).toBe(valid);
      }),
      { numRuns: 500 },
    );
  });
});
