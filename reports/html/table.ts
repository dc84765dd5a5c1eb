/**
 * Tables: the figures themselves, and the data behind every chart in a `<details>` a reader can
 * open, which is also what a screen reader gets. Headers are `<th scope>` and every table has a
 * caption, so each cell is announced with its row and column.
 */
import { escapeHtml } from './escape.js';

/** A cell: text (escaped here) or a number (right-aligned, formatted by the caller's `format`). */
export type Cell = string | number | null | { readonly html: string; readonly className?: string };

function cell(value: Cell, format: (value: number) => string, header: boolean): string {
  const tag = header ? 'th' : 'td';
  const scope = header ? ' scope="row"' : '';
  if (value === null) return `<${tag}${scope} class="num muted">—</${tag}>`;
  if (typeof value === 'number')
    return `<${tag}${scope} class="num">${escapeHtml(format(value))}</${tag}>`;
  if (typeof value === 'string') return `<${tag}${scope}>${escapeHtml(value)}</${tag}>`;
  const className = value.className === undefined ? '' : ` class="${value.className}"`;
  return `<${tag}${scope}${className}>${value.html}</${tag}>`;
}

/** A table with a caption, column headers, and rows whose first cell heads the row. */
export function table(options: {
  readonly caption: string;
  readonly columns: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
  readonly format?: (value: number) => string;
  readonly id?: string;
}): string {
  const format = options.format ?? String;
  const head = options.columns
    .map(
      (name, index) =>
        `<th scope="col"${index === 0 ? '' : ' class="num"'}>${escapeHtml(name)}</th>`,
    )
    .join('');
  const body = options.rows
    .map(
      (row) => `<tr>${row.map((value, index) => cell(value, format, index === 0)).join('')}</tr>`,
    )
    .join('\n');
  const id = options.id === undefined ? '' : ` id="${escapeHtml(options.id)}"`;
  return `<table${id}><caption>${escapeHtml(options.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** A chart's data as a table inside a closed `<details>`. */
export function dataTable(
  options: Parameters<typeof table>[0] & { readonly note?: string },
): string {
  const note = options.note === undefined ? '' : `<p class="note">${escapeHtml(options.note)}</p>`;
  return `<details><summary>Data: ${escapeHtml(options.caption)}</summary>${note}${table(options)}</details>`;
}

/** A figure: heading, the chart, its legend, notes, and its data. */
export function figure(options: {
  readonly caption: string;
  readonly chart: string;
  readonly legend?: string;
  readonly note?: string;
  readonly data: string;
}): string {
  const note = options.note === undefined ? '' : `<p class="note">${escapeHtml(options.note)}</p>`;
  return `<figure><figcaption>${escapeHtml(options.caption)}</figcaption>${options.chart}${options.legend ?? ''}${note}${options.data}</figure>`;
}
