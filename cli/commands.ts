import { capacityCommand } from './capacity/command.js';
import { checkCommand } from './check/command.js';
import type { CliCommand } from './command.js';
import { compareCommand } from './compare/command.js';
import { reportCommand } from './report/command.js';
import { runCommand } from './run/command.js';
import { validateCommand } from './validate/command.js';

/** Every `enisim` command, in the order `--help` lists them. */
export const commands: readonly CliCommand[] = [
  capacityCommand,
  validateCommand,
  runCommand,
  checkCommand,
  reportCommand,
  compareCommand,
];
