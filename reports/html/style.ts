/**
 * The report's look: the colour-blind-safe palette (Okabe & Ito), the dash pattern and marker
 * that tell adjacent series apart in greyscale too, and the page's stylesheet with its print
 * rules. One place, so every chart reads alike.
 */

/** Okabe & Ito's eight colours, distinguishable with every common colour-vision deficiency. */
export const PALETTE = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#000000',
  '#F0E442',
] as const;

/** Dash patterns, cycled with a different period from the colours so no two neighbours match. */
export const DASHES = ['none', '6 3', '2 3', '9 3 2 3', '12 4', '3 6'] as const;

/** Marker shapes for points on lines. */
export const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross'] as const;
export type MarkerShape = (typeof MARKERS)[number];

/** The look of the i-th series of a chart. */
export interface SeriesLook {
  readonly color: string;
  readonly dash: string;
  readonly marker: MarkerShape;
}

export function seriesLook(index: number): SeriesLook {
  return {
    color: PALETTE[index % PALETTE.length] ?? '#000000',
    dash: DASHES[index % DASHES.length] ?? 'none',
    marker: MARKERS[index % MARKERS.length] ?? 'circle',
  };
}

/** Hatching patterns for stacked bars (fills must differ in more than hue). */
export const HATCHES = ['solid', 'diagonal', 'dots', 'cross', 'horizontal', 'vertical'] as const;

export const STYLESHEET = `
:root { color-scheme: light; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 0 auto; max-width: 980px; padding: 1.5rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; }
h3 { font-size: 1.05rem; margin: 1.25rem 0 .4rem; }
.lede { color: #444; margin: 0 0 1rem; white-space: pre-wrap; }
table { border-collapse: collapse; margin: .5rem 0; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: .2rem .5rem; text-align: left; vertical-align: top; }
td.num, th.num { text-align: right; }
caption { text-align: left; font-weight: 600; padding: .2rem 0; }
.pass { color: #006d2c; font-weight: 600; }
.fail { color: #a50f15; font-weight: 600; }
.pass::before { content: "✔ "; }
.fail::before { content: "✘ "; }
figure { margin: 1rem 0 1.5rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
figure p.note { color: #444; font-size: .9rem; margin: .2rem 0; }
svg.chart { display: block; max-width: 100%; height: auto; font: 11px system-ui, sans-serif; }
svg.chart .axis line, svg.chart .axis path { stroke: #444; }
svg.chart .grid line { stroke: #e5e5e5; }
svg.chart text { fill: #222; }
svg.chart .mark:hover { stroke-width: 3; opacity: .85; }
details { margin: .3rem 0 1rem; }
details summary { cursor: pointer; color: #0b4f8a; }
dl.brief { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.brief dt { font-weight: 600; }
dl.brief dd { margin: 0; }
.verdict { font-size: 1.1rem; }
.muted { color: #555; }
ul.warnings li { margin: .2rem 0; }
code { font-size: .92em; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; }
  figure, table { break-inside: avoid; }
  details { display: block; }
  details > summary { display: none; }
  a { color: inherit; text-decoration: none; }
}
`;
