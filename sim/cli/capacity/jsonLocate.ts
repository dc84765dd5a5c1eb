/**
 * Where JSON text first goes wrong. `JSON.parse` in Node 20 names the offending character but not
 * always its position, and a user needs "line 3, column 17" to fix a file; this scanner finds the
 * offset of the first syntax error (RFC 8259 grammar) without building any values.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const ESCAPES = '"\\/bfnrtu';
/** Deeper nesting than this is reported as the error: no catalog or eni_conf nests so deep. */
const DEPTH_MAX = 512;

/** Thrown inside the scanner to unwind to the first error; never escapes it. */
class SyntaxAt extends Error {
  readonly offset: number;
  constructor(offset: number) {
    super(`JSON syntax error at offset ${offset}`);
    this.offset = offset;
  }
}

/** The offset of the first JSON syntax error in `text`, or `null` when it is valid JSON. */
export function locateJsonError(text: string): number | null {
  let i = 0;
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text.charAt(i))) i += 1;
  };
  const token = (pattern: RegExp): void => {
    pattern.lastIndex = i;
    const match = pattern.exec(text);
    if (match === null) throw new SyntaxAt(i);
    i += match[0].length;
  };
  /** A string, failing at the character that breaks it (or at the end, when it never closes). */
  const string = (): void => {
    if (text.charAt(i) !== '"') throw new SyntaxAt(i);
    i += 1;
    while (i < text.length) {
      const char = text.charAt(i);
      if (char === '"') {
        i += 1;
        return;
      }
      if (char < ' ') throw new SyntaxAt(i);
      if (char === '\\') {
        const escape = text.charAt(i + 1);
        if (escape === '') break;
        if (!ESCAPES.includes(escape)) throw new SyntaxAt(i + 1);
        if (escape === 'u') {
          const hex = /^[0-9a-fA-F]{0,4}/.exec(text.slice(i + 2, i + 6))?.[0] ?? '';
          if (hex.length < 4) throw new SyntaxAt(i + 2 + hex.length);
          i += 4;
        }
        i += 2;
        continue;
      }
      i += 1;
    }
    throw new SyntaxAt(text.length);
  };
  /** `true`, `false` or `null`; a cut-off prefix fails at the end of the text. */
  const literal = (): void => {
    for (const word of LITERALS) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
      const rest = text.slice(i);
      if (rest !== '' && word.startsWith(rest)) throw new SyntaxAt(text.length);
    }
    throw new SyntaxAt(i);
  };
  const expect = (char: string): void => {
    skipSpace();
    if (text.charAt(i) !== char) throw new SyntaxAt(i);
    i += 1;
  };
  const members = (close: string, depth: number, member: () => void): void => {
    i += 1;
    skipSpace();
    if (text.charAt(i) === close) {
      i += 1;
      return;
    }
    for (;;) {
      if (depth > DEPTH_MAX) throw new SyntaxAt(i);
      member();
      skipSpace();
      const next = text.charAt(i);
      i += 1;
      if (next === close) return;
      if (next !== ',') throw new SyntaxAt(i - 1);
    }
  };
  const value = (depth: number): void => {
    skipSpace();
    const char = text.charAt(i);
    if (char === '{') {
      members('}', depth, () => {
        skipSpace();
        string();
        expect(':');
        value(depth + 1);
      });
    } else if (char === '[') {
      members(']', depth, () => {
        value(depth + 1);
      });
    } else if (char === '"') string();
    else if (char === '-' || (char >= '0' && char <= '9')) token(NUMBER);
    else literal();
  };
  try {
    value(0);
    skipSpace();
    if (i < text.length) throw new SyntaxAt(i);
    return null;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}
