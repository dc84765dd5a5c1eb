/** The exit codes every `enisim` command uses; the README's table is this one. */
export const ExitCode = {
  /** The command did what was asked. */
  ok: 0,
  /** The input data is bad: a file, a field, an instance type. */
  badInput: 1,
  /** The command line is bad: an unknown flag, a missing argument, a value of the wrong kind. */
  badUsage: 2,
  /** A service-level objective was breached. */
  sloBreached: 3,
  /** This environment cannot do it: a missing native binding or privilege. */
  environment: 4,
  /** An invariant checker found the simulated system in an impossible state (a bug to report). */
  invariantViolated: 5,
  /** Interrupted by Ctrl-C (SIGINT: 128 + 2); nothing half-written is left. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15); nothing half-written is left. */
  terminated: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
