/**
 * Assertions for broken invariants (programmer errors), as opposed to expected outcomes, which
 * are values. A failed assertion throws {@link AllocatorInvariantError}; it propagates out of the
 * engine event that ran the code, which stops the run, and the runner prints the seed.
 */

/** A broken invariant inside the allocator core. */
export class AllocatorInvariantError extends Error {
  override readonly name = 'AllocatorInvariantError';
}

/** Throws an {@link AllocatorInvariantError} with `message` unless `condition` holds. */
export function assert(condition: boolean, message: string): asserts condition {
  if (!condition) throw new AllocatorInvariantError(message);
}
