/**
 * Running a scenario inside a test: {@link runScenario} writes the scenario (and the files it
 * references) to a temporary directory, loads it with the loader `enisim validate` uses, forecasts
 * it with the same function as `enisim run` (the invariant checkers on), and returns the results
 * document; {@link validateScenario} returns what `enisim validate` would say; {@link expectSlo}
 * judges an objective by the one SLO rule of `enisim check`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { stringify } from 'yaml';

import {
  forecast,
  InvariantError,
  loadScenarioOrThrow,
  validateScenarioFile,
  type Results,
  type ScenarioValidation,
} from '../cli/api/index.js';
import {
  evaluateSlos,
  SLO_NAMES,
  type SeedHeadline,
  type SloName,
} from '../models/results/slos.js';
import type { ScenarioDocument, TestScenario } from './documents.js';

/** The name the scenario is written under in its temporary directory. */
export const SCENARIO_FILE = 'scenario.yaml';

/** A scenario document, or one with the files it references. */
export type ScenarioInput = ScenarioDocument | TestScenario;

function bundleOf(input: ScenarioInput): TestScenario {
  return 'apiVersion' in input ? { scenario: input, files: {} } : input;
}

/** Writes the scenario and its files into a new temporary directory; returns the directory. */
function writeBundle(input: ScenarioInput): string {
  const bundle = bundleOf(input);
  const dir = mkdtempSync(join(tmpdir(), 'enisim-testing-'));
  writeFileSync(
    join(dir, SCENARIO_FILE),
    stringify(bundle.scenario, { aliasDuplicateObjects: false }),
  );
  for (const [name, content] of Object.entries(bundle.files)) {
    if (name.includes('/') || name.includes('\\') || name.startsWith('.')) {
      throw new RangeError(`file names beside a scenario are plain names, got ${name}`);
    }
    const text = typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`;
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** What `enisim validate` says of `input` (errors name `scenario.yaml:line:column`). */
export function validateScenario(input: ScenarioInput): ScenarioValidation {
  const dir = writeBundle(input);
  try {
    return validateScenarioFile(SCENARIO_FILE, { cwd: dir });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** The seed (default 1). */
  readonly seed?: number;
  /** Several seeds, replacing `seed`: the results combine them as `--seeds` does. */
  readonly seeds?: readonly number[];
  /** Run the invariant checkers at every sample (default true). */
  readonly checkInvariants?: boolean;
}

/**
 * Runs `input` and returns its results document (the `results.json` of `enisim run` with the
 * same seeds). Bad input throws the loader's errors; an invariant violation throws with the
 * replay command, and the scenario is kept on disk for it (the message says where).
 */
export async function runScenario(
  input: ScenarioInput,
  options: RunScenarioOptions = {},
): Promise<Results> {
  const dir = writeBundle(input);
  let keep = false;
  try {
    const scenario = loadScenarioOrThrow(join(dir, SCENARIO_FILE));
    const seeds = options.seeds ?? [options.seed ?? 1];
    const forecasted = await forecast(scenario, {
      seeds,
      checkInvariants: options.checkInvariants ?? true,
    });
    return forecasted.results;
  } catch (error) {
    if (error instanceof InvariantError) keep = true;
    throw error;
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

/** An objective: at most `max` or at least `min`. */
export type SloBound = { readonly max: number } | { readonly min: number };

/** The SLO names {@link expectSlo} accepts (the results' headline figures). */
export { SLO_NAMES, type SloName };

/**
 * Asserts that `results` meet the objective `name` ≤ max (or ≥ min) by the rule `enisim check`
 * enforces: in at least ⌈0.95·K⌉ of its K seeds (one seed: that seed). Throws an Error naming
 * the figure per seed and the bound when it does not; returns the verdict when it does.
 */
export function expectSlo(
  results: Results,
  name: SloName,
  bound: SloBound,
): ReturnType<typeof evaluateSlos>[number] {
  if (!(SLO_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`unknown SLO ${name}; one of ${SLO_NAMES.join(', ')}`);
  }
  const spec =
    'max' in bound
      ? { name, bound: 'max' as const, value: bound.max }
      : { name, bound: 'min' as const, value: bound.min };
  const summary = results.replicationSummary;
  const metric = summary?.metrics.find((entry) => entry.name === name);
  const seeds: SeedHeadline[] =
    summary === null || metric === undefined
      ? [{ seed: results.seed, headline: results.headline }]
      : summary.seeds.map((seed, index) => ({
          seed,
          headline: { ...results.headline, [name]: metric.values[index] ?? null },
        }));
  const [verdict] = evaluateSlos([spec], seeds);
  if (verdict === undefined) throw new Error('evaluateSlos returned no verdict');
  if (!verdict.pass) {
    const symbol = spec.bound === 'max' ? '≤' : '≥';
    const values = seeds.map((seed) => `seed ${seed.seed}: ${String(seed.headline[name])}`);
    throw new Error(
      `SLO ${name} ${symbol} ${spec.value} breached in ${results.scenario.name}: ` +
        `${verdict.passedReplications} of ${verdict.replications} seeds met it, ` +
        `${verdict.requiredReplications} needed (${values.join(', ')})`,
    );
  }
  return verdict;
}
