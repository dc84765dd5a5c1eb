import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashWords, labelCode, TraceHash } from '../../../sim/engine/traceHash.js';

const bytes = (text: string): number[] => Array.from(Buffer.from(text, 'latin1'));

/** FNV-1a 64 over 32-bit words with BigInt: the slow, obviously correct reference. */
function referenceHash(words: readonly number[]): string {
  const prime = 0x100000001b3n;
  const mask = (1n << 64n) - 1n;
  let hash = 0xcbf29ce484222325n;
  for (const word of words) hash = ((hash ^ BigInt(word >>> 0)) * prime) & mask;
  return hash.toString(16).padStart(16, '0');
}

describe('trace hash', () => {
  it('is FNV-1a 64: fed bytes as words, it gives the published test vectors', () => {
    expect(hashWords([])).toBe('cbf29ce484222325');
    expect(hashWords(bytes('a'))).toBe('af63dc4c8601ec8c');
    expect(hashWords(bytes('foobar'))).toBe('85944171f73967e8');
  });

  it('invariant: the 32-bit-halves arithmetic equals the BigInt reference for any words', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 50 }), (words) => {
        expect(hashWords(words)).toBe(referenceHash(words));
      }),
      { numRuns: 300 },
    );
  });

  it('folds integers above 2^32 as two words and strings with their length', () => {
    const hash = new TraceHash();
    hash.mixInteger(2 ** 40 + 5);
    expect(hash.hex()).toBe(referenceHash([5, 2 ** 8]));
    const text = new TraceHash();
    text.mixString('ab');
    expect(text.hex()).toBe(referenceHash([2, 97, 98]));
  });

  it('codes labels with 32-bit FNV-1a (published vectors)', () => {
    expect(labelCode('')).toBe(0x811c9dc5);
    expect(labelCode('a')).toBe(0xe40c292c);
    expect(labelCode('foobar')).toBe(0xbf9cf968);
  });
});
