/**
 * Charts as SVG text, drawn in Node with d3's scales, shapes, array and format modules: no DOM
 * and no script, so the page is complete as written and carries a strict CSP. Every mark has a
 * `<title>` (the hover read-out and what assistive technology reads), every chart axis labels
 * its unit, and series differ in dash and marker as well as colour.
 */
import { format, line, max, min, scaleBand, scaleLinear, scaleLog, type ScaleLinear } from 'd3';

import { escapeHtml } from './escape.js';
import { HATCHES, seriesLook, type MarkerShape } from './style.js';

export const WIDTH = 760;
const MARGIN = { top: 16, right: 20, bottom: 46, left: 70 };

/** A number as the page writes it: thousands separated, at most 3 significant decimals. */
export const fmt = (value: number): string =>
  Number.isInteger(value) ? format(',')(value) : format(',.4~r')(value);

function n(value: number): string {
  return Number.isFinite(value) ? String(Math.round(value * 10) / 10) : '0';
}

function markerPath(shape: MarkerShape, x: number, y: number, r = 3.2): string {
  switch (shape) {
    case 'circle':
      return `M${n(x - r)},${n(y)}a${r},${r} 0 1,0 ${n(2 * r)},0a${r},${r} 0 1,0 ${n(-2 * r)},0`;
    case 'square':
      return `M${n(x - r)},${n(y - r)}h${n(2 * r)}v${n(2 * r)}h${n(-2 * r)}z`;
    case 'triangle':
      return `M${n(x)},${n(y - r)}L${n(x + r)},${n(y + r)}L${n(x - r)},${n(y + r)}z`;
    case 'diamond':
      return `M${n(x)},${n(y - r)}L${n(x + r)},${n(y)}L${n(x)},${n(y + r)}L${n(x - r)},${n(y)}z`;
    case 'cross':
      return `M${n(x - r)},${n(y - r)}L${n(x + r)},${n(y + r)}M${n(x - r)},${n(y + r)}L${n(x + r)},${n(y - r)}`;
  }
}

/** One series of a line chart: points in data units. */
export interface LineSeries {
  readonly name: string;
  readonly points: readonly (readonly [number, number])[];
}

/** A vertical marker: an event or a percentile. */
export interface VerticalMarker {
  readonly x: number;
  readonly label: string;
  /** A stable hook for tests and print readers: `data-marker` on the group. */
  readonly id: string;
}

interface Frame {
  readonly height: number;
  readonly innerWidth: number;
  readonly innerHeight: number;
}

function frame(height: number): Frame {
  return {
    height,
    innerWidth: WIDTH - MARGIN.left - MARGIN.right,
    innerHeight: height - MARGIN.top - MARGIN.bottom,
  };
}

function open(id: string, title: string, f: Frame): string {
  return (
    `<svg class="chart" id="${escapeHtml(id)}" role="img" aria-labelledby="${escapeHtml(id)}-title" ` +
    `viewBox="0 0 ${WIDTH} ${f.height}" width="${WIDTH}" height="${f.height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${escapeHtml(id)}-title">${escapeHtml(title)}</title>` +
    `<g transform="translate(${MARGIN.left},${MARGIN.top})">`
  );
}

const CLOSE = '</g></svg>';

function yAxis(y: ScaleLinear<number, number>, f: Frame, label: string): string {
  const ticks = y.ticks(5);
  const tickFormat = y.tickFormat(5, '~s');
  const parts = ticks.map(
    (t) =>
      `<g class="grid"><line x1="0" x2="${f.innerWidth}" y1="${n(y(t))}" y2="${n(y(t))}"/></g>` +
      `<text x="-6" y="${n(y(t))}" dy="0.32em" text-anchor="end">${tickFormat(t)}</text>`,
  );
  return (
    `<g class="axis y">${parts.join('')}<line x1="0" x2="0" y1="0" y2="${f.innerHeight}"/></g>` +
    `<text class="axis-label" transform="rotate(-90)" x="${n(-f.innerHeight / 2)}" y="-54" text-anchor="middle">${escapeHtml(label)}</text>`
  );
}

