/**
 * The property tests' seed. fast-check draws its cases from one seed, fixed by default so that
 * `npm test` is reproducible; `FC_SEED=<n>` replays a reported failure and `FC_SEED=random`
 * explores new cases (as `npm run test:swarm` does). The seed is printed once per test file.
 */
import fc from 'fast-check';

const requested = process.env['FC_SEED'];
const DEFAULT_SEED = 20261126;

function chooseSeed(): number {
  if (requested === undefined || requested === '') return DEFAULT_SEED;
  if (requested === 'random') return Math.floor(Math.random() * 0x7fffffff);
  const seed = Number(requested);
  if (!Number.isSafeInteger(seed))
    throw new Error(`FC_SEED must be an integer or "random", got ${requested}`);
  return seed;
}

export const propertySeed = chooseSeed();
const numRuns = Number(process.env['FC_NUM_RUNS'] ?? '100');
fc.configureGlobal({ seed: propertySeed, numRuns });
if (requested !== undefined && requested !== '') console.log(`FC_SEED=${propertySeed}`);
