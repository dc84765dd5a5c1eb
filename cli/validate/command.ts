/**
 * `enisim validate FILE...`: checks scenario files and everything they reference against the
 * scenario JSON Schema and the semantic and node-pool rules, and prints every finding at once,
 * each with its file:line:column, path, code (or schema keyword) and a fix hint.
 *
 * Exit codes: 0 when no file has an error (warnings are printed but do not fail); 1 when any
 * file has an error, a missing file included; 2 for a bad command line.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

import { loadScenario } from '../../scenarios/load/index.js';
import type { CliCommand } from '../command.js';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import type { CommandIo } from '../io.js';
import { fileReport, renderText, type FileReport } from './format.js';

function builder(yargs: Argv): Argv {
  return yargs
    .positional('files', {
      describe: 'scenario files (YAML, kind: Scenario)',
      type: 'string',
      array: true,
    })
    .option('json', {
      type: 'boolean',
      default: false,
      describe: 'print a JSON array with one report per file',
    })
    .example('$0 validate scenarios/exclusive-eni-node-pool.yaml', 'check one scenario')
    .example('$0 validate scenarios/*.yaml --json', 'check several, as JSON');
}

function filesOf(args: ArgumentsCamelCase): string[] {
  const value = args['files'];
  const files = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  if (files.length === 0 || files.some((file) => file === '')) {
    throw new UsageError('name a scenario file: enisim validate FILE');
  }
  return files;
}

async function run(args: ArgumentsCamelCase, io: CommandIo): Promise<number> {
  const files = filesOf(args);
  const reports: FileReport[] = files.map((file) => fileReport(file, loadScenario(file).findings));
  if (args['json'] === true) io.out(`${JSON.stringify(reports, null, 2)}\n`);
  else io.out(reports.map(renderText).join(''));
  // The command is synchronous; the signature is async because commands may do I/O.
  await Promise.resolve();
  return reports.every((report) => report.valid) ? ExitCode.ok : ExitCode.badInput;
}

/** The `validate` command. */
export const validateCommand: CliCommand = {
  command: 'validate <files..>',
  describe: 'check scenario files: schema, references, node-pool rules (every problem at once)',
  builder,
  run,
};
