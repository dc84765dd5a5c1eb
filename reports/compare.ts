/**
 * Two runs side by side (`enisim compare A B`): the figures a planner compares before and after
 * a Terway upgrade, an instance-type change or a pool resize, as a table of deltas
 * (`compare.json`) and as a page with both runs on the same axes (`compare.html`). Runs of
 * different scenarios compare as well; rows present in only one run show the other as empty.
 */
import { LATENCY_MODES, latencyBinBoundsMs, type Results } from '../models/results/index.js';
import { fmt, legend, lineChart, logCdf, type LineSeries } from './html/charts.js';
import { downsample } from './html/downsample.js';
import { escapeHtml } from './html/escape.js';
import { page } from './html/page.js';
import { dataTable, figure, table, type Cell } from './html/table.js';
import { timeUnit } from './html/units.js';

/** The version of `compare.json`'s shape. */
export const COMPARE_SCHEMA_VERSION = 1;

/** One compared figure. */
export interface CompareRow {
  /** What is compared: `podsPerNodeMax`, `podNetworkReadyP99Ms`, … */
  readonly figure: string;
  /** What it is about: a pool and type, a mode, a vSwitch, or `cluster`. */
  readonly subject: string;
  readonly a: number | null;
  readonly b: number | null;
  /** b − a, or null when either is missing. */
  readonly delta: number | null;
}

/** `compare.json`. */
export interface Comparison {
  readonly compareSchemaVersion: typeof COMPARE_SCHEMA_VERSION;
  readonly a: RunName;
  readonly b: RunName;
  readonly rows: readonly CompareRow[];
}

