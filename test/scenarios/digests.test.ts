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
  'burst-scale-out': 'ca376b549dea268b06d7087834b26983997fe2a632f1e8811123b8d531c2ac84',
  'dual-stack-rollout': 'a25c77fb08450d2ea6311d6abf070b7ed338749ede5bfa4053446d136c446de6',
  'exclusive-eni-node-pool': '3c29261bd5f7e45c18e8169f89cf4fbc769a5e9739f97a1e842db44b54c32d46',
  'lingjun-gpu-exclusive': '371c6a7ab7c3d0511665f5364233cc218deabfbd41302e9c3d08df2053627900',
  'performance-24h-churn': 'edd669a728987ff792a524da3d06997fefadd7e4107c62f3fcf70fbf29cb2a0f',
  'shared-eni-web-fleet': '230379945bed01ec01d2f572d73f3e38bd1981a56fe09ed440aadbbff388d6f8',
  'terway-upgrade-exclusive-pool':
    'fd6572e092aea16e69b806cb4c039434f119d4a80bb128494ab07298c58cb9e1',
  'trunk-fixed-ip': 'ecebb3c2272a8d021aefe3ee735bcdb7ede8c49567234b4a296b43639d1b08e0',
  'vswitch-exhaustion': '79e82b7525929c159998e70b5281302d5f0e2f7b288a0f8063b0f825d5d1ebf5',
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
