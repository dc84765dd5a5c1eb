import yargs from 'yargs';
import type { Argv } from 'yargs';

import { UserError, UsageError } from './errors.js';
import { ExitCode } from './exitCodes.js';
import { Interruption } from './interrupt.js';
import { processIo, type CommandIo } from './io.js';
import { commands } from './commands.js';
import { packageVersion } from './version.js';
import { printable } from '../reports/printable.js';

/**
 * Runs one `enisim` command line and returns its exit code. Every failure the user can fix
 * becomes one line on stderr and a code from {@link ExitCode}; only a bug prints a stack trace.
 */
export async function main(
  argv: readonly string[],
  io: CommandIo = processIo,
  options: { readonly interruption?: Interruption } = {},
): Promise<number> {
  let exitCode: number = ExitCode.ok;
  // SIGINT and SIGTERM stop a command at its next safe point (cli/interrupt.ts), not mid-write.
  const interruption = options.interruption ?? Interruption.install();
  let parser: Argv = yargs([...argv])
    .scriptName('enisim')
    .usage('$0 <command> [options]\n\nCapacity planner and simulator for ACK clusters on Terway.')
    .version(packageVersion())
    .help()
    .alias('help', 'h')
    .strict()
    .demandCommand(1, 'Name a command: see `enisim --help`.')
    .recommendCommands()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message: string | null, error: Error | null | undefined) => {
      // yargs passes a usage problem as `message`, or as its own `YError` (a flag that requires
      // a value but has none); anything else is a command's own exception and passes through.
      if (error instanceof Error && error.name !== 'YError') throw error;
      throw new UsageError(message ?? error?.message ?? 'bad usage');
    });
  for (const command of commands) {
    parser = parser.command({
      command: command.command,
      describe: command.describe,
      builder: command.builder,
      handler: async (args) => {
        exitCode = await command.run(args, io, interruption);
      },
    });
  }
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof UserError) {
      // Messages quote the user's files: show their control characters, never send them.
      const message = error.message.split('\n').map(printable).join('\n');
      io.err(`enisim: ${message}\n`);
      return error.exitCode;
    }
    throw error;
  } finally {
    interruption.dispose();
  }
}