/** How a run is named on the page. */
export interface RunName {
  readonly label: string;
  readonly scenario: string;
  readonly file: string;
  readonly seed: number;
  readonly replications: number;
  readonly terway: string;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function rowOf(
  figureName: string,
  subject: string,
  a: number | null,
  b: number | null,
): CompareRow {
  return {
    figure: figureName,
    subject,
    a,
    b,
    delta: a === null || b === null ? null : round3(b - a),
  };
}

function runName(results: Results, side: 'A' | 'B', other: Results): RunName {
  const same = results.scenario.name === other.scenario.name && results.seed === other.seed;
  const base = `${results.scenario.name} (seed ${results.seed})`;
  return {
    label: same ? `${side}: ${base}` : `${side}: ${base}`,
    scenario: results.scenario.name,
    file: results.scenario.file,
    seed: results.seed,
    replications: results.replications,
    terway: results.terway.versionAtEnd,
  };
}

/** Pairs rows by key in A's order, then B's rows A lacks. */
function paired<T>(
  a: readonly T[],
  b: readonly T[],
  key: (item: T) => string,
): [string, T | undefined, T | undefined][] {
  const inB = new Map(b.map((item) => [key(item), item]));
  const keys = [...a.map(key), ...b.map(key).filter((k) => !a.some((item) => key(item) === k))];
  const inA = new Map(a.map((item) => [key(item), item]));
  return keys.map((k) => [k, inA.get(k), inB.get(k)]);
}

/** The figures of two runs and their differences. */
export function compareResults(a: Results, b: Results): Comparison {
  const rows: CompareRow[] = [];
  const densityOf = (results: Results) =>
    results.nodePools.flatMap((pool) =>
      pool.density.map((d) => ({ key: `${pool.name} / ${d.instanceType}`, d })),
    );
  for (const [key, da, db] of paired(densityOf(a), densityOf(b), (x) => x.key)) {
    rows.push(
      rowOf('podsPerNodeMax', key, da?.d.podsPerNodeMax ?? null, db?.d.podsPerNodeMax ?? null),
    );
    rows.push(
      rowOf('podLimitForMode', key, da?.d.podLimitForMode ?? null, db?.d.podLimitForMode ?? null),
    );
  }
  for (const mode of LATENCY_MODES) {
    const la = a.latency.podNetworkReadyMs[mode];
    const lb = b.latency.podNetworkReadyMs[mode];
    if (la.count === 0 && lb.count === 0) continue;
    rows.push(rowOf('podNetworkReadyP50Ms', mode, la.p50, lb.p50));
    rows.push(rowOf('podNetworkReadyP99Ms', mode, la.p99, lb.p99));
  }
  rows.push(rowOf('podStartP99Ms', 'all', a.headline.podStartP99Ms, b.headline.podStartP99Ms));
  rows.push(
    rowOf(
      'rolloutDurationMaxS',
      'cluster',
      a.headline.rolloutDurationMaxS,
      b.headline.rolloutDurationMaxS,
    ),
  );
  rows.push(rowOf('throttledCalls', 'cluster', a.api.totals.throttled, b.api.totals.throttled));
  rows.push(rowOf('apiCalls', 'cluster', a.api.totals.calls, b.api.totals.calls));
  rows.push(rowOf('apiErrors', 'cluster', a.api.totals.errors, b.api.totals.errors));
  rows.push(
    rowOf(
      'unschedulablePodsAtEnd',
      'cluster',
      a.headline.unschedulablePods,
      b.headline.unschedulablePods,
    ),
  );
  for (const [id, va, vb] of paired(a.vSwitches, b.vSwitches, (v) => v.id)) {
    rows.push(
      rowOf('freeAddressesMin', id, va?.freeAddressesMin ?? null, vb?.freeAddressesMin ?? null),
    );
    rows.push(
      rowOf(
        'freeAddressesAtEnd',
        id,
        va?.atEnd.freeAddresses ?? null,
        vb?.atEnd.freeAddresses ?? null,
      ),
    );
  }
  return {
    compareSchemaVersion: COMPARE_SCHEMA_VERSION,
    a: runName(a, 'A', b),
    b: runName(b, 'B', a),
    rows,
  };
}

function sumSeries(series: readonly (readonly number[])[]): number[] {
  const length = Math.max(0, ...series.map((s) => s.length));
  return Array.from({ length }, (_, i) => series.reduce((sum, s) => sum + (s[i] ?? 0), 0));
}

/** The comparison page. */
export function renderCompare(a: Results, b: Results, comparison: Comparison): string {
  const names = [comparison.a.label, comparison.b.label];
  const unit = timeUnit(Math.max(a.simulatedDurationS, b.simulatedDurationS));
  const xLabel = `time since the start of the run (${unit.label})`;
  const scale = (points: [number, number][]): [number, number][] =>
    points.map(([s, v]) => [s * unit.perSecond, v]);
  const deltaRows: Cell[][] = comparison.rows.map((row) => [
    row.figure,
    row.subject,
    row.a,
    row.b,
    row.delta === null
      ? null
      : { html: escapeHtml(`${row.delta > 0 ? '+' : ''}${fmt(row.delta)}`), className: 'num' },
  ]);
  const deltas = table({
    caption: 'Figures of A and B, and B − A',
    columns: ['figure', 'about', 'A', 'B', 'B − A'],
    rows: deltaRows,
    format: fmt,
    id: 'delta-table',
  });
  const figures: string[] = [];
  if (a.latency.histograms !== null && b.latency.histograms !== null) {
    const ha = a.latency.histograms;
    const hb = b.latency.histograms;
    const binsOf = (counts: readonly number[], edges: readonly number[]) =>
      counts.map((count, index) => ({ ...latencyBinBoundsMs(index, edges), count }));
    figures.push(
      figure({
        caption: 'Pod network-ready latency, A and B (all pods)',
        chart: logCdf({
          id: 'chart-compare-cdf',
          title: 'Pods network-ready within a time, percent, A and B',
          series: [
            { name: names[0] ?? 'A', bins: binsOf(ha.byMode.all.networkReady, ha.binEdgesMs) },
            { name: names[1] ?? 'B', bins: binsOf(hb.byMode.all.networkReady, hb.binEdgesMs) },
          ],
          xLabel: 'network-ready latency (log scale)',
        }),
        legend: legend(names),
        data: '',
      }),
    );
  } else {
    figures.push(
      '<p class="muted">A run with results schema version 1 has no latency histogram; the CDF is left out.</p>',
    );
  }
  const running: LineSeries[] = [
    { name: names[0] ?? 'A', points: scale(downsample(a.pods.series.running, a.sampleStepS)) },
    { name: names[1] ?? 'B', points: scale(downsample(b.pods.series.running, b.sampleStepS)) },
  ];
  figures.push(
    figure({
      caption: 'Running pods over time, A and B',
      chart: lineChart({
        id: 'chart-compare-running',
        title: 'Running pods over time, A and B',
        series: running,
        xLabel,
        yLabel: 'running pods',
        yUnit: 'pods',
      }),
      legend: legend(names),
      data: '',
    }),
  );
  const free: LineSeries[] = [
    {
      name: names[0] ?? 'A',
      points: scale(
        downsample(sumSeries(a.vSwitches.map((v) => v.series.freeAddresses)), a.sampleStepS),
      ),
    },
    {
      name: names[1] ?? 'B',
      points: scale(
        downsample(sumSeries(b.vSwitches.map((v) => v.series.freeAddresses)), b.sampleStepS),
      ),
    },
  ];
  figures.push(
    figure({
      caption: 'Free IPv4 addresses over time (all vSwitches), A and B',
      chart: lineChart({
        id: 'chart-compare-free',
        title: 'Free IPv4 addresses over time, summed over vSwitches, A and B',
        series: free,
        xLabel,
        yLabel: 'free addresses',
        yUnit: 'addresses',
      }),
      legend: legend(names),
      data: '',
    }),
  );
  const throttled: LineSeries[] = [
    {
      name: names[0] ?? 'A',
      points: scale(
        downsample(sumSeries(a.api.byAction.map((x) => x.series.throttled)), a.api.seriesBucketS),
      ),
    },
    {
      name: names[1] ?? 'B',
      points: scale(
        downsample(sumSeries(b.api.byAction.map((x) => x.series.throttled)), b.api.seriesBucketS),
      ),
    },
  ];
  figures.push(
    figure({
      caption: 'Throttled calls over time (all actions), A and B',
      chart: lineChart({
        id: 'chart-compare-throttled',
        title: 'Throttled calls per bucket, A and B',
        series: throttled,
        xLabel,
        yLabel: 'throttled calls per bucket',
        yUnit: 'calls',
      }),
      legend: legend(names),
      data: dataTable({
        caption: 'Throttled calls in all, A and B',
        columns: ['run', 'throttled calls'],
        rows: [
          [names[0] ?? 'A', a.api.totals.throttled],
          [names[1] ?? 'B', b.api.totals.throttled],
        ],
        format: fmt,
      }),
    }),
  );
  const who = (run: RunName) =>
    `<li>${escapeHtml(run.label)}: <code>${escapeHtml(run.file)}</code>, Terway ${escapeHtml(run.terway)}, ${escapeHtml(String(run.replications))} replication(s)</li>`;
  const body =
    `<header><h1>enisim comparison</h1><ul>${who(comparison.a)}${who(comparison.b)}</ul></header><main>` +
    `<section id="deltas" aria-labelledby="deltas-h"><h2 id="deltas-h">What changed</h2>${deltas}</section>` +
    `<section id="charts" aria-labelledby="charts-h"><h2 id="charts-h">Both runs on the same axes</h2>${figures.join('')}</section></main>`;
  return page(`enisim comparison: ${comparison.a.label} vs ${comparison.b.label}`, body);
}