function xAxis(
  ticks: readonly number[],
  position: (value: number) => number,
  tickFormat: (value: number) => string,
  f: Frame,
  label: string,
): string {
  const parts = ticks.map(
    (t) =>
      `<line x1="${n(position(t))}" x2="${n(position(t))}" y1="${f.innerHeight}" y2="${f.innerHeight + 5}"/>` +
      `<text x="${n(position(t))}" y="${f.innerHeight + 17}" text-anchor="middle">${escapeHtml(tickFormat(t))}</text>`,
  );
  return (
    `<g class="axis x"><line x1="0" x2="${f.innerWidth}" y1="${f.innerHeight}" y2="${f.innerHeight}"/>${parts.join('')}</g>` +
    `<text class="axis-label" x="${n(f.innerWidth / 2)}" y="${f.innerHeight + 38}" text-anchor="middle">${escapeHtml(label)}</text>`
  );
}

/** A legend as an HTML list below the chart, each entry drawn with its line, dash and marker. */
export function legend(names: readonly string[], kind: 'line' | 'swatch' = 'line'): string {
  const items = names.map((name, index) => {
    const look = seriesLook(index);
    const sample =
      kind === 'line'
        ? `<line x1="2" x2="30" y1="8" y2="8" stroke="${look.color}" stroke-width="2" stroke-dasharray="${look.dash}"/>` +
          `<path d="${markerPath(look.marker, 16, 8)}" fill="${look.color}" stroke="${look.color}"/>`
        : `<rect x="4" y="2" width="24" height="12" fill="url(#hatch-${index % HATCH_PATTERNS})" stroke="#222"/>`;
    return (
      `<li data-series="${escapeHtml(name)}"><svg width="32" height="16" aria-hidden="true">${sample}</svg> ` +
      `${escapeHtml(name)}</li>`
    );
  });
  return `<ul class="legend" style="list-style:none;display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;padding:0;margin:.2rem 0">${items.join('')}</ul>`;
}

/** A line chart over a linear x axis (time) with optional vertical markers. */
export function lineChart(options: {
  readonly id: string;
  readonly title: string;
  readonly series: readonly LineSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly xFormat?: (value: number) => string;
  readonly yUnit: string;
  readonly markers?: readonly VerticalMarker[];
  readonly height?: number;
  /** Draw markers on every k-th point (0: none). */
  readonly markEvery?: number;
}): string {
  const f = frame(options.height ?? 280);
  const xs = options.series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = options.series.flatMap((s) => s.points.map((p) => p[1]));
  const x = scaleLinear()
    .domain([min(xs) ?? 0, Math.max(max(xs) ?? 1, (min(xs) ?? 0) + 1e-9)])
    .range([0, f.innerWidth]);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(ys) ?? 1)])
    .nice()
    .range([f.innerHeight, 0]);
  const xFormat = options.xFormat ?? x.tickFormat(8);
  const draw = line<readonly [number, number]>()
    .x((p) => x(p[0]))
    .y((p) => y(p[1]));
  const paths = options.series.map((s, index) => {
    const look = seriesLook(index);
    const every = options.markEvery ?? Math.max(1, Math.ceil(s.points.length / 12));
    const marks = s.points
      .filter((_, i) => every > 0 && i % every === Math.floor(every / 2) % every)
      .map((p) => markerPath(look.marker, x(p[0]), y(p[1])))
      .join('');
    const last = s.points[s.points.length - 1];
    return (
      `<g class="series" data-series="${escapeHtml(s.name)}" data-dash="${look.dash}" data-marker-shape="${look.marker}" data-color="${look.color}">` +
      `<path class="mark line" d="${draw(s.points) ?? ''}" fill="none" stroke="${look.color}" stroke-width="2" stroke-dasharray="${look.dash}">` +
      `<title>${escapeHtml(s.name)}${last === undefined ? '' : `: ${fmt(last[1])} ${escapeHtml(options.yUnit)} at the end`}</title></path>` +
      `<path class="markers" d="${marks}" fill="${look.color}" stroke="${look.color}"/></g>`
    );
  });
  const markers = (options.markers ?? []).map((m) => {
    const at = n(x(m.x));
    return (
      `<g class="marker" data-marker="${escapeHtml(m.id)}"><line x1="${at}" x2="${at}" y1="0" y2="${f.innerHeight}" stroke="#a50f15" stroke-width="1.5" stroke-dasharray="4 2"/>` +
      `<text x="${at}" y="-4" text-anchor="middle" fill="#a50f15">${escapeHtml(m.label)}</text>` +
      `<title>${escapeHtml(m.label)}</title></g>`
    );
  });
  return (
    open(options.id, options.title, f) +
    yAxis(y, f, options.yLabel) +
    xAxis(x.ticks(8), x, xFormat, f, options.xLabel) +
    paths.join('') +
    markers.join('') +
    CLOSE
  );
}

