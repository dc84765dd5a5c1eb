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
  'burst-scale-out': 'e5d00ea023c21ec5a5fdfa0f12c86bd356cf33cc3a9c85c862ec3f89ddc71df6',
  'dual-stack-rollout': '8759cb9f08c7cb67d05005fec8d713c79eaba9c4bb11778935aab1c727c8e169',
  'exclusive-eni-node-pool': 'a15031d99f574271fc3103af08bb254756e1f9778b742383cde937eda432eed2',
  'lingjun-gpu-exclusive': '503655a41782645769247a3c45040c043affe90ea0db11e039983b5bbe240aaf',
  'performance-24h-churn': 'a5d7242366f2e2af0d7f124e06b91e767565b61457b8e148dbf369bab8c57feb',
  'shared-eni-web-fleet': '93b1382c2dbf6e886c7274ae3a94333dc4f01e3c41337e4cb5889b1a776b9e85',
  'terway-upgrade-exclusive-pool':
    '392bc037c6bd92e2628223e3e41b2f8928938a3d535ae92d14f9f75e7d33d00e',
  'trunk-fixed-ip': 'c074cb908d5695d408e66f1e25cbf18fb78365997733ab14c67cf13cceab7e3d',
  'vswitch-exhaustion': 'e390f8dabc7d7121f58d2f2e2800dcdc3f76107cdcd463d6e426643f0bb228f5',
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
