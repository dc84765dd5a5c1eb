/**
 * Fuzzing the command line with fast-check: every command with flags of the wrong type, empty,
 * huge, non-finite, hexadecimal or exponent numbers, repeated flags, `__proto__`/`constructor`
 * and escape sequences. Each ends with exit 0 to 3 and, when it fails, one `enisim: …` line with
 * no stack trace and no raw control character. Runs in-process on a bounded number of cases
 * (FC_NUM_RUNS raises it; `npm run test:hostile-long` runs thousands).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { Interruption } from '../../cli/interrupt.js';
import { main } from '../../cli/main.js';
import { fuzzBudget } from './fuzzBudget.js';
import { TINY_DEPLOYMENT, TINY_SCENARIO } from './tinyScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'enisim-fuzz-args-'));
const scenario = join(dir, 'tiny.yaml');
const results = join(dir, 'results');

beforeAll(async () => {
  writeFileSync(scenario, TINY_SCENARIO);
  writeFileSync(join(dir, 'web.yaml'), TINY_DEPLOYMENT);
  mkdirSync(results);
  expect((await cli(['run', scenario, '--out', results])).code).toBe(0);
}, 60_000);

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(
    args,
    { out: (text) => (out += text), err: (text) => (err += text) },
    { interruption: Interruption.none() },
  );
  return { code, out, err };
}

const hostileValue = fc.oneof(
  fc.constantFrom(
    '',
    '-1',
    '0',
    '1',
    '1e400',
    '-1e400',
    'NaN',
    'Infinity',
    '0x10',
    '1e3',
    '9007199254740993',
    '1'.repeat(400),
    '__proto__',
    'constructor',
    '\u001b]0;owned\u0007\u001b[2J',
    '\u0085\u009b31m',
    '1..3',
    '5..1',
    'true',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);

/** Flags any command may be given; --out and --junit stay inside the test's directory. */
const flag = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(
        '--seed',
        '--replications',
        '--seeds',
        '--format',
        '--mode',
        '--stack',
        '--terway',
        '--reservation',
        '--memory-ki',
        '--ephemeral-ki',
        '--max-pods',
        '--popular',
        '--catalog',
        '--eni-conf',
        '--__proto__',
        '--constructor',
        '--no-such-flag',
      ),
      hostileValue,
    )
    .map(([name, value]) => [name, value]),
  fc.constantFrom(['--json'], ['--check-invariants'], ['--trunk'], ['--erdma'], ['--seed']),
  fc.string({ maxLength: 6 }).map((name) => ['--out', join(dir, 'o', name.replace(/[/.]/g, '_'))]),
);

const command = fc.oneof(
  fc.constantFrom(
    ['run', scenario],
    ['check', scenario],
    ['validate', scenario],
    ['capacity', 'ecs.g7.xlarge'],
    ['report', results],
    ['compare', results, results],
  ),
  fc.tuple(fc.constantFrom('run', 'validate', 'capacity', 'report', 'nope'), hostileValue),
);

describe('fuzzed command lines', () => {
  it('a flag is read as written: --seed "" or 0x10 or 1e3 is refused, not run as seed 0, 16 or 1000', async () => {
    for (const seed of ['', '0x10', '1e3', ' 7', '-1']) {
      const run = await cli(['validate', scenario, '--seed', seed]);
      expect(run.code).toBe(2);
    }
    for (const seed of ['', '0x10', '1e3', '-1']) {
      const run = await cli(['run', scenario, '--seed', seed, '--out', join(dir, 'never')]);
      expect(run.code).toBe(2);
      expect(run.err).toContain(`enisim: --seed must be an integer from 0 to`);
      expect(run.err).toContain(JSON.stringify(seed));
    }
    const twice = await cli([
      'run',
      scenario,
      '--seed',
      '1',
      '--seed',
      '2',
      '--out',
      join(dir, 'n'),
    ]);
    expect(twice.code).toBe(2);
    expect(twice.err).toContain('--seed must be an integer from 0 to');
  });

  it('invariant: any command line exits 0 to 3; a failure is one enisim: line without a stack trace or a raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(command, fc.array(flag, { maxLength: 4 }), async (head, flags) => {
        const { code, err } = await cli([...head, ...flags.flat()]);
        expect([0, 1, 2, 3]).toContain(code);
        expect(err).not.toMatch(/\n\s+at /u);
        // eslint-disable-next-line no-control-regex -- looking for raw control characters
        expect(err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
        if (code === 2) {
          const lines = err
            .trimEnd()
            .split('\n')
            .filter((line) => !line.startsWith('SEED='));
          expect(lines).toHaveLength(1);
          expect(lines[0]).toMatch(/^enisim: /u);
        }
      }),
      fuzzBudget(40),
    );
  }, 120_000);
});
