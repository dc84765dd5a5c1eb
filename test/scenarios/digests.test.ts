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
  'burst-scale-out': 'a1dfc4af89ed001e158d0e3a601a071d5205efec919c1f3d24d29e27e9372238',
  'dual-stack-rollout': '44f9065df83e109d21daaee7b6bf61dfa13732170bb6b0b09dcc34993a1cb004',
  'exclusive-eni-node-pool': 'b235eec27057e34319931758cd6a02d0ea5617b844f44b18ada3a78c45a383d8',
  'lingjun-gpu-exclusive': 'a89378af0c1076320c794a6eafe4208e94fc364a6e24b87d370ca05f8cc452ec',
  'performance-24h-churn': 'd86d276c36f8f34688d5c7b20a71d8df013dbf51707e138c6cfcde085941488b',
  'shared-eni-web-fleet': '121d15494c177de33a46eabde492f654a0d2d717a070b4561d887eeb2144dee8',
  'terway-upgrade-exclusive-pool':
    '6233290555f13103fff4a5ae49cf81085e7be23240e65d96de5155994260613d',
  'trunk-fixed-ip': '2ca256fde5a1c2a55df59a244faab676d232efed36239d8368cb731207101136',
  'vswitch-exhaustion': '0f59e09c417ceba5ec293fc900782037d5c10b088be237d665ff328b510e7203',
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
