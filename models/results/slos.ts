/**
 * Service-level objectives: the names a scenario's `spec.slos` may bound, and each objective's
 * verdict against the headline figure of the same name. With several replications the measured
 * value is the mean over the replications that measured it, and the verdict also says in how many
 * replications it held on its own. A figure that could not be measured (a rollout that never
 * finished, no pod at all) does not meet its objective, in one replication or in any of several.
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

/** One objective's verdict. */
export interface SloVerdict {
  readonly name: SloName;
  /** Where the measured value is in the document. */
  readonly field: string;
  readonly bound: 'max' | 'min';
  readonly threshold: number;
  /** The value (the mean over replications), or null when it could not be measured. */
  readonly measured: number | null;
  readonly pass: boolean;
  /** Replications in which the objective held, of `replications`. */
  readonly passedReplications: number;
  readonly replications: number;
}

function holds(spec: SloSpec, value: number | null): boolean {
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

/** Evaluates every objective over the replications' headline figures (one per replication). */
export function evaluateSlos(
  slos: readonly SloSpec[],
  headlines: readonly { readonly [K in SloName]: number | null }[],
): SloVerdict[] {
  return slos.map((spec) => {
    const values = headlines.map((headline) => headline[spec.name]);
    const measured = headlines.length === 1 ? (values[0] ?? null) : meanOf(values);
    // A replication that could not measure the figure (a rollout that never finished) fails the
    // objective even when the mean of the others meets it.
    const everyMeasured = values.every((value) => value !== null);
    return {
      name: spec.name,
      field: `headline.${spec.name}`,
      bound: spec.bound,
      threshold: spec.value,
      measured,
      pass: everyMeasured && holds(spec, measured),
      passedReplications: values.filter((value) => holds(spec, value)).length,
      replications: headlines.length,
    };
  });
}
