/**
 * Escaping for text that enters the report's HTML and SVG. Every string from input (the
 * scenario's description and file name, instance type ids from a catalog, annotation values,
 * anything in a hand-edited results.json) passes through here, so markup in it shows as text.
 */

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text safe in element content and in double- or single-quoted attribute values. */
export function escapeHtml(text: string): string {
  // Control characters other than tab and newline are dropped: they have no business in a
  // report and some (U+0000) are not allowed in HTML at all.
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '')
      .replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char)
  );
}
