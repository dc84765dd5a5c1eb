/**
 * Runs every invariant checker over one snapshot. `runCheckers` returns the violations (for a
 * report); `checkAll` throws an {@link InvariantViolationError} carrying the seed, the time and
 * every violation, which stops a run the way a failed assertion does.
 */
import { addressUniqueness } from './addressUniqueness.js';
import { dualStack } from './dualStack.js';
import { eniLimits } from './eniLimits.js';
import { eniResource } from './eniResource.js';
import { exclusiveEni } from './exclusiveEni.js';
import type { Checker, CheckerInput, Violation } from './input.js';
import { poolBounds } from './poolBounds.js';
import { vSwitchConservation } from './vSwitchConservation.js';

/** Every checker, by name. */
export const CHECKERS: Readonly<Record<string, Checker>> = {
  addressUniqueness,
  eniLimits,
  vSwitchConservation,
  dualStack,
  exclusiveEni,
  eniResource,
  poolBounds,
};

/** The violations every checker (or the named ones) finds in `input`. */
export function runCheckers(input: CheckerInput, only?: readonly string[]): Violation[] {
  const violations: Violation[] = [];
  for (const [name, checker] of Object.entries(CHECKERS)) {
    if (only !== undefined && !only.includes(name)) continue;
    violations.push(...checker(input));
  }
  return violations;
}

/** Broken invariants found by the checkers: stops the run and names the seed to replay. */
export class InvariantViolationError extends Error {
  override readonly name = 'InvariantViolationError';
  readonly violations: readonly Violation[];
  readonly seed: number | string;
  readonly nowUs: number;

  constructor(
    violations: readonly Violation[],
    context: { readonly seed: number | string; readonly nowUs: number },
  ) {
    const lines = violations.map((v) => `  ${v.checker}: ${v.message}`).join('\n');
    super(`invariant violated at ${context.nowUs} µs (SEED=${String(context.seed)}):\n${lines}`);
    this.violations = violations;
    this.seed = context.seed;
    this.nowUs = context.nowUs;
  }
}

/** Runs the checkers and throws an {@link InvariantViolationError} if any fires. */
export function checkAll(
  input: CheckerInput,
  context: { readonly seed: number | string; readonly only?: readonly string[] },
): void {
  const violations = runCheckers(input, context.only);
  if (violations.length > 0) {
    throw new InvariantViolationError(violations, { seed: context.seed, nowUs: input.nowUs });
  }
}
