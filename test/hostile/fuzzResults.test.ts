/**
 * Fuzzing the results files `enisim report` and `enisim compare` read: a real results.json with
 * one top-level field replaced by any JSON value (deep, huge or non-finite numbers, `__proto__`
 * keys), or any JSON value as the whole file. Each ends with exit 0 or 1, no stack trace, no raw
 * control character. In-process, on a bounded number of cases.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';

import { Interruption } from '../../cli/interrupt.js';
import { main } from '../../cli/main.js';
import { fuzzBudget } from './fuzzBudget.js';
import { TINY_DEPLOYMENT, TINY_SCENARIO } from './tinyScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'enisim-fuzz-results-'));
let good: Record<string, unknown> = {};

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(
    args,
    { out: () => undefined, err: (text) => (err += text) },
    { interruption: Interruption.none() },
  );
  return { code, err };
}

beforeAll(async () => {
  writeFileSync(join(dir, 'tiny.yaml'), TINY_SCENARIO);
  writeFileSync(join(dir, 'web.yaml'), TINY_DEPLOYMENT);
  expect((await cli(['run', join(dir, 'tiny.yaml'), '--out', join(dir, 'good')])).code).toBe(0);
  good = JSON.parse(readFileSync(join(dir, 'good', 'results.json'), 'utf8')) as typeof good;
}, 60_000);

const anyJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.constantFrom(1e308, -1, 2 ** 53 + 2, '\u001b[2J\u009b', { __proto__: null, constructor: 1 }),
);

describe('fuzzed results files', () => {
  it('invariant: report and compare of any results.json exit 0 or 1, without a stack trace or raw control character', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        anyJson,
        fc.boolean(),
        fc.boolean(),
        async (fieldIndex, value, whole, viaCompare) => {
          const keys = Object.keys(good);
          const key = keys[fieldIndex % keys.length] ?? 'schemaVersion';
          const document = whole ? value : { ...good, [key]: value };
          const bad = join(dir, 'bad');
          mkdirSync(bad, { recursive: true });
          writeFileSync(join(bad, 'results.json'), JSON.stringify(document));
          const args = viaCompare
            ? ['compare', join(dir, 'good'), bad, '--out', join(dir, 'cmp')]
            : ['report', bad, '--out', join(dir, 'rep')];
          const { code, err } = await cli(args);
          expect([0, 1]).toContain(code);
          expect(err).not.toMatch(/\n\s+at /u);
          // eslint-disable-next-line no-control-regex -- looking for raw control characters
          expect(err).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
        },
      ),
      fuzzBudget(40),
    );
  }, 120_000);
});
