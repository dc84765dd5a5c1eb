/**
 * Findings: the problems `enisim validate` reports, each with where it is, what rule it breaks
 * and how to fix it. The loader collects every finding before it gives up, so one run shows
 * the user all of them.
 */

/** A place in a source file, 1-based as editors count. */
export interface SourcePosition {
  /** The file as the user named it (relative paths stay relative). */
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** `error` makes the scenario invalid (exit 1); `warning` is printed and the run goes on. */
export type Severity = 'error' | 'warning';

/** One problem in a scenario or a file it references. */
export interface Finding {
  readonly severity: Severity;
  /**
   * A stable code: the models' violation codes (`EXCLUSIVE_TOO_FEW_ENIS`,
   * `TERWAY_VERSION_TOO_OLD`, …), the schema's (`UNKNOWN_FIELD`, `MISSING_FIELD`, `WRONG_TYPE`,
   * …) and the loader's own (`FILE_NOT_FOUND`, `YAML_SYNTAX`, `EVENT_IN_THE_PAST`, …).
   */
  readonly code: string;
  readonly message: string;
  /** How to fix it, when there is something useful to say. */
  readonly hint: string | null;
  /** Where: the file and the line and column of the offending node. */
  readonly location: SourcePosition | null;
  /** The instance path inside the YAML document, e.g. `spec.cluster.nodePools[1].count`. */
  readonly path: string | null;
  /** For schema findings, the JSON Schema keyword that failed, e.g. `#/$defs/NodePool/…`. */
  readonly schemaPath: string | null;
}

/** The fields a caller gives when it adds a finding; the rest default to `null`. */
export interface FindingInput {
  readonly code: string;
  readonly message: string;
  readonly hint?: string | null;
  readonly location?: SourcePosition | null;
  readonly path?: string | null;
  readonly schemaPath?: string | null;
}

/** Collects findings in the order they are found. */
export class FindingList {
  readonly #items: Finding[] = [];

  /** Adds an error: the scenario cannot be run. */
  error(input: FindingInput): void {
    this.#items.push(complete('error', input));
  }

  /** Adds a warning: worth knowing, but the scenario still runs. */
  warning(input: FindingInput): void {
    this.#items.push(complete('warning', input));
  }

  /** Adds findings made elsewhere. */
  addAll(findings: readonly Finding[]): void {
    this.#items.push(...findings);
  }

  /** Whether any error has been added. */
  hasErrors(): boolean {
    return this.#items.some((finding) => finding.severity === 'error');
  }

  /** Every finding, sorted by file, line and column (findings without a place go last). */
  sorted(): readonly Finding[] {
    return [...this.#items].sort(compareFindings);
  }
}

function complete(severity: Severity, input: FindingInput): Finding {
  return {
    severity,
    code: input.code,
    message: input.message,
    hint: input.hint ?? null,
    location: input.location ?? null,
    path: input.path ?? null,
    schemaPath: input.schemaPath ?? null,
  };
}

function compareFindings(a: Finding, b: Finding): number {
  if (a.location === null || b.location === null) {
    return (a.location === null ? 1 : 0) - (b.location === null ? 1 : 0);
  }
  if (a.location.file !== b.location.file) return a.location.file < b.location.file ? -1 : 1;
  if (a.location.line !== b.location.line) return a.location.line - b.location.line;
  return a.location.column - b.location.column;
}
