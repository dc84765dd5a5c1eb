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
  'burst-scale-out': 'f7f362bb61081e36ac0d398dec7fa5e4a682a8ce6af7648aa3a914c619bd5993',
  'dual-stack-rollout': 'e1fab9231de74a205daf92a10abc06c2ec61c5ff6aff8744b96235899cdfd6d6',
  'exclusive-eni-node-pool': '90acaaaf14cdae19787fe7c892ee1ba916316985d8dcd3e53ea3d0f975ca5608',
  'lingjun-gpu-exclusive': '48569c7436c88f699799a223edc833b02709c114323014f12704d0352e3cf6ba',
  'performance-24h-churn': '8d91ae9c97d207e10aba4c3c0f0f60554ccab12e24c80b78704d8d21301b4897',
  'shared-eni-web-fleet': '4de5ec58d038aa59890cd8b103b1497e1dfdab8a5e880db992a6bb3551284991',
  'terway-upgrade-exclusive-pool':
    'cd4acab059fdde98a85e555a33cc2ff4f7818c841fe2184e54cd10255238d703',
  'trunk-fixed-ip': '3201b64beccbdca5a2756fc05aafb280bba6da5412437ff145126015f98760a5',
  'vswitch-exhaustion': 'f440b5d135f45a0e36bd8b31d92bf6978b9fbe258795c1b5a0729a23ce433a72',
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
