/**
 * Where JSON text first goes wrong. `JSON.parse` in Node 20 names the offending character but not
 * always its position, and a user needs "line 3, column 17" to fix a file; this scanner finds the
 * offset of the first syntax error (RFC 8259 grammar) without building any values. An error at
 * the very end of the text means the document was cut short.
 */

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const ESCAPES = '"\\/bfnrtu';
/** Deeper nesting than this is reported as the error: no catalog or eni_conf nests so deep. */
export const JSON_DEPTH_MAX = 512;

/** Thrown inside the scanner to unwind to the first error; never escapes it. */
class SyntaxAt extends Error {
  readonly offset: number;
  /** The text nests deeper than {@link JSON_DEPTH_MAX}, rather than breaking the grammar. */
  readonly tooDeep: boolean;
  constructor(offset: number, tooDeep = false) {
    super(`JSON syntax error at offset ${offset}`);
    this.offset = offset;
    this.tooDeep = tooDeep;
  }
}

/** The text and the scanner's position in it. */
interface Scan {
  readonly text: string;
  i: number;
}

function skipSpace(scan: Scan): void {
  while (scan.i < scan.text.length && ' \t\n\r'.includes(scan.text.charAt(scan.i))) scan.i += 1;
}

function expectChar(scan: Scan, char: string): void {
  skipSpace(scan);
  if (scan.text.charAt(scan.i) !== char) throw new SyntaxAt(scan.i);
  scan.i += 1;
}

function scanNumber(scan: Scan): void {
  NUMBER.lastIndex = scan.i;
  const match = NUMBER.exec(scan.text);
  if (match === null) throw new SyntaxAt(scan.i);
  scan.i += match[0].length;
}

/** `\"`, `\n`, `\u00e9` …: fails at the first character that is not a valid escape. */
function scanEscape(scan: Scan): void {
  const escape = scan.text.charAt(scan.i + 1);
  if (escape === '') throw new SyntaxAt(scan.text.length);
  if (!ESCAPES.includes(escape)) throw new SyntaxAt(scan.i + 1);
  if (escape === 'u') {
    const hex = /^[0-9a-fA-F]{0,4}/.exec(scan.text.slice(scan.i + 2, scan.i + 6))?.[0] ?? '';
    if (hex.length < 4) throw new SyntaxAt(scan.i + 2 + hex.length);
    scan.i += 4;
  }
  scan.i += 2;
}

/** A string, failing at the character that breaks it, or at the end when it never closes. */
function scanString(scan: Scan): void {
  if (scan.text.charAt(scan.i) !== '"') throw new SyntaxAt(scan.i);
  scan.i += 1;
  while (scan.i < scan.text.length) {
    const char = scan.text.charAt(scan.i);
    if (char === '"') {
      scan.i += 1;
      return;
    }
    if (char < ' ') throw new SyntaxAt(scan.i);
    if (char === '\\') scanEscape(scan);
    else scan.i += 1;
  }
  throw new SyntaxAt(scan.text.length);
}

/** `true`, `false` or `null`; a cut-off prefix fails at the end of the text. */
function scanLiteral(scan: Scan): void {
  const rest = scan.text.slice(scan.i);
  for (const word of LITERALS) {
    if (rest.startsWith(word)) {
      scan.i += word.length;
      return;
    }
    if (rest !== '' && word.startsWith(rest)) throw new SyntaxAt(scan.text.length);
  }
  throw new SyntaxAt(scan.i);
}

/** An object's or array's members up to `close`, each read by `member`. */
function scanMembers(scan: Scan, close: string, member: () => void): void {
  scan.i += 1;
  skipSpace(scan);
  if (scan.text.charAt(scan.i) === close) {
    scan.i += 1;
    return;
  }
  // Each member consumes at least one character, so this ends within text.length rounds.
  for (;;) {
    member();
    skipSpace(scan);
    const next = scan.text.charAt(scan.i);
    scan.i += 1;
    if (next === close) return;
    if (next !== ',') throw new SyntaxAt(scan.i - 1);
  }
}

function scanValue(scan: Scan, depth: number): void {
  if (depth > JSON_DEPTH_MAX) throw new SyntaxAt(scan.i, true);
  skipSpace(scan);
  const char = scan.text.charAt(scan.i);
  if (char === '{') {
    scanMembers(scan, '}', () => {
      skipSpace(scan);
      scanString(scan);
      expectChar(scan, ':');
      scanValue(scan, depth + 1);
    });
  } else if (char === '[') {
    scanMembers(scan, ']', () => {
      scanValue(scan, depth + 1);
    });
  } else if (char === '"') scanString(scan);
  else if (char === '-' || (char >= '0' && char <= '9')) scanNumber(scan);
  else scanLiteral(scan);
}

/** Where JSON text first goes wrong, and whether it is by nesting too deep. */
export interface JsonError {
  readonly offset: number;
  readonly tooDeep: boolean;
}

/**
 * The first JSON syntax error in `text`, or `null` when it is valid JSON (or valid but nested
 * deeper than {@link JSON_DEPTH_MAX}, which is then the error).
 */
export function findJsonError(text: string): JsonError | null {
  const scan: Scan = { text, i: 0 };
  try {
    scanValue(scan, 0);
    skipSpace(scan);
    if (scan.i < text.length) throw new SyntaxAt(scan.i);
    return null;
  } catch (error) {
    if (error instanceof SyntaxAt) return { offset: error.offset, tooDeep: error.tooDeep };
    throw error;
  }
}

/** The offset of the first JSON syntax error in `text`, or `null` when it is valid JSON. */
export function locateJsonError(text: string): number | null {
  return findJsonError(text)?.offset ?? null;
}
