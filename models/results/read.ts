/**
 * Reads a results document from its text, whatever `schemaVersion` this enisim knows: version 1
 * is upgraded to the current shape (the figures it did not record become null), the result is
 * checked against the shipped schema, and a version newer than this enisim is refused. Every
 * problem is one {@link ResultsReadError} naming the file and the field, for `report` and
 * `compare` to print.
 */
import { readFileSync } from 'node:fs';

import { Ajv, type ValidateFunction } from 'ajv';

import { RESULTS_SCHEMA_VERSION, type Results, type ResultWarning } from './document.js';
import { resultsSchemaFile } from './schema.js';
import { requiredReplications } from './slos.js';

/** A results document that cannot be read; `message` names the file and the field. */
export class ResultsReadError extends Error {
  override readonly name = 'ResultsReadError';
}

let validator: ValidateFunction | null = null;

function validateCurrent(): ValidateFunction {
  validator ??= new Ajv({ allErrors: false, strict: true, allowUnionTypes: true }).compile(
    JSON.parse(readFileSync(resultsSchemaFile(), 'utf8')) as Record<string, unknown>,
  );
  return validator;
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A version-1 warning string (`CODE: message`, or free text) as a warning object. Version 1
 * did not say which pool or type a warning was about.
 */
function warningOfV1(text: unknown): ResultWarning {
  const line = typeof text === 'string' ? text : JSON.stringify(text);
  const match = /^([A-Z][A-Z0-9_]+): (.*)$/s.exec(line);
  return {
    code: match?.[1] ?? 'UNSPECIFIED',
    pool: null,
    instanceType: null,
    message: match?.[2] ?? line,
  };
}

function mapArray(value: unknown, each: (item: Json) => Json): unknown {
  if (!Array.isArray(value)) return value;
  return (value as unknown[]).map((item) => (isObject(item) ? each(item) : item));
}

/** The seeds of a version-1 document, in order: the replications' or the one seed. */
function seedsOfV1(document: Json): readonly unknown[] {
  const summary = document['replicationSummary'];
  if (isObject(summary) && Array.isArray(summary['seeds'])) return summary['seeds'] as unknown[];
  return [document['seed']];
}

/**
 * A version-1 SLO verdict judged again by the one rule (`slos.ts`: met in at least ⌈0.95·K⌉ of K
 * seeds): version 1 recorded how many seeds met it, which is all the rule needs. Which seeds
 * breached it is known when none or all did (or there was one seed), and null otherwise.
 */
function sloOfV1(slo: Json, seeds: readonly unknown[]): Json {
  const replications = slo['replications'];
  const passed = slo['passedReplications'];
  if (typeof replications !== 'number' || typeof passed !== 'number') return slo;
  if (!Number.isSafeInteger(replications) || replications < 1) return slo;
  const required = requiredReplications(replications);
  const breachedSeeds =
    passed === replications ? [] : passed === 0 && seeds.length === replications ? seeds : null;
  return {
    ...slo,
    pass: passed >= required,
    requiredReplications: required,
    breachedSeeds,
  };
}

/**
 * Version 1 → 2: the figures version 1 did not record are null, warnings become objects, SLO
 * verdicts are judged by the per-seed rule.
 */
function upgradeFrom1(document: Json): Json {
  const latency = isObject(document['latency']) ? document['latency'] : {};
  const api = isObject(document['api']) ? document['api'] : {};
  const seeds = seedsOfV1(document);
  return {
    ...document,
    schemaVersion: 2,
    latency: { ...latency, histograms: null, phases: null },
    nodePools: mapArray(document['nodePools'], (pool) => ({
      ...pool,
      density: mapArray(pool['density'], (row) => ({ ...row, node: null })),
    })),
    vSwitches: mapArray(document['vSwitches'], (vSwitch) => ({ ...vSwitch, ipv6: null })),
    api: { ...api, byCaller: null },
    warnings: Array.isArray(document['warnings']) ? document['warnings'].map(warningOfV1) : [],
    slos: mapArray(document['slos'], (slo) => sloOfV1(slo, seeds)),
  };
}

/** The upgrades, by the version they read. */
const UPGRADES: ReadonlyMap<number, (document: Json) => Json> = new Map([[1, upgradeFrom1]]);

/** Parses, upgrades and checks the text of `file`. */
export function parseResults(text: string, file: string): Results {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ResultsReadError(`${file}: not a results document: invalid JSON (${reason})`);
  }
  if (!isObject(parsed)) throw new ResultsReadError(`${file}: not a results document (no object)`);
  let version = parsed['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new ResultsReadError(
      `${file}: schemaVersion: expected a positive integer, got ${version === undefined ? 'nothing' : JSON.stringify(version)}`,
    );
  }
  if (version > RESULTS_SCHEMA_VERSION) {
    throw new ResultsReadError(
      `${file}: schemaVersion ${version} is newer than this enisim reads (up to ${RESULTS_SCHEMA_VERSION}); upgrade enisim`,
    );
  }
  let document: Json = parsed;
  while (version < RESULTS_SCHEMA_VERSION) {
    const upgrade = UPGRADES.get(version);
    if (upgrade === undefined) {
      throw new ResultsReadError(`${file}: schemaVersion ${version} is no longer read`);
    }
    document = upgrade(document);
    version++;
  }
  const validate = validateCurrent();
  if (!validate(document)) {
    const [first] = validate.errors ?? [];
    const field = first === undefined ? '' : first.instancePath.slice(1).replaceAll('/', '.');
    const what = first?.message ?? 'does not match the results schema';
    const extra =
      first?.keyword === 'additionalProperties'
        ? ` (${String((first.params as { additionalProperty?: unknown }).additionalProperty)})`
        : '';
    throw new ResultsReadError(`${file}: ${field === '' ? '(document)' : field}: ${what}${extra}`);
  }
  const results = document as unknown as Results;
  // The schema cannot tie a count to an array's length; the renderings loop over sampleCount.
  const samples = results.pods.series.running.length;
  if (results.sampleCount !== samples) {
    throw new ResultsReadError(
      `${file}: sampleCount: ${results.sampleCount}, but pods.series hold ${samples} samples`,
    );
  }
  return results;
}

/** Reads and parses `file` (a results.json). */
export function readResultsFile(file: string): Results {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory'
          : (code ?? 'unreadable');
    throw new ResultsReadError(`${file}: cannot read the results document (${reason})`);
  }
  return parseResults(text, file);
}