/** One bin of a log-x histogram, ms. */
export interface LogBin {
  readonly lowMs: number;
  readonly highMs: number;
  readonly count: number;
}

/** Log-x axis bounds covering the bins with counts (one decade at least). */
function logDomain(series: readonly (readonly LogBin[])[]): [number, number] {
  const used = series.flat().filter((bin) => bin.count > 0);
  const low = Math.max(0.1, min(used, (bin) => (bin.lowMs > 0 ? bin.lowMs : bin.highMs / 2)) ?? 1);
  const high = Math.min(
    1e7,
    max(used, (bin) => (Number.isFinite(bin.highMs) ? bin.highMs : bin.lowMs * 2)) ?? 10,
  );
  const lowDecade = 10 ** Math.floor(Math.log10(low));
  const highDecade = 10 ** Math.ceil(Math.log10(Math.max(high, low * 10)));
  return [lowDecade, highDecade];
}

const msFormat = (ms: number): string =>
  ms >= 1_000_000
    ? `${fmt(ms / 60_000)} min`
    : ms >= 1000
      ? `${fmt(ms / 1000)} s`
      : `${fmt(ms)} ms`;

export { msFormat };

/**
 * A histogram over log-spaced bins, one group of bars per series (side by side in each bin),
 * with optional vertical markers (percentiles).
 */
