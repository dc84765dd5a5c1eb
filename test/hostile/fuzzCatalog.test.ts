/**
 * Fuzzing `--catalog` and `--eni-conf` with fast-check: any JSON value (deep nesting, huge and
 * non-finite numbers, `__proto__`/`constructor` keys, control characters) ends in exit 0 or 1,
 * with every error one line naming the file, no stack trace. Runs in-process on a bounded number
 * of cases (FC_NUM_RUNS raises it).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Interruption } from '../../cli/interrupt.js';
import { main } from '../../cli/main.js';
import { escapeTerminalControls } from '../../models/displayText.js';
import { fuzzBudget } from './fuzzBudget.js';

const dir = mkdtempSync(join(tmpdir(), 'enisim-fuzz-'));

const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'InstanceTypeId', 'EniQuantity', 'max_pool_size'),
  fc.string({ maxLength: 8 }),
);
const hostileNumber = fc.oneof(
  fc.double(),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0),
  fc.integer(),
);
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    hostileNumber,
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(hostileKey, tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** JSON text, with non-finite numbers written as 1e400, which JSON.parse reads as Infinity. */
const jsonText = (value: unknown): string =>
  (
    JSON.stringify(value, (_key, item: unknown) =>
      typeof item === 'number' && !Number.isFinite(item) ? 'NON_FINITE_NUMBER' : item,
    ) as string | undefined
  )?.replaceAll('"NON_FINITE_NUMBER"', '1e400') ?? 'null';

async function capacity(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const code = await main(
    args,
    { out: () => undefined, err: (text) => (err += escapeTerminalControls(text)) },
    { interruption: Interruption.none() },
  );
  return { code, err };
}

describe('fuzzed input files', () => {
  it.each(['--catalog', '--eni-conf'])(
    'invariant: any JSON as %s exits 0 or 1, each error one line naming the file, no stack trace',
    async (flag) => {
      await fc.assert(
        fc.asyncProperty(hostileJson, fc.boolean(), async (value, wrapped) => {
          const file = join(dir, 'input.json');
          const document =
            flag === '--catalog' && wrapped ? { InstanceTypes: { InstanceType: value } } : value;
          writeFileSync(file, jsonText(document));
          const { code, err } = await capacity(['capacity', 'ecs.g7.xlarge', flag, file]);
          expect([0, 1]).toContain(code);
          expect(err).not.toMatch(/\n\s+at /u);
          for (const line of err
            .split('\n')
            .filter((text) => text.startsWith('enisim: ') && !text.includes('warning'))) {
            expect(line).toContain(file);
          }
        }),
        fuzzBudget(60),
      );
    },
    60_000,
  );
});
