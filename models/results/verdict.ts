/**
 * The verdict document `enisim check` gives: for each SLO of the scenario, whether it holds over
 * the seeds by the one rule of `slos.ts`, with the figure, the bound, how many seeds met it and
 * the 95% interval of the figure over the seeds; and whether the invariant checkers passed. The
 * JSON Schema `models/results/verdict.schema.json` describes the same shape. A pure function of
 * the results document (or of the violation that stopped the run); `reports/verdict/` renders it
 * as text, JUnit XML, GitHub annotations and a Markdown summary.
 */
import type { Results } from './document.js';
import type { SloVerdict } from './slos.js';

/** The version of the verdict document; bumped on any incompatible change. */
export const VERDICT_SCHEMA_VERSION = 1;

/** One SLO's outcome: the verdict of the rule, and the figure per seed with its interval. */
export interface SloOutcome extends SloVerdict {
  /** The figure in each seed, in seed order (null where it could not be measured). */
  readonly values: readonly (number | null)[];
  /** The Student-t 95% interval of the mean over the seeds; null with one seed. */
  readonly low95: number | null;
  readonly high95: number | null;
}

/** The invariant violation that stopped a run: the seed to replay and what broke. */
export interface InvariantViolation {
  readonly seed: number;
  /** Simulated seconds from the start of the run. */
  readonly atS: number;
  readonly violations: readonly { readonly checker: string; readonly message: string }[];
  /** The command that replays the failing seed. */
  readonly replay: string;
}

/** What the verdict says as a whole. */
export type VerdictStatus = 'met' | 'breached' | 'invariantViolated';

/** The verdict document. */
export interface Verdict {
  readonly schemaVersion: typeof VERDICT_SCHEMA_VERSION;
  readonly enisimVersion: string;
  readonly scenario: { readonly name: string; readonly file: string };
  /** The seeds run, in order. */
  readonly seeds: readonly number[];
  /** `met`: every SLO holds; `breached`: one or more does not; `invariantViolated`: a run stopped. */
  readonly status: VerdictStatus;
  readonly slosMet: number;
  readonly slosBreached: number;
  /** In spec.slos order; empty when an invariant violation stopped the run. */
  readonly slos: readonly SloOutcome[];
  readonly invariants: {
    readonly status: 'passed' | 'notChecked' | 'violated';
    /** Checks run (in the seed shown in full); 0 when a violation stopped the run. */
    readonly checks: number;
    readonly violation: InvariantViolation | null;
  };
}

/** The verdict of a finished forecast. */
export function verdictOf(results: Results): Verdict {
  const seeds = results.replicationSummary?.seeds ?? [results.seed];
  const slos = results.slos.map((verdict): SloOutcome => {
    const metric = results.replicationSummary?.metrics.find((m) => m.name === verdict.name);
    return {
      ...verdict,
      values: metric?.values ?? [results.headline[verdict.name]],
      low95: metric?.low95 ?? null,
      high95: metric?.high95 ?? null,
    };
  });
  const slosBreached = slos.filter((slo) => !slo.pass).length;
  return {
    schemaVersion: VERDICT_SCHEMA_VERSION,
    enisimVersion: results.enisimVersion,
    scenario: { name: results.scenario.name, file: results.scenario.file },
    seeds,
    status: slosBreached > 0 ? 'breached' : 'met',
    slosMet: slos.length - slosBreached,
    slosBreached,
    slos,
    invariants: {
      status: results.invariants.status,
      checks: results.invariants.checks,
      violation: null,
    },
  };
}

/** The verdict of a forecast an invariant violation stopped: no SLO was judged. */
export function violationVerdict(context: {
  readonly enisimVersion: string;
  readonly scenario: { readonly name: string; readonly file: string };
  readonly seeds: readonly number[];
  readonly violation: InvariantViolation;
}): Verdict {
  return {
    schemaVersion: VERDICT_SCHEMA_VERSION,
    enisimVersion: context.enisimVersion,
    scenario: { name: context.scenario.name, file: context.scenario.file },
    seeds: [...context.seeds],
    status: 'invariantViolated',
    slosMet: 0,
    slosBreached: 0,
    slos: [],
    invariants: { status: 'violated', checks: 0, violation: context.violation },
  };
}
