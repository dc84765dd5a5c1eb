/**
 * `enisim validate` and `enisim run` accept and refuse exactly the same files: every scenario
 * fixture, good and bad, goes through both (the built binary, as users run it), and the two must
 * agree on the exit code and on every error's file:line:column and code. The loader makes every
 * check the simulator relies on, so a check that lived only in `run` would show up here as a file
 * `validate` calls ok and `run` refuses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');

/** Fixture folders: the loader's bad files, the scenario tests' good ones, the parity cases. */
const FIXTURE_DIRS = ['test/fixtures/scenarios', 'test/fixtures/parity', 'test/scenarios/fixtures'];

const fixtures = FIXTURE_DIRS.flatMap((dir) =>
  readdirSync(join(root, dir))
    .filter((name) => name.endsWith('.yaml'))
    .map((name) => `${dir}/${name}`),
);

let work = '';

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'enisim-parity-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** `file:line:col: error CODE` of every error line a command printed. */
function errorsIn(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\S+:\d+:\d+: error \S+/.test(line))
    .map((line) => /^(\S+:\d+:\d+: error \S+)/.exec(line)?.[1] ?? line)
    .sort();
}

function enisim(args: readonly string[]): { status: number | null; text: string } {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd: root, encoding: 'utf8' });
  return { status: run.status, text: `${run.stdout}\n${run.stderr}` };
}

describe('validate and run accept and refuse the same scenario files', () => {
  it('covers good and bad fixtures, the per-minute flow limit of 100 among them', () => {
    expect(fixtures).toContain('test/fixtures/parity/flow-limit-100-per-minute.yaml');
    expect(fixtures.length).toBeGreaterThanOrEqual(10);
  });

  for (const fixture of fixtures) {
    it(`${fixture}: same exit code, same errors at the same file:line:column`, () => {
      const validate = enisim(['validate', fixture]);
      const out = join(work, relative('test', fixture).replaceAll('/', '_'));
      const run = enisim(['run', fixture, '--seed', '1', '--out', out]);
      // validate: 0 ok, 1 errors. run: 0 when it forecast, 1 when the file was refused.
      expect([0, 1]).toContain(validate.status);
      expect(run.status).toBe(validate.status);
      expect(errorsIn(run.text)).toEqual(errorsIn(validate.text));
      if (validate.status === 1) expect(errorsIn(validate.text).length).toBeGreaterThan(0);
    }, 120_000);
  }
});
