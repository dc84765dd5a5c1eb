/**
 * The verdict as a JUnit XML report, the format CI systems (GitHub Actions reporters, GitLab's
 * `artifacts:reports:junit`, Jenkins) show as test results: one test suite for the scenario, one
 * test case per SLO (a `<failure>` when breached; the figure in the message either way), and one
 * for the invariant checkers (an `<error>` when one stopped a run).
 *
 * Well-formed whatever the names contain: text and attributes are escaped, and characters XML 1.0
 * cannot carry at all (most controls, lone surrogates) are written as visible escapes.
 */
import type { SloOutcome, Verdict } from '../../models/results/verdict.js';
import { printable } from '../printable.js';
import { boundText, seedRangeText, sloText, tallyText } from './figures.js';

// What XML 1.0 allows: tab, LF, CR, U+0020–U+D7FF, U+E000–U+FFFD, U+10000–U+10FFFF.
const NOT_XML_CHAR = /[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu;

function xmlChars(text: string): string {
  return printable(text).replace(NOT_XML_CHAR, (character) => {
    const code = character.codePointAt(0) ?? 0;
    return `\\u{${code.toString(16)}}`;
  });
}

/** Character data: `&`, `<` and `>` escaped. */
function text(value: string): string {
  return xmlChars(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An attribute value in double quotes: also `"`, and whitespace a parser would normalise. */
function attribute(value: string): string {
  return text(value)
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

function sloCase(slo: SloOutcome, verdict: Verdict, classname: string): string[] {
  const name = `${slo.name} ${boundText(slo)}`;
  const line = sloText(slo, verdict.seeds);
  const open = `    <testcase classname="${attribute(classname)}" name="${attribute(name)}">`;
  if (slo.pass) {
    return [open, `      <system-out>${text(`met: ${line}`)}</system-out>`, '    </testcase>'];
  }
  return [
    open,
    `      <failure type="SloBreached" message="${attribute(`breached: ${line}`)}">${text(
      `${slo.field} ${boundText(slo)} per seed: ${slo.values
        .map((value, index) => `seed ${verdict.seeds[index] ?? '?'} ${value ?? 'not measured'}`)
        .join(', ')}`,
    )}</failure>`,
    '    </testcase>',
  ];
}

function invariantCase(verdict: Verdict, classname: string): string[] {
  const { invariants } = verdict;
  const open = `    <testcase classname="${attribute(classname)}" name="invariants">`;
  if (invariants.violation === null) {
    const body =
      invariants.status === 'passed'
        ? `<system-out>${text(`passed: ${invariants.checks} checks`)}</system-out>`
        : '<skipped message="not checked (--no-check-invariants)"/>';
    return [open, `      ${body}`, '    </testcase>'];
  }
  const { violation } = invariants;
  const detail = [
    ...violation.violations.map((entry) => `${entry.checker}: ${entry.message}`),
    `replay: ${violation.replay}`,
  ].join('\n');
  return [
    open,
    `      <error type="InvariantViolated" message="${attribute(
      `invariant violated in seed ${violation.seed} at ${violation.atS} s`,
    )}">${text(detail)}</error>`,
    '    </testcase>',
  ];
}

/** The JUnit XML document, ending in a newline. */
export function renderVerdictJunit(verdict: Verdict): string {
  const classname = `enisim.${verdict.scenario.name}`;
  const tests = verdict.slos.length + 1;
  const failures = verdict.slosBreached;
  const errors = verdict.invariants.violation === null ? 0 : 1;
  const skipped = verdict.invariants.status === 'notChecked' ? 1 : 0;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}"`;
  const suiteName = `enisim check ${verdict.scenario.name} (${seedRangeText(verdict.seeds)})`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="enisim check" ${counts}>`,
    `  <testsuite name="${attribute(suiteName)}" ${counts}>`,
    '    <properties>',
    `      <property name="scenario" value="${attribute(verdict.scenario.file)}"/>`,
    `      <property name="seeds" value="${verdict.seeds.join(',')}"/>`,
    `      <property name="enisimVersion" value="${attribute(verdict.enisimVersion)}"/>`,
    `      <property name="verdict" value="${verdict.status}: ${attribute(tallyText(verdict))}"/>`,
    '    </properties>',
    ...verdict.slos.flatMap((slo) => sloCase(slo, verdict, classname)),
    ...invariantCase(verdict, classname),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}
