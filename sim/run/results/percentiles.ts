import { quantileSorted } from 'd3';

/** The latency summary every results field uses. */
export interface LatencySummary {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/**
 * p50/p90/p99/max of `values`, by linear interpolation between order statistics (d3's
 * `quantileSorted`, the R-7 method spreadsheets use). Empty input gives nulls, not zeros: no pod
 * is not the same as an instant pod.
 */
export function summarize(values: readonly number[]): LatencySummary {
  if (values.length === 0) return { count: 0, p50: null, p90: null, p99: null, max: null };
  const sorted = [...values].sort((a, b) => a - b);
  return {
    count: sorted.length,
    p50: quantileSorted(sorted, 0.5) ?? null,
    p90: quantileSorted(sorted, 0.9) ?? null,
    p99: quantileSorted(sorted, 0.99) ?? null,
    max: sorted[sorted.length - 1] ?? null,
  };
}
