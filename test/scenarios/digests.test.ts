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
  'burst-scale-out': 'c1fa43f77d39c36b918e0808dfd204413f24ee222838c3437e20836311412df5',
  'dual-stack-rollout': 'feb446ef81249235e0b7721b3eb83b4ca8f5a59507c9852079716acfb331104e',
  'exclusive-eni-node-pool': 'c38e5d3f56294ed062400515dda9b0002148885a903104c54ee013aaaebdea5e',
  'lingjun-gpu-exclusive': 'd920a643768c138e33e412d08b668883c87888b2c74c11d09a217a6141bd02b5',
  'performance-24h-churn': 'bf655bba282cc0de63a4a85d95f647149702588c8be42ad6388aa3e7d77a7d54',
  'shared-eni-web-fleet': '4eafbeb2bd0d9c5ece83d0f60519f267a57ef92fd006cc7e30d3c19d70e85c0d',
  'terway-upgrade-exclusive-pool':
    'ab3fd70080cb59bda544645eb5ced18f0ebd644ea2d66b877a017e1ffaca71a0',
  'trunk-fixed-ip': '92b1b4d134f06827e13724c069828a248447e4bb2ceaf050b00b3daa5a0490f9',
  'vswitch-exhaustion': '001236269059cb5f95692bc528417779fad98c717f6e6d7e92726ab4fa6d839e',
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
