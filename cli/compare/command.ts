/**
 * `enisim compare DIR_A DIR_B [--out DIR]`: two runs side by side. Writes `DIR/compare.html`
 * (both runs on the same axes, and the deltas) and `DIR/compare.json` (the deltas), each
 * atomically; prints the page's path. Runs of different scenarios compare; older results
 * schema versions are upgraded, newer ones refused.
 *
 * Exit codes: 0 written; 1 for a missing, truncated or unreadable results document (naming the
 * file and the field); 2 for a bad command line or an unusable `--out`.
 */
import { join } from 'node:path';

import type { ArgumentsCamelCase, Argv } from 'yargs';

import { compareResults, renderCompare } from '../../reports/compare.js';
import { writeOutputSet } from '../atomicWrite.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import type { CommandIo } from '../io.js';
import { readRunDirectory } from '../report/readResults.js';
import { outDirError, prepareOutDir } from '../run/outDir.js';

function builder(yargs: Argv): Argv {
  return yargs
    .positional('a', { describe: 'run directory A (before)', type: 'string' })
    .positional('b', { describe: 'run directory B (after)', type: 'string' })
    .option('out', {
      requiresArg: true,
      type: 'string',
      default: 'out',
      describe: 'directory for compare.html and compare.json',
    })
    .example('$0 compare out/before out/after --out out/compare', 'before and after an upgrade');
}

async function run(args: ArgumentsCamelCase, io: CommandIo): Promise<number> {
  const a = args['a'];
  const b = args['b'];
  if (typeof a !== 'string' || a === '' || typeof b !== 'string' || b === '') {
    throw new UsageError('name two run directories: enisim compare DIR_A DIR_B');
  }
  const out = args['out'];
  if (typeof out !== 'string' || out === '') throw new UsageError('--out needs a directory');
  const resultsA = readRunDirectory(a);
  const resultsB = readRunDirectory(b);
  const comparison = compareResults(resultsA, resultsB);
  const html = renderCompare(resultsA, resultsB, comparison);
  prepareOutDir(out);
  const jsonFile = join(out, 'compare.json');
  const htmlFile = join(out, 'compare.html');
  try {
    await writeOutputSet([
      { path: jsonFile, content: `${JSON.stringify(comparison, null, 2)}\n` },
      { path: htmlFile, content: html },
    ]);
  } catch (error) {
    throw outDirError(out, error);
  }
  io.out(`Compare: ${htmlFile}\n`);
  return ExitCode.ok;
}

/** The `compare` command. */
export const compareCommand: CliCommand = {
  command: 'compare <a> <b>',
  describe: 'compare two run directories: compare.html and compare.json',
  builder,
  run,
};
