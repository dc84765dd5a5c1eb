import { escapeTerminalControls } from '../models/displayText.js';

/** Where a command writes: injected so tests can capture output without spawning a process. */
export interface CommandIo {
  /** Standard output: the command's result (a table, JSON). */
  out(text: string): void;
  /** Standard error: warnings, `SEED=…`, progress. */
  err(text: string): void;
}

/**
 * The process's own streams. Every byte goes through {@link escapeTerminalControls}: whatever a
 * message quotes from an input file (an instance type id with ESC in it, a path, a YAML key), no
 * control character reaches the terminal. Tabs and newlines pass; JSON output stays valid JSON.
 */
export const processIo: CommandIo = {
  out: (text) => process.stdout.write(escapeTerminalControls(text)),
  err: (text) => process.stderr.write(escapeTerminalControls(text)),
};
