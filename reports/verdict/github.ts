/**
 * The verdict for GitHub Actions: a workflow `::error` annotation per breached SLO (and for an
 * invariant violation), which GitHub shows on the run's summary page and the pull request, and a
 * Markdown table for the job summary (`$GITHUB_STEP_SUMMARY`, see ./markdown.ts).
 *
 * Workflow commands end at a newline and split properties at `,` and `::`, so values are encoded
 * as GitHub's toolkit encodes them (`%25`, `%0D`, `%0A`, and in properties `%3A`, `%2C`).
 */
import type { Verdict } from '../../models/results/verdict.js';
import { printable } from '../printable.js';
import { renderVerdictText } from './text.js';
import { sloText } from './figures.js';

function data(value: string): string {
  return value.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function property(value: string): string {
  return data(value).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

function annotation(file: string, title: string, message: string): string {
  return `::error file=${property(printable(file))},title=${property(printable(title))}::${data(printable(message))}`;
}

/** Annotations for what failed, then the text report as plain log lines. */
export function renderVerdictGithub(verdict: Verdict): string {
  const lines: string[] = [];
  const { file, name } = verdict.scenario;
  for (const slo of verdict.slos) {
    if (slo.pass) continue;
    lines.push(
      annotation(file, `SLO breached: ${slo.name} (${name})`, sloText(slo, verdict.seeds)),
    );
  }
  const { violation } = verdict.invariants;
  if (violation !== null) {
    const message = [
      ...violation.violations.map((entry) => `${entry.checker}: ${entry.message}`),
      `replay: ${violation.replay}`,
    ].join('\n');
    lines.push(annotation(file, `Invariant violated in seed ${violation.seed} (${name})`, message));
  }
  return `${lines.map((line) => `${line}\n`).join('')}${renderVerdictText(verdict)}`;
}
