/**
 * The CSV exports, for spreadsheets and notebooks (RFC 4180: comma-separated, CRLF line ends,
 * fields with a comma, quote or line break quoted). A field that starts like a formula (=, +,
 * −, @, tab) is prefixed with an apostrophe so a spreadsheet shows it rather than runs it.
 *
 * - `timeseries.csv`: one row per sample, `time_s` and every series of results.json (pods by
 *   phase, addresses per vSwitch, API calls per action). An API column holds the bucket that
 *   ends at that sample, empty at time 0 (and where no bucket ends there).
 * - `pods.csv`: one row per pod (see {@link PODS_CSV_COLUMNS}), written as the run goes.
 */
import { POD_PHASES } from '../models/results/podPhases.js';
import type { PodRecordEvent } from '../models/results/podRecord.js';
import type { Results } from '../models/results/document.js';

const EOL = '\r\n';

/** One CSV field. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replaceAll('"', '""')}"` : guarded;
}

function row(values: readonly (string | number | null)[]): string {
  return values.map(csvField).join(',') + EOL;
}

/** The time series of a results document as CSV text. */
export function timeseriesCsv(results: Results): string {
  const columns: string[] = ['time_s'];
  const getters: ((sample: number) => number | null)[] = [];
  const perSample = (name: string, series: readonly number[]): void => {
    columns.push(name);
    getters.push((sample) => series[sample] ?? null);
  };
  const { series } = results.pods;
  perSample('pods_pending', series.pending);
  perSample('pods_unschedulable', series.unschedulable);
  perSample('pods_network_setup', series.networkSetup);
  perSample('pods_starting', series.starting);
  perSample('pods_running', series.running);
  perSample('pods_terminating', series.terminating);
  for (const v of results.vSwitches) {
    perSample(`${v.id}_used_ipv4`, v.series.usedAddresses);
    perSample(`${v.id}_free_ipv4`, v.series.freeAddresses);
    if (v.ipv6 !== null) perSample(`${v.id}_used_ipv6`, v.ipv6.series.usedAddresses);
  }
  const step = results.sampleStepS;
  const bucket = results.api.seriesBucketS;
  for (const api of results.api.byAction) {
    for (const measure of ['calls', 'throttled', 'errors'] as const) {
      const values = api.series[measure];
      columns.push(`${api.action}_${measure}`);
      getters.push((sample) => {
        // The bucket [k·bucket, (k+1)·bucket) ends at this sample's time when (k+1)·bucket = t.
        if (bucket <= 0 || sample === 0) return null;
        const ends = (sample * step) / bucket;
        const k = Math.round(ends) - 1;
        if (Math.abs(ends - Math.round(ends)) > 1e-9 || k < 0) return null;
        return values[k] ?? null;
      });
    }
  }
  let text = row(columns);
  for (let sample = 0; sample < results.sampleCount; sample++) {
    text += row([Math.round(sample * step * 1e6) / 1e6, ...getters.map((get) => get(sample))]);
  }
  return text;
}

/** The columns of `pods.csv`: identity, placement, each phase in ms, the total, the outcome. */
export const PODS_CSV_COLUMNS: readonly string[] = [
  'namespace',
  'name',
  'node',
  'pool',
  'mode',
  'created_s',
  ...POD_PHASES.map((phase) => `${phase}_ms`),
  'start_ms',
  'outcome',
];

/** The header line of `pods.csv`. */
export function podsCsvHeader(): string {
  return row(PODS_CSV_COLUMNS);
}

/** One pod's line of `pods.csv`. */
export function podsCsvRow(record: PodRecordEvent): string {
  const phases = POD_PHASES.map((_, index) => {
    const us = record.phasesUs?.[index];
    return us === undefined ? null : us / 1000;
  });
  return row([
    record.namespace,
    record.name,
    record.node,
    record.pool,
    record.mode,
    record.createdUs / 1e6,
    ...phases,
    record.startUs === null ? null : record.startUs / 1000,
    record.outcome,
  ]);
}
