/**
 * Runs library scenarios for the scenario tests: load, simulate with a seed (invariant checks on
 * unless told otherwise), build the results document, validate it against the shipped JSON
 * Schema, and keep every pod's CNI ADD as the run observer saw it.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import { expect } from 'vitest';

import { resultsSchemaFile, type Results } from '../../models/results/index.js';
import { loadScenario, type Scenario } from '../../scenarios/load/index.js';
import {
  buildResults,
  runScenario,
  type CollectedRun,
  type PodNetworkEvent,
} from '../../sim/run/index.js';
import type { RunOptions } from '../../sim/run/index.js';

/** The repository root. */
export const root = fileURLToPath(new URL('../../', import.meta.url));

/** A library scenario's path, relative to the root. */
export function libraryFile(name: string): string {
  return `scenarios/${name}.yaml`;
}

/** Loads a scenario (relative to the root) and fails the test on any error finding. */
export function load(file: string): Scenario {
  const { scenario, findings } = loadScenario(file, { cwd: root });
  expect(findings.filter((finding) => finding.severity === 'error')).toEqual([]);
  if (scenario === null) throw new Error(`${file} did not load`);
  return scenario;
}

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
const validateResults = ajv.compile(
  JSON.parse(readFileSync(resultsSchemaFile(), 'utf8')) as Record<string, unknown>,
);

/** Fails the test unless `results` (as JSON) matches the results schema. */
export function expectValidResults(results: unknown): void {
  const valid = validateResults(JSON.parse(JSON.stringify(results)));
  expect(validateResults.errors ?? []).toEqual([]);
  expect(valid).toBe(true);
}

/** One finished run. */
export interface ScenarioRun {
  readonly scenario: Scenario;
  readonly collected: CollectedRun;
  readonly results: Results;
  /** Every successful CNI ADD, in order. */
  readonly network: PodNetworkEvent[];
}

/** Runs `scenario` with `seed` and checks the results document against the schema. */
export function runLoaded(
  scenario: Scenario,
  options: Partial<RunOptions> & { readonly seed?: number } = {},
): ScenarioRun {
  const network: PodNetworkEvent[] = [];
  const collected = runScenario(scenario, {
    seed: options.seed ?? 1,
    checkInvariants: options.checkInvariants ?? true,
    ...(options.untilUs === undefined ? {} : { untilUs: options.untilUs }),
    observer: { podNetworkReady: (event) => network.push(event) },
  });
  const results = buildResults(collected, { slos: scenario.slos, enisimVersion: 'test' });
  expectValidResults(results);
  return { scenario, collected, results, network };
}

/** Loads and runs a library scenario. */
export function runLibrary(
  name: string,
  options: Partial<RunOptions> & { readonly seed?: number } = {},
): ScenarioRun {
  return runLoaded(load(libraryFile(name)), options);
}

/** The instance type `id` from the scenario's catalog (the models' data, not the simulator's). */
export function instanceType(scenario: Scenario, id: string) {
  const type = scenario.catalog.types.get(id);
  if (type === undefined) throw new Error(`no instance type ${id}`);
  return type;
}
