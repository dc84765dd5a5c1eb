/**
 * Fuzzing the scenario loader and its manifests with fast-check: a field of the tiny scenario or
 * its Deployment replaced by a hostile YAML value (wrong types, huge and non-finite numbers, deep
 * nesting, `__proto__`/`constructor` keys, expanding anchors, unparsable CIDRs), and whole files
 * with a byte-order mark, duplicate keys or bytes that are not UTF-8. `enisim validate` ends with
 * exit 0 or 1, no stack trace, no raw control character. Runs in-process on a bounded number of
 * cases (`npm run test:hostile-long` runs thousands).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { Interruption } from '../../cli/interrupt.js';
import { main } from '../../cli/main.js';
import { fuzzBudget } from './fuzzBudget.js';
import { TINY_DEPLOYMENT, TINY_SCENARIO } from './tinyScenario.js';

const dir = mkdtempSync(join(tmpdir(), 'enisim-fuzz-scenario-'));

async function validate(files: {
  scenario: string | Buffer;
  deployment: string | Buffer;
}): Promise<{ code: number; err: string; out: string }> {
  writeFileSync(join(dir, 'tiny.yaml'), files.scenario);
  writeFileSync(join(dir, 'web.yaml'), files.deployment);
  let out = '';
  let err = '';
  const code = await main(
    ['validate', join(dir, 'tiny.yaml')],
    { out: (text) => (out += text), err: (text) => (err += text) },
    { interruption: Interruption.none() },
  );
  return { code, err, out };
}

/** A YAML flow value: scalars of every type, and nested flow sequences and mappings. */
const hostileYaml: fc.Arbitrary<string> = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom(
      '.inf',
      '-.inf',
      '.nan',
      '1e400',
      '-1',
      '0',
      '9007199254740993',
      '1000000000',
      '0x1F',
      'null',
      '~',
      'true',
      '""',
      '"\\e]0;owned\\a\\e[2J"',
      '"\\x85\\x9b"',
      '10.0.0.0/33',
      '2001:db8::/64',
      '"300.1.1.1/24"',
      '2000000h',
      '"0s"',
      '!!binary aGVsbG8=',
      '[' + '['.repeat(60) + ']'.repeat(61),
    ),
    fc.integer().map(String),
    fc.double().map((value) => JSON.stringify(value)),
    fc.string({ maxLength: 10 }).map((text) => JSON.stringify(text)),
    fc.array(tie('value'), { maxLength: 3 }).map((items) => `[${items.join(', ')}]`),
    fc
      .array(
        fc.tuple(
          fc.constantFrom('__proto__', 'constructor', 'id', 'count', 'x', 'distribution'),
          tie('value'),
        ),
        { maxLength: 3 },
      )
      .map((pairs) => `{${pairs.map(([key, value]) => `${key}: ${value}`).join(', ')}}`),
  ),
})).value;

/** Texts in the tiny files that a hostile value replaces. */
const SCENARIO_SLOTS = [
  'enisim/v1alpha1',
  '{ name: tiny }',
  '[{ path: web.yaml }]',
  'vsw-a',
  'cn-hangzhou-j',
  '10.0.0.0/24',
  '[ecs.g7.xlarge]',
  'count: 1',
  '2m',
  'AllAtOnce',
  '{ type: AllAtOnce }',
];
const DEPLOYMENT_SLOTS = ['replicas: 2', '100m', 'nginx', '{ app: web }', 'Deployment', 'default'];

/** An alias bomb: ten levels, each ten aliases of the one before (10^10 nodes if expanded). */
const aliasBomb = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]']
  .concat(
    Array.from(
      { length: 9 },
      (_, level) => `a${level + 1}: &a${level + 1} [${Array(10).fill(`*a${level}`).join(', ')}]`,
    ),
  )
  .join('\n');

function expectClean(run: { code: number; err: string; out: string }): void {
  expect([0, 1]).toContain(run.code);
  expect(run.err + run.out).not.toMatch(/\n\s+at /u);
  // eslint-disable-next-line no-control-regex -- looking for raw control characters
  expect(run.err + run.out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u);
}

describe('fuzzed scenarios and manifests', () => {
  it('invariant: a scenario or manifest field replaced by any YAML value validates to exit 0 or 1, without a stack trace', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.boolean(),
        fc.nat(),
        hostileYaml,
        async (inScenario, slotIndex, value) => {
          const slots = inScenario ? SCENARIO_SLOTS : DEPLOYMENT_SLOTS;
          const slot = slots[slotIndex % slots.length] ?? '';
          const replaced = slot.includes(':')
            ? `${slot.slice(0, slot.indexOf(':'))}: ${value}`
            : value;
          const run = await validate({
            scenario: inScenario ? TINY_SCENARIO.replace(slot, replaced) : TINY_SCENARIO,
            deployment: inScenario ? TINY_DEPLOYMENT : TINY_DEPLOYMENT.replace(slot, replaced),
          });
          expectClean(run);
        },
      ),
      fuzzBudget(60),
    );
  }, 120_000);

  it.each([
    ['a byte-order mark', `\uFEFF${TINY_SCENARIO}`, 0],
    [
      'a duplicate key',
      TINY_SCENARIO.replace('kind: Scenario', 'kind: Scenario\nkind: Scenario'),
      1,
    ],
    ['an alias bomb', `${aliasBomb}\n${TINY_SCENARIO}`, 1],
    ['a __proto__ key at the top', `__proto__: { kind: Scenario }\n${TINY_SCENARIO}`, 1],
    [
      'Latin-1 bytes',
      Buffer.concat([Buffer.from(TINY_SCENARIO), Buffer.from([0x23, 0x20, 0xe9, 0x0a])]),
      1,
    ],
    [
      'UTF-16',
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TINY_SCENARIO, 'utf16le')]),
      1,
    ],
    [
      'overlapping vSwitches',
      TINY_SCENARIO.replace(
        '[{ id: vsw-a, zone: cn-hangzhou-j, ipv4Cidr: 10.0.0.0/24 }]',
        '[{ id: vsw-a, zone: cn-hangzhou-j, ipv4Cidr: 10.0.0.0/24 }, { id: vsw-b, zone: cn-hangzhou-j, ipv4Cidr: 10.0.0.128/25 }]',
      ),
      1,
    ],
  ])('a scenario with %s: exit %i, clean', async (_name, scenario, code) => {
    const run = await validate({ scenario, deployment: TINY_DEPLOYMENT });
    expectClean(run);
    expect(run.code).toBe(code);
  });
});
