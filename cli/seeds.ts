/**
 * Which seeds a command runs: `--seed N` (default 1) with `--replications K` (seeds N … N+K−1),
 * or `--seeds A..B` (seeds A … B), which a CI job reads more easily and which cannot be combined
 * with the other two. Shared by `run` and `check`, so both read the same flags the same way.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

import { UsageError } from './errors.js';
import { quoteInput } from '../models/displayText.js';

/** The most seeds one command runs. */
export const REPLICATIONS_MAX = 1000;

/** The seed flags, added to a command's yargs definition. */
export function seedOptions(yargs: Argv): Argv {
  return (
    yargs
      // Read as text and parsed strictly below: yargs' number type reads '' as 0, '0x10' as 16
      // and '1e3' as 1000, so `--seed ''` would quietly run seed 0.
      .option('seed', {
        requiresArg: true,
        type: 'string',
        defaultDescription: '1',
        describe: 'the first seed (a non-negative integer)',
      })
      .option('replications', {
        requiresArg: true,
        type: 'string',
        defaultDescription: '1',
        describe: 'independent runs with seeds N … N+K−1',
      })
      .option('seeds', {
        requiresArg: true,
        type: 'string',
        describe: 'the seeds A..B (inclusive), instead of --seed and --replications',
      })
  );
}

function integerOption(value: unknown, name: string, min: number, max: number): number {
  // Decimal digits only; a repeated flag (an array) or anything else is refused, never coerced.
  const parsed = typeof value === 'string' && /^\d{1,16}$/u.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
    const shown = typeof value === 'string' ? quoteInput(value) : 'more than one value';
    throw new UsageError(`--${name} must be an integer from ${min} to ${max}, got ${shown}`);
  }
  return parsed;
}

const SEED_MAX = Number.MAX_SAFE_INTEGER - REPLICATIONS_MAX;

/** `A..B` (or a single seed `A`) as the first seed and the count. */
export function parseSeedRange(text: string): { readonly first: number; readonly count: number } {
  const match = /^(\d+)(?:\.\.(\d+))?$/.exec(text.trim());
  if (match === null) {
    throw new UsageError(
      `--seeds must be A..B (e.g. 1..20) or one seed, got ${JSON.stringify(text)}`,
    );
  }
  const first = Number(match[1]);
  const last = match[2] === undefined ? first : Number(match[2]);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last) || last > SEED_MAX) {
    throw new UsageError(`--seeds ${text}: seeds go from 0 to ${SEED_MAX}`);
  }
  if (last < first) throw new UsageError(`--seeds ${text}: the last seed is below the first`);
  const count = last - first + 1;
  if (count > REPLICATIONS_MAX) {
    throw new UsageError(`--seeds ${text}: ${count} seeds, at most ${REPLICATIONS_MAX} a run`);
  }
  return { first, count };
}

/** The first seed and how many, from the parsed flags. */
export function seedsFromArguments(args: ArgumentsCamelCase): {
  readonly first: number;
  readonly count: number;
} {
  const range = args['seeds'];
  if (range !== undefined) {
    if (args['seed'] !== undefined || args['replications'] !== undefined) {
      throw new UsageError(
        '--seeds A..B replaces --seed and --replications: give one or the other',
      );
    }
    if (typeof range !== 'string') throw new UsageError('--seeds needs A..B');
    return parseSeedRange(range);
  }
  return {
    first: integerOption(args['seed'] ?? '1', 'seed', 0, SEED_MAX),
    count: integerOption(args['replications'] ?? '1', 'replications', 1, REPLICATIONS_MAX),
  };
}
