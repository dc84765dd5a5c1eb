import type { Argv, ArgumentsCamelCase } from 'yargs';

import type { Interruption } from './interrupt.js';
import type { CommandIo } from './io.js';

/** One `enisim` sub-command: its yargs definition and what it runs. */
export interface CliCommand {
  /** The yargs command string, e.g. `capacity <types..>`. */
  readonly command: string;
  readonly describe: string;
  readonly builder: (yargs: Argv) => Argv;
  /**
   * Runs the command and returns its exit code; throws a `UserError` for bad input. A command
   * that writes files stops at `interruption`'s first signal, never midway through a write.
   */
  readonly run: (
    args: ArgumentsCamelCase,
    io: CommandIo,
    interruption: Interruption,
  ) => Promise<number>;
}
