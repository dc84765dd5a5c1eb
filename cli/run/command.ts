/**
 * `enisim run FILE [--seed N] [--replications K] [--out DIR] [--json] [--check-invariants]`:
 * simulates a scenario end to end and writes the forecast.
 *
 * - Prints `SEED=<n>` on stderr first; replications use seeds N … N+K−1.
 * - Writes `DIR/results.json` (the versioned results document, byte-identical for equal seeds),
 *   `DIR/timings.json` (wall-clock figures, the only place they appear), `DIR/report.html`
 *   (the HTML report), `DIR/timeseries.csv` and `DIR/pods.csv` (streamed as pods finish), each
 *   atomically; on bad input nothing is written into DIR.
 * - Prints a short summary and the report's path, or with `--json` the results document on
 *   stdout and the report's path on stderr.
 *
 * Exit codes: 0 when the run finished (SLO verdicts are reported, not enforced); 1 for bad
 * input (a scenario with errors, each printed with file:line:column); 2 for a bad command line.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { ArgumentsCamelCase, Argv } from 'yargs';

import {
  forecast,
  loadScenarioOrThrow,
  PodsCsvWriter,
  reportOutputs,
  seedRange,
} from '../api/index.js';
import { writeOutputSet } from '../atomicWrite.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import { InterruptedError, type Interruption } from '../interrupt.js';
import type { CommandIo } from '../io.js';
import { renderFinding } from '../validate/format.js';
import type { Results } from '../../models/results/index.js';
import { renderSummary } from '../../reports/summary.js';
import { outDirError, prepareOutDir, removeCreatedDirectories } from './outDir.js';

/** The most replications one command runs. */
export const REPLICATIONS_MAX = 1000;

/** What the command line asks for. */
interface RunArguments {
  readonly file: string;
  readonly seed: number;
  readonly replications: number;
  readonly out: string;
  readonly json: boolean;
  readonly checkInvariants: boolean;
}

function builder(yargs: Argv): Argv {
  return yargs
    .positional('file', { describe: 'scenario file (YAML, kind: Scenario)', type: 'string' })
    .option('seed', {
      requiresArg: true,
      type: 'number',
      default: 1,
      describe: 'the run seed (a non-negative integer)',
    })
    .option('replications', {
      requiresArg: true,
      type: 'number',
      default: 1,
      describe: 'independent runs with seeds N … N+K−1; results add means and 95% CIs',
    })
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
      describe: 'run the invariant checkers at every sample (slower)',
    })
    .example('$0 run scenarios/exclusive-eni-node-pool.yaml', 'forecast the seed scenario')
    .example(
      '$0 run scenarios/burst-scale-out.yaml --replications 5 --out out/burst',
      'with 95% CIs',
    );
}

function integerOption(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(
      `--${name} must be an integer from ${min} to ${max}, got ${String(value)}`,
    );
  }
  return value;
}

function parseArguments(args: ArgumentsCamelCase): RunArguments {
  const file = args['file'];
  if (typeof file !== 'string' || file === '') {
    throw new UsageError('name a scenario file: enisim run FILE');
  }
  const out = args['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('--out needs a directory');
  const seed = integerOption(args['seed'], 'seed', 0, Number.MAX_SAFE_INTEGER - REPLICATIONS_MAX);
  return {
    file,
    seed,
    replications: integerOption(args['replications'], 'replications', 1, REPLICATIONS_MAX),
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
  io.err(`SEED=${options.seed}\n`);
  const scenario = loadScenarioOrThrow(options.file);
  for (const warning of scenario.warnings) io.err(renderFinding(warning, options.file));
  // Only after the scenario loaded: bad input must leave no directory behind.
  const created = prepareOutDir(options.out);
  const resultsFile = join(options.out, 'results.json');
  const timingsFile = join(options.out, 'timings.json');
  const reportFile = join(options.out, 'report.html');
  let pods: PodsCsvWriter;
  try {
    pods = new PodsCsvWriter(join(options.out, 'pods.csv'));
  } catch (error) {
    removeCreatedDirectories(created);
    throw outDirError(options.out, error);
  }
  let results: Results;
  let text: string;
  let timingsText: string;
  try {
    const forecasted = await forecast(scenario, {
      seeds: seedRange(options.seed, options.replications),
      checkInvariants: options.checkInvariants,
      signal: interruption.abortSignal,
      observer: { podRecord: pods.add },
    });
    results = forecasted.results;
    text = `${JSON.stringify(results, null, 2)}\n`;
    // The digest of the results.json it goes with: a reader can check the pair belongs together.
    const resultsSha256 = createHash('sha256').update(text).digest('hex');
    timingsText = `${JSON.stringify({ ...forecasted.timings, resultsSha256 }, null, 2)}\n`;
  } catch (error) {
    pods.abandon();
    removeCreatedDirectories(created);
    const signal = interruption.received;
    if (signal === null) throw error;
    throw new InterruptedError(
      signal,
      `the run of ${options.file} stopped before it finished; nothing was written to ${options.out}`,
    );
  }
  // The renderings first, timings.json next and results.json last, as one set: signals wait
  // until all are in place, and if one cannot be written those already written are removed, so
  // the files always describe the same run, never an old results.json beside a new report.
  try {
    await interruption.whileWriting(async () => {
      try {
        pods.commit();
        await writeOutputSet([
          ...reportOutputs(options.out, results),
          { path: timingsFile, content: timingsText },
          { path: resultsFile, content: text },
        ]);
      } catch (error) {
        pods.abandon();
        rmSync(pods.path, { force: true });
        throw error;
      }
    });
  } catch (error) {
    throw outDirError(options.out, error);
  }
  interruption.throwIfReceived(
    () => `the run had finished: ${resultsFile} and the files beside it are complete`,
  );
  if (options.json) {
    io.out(text);
    io.err(`Report: ${reportFile}\n`);
  } else {
    io.out(`${renderSummary(results, { resultsFile })}Report: ${reportFile}\n`);
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
