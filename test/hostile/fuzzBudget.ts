/**
 * How many cases each hostile-input fuzzer runs, and from which seed: a bounded number from a
 * fixed seed in `npm test`; `npm run test:hostile-long` sets FC_NUM_RUNS and FC_SEED=random
 * (fast-check prints the seed and path of any failure, so it can be replayed).
 */
import type { Parameters } from 'fast-check';

/** fast-check's parameters for a fuzzer that runs `defaultRuns` cases in `npm test`. */
export function fuzzBudget(defaultRuns: number): Parameters<unknown> {
  const numRuns = Number(process.env['FC_NUM_RUNS'] ?? defaultRuns);
  const seedText = process.env['FC_SEED'];
  if (seedText === 'random') return { numRuns };
  return { numRuns, seed: seedText === undefined ? 12 : Number(seedText) };
}
