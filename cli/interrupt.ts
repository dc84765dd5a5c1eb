/**
 * Ctrl-C (SIGINT) and SIGTERM while a command runs: the first signal asks the command to stop
 * at its next safe point (between simulation slices, never between the writes of one output
 * set); the command then exits 130 (SIGINT) or 143 (SIGTERM) with one line saying what finished
 * and where it is. A second signal stops at once with the same code; write-file-atomic removes
 * any temporary file it holds on the way out, and no output is ever half-written because each is
 * renamed into place whole.
 */
import { UserError } from './errors.js';
import { ExitCode } from './exitCodes.js';

/** The signals a command stops on, with their exit codes (128 + the signal number). */
const SIGNALS = { SIGINT: ExitCode.interrupted, SIGTERM: ExitCode.terminated } as const;
type StopSignal = keyof typeof SIGNALS;

/** A command was stopped by a signal; `message` says what finished and where it is. */
export class InterruptedError extends UserError {
  constructor(signal: StopSignal, message: string) {
    super(`interrupted by ${signal}: ${message}`, SIGNALS[signal]);
    this.name = 'InterruptedError';
  }
}

/** Watches for SIGINT and SIGTERM while a command runs. */
export class Interruption {
  #signal: StopSignal | null = null;
  #writing = 0;
  readonly #controller = new AbortController();
  readonly #listeners: [StopSignal, () => void][] = [];

  /** Installs the handlers; {@link dispose} removes them. */
  static install(): Interruption {
    const interruption = new Interruption();
    for (const signal of Object.keys(SIGNALS) as StopSignal[]) {
      const listener = (): void => {
        interruption.#received(signal);
      };
      interruption.#listeners.push([signal, listener]);
      process.on(signal, listener);
    }
    return interruption;
  }

  /** A watcher no signal reaches (library callers and in-process tests that send none). */
  static none(): Interruption {
    return new Interruption();
  }

  /** The signal received, or null. */
  get received(): StopSignal | null {
    return this.#signal;
  }

  /** Aborted at the first signal: hand it to work that stops between slices (the forecast). */
  get abortSignal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Throws an {@link InterruptedError} with `message` if a signal has arrived. */
  throwIfReceived(message: () => string): void {
    if (this.#signal !== null) throw new InterruptedError(this.#signal, message());
  }

  /**
   * Runs `write` (the writes of one output set) with every signal deferred until it ends, the
   * second one included: the set is written whole, then the command stops.
   */
  async whileWriting<T>(write: () => Promise<T>): Promise<T> {
    this.#writing++;
    try {
      return await write();
    } finally {
      this.#writing--;
    }
  }

  dispose(): void {
    for (const [signal, listener] of this.#listeners) process.off(signal, listener);
    this.#listeners.length = 0;
  }

  #received(signal: StopSignal): void {
    if (this.#signal !== null && this.#writing === 0) {
      process.stderr.write(`enisim: ${signal} again: stopping now\n`);
      process.exit(SIGNALS[signal]);
    }
    if (this.#signal !== null) return;
    this.#signal = signal;
    this.#controller.abort(new Error(`interrupted by ${signal}`));
  }
}

/** Lets the event loop run (signal handlers included) between slices of synchronous work. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
