/**
 * Text from input files shown to a person: never a control character, never a whole file.
 *
 * Input is free text in many places (descriptions, paths, instance type ids, annotation values,
 * YAML keys, eni-config ids). Printed raw, an ESC or BEL retitles the window or clears the
 * screen, a CR overwrites the line, and a C1 control (U+0080–U+009F, which `JSON.stringify`
 * leaves raw) acts as ESC on many terminals. So every such character is written as a JSON-style
 * escape (`\u001b`), which keeps JSON output valid, and quoted values are cut to a short preview.
 */

/** C0 controls except tab and line feed, DEL, and C1 controls: what a terminal acts on. */
// eslint-disable-next-line no-control-regex -- matching control characters is this file's job
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/gu;

/** Every C0 control, DEL and C1 control (a quoted value escapes line breaks too). */
// eslint-disable-next-line no-control-regex -- as above
const ANY_CONTROL = /[\u0000-\u001f\u007f-\u009f]/gu;

/** Line separators that JSON allows raw in strings but that break a one-line message. */
const LINE_SEPARATORS = /[\u2028\u2029]/gu;

const escapeOne = (character: string): string =>
  `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every control character a terminal acts on escaped; tabs and newlines kept. */
export function escapeTerminalControls(text: string): string {
  return text.replace(TERMINAL_CONTROL, escapeOne);
}

/** How many characters of an input value a message quotes. */
export const QUOTE_CHARS_MAX = 80;

/**
 * `text` as a double-quoted, escaped, one-line preview: `"ecs.g7\u001b[2J"`, and for a long
 * value its first {@link QUOTE_CHARS_MAX} characters and its length:
 * `"root:x:0:0:…" (2,113 characters)`. Never the whole of a long value (a file that parsed as one
 * YAML scalar must not be echoed).
 */
export function quoteInput(text: string, charsMax: number = QUOTE_CHARS_MAX): string {
  const long = text.length > charsMax;
  const shown = long ? text.slice(0, charsMax) : text;
  const quoted = JSON.stringify(shown)
    .replace(ANY_CONTROL, escapeOne)
    .replace(LINE_SEPARATORS, escapeOne);
  if (!long) return quoted;
  return `${quoted.slice(0, -1)}…" (${text.length.toLocaleString('en-US')} characters)`;
}
