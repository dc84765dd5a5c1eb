/**
 * Several replications of one scenario (seeds N … N+K−1) as one document: the first
 * replication's results in full, and for each headline figure its value in every replication
 * with the mean and a Student-t 95% confidence interval (replications are independent, so each
 * is one observation). SLO verdicts are judged over the seeds by the one rule in
 * `models/results/slos.ts` (met in at least ⌈0.95·K⌉ of them).
 */
import type { ReplicatedMetric, Results } from '../../../models/results/document.js';
import { SLO_NAMES, evaluateSlos, type SloSpec } from '../../../models/results/slos.js';
import { round3 } from './build.js';
import { meanWithInterval } from './confidenceInterval.js';

function interval(values: readonly (number | null)[]): Omit<ReplicatedMetric, 'name' | 'values'> {
  const observed = values.filter((value): value is number => value !== null);
  if (observed.length === 0) return { mean: null, halfWidth95: null, low95: null, high95: null };
  const stats = meanWithInterval(observed);
  const r = (value: number | null): number | null => (value === null ? null : round3(value));
  // Every headline figure is a latency, a count or an address count: never below zero, so the
  // interval is cut at 0 rather than claiming a negative latency is plausible.
  return {
    mean: r(stats.mean),
    halfWidth95: r(stats.halfWidth95),
    low95: stats.low95 === null ? null : r(Math.max(0, stats.low95)),
    high95: r(stats.high95),
  };
}

/** Combines the results of replications, in seed order, into one document. */
export function combineReplications(
  replications: readonly Results[],
  slos: readonly SloSpec[],
): Results {
  const [first] = replications;
  if (first === undefined) throw new RangeError('combineReplications needs at least one result');
  if (replications.length === 1) return first;
  const metrics: ReplicatedMetric[] = SLO_NAMES.map((name) => {
    const values = replications.map((results) => results.headline[name]);
    return { name, values, ...interval(values) };
  });
  return {
    ...first,
    replications: replications.length,
    slos: evaluateSlos(
      slos,
      replications.map((results) => ({ seed: results.seed, headline: results.headline })),
    ),
    replicationSummary: { seeds: replications.map((results) => results.seed), metrics },
  };
}