export function logHistogram(options: {
  readonly id: string;
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly bins: readonly LogBin[] }[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly markers?: readonly VerticalMarker[];
}): string {
  const f = frame(280);
  const [lowMs, highMs] = logDomain(options.series.map((s) => s.bins));
  const x = scaleLog().domain([lowMs, highMs]).range([0, f.innerWidth]).clamp(true);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(options.series.flatMap((s) => s.bins.map((b) => b.count))) ?? 1)])
    .nice()
    .range([f.innerHeight, 0]);
  const groups = options.series.map((s, index) => {
    const look = seriesLook(index);
    const bars = s.bins
      .filter((bin) => bin.count > 0)
      .map((bin) => {
        const x0 = x(Math.max(bin.lowMs, lowMs));
        const x1 = x(Math.min(Number.isFinite(bin.highMs) ? bin.highMs : highMs, highMs));
        const width = Math.max(1, (x1 - x0) / options.series.length);
        const left = x0 + width * index;
        return (
          `<rect class="mark bar" x="${n(left)}" y="${n(y(bin.count))}" width="${n(width)}" height="${n(f.innerHeight - y(bin.count))}" ` +
          `fill="url(#hatch-${index % HATCH_PATTERNS})" stroke="${look.color}" data-count="${bin.count}" data-low-ms="${bin.lowMs}" data-high-ms="${bin.highMs}">` +
          `<title>${escapeHtml(s.name)}: ${fmt(bin.count)} pods in [${msFormat(bin.lowMs)}, ${Number.isFinite(bin.highMs) ? msFormat(bin.highMs) : '∞'})</title></rect>`
        );
      });
    return `<g class="series" data-series="${escapeHtml(s.name)}" data-color="${look.color}">${bars.join('')}</g>`;
  });
  const markers = (options.markers ?? []).map((m, index) => {
    const at = n(x(m.x));
    return (
      `<g class="marker" data-marker="${escapeHtml(m.id)}" data-value-ms="${m.x}"><line x1="${at}" x2="${at}" y1="0" y2="${f.innerHeight}" stroke="#222" stroke-width="1.5" stroke-dasharray="${['5 2', '2 2', '8 2 2 2'][index % 3] ?? '5 2'}"/>` +
      `<text x="${at}" y="${8 + (index % 3) * 11}" dx="3" fill="#222">${escapeHtml(m.label)}</text>` +
      `<title>${escapeHtml(m.label)}</title></g>`
    );
  });
  const ticks = x.ticks().filter((t) => Number.isInteger(Math.log10(t)));
  return (
    open(options.id, options.title, f) +
    yAxis(y, f, options.yLabel) +
    xAxis(ticks, x, msFormat, f, options.xLabel) +
    groups.join('') +
    markers.join('') +
    CLOSE
  );
}

/** A cumulative distribution over log-x from binned counts (a step at each bin's upper edge). */
export function logCdf(options: {
  readonly id: string;
  readonly title: string;
  readonly series: readonly { readonly name: string; readonly bins: readonly LogBin[] }[];
  readonly xLabel: string;
  readonly markers?: readonly VerticalMarker[];
}): string {
  const f = frame(280);
  const [lowMs, highMs] = logDomain(options.series.map((s) => s.bins));
  const x = scaleLog().domain([lowMs, highMs]).range([0, f.innerWidth]).clamp(true);
  const y = scaleLinear().domain([0, 100]).range([f.innerHeight, 0]);
  const paths = options.series.map((s, index) => {
    const look = seriesLook(index);
    const total = s.bins.reduce((sum, bin) => sum + bin.count, 0);
    let cumulative = 0;
    const points: [number, number][] = [[lowMs, 0]];
    const marks: string[] = [];
    for (const bin of s.bins) {
      if (bin.count === 0) continue;
      const before = (cumulative / total) * 100;
      cumulative += bin.count;
      const after = (cumulative / total) * 100;
      const edge = Number.isFinite(bin.highMs) ? bin.highMs : highMs;
      points.push([Math.max(bin.lowMs, lowMs), before], [edge, after]);
      marks.push(
        `<path class="point" d="${markerPath(look.marker, x(edge), y(after))}" fill="${look.color}" stroke="${look.color}" data-percent="${Math.round(after * 100) / 100}" data-upper-ms="${bin.highMs}">` +
          `<title>${escapeHtml(s.name)}: ${fmt(Math.round(after * 10) / 10)}% of ${fmt(total)} pods under ${Number.isFinite(bin.highMs) ? msFormat(bin.highMs) : '∞'}</title></path>`,
      );
    }
    const draw = line()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    return (
      `<g class="series" data-series="${escapeHtml(s.name)}" data-dash="${look.dash}" data-marker-shape="${look.marker}" data-color="${look.color}">` +
      `<path class="mark line" d="${total === 0 ? '' : (draw(points) ?? '')}" fill="none" stroke="${look.color}" stroke-width="2" stroke-dasharray="${look.dash}"><title>${escapeHtml(s.name)} (${fmt(total)} pods)</title></path>` +
      marks.join('') +
      `</g>`
    );
  });
  const markers = (options.markers ?? []).map((m, index) => {
    const at = n(x(m.x));
    return (
      `<g class="marker" data-marker="${escapeHtml(m.id)}" data-value-ms="${m.x}"><line x1="${at}" x2="${at}" y1="0" y2="${f.innerHeight}" stroke="#222" stroke-width="1.2" stroke-dasharray="${['5 2', '2 2', '8 2 2 2'][index % 3] ?? '5 2'}"/>` +
      `<text x="${at}" y="${f.innerHeight - 6 - (index % 3) * 11}" dx="3" fill="#222">${escapeHtml(m.label)}</text>` +
      `<title>${escapeHtml(m.label)}</title></g>`
    );
  });
  const ticks = x.ticks().filter((t) => Number.isInteger(Math.log10(t)));
  return (
    open(options.id, options.title, f) +
    yAxis(y, f, 'pods at or under (%)') +
    xAxis(ticks, x, msFormat, f, options.xLabel) +
    paths.join('') +
    markers.join('') +
    CLOSE
  );
}

