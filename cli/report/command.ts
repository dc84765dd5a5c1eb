/**
 * `enisim report DIR [--out DIR2]`: re-renders `report.html` and `timeseries.csv` from
 * `DIR/results.json` without re-running (older results schema versions are upgraded). Writes into
 * DIR unless `--out` names another directory; prints the report's path.
 *
 * Exit codes: 0 written; 1 when the results document is missing, truncated, not JSON, of a
 * newer schema version, or does not match the schema (one line naming the file and the field);
 * 2 for a bad command line or an `--out` that is a file or cannot be created. Nothing is written
 * on failure.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

import { writeReportFiles } from '../api/index.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import type { CommandIo } from '../io.js';
import { outDirError, prepareOutDir } from '../run/outDir.js';
import { readRunDirectory } from './readResults.js';

function builder(yargs: Argv): Argv {
  return yargs
    .positional('dir', { describe: 'a run directory (holding results.json)', type: 'string' })
    .option('out', {
      requiresArg: true,
      type: 'string',
      describe: 'directory for report.html and timeseries.csv (default: DIR)',
    })
    .example('$0 report out', 're-render out/report.html from out/results.json')
    .example('$0 report baseline --out /tmp/baseline-report', 'render elsewhere');
}

async function run(args: ArgumentsCamelCase, io: CommandIo): Promise<number> {
  const dir = args['dir'];
  if (typeof dir !== 'string' || dir === '')
    throw new UsageError('name a run directory: enisim report DIR');
  const outArg = args['out'];
  if (outArg !== undefined && (typeof outArg !== 'string' || outArg === '')) {
    throw new UsageError('--out needs a directory');
  }
  const results = readRunDirectory(dir);
  const out = typeof outArg === 'string' ? outArg : dir;
  prepareOutDir(out);
  let reportFile: string;
  try {
    reportFile = await writeReportFiles(out, results);
  } catch (error) {
    throw outDirError(out, error);
  }
  io.out(`Report: ${reportFile}\n`);
  return ExitCode.ok;
}

/** The `report` command. */
export const reportCommand: CliCommand = {
  command: 'report <dir>',
  describe: 're-render report.html and timeseries.csv from a run directory’s results.json',
  builder,
  run,
};
