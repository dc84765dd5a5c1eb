/**
 * How `enisim validate` prints findings: one block per finding, shaped like a compiler's
 * (`file:line:column: severity CODE at path: message`, then the schema keyword and the hint),
 * and a closing line per file; or JSON.
 */
import type { Finding } from '../../scenarios/load/index.js';

/** One file's validation outcome, as `--json` prints it. */
export interface FileReport {
  readonly file: string;
  /** True when there is no error (warnings allowed). */
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: readonly Finding[];
}

/** Builds a file's report from its findings. */
export function fileReport(file: string, findings: readonly Finding[]): FileReport {
  const errors = findings.filter((finding) => finding.severity === 'error').length;
  return {
    file,
    valid: errors === 0,
    errors,
    warnings: findings.length - errors,
    findings,
  };
}

/** The text form of one finding: a headline and indented detail lines. */
export function renderFinding(finding: Finding, file: string): string {
  const place =
    finding.location === null
      ? file
      : `${finding.location.file}:${finding.location.line}:${finding.location.column}`;
  const at = finding.path === null ? '' : ` at ${finding.path}`;
  const lines = [`${place}: ${finding.severity} ${finding.code}${at}: ${finding.message}`];
  if (finding.schemaPath !== null) lines.push(`    schema: ${finding.schemaPath}`);
  if (finding.hint !== null) lines.push(`    hint: ${finding.hint}`);
  return `${lines.join('\n')}\n`;
}

/** The text form of one file's report: its findings, then `FILE: ok` or a count. */
export function renderText(report: FileReport): string {
  const body = report.findings.map((finding) => renderFinding(finding, report.file)).join('');
  const plural = (count: number, word: string): string =>
    `${count} ${word}${count === 1 ? '' : 's'}`;
  let summary: string;
  if (report.valid) {
    summary =
      report.warnings === 0
        ? `${report.file}: ok`
        : `${report.file}: ok (${plural(report.warnings, 'warning')})`;
  } else {
    summary = `${report.file}: ${plural(report.errors, 'error')}, ${plural(report.warnings, 'warning')}`;
  }
  return `${body}${summary}\n`;
}
