/**
 * `enisim run` as users run it: the built binary (`node bin/enisim.js`) in a child process.
 * Checks the seed line, the files it writes (results.json valid against the shipped schema and
 * byte-identical for equal seeds, timings.json beside it), --json, --replications, and that bad
 * input or usage exits 1 or 2 leaving nothing in --out. `npm test` builds first; run alone, the
 * suite builds once if `dist/` is missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
const scenario = join(root, 'scenarios', 'exclusive-eni-node-pool.yaml');
let work = '';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function enisim(...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function read(path: string): string {
  return readFileSync(join(work, path), 'utf8');
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'run', 'command.js'))) {
    spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'ignore' },
    );
  }
  work = mkdtempSync(join(tmpdir(), 'enisim-run-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('enisim run', () => {
  it('prints SEED=1 first, a summary and the report path, and writes results, report, CSVs and timings', () => {
    const run = enisim('run', scenario, '--out', 'a');
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('SEED=1');
    expect(run.stdout).toMatch(
      /^enisim run exclusive-eni-node-pool \(seed 1, 30\.0 min simulated\)/,
    );
    expect(run.stdout).toContain('max 7 pods/node of 7');
    expect(run.stdout).toContain(`Results: ${join('a', 'results.json')}`);
    expect(run.stdout).toContain(`Report: ${join('a', 'report.html')}`);
    expect(readdirSync(join(work, 'a')).sort()).toEqual([
      'pods.csv',
      'report.html',
      'results.json',
      'timeseries.csv',
      'timings.json',
    ]);
    const results = JSON.parse(read('a/results.json')) as Record<string, unknown>;
    const schema = JSON.parse(
      readFileSync(join(root, 'models', 'results', 'results.schema.json'), 'utf8'),
    ) as Record<string, unknown>;
    const validate = new Ajv({ strict: true, allowUnionTypes: true }).compile(schema);
    expect(validate(results)).toBe(true);
    expect(results['seed']).toBe(1);
    const timings = JSON.parse(read('a/timings.json')) as { replications: { seed: number }[] };
    expect(timings.replications.map((entry) => entry.seed)).toEqual([1]);
  });

  it('writes byte-identical results for the same seed, different ones for another', () => {
    expect(enisim('run', scenario, '--seed', '5', '--out', 'b1').status).toBe(0);
    expect(enisim('run', scenario, '--seed', '5', '--out', 'b2').status).toBe(0);
    expect(enisim('run', scenario, '--seed', '6', '--out', 'b3').status).toBe(0);
    expect(read('b2/results.json')).toBe(read('b1/results.json'));
    expect(read('b3/results.json')).not.toBe(read('b1/results.json'));
    expect(read('b1/results.json')).not.toMatch(/wall/i);
  });

  it('--json prints the results document itself', () => {
    const run = enisim('run', scenario, '--json', '--seed', '5', '--out', 'c');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(read('c/results.json'));
    expect(run.stderr.split('\n')[0]).toBe('SEED=5');
  });

  it('--replications 3 runs seeds N … N+2 and adds means with 95% intervals', () => {
    const run = enisim(
      'run',
      scenario,
      '--replications',
      '3',
      '--seed',
      '10',
      '--json',
      '--out',
      'd',
    );
    expect(run.status).toBe(0);
    const results = JSON.parse(run.stdout) as {
      replications: number;
      replicationSummary: {
        seeds: number[];
        metrics: { name: string; values: (number | null)[]; mean: number | null }[];
      };
    };
    expect(results.replications).toBe(3);
    expect(results.replicationSummary.seeds).toEqual([10, 11, 12]);
    const p99 = results.replicationSummary.metrics.find(
      (metric) => metric.name === 'podNetworkReadyP99Ms',
    );
    expect(p99?.values).toHaveLength(3);
    const values = (p99?.values ?? []).filter((value): value is number => value !== null);
    const mean = values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(p99?.mean).toBeCloseTo(mean, 2);
  });

  it('bad input exits 1 with the location and writes nothing', () => {
    writeFileSync(join(work, 'bad.yaml'), 'apiVersion: enisim/v1alpha1\nkind: Scenario\nspec: [\n');
    const run = enisim('run', 'bad.yaml', '--out', 'e');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^SEED=1\nenisim: bad\.yaml has \d+ errors?/);
    expect(run.stderr).toMatch(/bad\.yaml:\d+:\d+: error/);
    expect(existsSync(join(work, 'e'))).toBe(false);
    const missing = enisim('run', 'no-such.yaml', '--out', 'e');
    expect(missing.status).toBe(1);
    expect(existsSync(join(work, 'e'))).toBe(false);
  });

  it('an unknown field is bad input, with its line', () => {
    const text = readFileSync(scenario, 'utf8')
      .replace('spec:\n', 'spec:\n  colour: blue\n')
      .replaceAll('path: manifests/', `path: ${join(root, 'scenarios', 'manifests')}/`);
    writeFileSync(join(work, 'unknown.yaml'), text);
    const run = enisim('run', 'unknown.yaml', '--out', 'f');
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/unknown\.yaml:\d+:\d+: error .*colour/);
    expect(existsSync(join(work, 'f'))).toBe(false);
  });

  it('bad usage exits 2', () => {
    for (const args of [
      ['--seed', 'abc'],
      ['--seed', '1.5'],
      ['--replications', '0'],
      ['--replications', '1000000'],
      ['--seed', '-1'],
      ['--no-such-flag'],
    ]) {
      const run = enisim('run', scenario, '--out', 'g', ...args);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      expect(
        run.stderr
          .trimEnd()
          .split('\n')
          .filter((line) => line !== 'SEED=1'),
      ).toHaveLength(1);
      expect(run.stderr).toMatch(/^(SEED=1\n)?enisim: /);
      expect(existsSync(join(work, 'g'))).toBe(false);
    }
    expect(enisim('run').status).toBe(2);
  });

  it('a flag given without its value is bad usage, not the default (--seed, --replications, --out)', () => {
    for (const flag of ['--seed', '--replications', '--out']) {
      const run = enisim('run', scenario, flag);
      expect(run.status).toBe(2);
      expect(run.stderr.trimEnd()).toBe(`enisim: Not enough arguments following: ${flag.slice(2)}`);
      expect(existsSync(join(work, 'out'))).toBe(false);
    }
  });

  it('an --out that cannot be a directory is one usage line, before the run, nothing written', () => {
    writeFileSync(join(work, 'a-file'), 'keep\n');
    for (const out of ['a-file', join('a-file', 'sub')]) {
      const run = enisim('run', scenario, '--out', out);
      expect(run.status).toBe(2);
      expect(run.stdout).toBe('');
      const lines = run.stderr.trimEnd().split('\n');
      expect(lines).toEqual(['SEED=1', expect.stringMatching(/^enisim: --out a-file/)]);
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(read('a-file')).toBe('keep\n');
    expect(readdirSync(work).filter((name) => name.startsWith('.enisim-tmp'))).toEqual([]);
  });

  it('a missing --out directory is created, parents included', () => {
    expect(enisim('run', scenario, '--out', join('h', 'deep', 'er')).status).toBe(0);
    expect(readdirSync(join(work, 'h', 'deep', 'er')).sort()).toEqual([
      'pods.csv',
      'report.html',
      'results.json',
      'timeseries.csv',
      'timings.json',
    ]);
  });
});
