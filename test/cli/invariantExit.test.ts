/**
 * Exit 5: an invariant checker's violation, thrown from inside the simulation, reaches the user as
 * exit 5 with the seed, what broke and the replay command (`run --check-invariants`), and as an
 * `invariantViolated` verdict with a JUnit error from `check`; never as an uncaught error with
 * exit 1, the bad-input code. The simulation is replaced by one that fails on seed 3.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

import { main } from '../../cli/main.js';
import { InvariantViolationError } from '../../sim/checkers/runner.js';
import type * as SimRun from '../../sim/run/index.js';
import { elementsNamed, parseXml } from '../helpers/xml.js';

vi.mock('../../sim/run/index.js', async (importOriginal) => {
  const original = await importOriginal<typeof SimRun>();
  return {
    ...original,
    runScenarioInSlices: (...args: Parameters<typeof original.runScenarioInSlices>) => {
      const [, options] = args;
      if (options.seed === 3) {
        throw new InvariantViolationError(
          [{ checker: 'poolBounds', message: 'node-0: 7 idle addresses; max_pool_size 5' }],
          { seed: 3, nowUs: 61_500_000 },
        );
      }
      return original.runScenarioInSlices(...args);
    },
  };
});

const root = fileURLToPath(new URL('../../', import.meta.url));
const scenario = join(root, 'scenarios', 'exclusive-eni-node-pool.yaml');
let work = '';

async function enisim(...args: string[]) {
  let stdout = '';
  let stderr = '';
  const status = await main(args, {
    out: (text) => (stdout += text),
    err: (text) => (stderr += text),
  });
  return { status, stdout, stderr };
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'enisim-invariant-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('an invariant violation', () => {
  it('ends run --check-invariants with exit 5, the seed and the replay command', async () => {
    const run = await enisim(
      'run',
      scenario,
      '--seeds',
      '2..4',
      '--check-invariants',
      '--out',
      join(work, 'r'),
    );
    expect(run.status).toBe(5);
    expect(run.stderr).toContain('enisim: invariant violated in seed 3 at 61.5 s simulated:');
    expect(run.stderr).toContain('  poolBounds: node-0: 7 idle addresses; max_pool_size 5');
    expect(run.stderr).toContain(`replay: enisim run ${scenario} --seed 3 --check-invariants`);
  });

  it('ends check with exit 5, an invariantViolated verdict and a JUnit error', async () => {
    const junit = join(work, 'check.xml');
    const run = await enisim('check', scenario, '--seeds', '1..3', '--json', '--junit', junit);
    expect(run.status).toBe(5);
    const verdict = JSON.parse(run.stdout) as {
      status: string;
      invariants: { violation: { seed: number; replay: string } };
    };
    expect(verdict.status).toBe('invariantViolated');
    expect(verdict.invariants.violation.seed).toBe(3);
    const [error] = elementsNamed(parseXml(readFileSync(junit, 'utf8')), 'error');
    expect(error?.attributes['message']).toBe('invariant violated in seed 3 at 61.5 s');
  });
});
