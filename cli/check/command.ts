/**
 * `enisim check FILE [--seeds A..B | --seed N --replications K] [--format text|json|github|markdown]
 * [--junit FILE] [--out DIR] [--no-check-invariants]`: the CI gate. Runs the scenario over the
 * seeds, judges each SLO of `spec.slos` by the one rule (`models/results/slos.ts`: met in at least
 * ⌈0.95·K⌉ of K seeds) and exits with the verdict:
 *
 * - 0: every SLO holds; 3: at least one is breached; 5: an invariant checker stopped a run (the
 *   seed and the replay command are reported); 1: bad input (or a scenario without SLOs: a gate
 *   that checks nothing is a mistake); 2: bad usage.
 * - stdout: one line per SLO (`text`), the verdict document (`json`, `--json`), workflow
 *   annotations for GitHub Actions (`github`, which also appends a Markdown table to
 *   `$GITHUB_STEP_SUMMARY` when it is set), or the Markdown table (`markdown`).
 * - `--junit FILE`: a JUnit XML report, one test case per SLO. `--out DIR`: every file `enisim
 *   run` writes (results, timings, report.html and the CSVs), and `verdict.json`. Every file is written
 *   atomically, and nothing is written for bad input.
 * - The invariant checkers run at every sample unless `--no-check-invariants`.
 */
import { appendFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

import type { ArgumentsCamelCase, Argv } from 'yargs';

import type { Verdict } from '../../models/results/verdict.js';
import { verdictOf, violationVerdict } from '../../models/results/verdict.js';
import {
  renderVerdictGithub,
  renderVerdictJunit,
  renderVerdictMarkdown,
  renderVerdictText,
} from '../../reports/verdict/index.js';
import type { Results } from '../../models/results/index.js';
import type { Scenario } from '../../scenarios/load/index.js';
import { forecast, loadScenarioOrThrow, seedRange } from '../api/index.js';
import { writeFileAtomic } from '../atomicWrite.js';
import type { CliCommand } from '../command.js';
import { InputError, InvariantError, UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { InterruptedError, type Interruption } from '../interrupt.js';
import type { CommandIo } from '../io.js';
import { outDirError, prepareOutDir } from '../run/outDir.js';
import { forecastInto } from '../run/writeForecast.js';
import { seedOptions, seedsFromArguments } from '../seeds.js';
import { renderFinding } from '../validate/format.js';
import { packageVersion } from '../version.js';

/** The renderings `--format` chooses among. */
export const CHECK_FORMATS = ['text', 'json', 'github', 'markdown'] as const;
type CheckFormat = (typeof CHECK_FORMATS)[number];

interface CheckArguments {
  readonly file: string;
  readonly seeds: readonly number[];
  readonly format: CheckFormat;
  readonly junit: string | null;
  readonly out: string | null;
  readonly checkInvariants: boolean;
}

function builder(yargs: Argv): Argv {
  return seedOptions(
    yargs.positional('file', { describe: 'scenario file (YAML, kind: Scenario)', type: 'string' }),
  )
    .option('format', {
      requiresArg: true,
      choices: CHECK_FORMATS,
      defaultDescription: 'text',
      describe: 'what stdout shows: SLO lines, the verdict JSON, GitHub annotations, Markdown',
    })
    .option('json', { type: 'boolean', describe: 'the same as --format json' })
    .option('junit', { requiresArg: true, type: 'string', describe: 'write a JUnit XML report' })
    .option('out', {
      requiresArg: true,
      type: 'string',
      describe: 'also write results.json, timings.json and verdict.json into this directory',
    })
    .option('check-invariants', {
      type: 'boolean',
      default: true,
      describe: 'run the invariant checkers at every sample (exit 5 on a violation)',
    })
    .example('$0 check scenarios/exclusive-eni-node-pool.yaml --seeds 1..20', 'the CI gate')
    .example(
      '$0 check scenarios/burst-scale-out.yaml --junit reports/enisim.xml --format github',
      'in GitHub Actions',
    );
}

function pathOption(args: ArgumentsCamelCase, name: string): string | null {
  const value = args[name];
  if (value === undefined) return null;
  if (typeof value !== 'string' || value === '') throw new UsageError(`--${name} needs a path`);
  return value;
}

function parseArguments(args: ArgumentsCamelCase): CheckArguments {
  const file = args['file'];
  if (typeof file !== 'string' || file === '') {
    throw new UsageError('name a scenario file: enisim check FILE');
  }
  const format = args['format'] as CheckFormat | undefined;
  if (args['json'] === true && format !== undefined && format !== 'json') {
    throw new UsageError(`--json is --format json; it cannot be combined with --format ${format}`);
  }
  const { first, count } = seedsFromArguments(args);
  return {
    file,
    seeds: seedRange(first, count),
    format: args['json'] === true ? 'json' : (format ?? 'text'),
    junit: pathOption(args, 'junit'),
    out: pathOption(args, 'out'),
    checkInvariants: args['checkInvariants'] !== false,
  };
}

function render(verdict: Verdict, format: CheckFormat): string {
  switch (format) {
    case 'text':
      return renderVerdictText(verdict);
    case 'json':
      return `${JSON.stringify(verdict, null, 2)}\n`;
    case 'github':
      return renderVerdictGithub(verdict);
    case 'markdown':
      return renderVerdictMarkdown(verdict);
  }
}

/** The exit code of a verdict (the README's table). */
export function verdictExitCode(verdict: Verdict): ExitCode {
  switch (verdict.status) {
    case 'met':
      return ExitCode.ok;
    case 'breached':
      return ExitCode.sloBreached;
    case 'invariantViolated':
      return ExitCode.invariantViolated;
  }
}

async function writeOutput(path: string, text: string, flag: string): Promise<void> {
  try {
    await writeFileAtomic(path, text);
  } catch (error) {
    throw outDirError(path, error, flag);
  }
}

/** The forecast without files; a signal stops it between slices. */
async function forecastOnly(
  scenario: Scenario,
  options: CheckArguments,
  interruption: Interruption,
): Promise<Results> {
  try {
    const forecasted = await forecast(scenario, {
      seeds: options.seeds,
      checkInvariants: options.checkInvariants,
      signal: interruption.abortSignal,
    });
    return forecasted.results;
  } catch (error) {
    const signal = interruption.received;
    if (signal === null) throw error;
    throw new InterruptedError(signal, `the check of ${options.file} stopped before it finished`);
  }
}

async function run(
  args: ArgumentsCamelCase,
  io: CommandIo,
  interruption: Interruption,
): Promise<number> {
  const options = parseArguments(args);
  io.err(`SEED=${options.seeds[0] ?? 1}\n`);
  const scenario = loadScenarioOrThrow(options.file);
  for (const warning of scenario.warnings) io.err(renderFinding(warning, options.file));
  if (scenario.slos.length === 0) {
    throw new InputError(
      'no SLO to check: add one, e.g. `podNetworkReadyP99Ms: { max: 20000 }` ' +
        '(the names are listed in the README)',
      { file: options.file, path: 'spec.slos' },
    );
  }
  // Only after the scenario loaded: bad input must leave nothing behind.
  if (options.junit !== null) prepareOutDir(dirname(options.junit), '--junit');
  let verdict: Verdict;
  try {
    const results =
      options.out === null
        ? await forecastOnly(scenario, options, interruption)
        : (await forecastInto(scenario, { ...options, out: options.out }, interruption)).results;
    verdict = verdictOf(results);
  } catch (error) {
    if (!(error instanceof InvariantError)) throw error;
    io.err(`enisim: ${error.message}\n`);
    verdict = violationVerdict({
      enisimVersion: packageVersion(),
      scenario: { name: scenario.name, file: scenario.file },
      seeds: options.seeds,
      violation: {
        seed: error.seed,
        atS: error.atS,
        violations: error.violations,
        replay: error.replay,
      },
    });
  }
  if (options.out !== null) {
    await writeOutput(
      join(options.out, 'verdict.json'),
      `${JSON.stringify(verdict, null, 2)}\n`,
      '--out',
    );
  }
  if (options.junit !== null)
    await writeOutput(options.junit, renderVerdictJunit(verdict), '--junit');
  const summaryFile = process.env['GITHUB_STEP_SUMMARY'];
  if (options.format === 'github' && summaryFile !== undefined && summaryFile !== '') {
    // GitHub collects the job summary from what steps append to this file.
    try {
      appendFileSync(summaryFile, renderVerdictMarkdown(verdict));
    } catch (error) {
      throw outDirError(summaryFile, error, 'GITHUB_STEP_SUMMARY');
    }
  }
  io.out(render(verdict, options.format));
  return verdictExitCode(verdict);
}

/** The `check` command. */
export const checkCommand: CliCommand = {
  command: 'check <file>',
  describe: 'run a scenario over seeds and enforce its SLOs (exit 3 when one is breached)',
  builder,
  run,
};
