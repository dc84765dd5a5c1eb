/**
 * The shell every enisim HTML page shares: a strict Content-Security-Policy (nothing may load,
 * no script may run; inline styles and `data:` images only), the stylesheet with its print
 * rules, and the hatch patterns the charts' bars fill with, defined once.
 */
import { escapeHtml } from './escape.js';
import { hatchDefs } from './charts.js';
import { STYLESHEET } from './style.js';

/** The policy in the page's `<meta>`: the page needs nothing beyond its own bytes. */
export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

/** A whole page around `body` (already escaped HTML). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>${STYLESHEET}</style>
</head>
<body>
<svg width="0" height="0" style="position:absolute" aria-hidden="true" focusable="false">${hatchDefs()}</svg>
${body}
</body>
</html>
`;
}
