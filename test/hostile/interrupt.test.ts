/**
 * Ctrl-C and SIGTERM sent to a real `enisim run` process: it stops with exit 130 or 143 and one
 * line saying what finished, leaves no half-written or temporary file in --out, and
 * results.json and timings.json always describe the same run (timings.json carries the sha256
 * of the results.json it goes with), including when the signal lands between the two writes.
 */
import { createHash } from 'node:crypto';
import { watch } from 'node:fs';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { enisimSpawn, enisimSync, ensureBuilt, repositoryRoot } from '../helpers/cli.js';

const LONG = join(repositoryRoot, 'scenarios', 'burst-scale-out.yaml');
const SHORT = join(repositoryRoot, 'scenarios', 'vswitch-exhaustion.yaml');
let work = '';

beforeAll(() => {
  ensureBuilt();
  work = mkdtempSync(join(tmpdir(), 'enisim-interrupt-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

/** The pair in `dir` belongs together: timings.json names results.json's sha256. */
function pairDigests(dir: string): { results: string; named: string } {
  const results = createHash('sha256')
    .update(readFileSync(join(dir, 'results.json')))
    .digest('hex');
  const timings = JSON.parse(readFileSync(join(dir, 'timings.json'), 'utf8')) as {
    resultsSha256: string;
  };
  return { results, named: timings.resultsSha256 };
}

/** What a finished run writes, sorted. */
const RUN_FILES = ['pods.csv', 'report.html', 'results.json', 'timeseries.csv', 'timings.json'];

describe('a signal during a run', () => {
  it('SIGINT mid-simulation exits 130 with one line and leaves no --out directory behind', async () => {
    const out = join(work, 'int');
    const running = enisimSpawn(['run', LONG, '--replications', '200', '--out', out]);
    await running.stderrIncludes('SEED=1\n');
    running.child.kill('SIGINT');
    const ended = await running.done;
    expect(ended.status).toBe(130);
    expect(ended.stderr.trimEnd().split('\n').slice(1)).toEqual([
      `enisim: interrupted by SIGINT: the run of ${LONG} stopped before it finished; nothing was written to ${out}`,
    ]);
    expect(existsSync(out)).toBe(false);
  }, 60_000);

  it('SIGTERM mid-simulation exits 143 and leaves an earlier results.json and timings.json untouched', async () => {
    const out = join(work, 'term');
    expect(enisimSync(['run', SHORT, '--out', out]).status).toBe(0);
    const before = readFileSync(join(out, 'results.json'));
    const running = enisimSpawn(['run', LONG, '--replications', '200', '--out', out]);
    await running.stderrIncludes('SEED=1\n');
    running.child.kill('SIGTERM');
    const ended = await running.done;
    expect(ended.status).toBe(143);
    expect(ended.stderr).toContain('enisim: interrupted by SIGTERM: ');
    expect(ended.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(out).sort()).toEqual(RUN_FILES);
    expect(readFileSync(join(out, 'results.json'))).toEqual(before);
    const digests = pairDigests(out);
    expect(digests.named).toBe(digests.results);
  }, 60_000);

  it('SIGINT between the writes of timings.json and results.json: both are written whole, exit 130', async () => {
    const out = join(work, 'between');
    // An earlier pair of another seed: a signal between the renames used to leave its
    // results.json beside the new timings.json.
    expect(enisimSync(['run', SHORT, '--seed', '7', '--out', out]).status).toBe(0);
    const old = pairDigests(out).results;
    const running = enisimSpawn(['run', SHORT, '--out', out]);
    // The first output renamed into place is timings.json; signal at once, as results.json is
    // still being written.
    const watcher = watch(out, (_event, name) => {
      if (name === 'timings.json') {
        running.child.kill('SIGINT');
        watcher.close();
      }
    });
    const ended = await running.done;
    watcher.close();
    expect(ended.status).toBe(130);
    expect(ended.stderr).toContain(
      `enisim: interrupted by SIGINT: the run had finished: ${join(out, 'results.json')} and the files beside it are complete`,
    );
    expect(readdirSync(out).sort()).toEqual(RUN_FILES);
    const digests = pairDigests(out);
    expect(digests.named).toBe(digests.results);
    expect(digests.results).not.toBe(old);
  }, 60_000);
});
