/**
 * An incremental 64-bit FNV-1a hash over 32-bit words, kept as two unsigned 32-bit halves.
 *
 * The engine feeds it every event it fires (time, priority, sequence and the scheduler's label)
 * so that two runs with the same seed and inputs can be compared by one string. FNV-1a is
 * normally defined over bytes; we fold whole 32-bit words instead, which is four times cheaper
 * and just as deterministic. BigInt is avoided because it allocates on every operation.
 */

/** FNV-1a 64-bit offset basis 0xcbf29ce484222325, as high and low halves. */
const OFFSET_HIGH = 0xcbf29ce4;
const OFFSET_LOW = 0x84222325;
/** The low part of the FNV 64-bit prime 2^40 + 0x1b3. */
const PRIME_LOW = 0x1b3;
const TWO_TO_32 = 0x1_0000_0000;

/** A running 64-bit FNV-1a hash over 32-bit words. */
export class TraceHash {
  #high = OFFSET_HIGH;
  #low = OFFSET_LOW;

  /** Folds one 32-bit word (taken modulo 2^32) into the hash. */
  mixWord(word: number): void {
    const low = (this.#low ^ word) >>> 0;
    // h · (2^40 + 0x1b3) mod 2^64, with h = high·2^32 + low:
    //   low part:  low · 0x1b3            (< 2^41, exact in a double)
    //   high part: high · 0x1b3 + carry + (low << 8), since low · 2^40 = (low << 8) · 2^32.
    const lowProduct = low * PRIME_LOW;
    const carry = Math.floor(lowProduct / TWO_TO_32);
    this.#high = (this.#high * PRIME_LOW + carry + ((low << 8) >>> 0)) >>> 0;
    this.#low = lowProduct >>> 0;
  }

  /** Folds a non-negative safe integer (a time or a sequence number) as two words. */
  mixInteger(value: number): void {
    this.mixWord(value >>> 0);
    this.mixWord(Math.floor(value / TWO_TO_32));
  }

  /** Folds a string, one UTF-16 code unit per word, preceded by its length. */
  mixString(text: string): void {
    this.mixWord(text.length);
    for (let index = 0; index < text.length; index++) this.mixWord(text.charCodeAt(index));
  }

  /** The hash so far as 16 lower-case hex digits. */
  hex(): string {
    return this.#high.toString(16).padStart(8, '0') + this.#low.toString(16).padStart(8, '0');
  }
}

/** The 32-bit FNV-1a hash of a string: a compact event label for {@link TraceHash}. */
export function labelCode(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The 64-bit FNV-1a hash (over 32-bit words) of a list of words, as 16 hex digits. */
export function hashWords(words: readonly number[]): string {
  const hash = new TraceHash();
  for (const word of words) hash.mixWord(word);
  return hash.hex();
}
