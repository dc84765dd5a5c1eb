/**
 * `enisim run FILE [--seed N] [--replications K | --seeds A..B] [--out DIR] [--json]
 * [--check-invariants]`: simulates a scenario end to end and writes the forecast.
 *
 * - Prints `SEED=<n>` on stderr first; replications use seeds N … N+K−1 (or A … B).
 * - Writes `DIR/results.json` (the versioned results document, byte-identical for equal seeds),
 *   `DIR/timings.json` (wall-clock figures, the only place they appear), `DIR/report.html`
 *   (the HTML report), `DIR/timeseries.csv` and `DIR/pods.csv` (streamed as pods finish), each
 *   atomically; on bad input nothing is written into DIR.
 * - Prints a short summary and the report's path, or with `--json` the results document on
 *   stdout and the report's path on stderr. The summary judges each SLO by the one rule
 *   (`models/results/slos.ts`); `run` reports, `enisim check` enforces.
 *
 * Exit codes: 0 when the run finished; 1 for bad input (a scenario with errors, each printed with
 * file:line:column); 2 for a bad command line; 5 when `--check-invariants` finds a violation (the
 * seed and the replay command are printed).
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

import { loadScenarioOrThrow, seedRange } from '../api/index.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import type { Interruption } from '../interrupt.js';
import type { CommandIo } from '../io.js';
import { seedOptions, seedsFromArguments } from '../seeds.js';
import { renderFinding } from '../validate/format.js';
import { renderSummary } from '../../reports/summary.js';
import { forecastInto } from './writeForecast.js';

/** What the command line asks for. */
interface RunArguments {
  readonly file: string;
  readonly seeds: readonly number[];
  readonly out: string;
  readonly json: boolean;
  readonly checkInvariants: boolean;
}

function builder(yargs: Argv): Argv {
  return seedOptions(
    yargs.positional('file', { describe: 'scenario file (YAML, kind: Scenario)', type: 'string' }),
  )
    .option('out', {
      requiresArg: true,
      type: 'string',
      default: 'out',
      describe: 'directory for results.json, report.html, timeseries.csv, pods.csv, timings.json',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print results.json on stdout' })
    .option('check-invariants', {
      type: 'boolean',
      default: false,
      describe: 'run the invariant checkers at every sample (slower); exit 5 on a violation',
    })
    .example('$0 run scenarios/exclusive-eni-node-pool.yaml', 'forecast the seed scenario')
    .example(
      '$0 run scenarios/burst-scale-out.yaml --seeds 1..5 --out out/burst',
      'five seeds, with 95% CIs',
    );
}

function parseArguments(args: ArgumentsCamelCase): RunArguments {
  const file = args['file'];
  if (typeof file !== 'string' || file === '') {
    throw new UsageError('name a scenario file: enisim run FILE');
  }
  const out = args['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('--out needs a directory');
  const { first, count } = seedsFromArguments(args);
  return {
    file,
    seeds: seedRange(first, count),
    out,
    json: args['json'] === true,
    checkInvariants: args['checkInvariants'] === true,
  };
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
  // Only after the scenario loaded: bad input must leave no directory behind.
  const written = await forecastInto(scenario, options, interruption);
  if (options.json) {
    io.out(written.resultsText);
    io.err(`Report: ${written.reportFile}\n`);
  } else {
    const summary = renderSummary(written.results, { resultsFile: written.resultsFile });
    io.out(`${summary}Report: ${written.reportFile}\n`);
  }
  return ExitCode.ok;
}

/** The `run` command. */
export const runCommand: CliCommand = {
  command: 'run <file>',
  describe: 'simulate a scenario end to end and write the forecast (results.json)',
  builder,
  run,
};
