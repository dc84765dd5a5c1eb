/** Where a command writes: injected so tests can capture output without spawning a process. */
export interface CommandIo {
  /** Standard output: the command's result (a table, JSON). */
  out(text: string): void;
  /** Standard error: warnings, `SEED=…`, progress. */
  err(text: string): void;
}

/** The process's own streams. */
export const processIo: CommandIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};
