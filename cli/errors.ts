import { ExitCode } from './exitCodes.js';

/**
 * A failure the user can fix, reported as one line and an exit code, never as a stack trace.
 * `where` names the file and, inside it, the JSON path or line of the bad field.
 */
export class UserError extends Error {
  readonly exitCode: ExitCode;

  constructor(message: string, exitCode: ExitCode) {
    super(message);
    this.name = 'UserError';
    this.exitCode = exitCode;
  }
}

/** Bad input data (exit 1): `file: $.path.to.field: what is wrong`. */
export class InputError extends UserError {
  constructor(message: string, where?: { file?: string; path?: string }) {
    const prefix = [where?.file, where?.path].filter((part) => part !== undefined).join(': ');
    super(prefix === '' ? message : `${prefix}: ${message}`, ExitCode.badInput);
    this.name = 'InputError';
  }
}

/** A bad command line (exit 2). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.badUsage);
    this.name = 'UsageError';
  }
}

/** The environment cannot do what was asked (exit 4). */
export class EnvironmentError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.environment);
    this.name = 'EnvironmentError';
  }
}

/** One broken invariant, as a checker reported it. */
export interface BrokenInvariant {
  readonly checker: string;
  readonly message: string;
}

/**
 * An invariant checker stopped a run (exit 5): the simulator reached a state the real system
 * cannot be in. Names the seed, the simulated time, what broke and the command that replays it.
 */
export class InvariantError extends UserError {
  readonly seed: number;
  readonly atS: number;
  readonly violations: readonly BrokenInvariant[];
  readonly replay: string;

  constructor(context: {
    readonly seed: number;
    readonly atS: number;
    readonly violations: readonly BrokenInvariant[];
    readonly replay: string;
  }) {
    const lines = context.violations.map((v) => `  ${v.checker}: ${v.message}`).join('\n');
    super(
      `invariant violated in seed ${context.seed} at ${context.atS} s simulated:\n${lines}\n` +
        `replay: ${context.replay}`,
      ExitCode.invariantViolated,
    );
    this.name = 'InvariantError';
    this.seed = context.seed;
    this.atS = context.atS;
    this.violations = context.violations;
    this.replay = context.replay;
  }
}
