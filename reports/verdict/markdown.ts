/**
 * The verdict as a Markdown table: GitHub's job summary (`enisim check --format github` appends it
 * to `$GITHUB_STEP_SUMMARY`), a GitLab merge-request note, or `--format markdown` on stdout.
 */
import type { Verdict } from '../../models/results/verdict.js';
import { printable } from '../printable.js';
import { boundText, figureText, seedRangeText, seedsText, tallyText } from './figures.js';

/** User text inside a table cell: no line breaks, Markdown and HTML specials escaped. */
function cell(value: string): string {
  return printable(value)
    .replace(/\\x0[ad]/g, ' ')
    .replace(/([\\`*_{}[\]()<>#+!|~])/g, '\\$1');
}

/** The Markdown report, ending in a newline. */
export function renderVerdictMarkdown(verdict: Verdict): string {
  const icon = verdict.status === 'met' ? '✅' : '❌';
  const lines = [
    `### ${icon} enisim check ${cell(verdict.scenario.name)}: ${tallyText(verdict)}`,
    '',
    `Scenario \`${cell(verdict.scenario.file).replace(/`/g, '')}\`, ${seedRangeText(verdict.seeds)}; ` +
      'an SLO holds when at least ⌈0.95·K⌉ of K seeds meet it.',
    '',
  ];
  if (verdict.slos.length > 0) {
    lines.push('| SLO | bound | figure | seeds | verdict |', '| --- | --- | --- | --- | --- |');
    for (const slo of verdict.slos) {
      lines.push(
        `| \`${slo.name}\` | ${boundText(slo)} | ${figureText(slo)} | ` +
          `${seedsText(slo, verdict.seeds)} | ${slo.pass ? 'met' : '**breached**'} |`,
      );
    }
    lines.push('');
  }
  const { invariants } = verdict;
  if (invariants.violation === null) {
    lines.push(`Invariants: ${invariants.status}.`);
  } else {
    const { violation } = invariants;
    lines.push(`**Invariant violated** in seed ${violation.seed} at ${violation.atS} s:`, '');
    for (const entry of violation.violations) {
      lines.push(`- ${cell(entry.checker)}: ${cell(entry.message)}`);
    }
    lines.push('', `Replay: \`${printable(violation.replay).replace(/`/g, '')}\``);
  }
  return `${lines.join('\n')}\n`;
}
