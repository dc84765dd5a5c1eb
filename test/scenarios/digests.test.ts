/**
 * The forecast of every shipped scenario, held by the SHA-256 of the `results.json` that
 * `enisim run SCENARIO --seed 1` writes. A refactor must keep each digest; a change of the model
 * that moves one updates it in the same commit, naming the mechanism (and, for Terway behaviour,
 * the source line that decides) in the commit message.
 *
 * Runs the built binary as users run it (`npm test` builds first).
 */
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');

/** Seed-1 results.json digests of the shipped scenarios. */
const DIGESTS: Readonly<Record<string, string>> = {
  'burst-scale-out': '7c13e9ebbc42f4c3fd993a1df4ca41cb01c2cc5b595d599f22794dfbfb06a057',
  'dual-stack-rollout': 'c95d9277ad199b657d306b105d5825f54f144e67d567273df4fc0f5a5a8a4a17',
  'exclusive-eni-node-pool': '1c5adaf12ac9cae373b38f0d1471e8c85c3c2e69fafc51141517fb83abb62320',
  'lingjun-gpu-exclusive': 'a89378af0c1076320c794a6eafe4208e94fc364a6e24b87d370ca05f8cc452ec',
  'performance-24h-churn': '73567a688feb4029ba077feedf545fe9942c24a9f971475a6c82485d6f697fab',
  'shared-eni-web-fleet': '85ee291abb8c67be2a2d5fe4948aadf5903a3b58e83ad1094f9eddecfeab94e9',
  'terway-upgrade-exclusive-pool':
    '2acf178e536794845810a3df32af480c6a60fa5198713606175307f576ba4fd5',
  'trunk-fixed-ip': '35bdee0a6e2f5e66f9eb2298a1bbeeb8940586581ee1d9f40c927991684fc728',
  'vswitch-exhaustion': '0313780516beb0b126f62a0e4a486da127e0d88ae27b6d68ad863ebfe561ee3d',
};

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'enisim-digests-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('shipped scenarios: seed-1 results.json digests', () => {
  for (const [name, digest] of Object.entries(DIGESTS)) {
    it(`${name} forecasts the same bytes as before`, () => {
      const out = join(work, name);
      const run = spawnSync(
        process.execPath,
        [bin, 'run', `scenarios/${name}.yaml`, '--seed', '1', '--out', out],
        // From the root, as `npm start` runs it: results.json records the path as given.
        { cwd: root, encoding: 'utf8' },
      );
      expect(run.stderr.split('\n')[0]).toBe('SEED=1');
      expect(run.status).toBe(0);
      const bytes = readFileSync(join(out, 'results.json'));
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(digest);
      // The 1,000-node day takes ~20 s alone; a loaded machine must not turn it into a failure.
    }, 300_000);
  }
});
