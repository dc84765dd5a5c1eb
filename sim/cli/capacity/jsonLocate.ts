/**
 * Where JSON text first goes wrong. `JSON.parse` in Node 20 names the offending character but not
 * always its position, and a user needs "line 3, column 17" to fix a file; this scanner finds the
 * offset of the first syntax error (RFC 8259 grammar) without building any values.
 */

// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings.
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERAL = /true|false|null/y;
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
        token(STRING);
        expect(':');
        value(depth + 1);
      });
    } else if (char === '[') {
      members(']', depth, () => {
        value(depth + 1);
      });
    } else if (char === '"') token(STRING);
    else if (char === '-' || (char >= '0' && char <= '9')) token(NUMBER);
    else token(LITERAL);
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
