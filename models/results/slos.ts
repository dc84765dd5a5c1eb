/**
 * Service-level objectives: the names a scenario's `spec.slos` may bound, and the one rule that
 * judges an objective over seeds. Every command that gives a verdict (`run`, `check`, and what
 * comes after them) uses {@link evaluateSlos}; nothing else decides whether an SLO holds.
 *
 * The rule: over K independent seeds an objective holds when it is met in at least
 * ⌈0.95·K⌉ of them ({@link requiredReplications}); with one seed, when that seed meets it. A
 * seed that could not measure the figure (a rollout that never finished, no pod at all) does not
 * meet it. The mean over seeds is reported beside the verdict, never used for it: a mean can meet
 * a bound that a fifth of the seeds breach, and a platform team gating a rollout on the verdict
 * needs "almost every seed met it", the statement a per-seed count makes.
 */

/** The SLO names: each bounds the results field of the same meaning (units in the name). */
export const SLO_NAMES = [
  'podNetworkReadyP50Ms',
  'podNetworkReadyP90Ms',
  'podNetworkReadyP99Ms',
  'podNetworkReadyMaxMs',
  'podStartP50Ms',
  'podStartP90Ms',
  'podStartP99Ms',
  'podStartMaxMs',
  'unschedulablePods',
  'pendingPods',
  'vSwitchFreeAddressesMin',
  'throttledCalls',
  'apiErrors',
  'rolloutDurationMaxS',
] as const;

/** One SLO name. */
export type SloName = (typeof SLO_NAMES)[number];

/** An objective: the named result must stay at most (`max`) or at least (`min`) `value`. */
export interface SloSpec {
  readonly name: SloName;
  readonly bound: 'max' | 'min';
  readonly value: number;
}

/** The share of seeds that must meet an objective, in percent. */
export const SLO_SEEDS_REQUIRED_PERCENT = 95;

/** One objective's verdict over the seeds of a run. */
export interface SloVerdict {
  readonly name: SloName;
  /** Where the measured value is in the document. */
  readonly field: string;
  readonly bound: 'max' | 'min';
  readonly threshold: number;
  /**
   * The seed's value (one seed), or the mean over the seeds that measured it (several; shown, not
   * judged); null when no seed measured it.
   */
  readonly measured: number | null;
  /** Whether the objective holds: at least `requiredReplications` seeds met it. */
  readonly pass: boolean;
  /** Seeds that met the objective, of `replications`. */
  readonly passedReplications: number;
  /** ⌈0.95·K⌉ of the K seeds (one seed: 1). */
  readonly requiredReplications: number;
  readonly replications: number;
  /**
   * The seeds that did not meet it (breached it or could not measure it), in seed order; null
   * only in a document upgraded from version 1 where some but not all seeds met it (version 1
   * counted them without naming them).
   */
  readonly breachedSeeds: readonly number[] | null;
}

/** One seed's figures, as {@link evaluateSlos} judges them. */
export interface SeedHeadline {
  readonly seed: number;
  readonly headline: { readonly [K in SloName]: number | null };
}

/**
 * How many of `replications` seeds must meet an objective: ⌈0.95·K⌉, in integers so that no
 * rounding of 0.95·K can ask for one seed more (K = 20 needs 19, K = 1 needs 1).
 */
export function requiredReplications(replications: number): number {
  if (!Number.isSafeInteger(replications) || replications < 1) {
    throw new RangeError(`replications must be a positive integer, got ${replications}`);
  }
  return Math.floor((SLO_SEEDS_REQUIRED_PERCENT * replications + 99) / 100);
}

/** Whether one seed's value meets the objective (an unmeasured figure does not). */
export function meets(spec: SloSpec, value: number | null): boolean {
  if (value === null) return false;
  return spec.bound === 'max' ? value <= spec.value : value >= spec.value;
}

/** The mean of the non-null values, or null when there are none. */
export function meanOf(values: readonly (number | null)[]): number | null {
  let sum = 0;
  let count = 0;
  for (const value of values) {
    if (value === null) continue;
    sum += value;
    count++;
  }
  return count === 0 ? null : Math.round((sum / count) * 1000) / 1000;
}

/** Judges every objective over the seeds' headline figures (one entry per seed, in order). */
export function evaluateSlos(
  slos: readonly SloSpec[],
  seeds: readonly SeedHeadline[],
): SloVerdict[] {
  if (seeds.length === 0) throw new RangeError('an SLO verdict needs at least one seed');
  const required = requiredReplications(seeds.length);
  return slos.map((spec) => {
    const values = seeds.map((run) => run.headline[spec.name]);
    const breachedSeeds = seeds.filter((run) => !meets(spec, run.headline[spec.name]));
    const passed = seeds.length - breachedSeeds.length;
    return {
      name: spec.name,
      field: `headline.${spec.name}`,
      bound: spec.bound,
      threshold: spec.value,
      measured: seeds.length === 1 ? (values[0] ?? null) : meanOf(values),
      pass: passed >= required,
      passedReplications: passed,
      requiredReplications: required,
      replications: seeds.length,
      breachedSeeds: breachedSeeds.map((run) => run.seed),
    };
  });
}
