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
  'burst-scale-out': '7bd79ae880a38ffce527610dddd93d4ba0d7a3544d8d1511c0ddc2e5c3e09444',
  'dual-stack-rollout': '92a2882e0fd220fb55650f26804803f7551a11a6125ab1ac4c48c96c27fc1580',
  'exclusive-eni-node-pool': '498519e1c65f8534eab19f3f8c956261b4f81587c9ecfe0c01ca54f4299fbfd5',
  'lingjun-gpu-exclusive': '357905fa5be2164df536fcdf20cd4dd83b10ec002753aebec104081187df30b7',
  'performance-24h-churn': '9875127eddbe7710b612916002b29869ad024aef0c3e7bec5d7ed9c8430ff260',
  'shared-eni-web-fleet': 'ccc29dad76361f71a40dfa08315b3794e8c39ca7de61a308644aae556d40428a',
  'terway-upgrade-exclusive-pool':
    '7f081ab013d1b0567682f6ece682d92b97a25f4781801a2f1d3202d9ce40cf79',
  'trunk-fixed-ip': '5e1f24fb0a22cacaa0309779021332de503abf64ce7775204d9bccb3e90fa501',
  'vswitch-exhaustion': '8367311ff21da18034baa666f15363eef61e240fafec46a14e56c12e806ba067',
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
