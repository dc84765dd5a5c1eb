/**
 * `enisim report` and `enisim compare` on good and bad input: a last-version (schema 1) document
 * still renders and compares through the upgrader, a newer version, a truncated or non-JSON file,
 * a folder without results.json and an --out that is a file each give one line naming the file,
 * the right exit code, and nothing written.
 */
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { parseResults, ResultsReadError } from '../../models/results/index.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
const v1File = join(root, 'test', 'fixtures', 'results', 'v1-vswitch-exhaustion.json');
let work: string;

function enisim(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8' });
}

function runDir(name: string, text: string): string {
  mkdirSync(join(work, name));
  writeFileSync(join(work, name, 'results.json'), text);
  return name;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'enisim-report-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the results upgrader', () => {
  it('reads a schema-1 document: warnings become objects, unrecorded figures null', () => {
    const v1 = JSON.parse(readFileSync(v1File, 'utf8')) as { schemaVersion: number };
    expect(v1.schemaVersion).toBe(1);
    const upgraded = parseResults(readFileSync(v1File, 'utf8'), 'v1.json');
    expect(upgraded.schemaVersion).toBe(2);
    expect(upgraded.latency.histograms).toBeNull();
    expect(upgraded.latency.phases).toBeNull();
    expect(upgraded.api.byCaller).toBeNull();
    expect(upgraded.vSwitches.every((v) => v.ipv6 === null)).toBe(true);
  });

  it('refuses a newer schemaVersion and names the field of a bad one', () => {
    const v1 = readFileSync(v1File, 'utf8');
    expect(() =>
      parseResults(v1.replace('"schemaVersion": 1', '"schemaVersion": 3'), 'x.json'),
    ).toThrow(/x\.json: schemaVersion 3 is newer than this enisim reads \(up to 2\)/);
    const bad = JSON.parse(v1) as { seed: unknown };
    bad.seed = 'one';
    expect(() => parseResults(JSON.stringify(bad), 'x.json')).toThrow(
      /x\.json: seed: must be integer/,
    );
    expect(() => parseResults(v1.slice(0, 500), 'x.json')).toThrow(ResultsReadError);
  });

  it('refuses a sampleCount the series do not hold (1e308 would make the CSV loop forever)', () => {
    const huge = JSON.parse(readFileSync(v1File, 'utf8')) as { sampleCount: number };
    huge.sampleCount = 1e308;
    expect(() => parseResults(JSON.stringify(huge), 'x.json')).toThrow(
      /x\.json: sampleCount: 1e\+308, but pods\.series hold \d+ samples/,
    );
  });
});

describe('enisim report and compare', () => {
  it('renders a schema-1 document and compares it with itself', () => {
    const dir = runDir('old', readFileSync(v1File, 'utf8'));
    const report = enisim('report', dir);
    expect(report.status).toBe(0);
    expect(report.stdout).toBe(`Report: ${join(dir, 'report.html')}\n`);
    const html = readFileSync(join(work, dir, 'report.html'), 'utf8');
    expect(html).toContain('schema version 1');
    expect(readFileSync(join(work, dir, 'timeseries.csv'), 'utf8').split('\r\n')[0]).toMatch(
      /^time_s,pods_pending,/,
    );
    const compare = enisim('compare', dir, dir, '--out', 'cmp');
    expect(compare.status).toBe(0);
    const json = JSON.parse(readFileSync(join(work, 'cmp', 'compare.json'), 'utf8')) as {
      rows: { delta: number | null }[];
    };
    expect(json.rows.length).toBeGreaterThan(5);
    expect(json.rows.every((row) => row.delta === null || row.delta === 0)).toBe(true);
  });

  it('bad input: one line naming the file, exit 1, nothing written', () => {
    const cases: [string, RegExp][] = [
      [
        runDir('truncated', readFileSync(v1File, 'utf8').slice(0, 1000)),
        /truncated\/results\.json: not a results document: invalid JSON/,
      ],
      [runDir('text', 'hello'), /text\/results\.json: not a results document/],
      [
        runDir(
          'newer',
          readFileSync(v1File, 'utf8').replace('"schemaVersion": 1', '"schemaVersion": 9'),
        ),
        /newer\/results\.json: schemaVersion 9 is newer/,
      ],
    ];
    mkdirSync(join(work, 'empty'));
    cases.push([
      'empty',
      /empty\/results\.json: cannot read the results document \(no such file\)/,
    ]);
    for (const [dir, message] of cases) {
      const before = readdirSync(join(work, dir)).sort();
      for (const args of [
        ['report', dir],
        ['compare', dir, dir, '--out', `${dir}-cmp`],
      ]) {
        const result = enisim(...args);
        expect(result.status, args.join(' ')).toBe(1);
        expect(result.stderr).toMatch(message);
        expect(result.stderr.trim().split('\n')).toHaveLength(1);
        expect(result.stderr).not.toContain('    at ');
      }
      expect(readdirSync(join(work, dir)).sort()).toEqual(before);
      expect(existsSync(join(work, `${dir}-cmp`))).toBe(false);
    }
  });

  it('an --out that is a file is a usage error (exit 2), nothing written', () => {
    const dir = runDir('good', readFileSync(v1File, 'utf8'));
    writeFileSync(join(work, 'afile'), 'x');
    const result = enisim('report', dir, '--out', 'afile');
    expect(result.status).toBe(2);
    expect(result.stderr).toBe('enisim: --out afile is a file, not a directory\n');
    expect(readdirSync(join(work, dir))).toEqual(['results.json']);
  });
});
