/**
 * The wording every rendering of a verdict shares: an SLO's bound (`≤ 20000`), its figure (the
 * seed's value, or the mean with its 95% interval over seeds) and how many seeds met it. One
 * place, so the text, JUnit, GitHub and Markdown reports say the same thing the same way.
 */
import type { SloOutcome, Verdict } from '../../models/results/verdict.js';

/** `≤ 20000` or `≥ 10`. */
export function boundText(slo: SloOutcome): string {
  return `${slo.bound === 'max' ? '≤' : '≥'} ${slo.threshold}`;
}

/** The figure: `8963.208`, `mean 8963.208, 95% CI [8000.1, 9900.2]`, or `not measured`. */
export function figureText(slo: SloOutcome): string {
  if (slo.measured === null) return 'not measured';
  if (slo.replications === 1) return String(slo.measured);
  const interval =
    slo.low95 === null || slo.high95 === null ? '' : `, 95% CI [${slo.low95}, ${slo.high95}]`;
  return `mean ${slo.measured}${interval}`;
}

/** The seeds that missed, the first few by number: `seeds 3, 7` or `20 seeds: 1, 2, 3, 4, 5, …`. */
function seedListText(seeds: readonly number[]): string {
  const SHOWN = 5;
  if (seeds.length === 1) return `seed ${seeds[0] ?? '?'}`;
  if (seeds.length <= SHOWN) return `seeds ${seeds.join(', ')}`;
  return `${seeds.length} seeds: ${seeds.slice(0, SHOWN).join(', ')}, …`;
}

/** `seed 1` or `19/20 seeds met it, 19 needed (not met in seeds 3, 7)`. */
export function seedsText(slo: SloOutcome, seeds: readonly number[]): string {
  if (slo.replications === 1) {
    return `seed ${seeds[0] ?? '?'} ${slo.pass ? 'met it' : 'did not meet it'}`;
  }
  const missed =
    slo.breachedSeeds === null || slo.breachedSeeds.length === 0
      ? ''
      : ` (not met in ${seedListText(slo.breachedSeeds)})`;
  return (
    `${slo.passedReplications}/${slo.replications} seeds met it, ` +
    `${slo.requiredReplications} needed${missed}`
  );
}

/** `seed 1` or `seeds 1…20` (a range when consecutive, else listed). */
export function seedRangeText(seeds: readonly number[]): string {
  const [first] = seeds;
  const last = seeds[seeds.length - 1];
  if (first === undefined || last === undefined) return 'no seeds';
  if (seeds.length === 1) return `seed ${first}`;
  const consecutive = seeds.every((seed, index) => seed === first + index);
  return consecutive ? `seeds ${first}…${last}` : `seeds ${seeds.join(', ')}`;
}

/** One SLO in one line: `podNetworkReadyP99Ms ≤ 20000: 8963.208 (seed 1 met it)`. */
export function sloText(slo: SloOutcome, seeds: readonly number[]): string {
  return `${slo.name} ${boundText(slo)}: ${figureText(slo)} (${seedsText(slo, seeds)})`;
}

/** The verdict in a few words: `2 of 3 SLOs met, 1 breached`. */
export function tallyText(verdict: Verdict): string {
  if (verdict.status === 'invariantViolated') return 'an invariant was violated';
  const total = verdict.slos.length;
  return `${verdict.slosMet} of ${total} SLO${total === 1 ? '' : 's'} met, ${verdict.slosBreached} breached`;
}