/**
 * Hatch patterns so bars differ in texture as well as colour: pattern i is the i-th colour with
 * the i-th texture. Eight colours and six textures give twelve distinct pairs, enough for the
 * twelve phases of "where the time goes", and neighbours differ in both.
 */
export const HATCH_PATTERNS = 12;

function hatchDefs(): string {
  const defs = Array.from({ length: HATCH_PATTERNS }, (_, index) => {
    const { color } = seriesLook(index);
    const body = [
      `<rect width="8" height="8" fill="${color}"/>`,
      `<rect width="8" height="8" fill="${color}" opacity=".35"/><path d="M0,8L8,0" stroke="${color}" stroke-width="2"/>`,
      `<rect width="8" height="8" fill="${color}" opacity=".3"/><circle cx="4" cy="4" r="1.8" fill="${color}"/>`,
      `<rect width="8" height="8" fill="${color}" opacity=".3"/><path d="M0,0L8,8M0,8L8,0" stroke="${color}" stroke-width="1.2"/>`,
      `<rect width="8" height="8" fill="${color}" opacity=".35"/><path d="M0,4H8" stroke="${color}" stroke-width="2"/>`,
      `<rect width="8" height="8" fill="${color}" opacity=".35"/><path d="M4,0V8" stroke="${color}" stroke-width="2"/>`,
    ][index % 6];
    return `<pattern id="hatch-${index}" data-texture="${HATCHES[index % 6] ?? ''}" data-color="${color}" width="8" height="8" patternUnits="userSpaceOnUse">${body ?? ''}</pattern>`;
  });
  return `<defs>${defs.join('')}</defs>`;
}

export { hatchDefs };

/**
 * Horizontal bars, one row per category, each split into stacked segments (or a single
 * segment). Segments carry their value in `<title>` and `data-value`.
 */
