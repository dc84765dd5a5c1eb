/**
 * Text from the user's files (a scenario's name, a checker's message naming a pod) made safe for
 * a terminal or a CI log: control characters (C0, DEL, C1) and the bidirectional overrides that
 * can reorder what a reader sees are shown as escapes (`\x1b`, `\u{202e}`) instead of being
 * echoed, so a scenario cannot move the cursor, colour the log or forge a line.
 */

// C0 (tab and line feed too: a name never needs them), DEL, C1, the line and paragraph
// separators (a line break to some readers), and the bidi embedding/override/isolate characters.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

function escapeOf(character: string): string {
  const code = character.codePointAt(0) ?? 0;
  return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** `text` with every control and bidi character replaced by its visible escape. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, escapeOf);
}
