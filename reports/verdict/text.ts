/**
 * The verdict as `enisim check` prints it on a terminal: a header, one line per SLO (met or
 * BREACHED, the figure, the bound, how many seeds met it), the invariants, and the verdict.
 */
import type { Verdict } from '../../models/results/verdict.js';
import { printable } from '../printable.js';
import { seedRangeText, sloText, tallyText } from './figures.js';

/** The text report, ending in a newline. */
export function renderVerdictText(verdict: Verdict): string {
  const lines = [
    `enisim check ${printable(verdict.scenario.name)} (${seedRangeText(verdict.seeds)}): ${tallyText(verdict)}`,
  ];
  for (const slo of verdict.slos) {
    lines.push(`  ${slo.pass ? 'met     ' : 'BREACHED'} ${sloText(slo, verdict.seeds)}`);
  }
  const { invariants } = verdict;
  if (invariants.violation === null) {
    const checks = invariants.status === 'passed' ? ` (${invariants.checks} checks)` : '';
    lines.push(`Invariants: ${invariants.status}${checks}`);
  } else {
    const { violation } = invariants;
    lines.push(`Invariants: VIOLATED in seed ${violation.seed} at ${violation.atS} s simulated`);
    for (const entry of violation.violations) {
      lines.push(`  ${printable(entry.checker)}: ${printable(entry.message)}`);
    }
    lines.push(`Replay: ${printable(violation.replay)}`);
  }
  lines.push(`Verdict: ${verdict.status}`);
  return `${lines.join('\n')}\n`;
}