export function stackedBars(options: {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly { readonly label: string; readonly segments: readonly number[] }[];
  readonly segmentNames: readonly string[];
  readonly xLabel: string;
  readonly valueFormat: (value: number) => string;
}): string {
  const rowHeight = 26;
  const leftPad = 250;
  const height = MARGIN.top + MARGIN.bottom + rowHeight * Math.max(1, options.rows.length) + 10;
  const f = frame(height);
  const innerWidth = f.innerWidth - (leftPad - MARGIN.left);
  const totals = options.rows.map((row) => row.segments.reduce((a, b) => a + b, 0));
  const x = scaleLinear()
    .domain([0, Math.max(1e-9, max(totals) ?? 1)])
    .nice()
    .range([0, innerWidth]);
  const band = scaleBand<number>()
    .domain(options.rows.map((_, i) => i))
    .range([0, f.innerHeight])
    .padding(0.25);
  const rows = options.rows.map((row, rowIndex) => {
    let offset = 0;
    const segments = row.segments.map((value, index) => {
      const left = x(offset);
      offset += value;
      if (value <= 0) return '';
      const name = options.segmentNames[index] ?? '';
      return (
        `<rect class="mark segment" data-segment="${escapeHtml(name)}" data-value="${value}" x="${n(left)}" y="${n(band(rowIndex) ?? 0)}" width="${n(Math.max(0.5, x(value) - x(0)))}" height="${n(band.bandwidth())}" fill="url(#hatch-${index % HATCH_PATTERNS})" stroke="#222" stroke-width=".5">` +
        `<title>${escapeHtml(row.label)} — ${escapeHtml(name)}: ${escapeHtml(options.valueFormat(value))}</title></rect>`
      );
    });
    const total = totals[rowIndex] ?? 0;
    return (
      `<g class="row" data-row="${escapeHtml(row.label)}" data-total="${total}">` +
      `<text x="-8" y="${n((band(rowIndex) ?? 0) + band.bandwidth() / 2)}" dy="0.32em" text-anchor="end">${escapeHtml(row.label)}</text>` +
      segments.join('') +
      `<text x="${n(x(total) + 4)}" y="${n((band(rowIndex) ?? 0) + band.bandwidth() / 2)}" dy="0.32em">${escapeHtml(options.valueFormat(total))}</text></g>`
    );
  });
  const fx = { ...f, innerWidth };
  return (
    `<svg class="chart" id="${escapeHtml(options.id)}" role="img" aria-labelledby="${escapeHtml(options.id)}-title" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${escapeHtml(options.id)}-title">${escapeHtml(options.title)}</title>` +
    `<g transform="translate(${leftPad},${MARGIN.top})">` +
    xAxis(x.ticks(6), x, options.valueFormat, fx, options.xLabel) +
    rows.join('') +
    CLOSE
  );
}

/** Vertical bars over integer categories (ENIs per node). */
export function countBars(options: {
  readonly id: string;
  readonly title: string;
  readonly series: readonly {
    readonly name: string;
    readonly bars: readonly { readonly value: number; readonly count: number }[];
  }[];
  readonly xLabel: string;
  readonly yLabel: string;
}): string {
  const f = frame(240);
  const values = options.series.flatMap((s) => s.bars.map((b) => b.value));
  const lowest = Math.min(0, min(values) ?? 0);
  const highest = Math.max(1, max(values) ?? 1);
  const categories = Array.from({ length: highest - lowest + 1 }, (_, i) => lowest + i);
  const band = scaleBand<number>().domain(categories).range([0, f.innerWidth]).padding(0.15);
  const y = scaleLinear()
    .domain([0, Math.max(1, max(options.series.flatMap((s) => s.bars.map((b) => b.count))) ?? 1)])
    .nice()
    .range([f.innerHeight, 0]);
  const width = band.bandwidth() / Math.max(1, options.series.length);
  const groups = options.series.map((s, index) => {
    const look = seriesLook(index);
    const bars = s.bars.map(
      (bar) =>
        `<rect class="mark bar" data-value="${bar.value}" data-count="${bar.count}" x="${n((band(bar.value) ?? 0) + width * index)}" y="${n(y(bar.count))}" width="${n(width)}" height="${n(f.innerHeight - y(bar.count))}" fill="url(#hatch-${index % HATCH_PATTERNS})" stroke="${look.color}">` +
        `<title>${escapeHtml(s.name)}: ${fmt(bar.count)} nodes with ${fmt(bar.value)}</title></rect>`,
    );
    return `<g class="series" data-series="${escapeHtml(s.name)}" data-color="${look.color}">${bars.join('')}</g>`;
  });
  const step = Math.max(1, Math.ceil(categories.length / 20));
  return (
    open(options.id, options.title, f) +
    yAxis(y, f, options.yLabel) +
    xAxis(
      categories.filter((_, i) => i % step === 0),
      (v) => (band(v) ?? 0) + band.bandwidth() / 2,
      (v) => String(v),
      f,
      options.xLabel,
    ) +
    groups.join('') +
    CLOSE
  );
}
