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
  'burst-scale-out': '8eca4b05d5a94454002ed7d44df64483007f49667d440d0f5d06556a2599bd48',
  'dual-stack-rollout': 'de9b1ade54b203f9de48d6cbae7979abd0b57ff60c59ab00d466018c3faca909',
  'exclusive-eni-node-pool': '1acb1e2f276c83668c811ca45c865aab4c1275c61b8f4c0db08ea1fd7df3cddd',
  'lingjun-gpu-exclusive': 'ab3c81559833e6c71f8b7f42ffa1c4badd1e9ed2ccd1766b25589ceb8fc3532d',
  'performance-24h-churn': '37b4fa9474e181aeefcd4cf2e28e64278c05fd125960b4384839a2b8ec456e38',
  'shared-eni-web-fleet': '83e6a795a8ddfc8ac7fbe1ee5139902a962f1c7ed904940f7ee7052b4caddb85',
  'terway-upgrade-exclusive-pool':
    '38140c03de1156ac3de21fdfdcbf5b6d170b4548e268515d171bdca635dcb52d',
  'trunk-fixed-ip': 'abd4c1cb0aad9d73a2740fbdcb401d3cf6b3795a711ea6fad68970ede3fbea01',
  'vswitch-exhaustion': 'c1f35ed21082561eebcb5cb7cedf9f2c6d7db855d72491c1c5cc9206a16427a0',
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
