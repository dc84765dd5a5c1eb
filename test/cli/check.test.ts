/**
 * `enisim check` as a CI job runs it: the built binary in a child process. Exit 0 when every SLO
 * holds and 3 when one is breached, one line per SLO, the verdict JSON valid against its schema,
 * a JUnit report a strict XML parser accepts (whatever the file name holds), GitHub annotations
 * and the job summary, `--out`, `--seeds`, and bad input or usage leaving nothing behind. The
 * mapping of an invariant violation to exit 5 is checked in process (no shipped scenario should
 * violate one), with the checkers' own error thrown from the simulation.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { elementsNamed, parseXml } from '../helpers/xml.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
const shipped = join(root, 'scenarios', 'exclusive-eni-node-pool.yaml');
let work = '';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function enisim(args: readonly string[], env: Record<string, string> = {}): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/**
 * SLOs the shipped exclusive-ENI scenario meets in every seed the tests run: its own 20 s
 * network-ready bound is breached since the controller's waits follow Terway's source.
 */
const MET_SLOS =
  '    podNetworkReadyP99Ms: { max: 60000 }\n' +
  '    podStartP99Ms: { max: 300000 }\n' +
  '    vSwitchFreeAddressesMin: { min: 100 }\n';

/** The shipped exclusive-ENI scenario under another file name, with other SLOs. */
function variant(file: string, slos: string): string {
  const text = readFileSync(shipped, 'utf8')
    .replaceAll('path: manifests/', `path: ${join(root, 'scenarios', 'manifests')}/`)
    .replace(/ {2}slos:\n(?: {4}.*\n)*/u, slos === '' ? '' : `  slos:\n${slos}`);
  writeFileSync(join(work, file), text);
  return file;
}

const validateVerdict = new Ajv({ strict: true, allowUnionTypes: true }).compile(
  JSON.parse(
    readFileSync(join(root, 'models', 'results', 'verdict.schema.json'), 'utf8'),
  ) as Record<string, unknown>,
);

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'check', 'command.js'))) {
    spawnSync(
      process.execPath,
      [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: root, stdio: 'ignore' },
    );
  }
  work = mkdtempSync(join(tmpdir(), 'enisim-check-'));
});

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('enisim check', () => {
  it('exits 0 when every SLO holds, one line per SLO with its figure and bound', () => {
    const run = enisim(['check', variant('met.yaml', MET_SLOS)]);
    expect(run.status).toBe(0);
    expect(run.stderr.split('\n')[0]).toBe('SEED=1');
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe(
      'enisim check exclusive-eni-node-pool (seed 1): 3 of 3 SLOs met, 0 breached',
    );
    expect(lines.slice(1, 4).map((line) => line.replace(/:.*$/u, ''))).toEqual([
      '  met      podNetworkReadyP99Ms ≤ 60000',
      '  met      podStartP99Ms ≤ 300000',
      '  met      vSwitchFreeAddressesMin ≥ 100',
    ]);
    expect(run.stdout).toMatch(/Invariants: passed \(\d+ checks\)/u);
    expect(run.stdout.endsWith('Verdict: met\n')).toBe(true);
  });

  it('exits 3 when an SLO is breached, naming how many seeds met it', () => {
    const file = variant(
      'tight.yaml',
      '    podNetworkReadyP99Ms: { max: 1000 }\n    vSwitchFreeAddressesMin: { min: 100 }\n',
    );
    const run = enisim(['check', file, '--seeds', '1..3']);
    expect(run.status).toBe(3);
    expect(run.stdout).toMatch(
      /^ {2}BREACHED podNetworkReadyP99Ms ≤ 1000: mean [\d.]+, 95% CI \[[\d.]+, [\d.]+\] \(0\/3 seeds met it, 3 needed \(not met in seeds 1, 2, 3\)\)$/mu,
    );
    expect(run.stdout).toContain('  met      vSwitchFreeAddressesMin ≥ 100: mean 1015');
    expect(run.stdout.endsWith('Verdict: breached\n')).toBe(true);
  });

  it('--json (= --format json) prints the verdict document, valid against its schema', () => {
    const file = variant('json.yaml', '    podNetworkReadyP99Ms: { max: 1000 }\n');
    const json = enisim(['check', file, '--json', '--seeds', '2..3']);
    const format = enisim([
      'check',
      file,
      '--format',
      'json',
      '--seed',
      '2',
      '--replications',
      '2',
    ]);
    expect(json.status).toBe(3);
    expect(format.stdout).toBe(json.stdout);
    const verdict = JSON.parse(json.stdout) as { seeds: number[]; status: string };
    expect(validateVerdict(verdict)).toBe(true);
    expect(verdict.seeds).toEqual([2, 3]);
    expect(verdict.status).toBe('breached');
  });

  it('--junit writes a report a strict XML parser accepts, whatever the file name holds', () => {
    const file = variant(
      'gate <&"\'\u001b[31m>.yaml',
      '    podNetworkReadyP99Ms: { max: 1000 }\n    podStartP99Ms: { max: 300000 }\n',
    );
    const run = enisim(['check', file, '--junit', 'reports/enisim.xml']);
    expect(run.status).toBe(3);
    const report = parseXml(readFileSync(join(work, 'reports', 'enisim.xml'), 'utf8'));
    expect(report.attributes).toMatchObject({ tests: '3', failures: '1', errors: '0' });
    const cases = elementsNamed(report, 'testcase');
    expect(cases.map((testCase) => testCase.attributes['name'])).toEqual([
      'podNetworkReadyP99Ms ≤ 1000',
      'podStartP99Ms ≤ 300000',
      'invariants',
    ]);
    const [failure] = elementsNamed(cases[0]!, 'failure');
    expect(failure?.attributes['message']).toMatch(
      /^breached: podNetworkReadyP99Ms ≤ 1000: [\d.]+ \(seed 1 did not meet it\)$/u,
    );
    const scenario = elementsNamed(report, 'property').find(
      (p) => p.attributes['name'] === 'scenario',
    );
    expect(scenario?.attributes['value']).toBe('gate <&"\'\\x1b[31m>.yaml');
    // No control character reaches the terminal either.
    expect(run.stdout + run.stderr).not.toContain('\u001b');
  });

  it('--format github prints ::error per breached SLO and appends the job summary', () => {
    const file = variant(
      'gh.yaml',
      '    podNetworkReadyP99Ms: { max: 1000 }\n    unschedulablePods: { max: 100 }\n',
    );
    const summary = join(work, 'step-summary.md');
    writeFileSync(summary, '## earlier step\n');
    const run = enisim(['check', file, '--format', 'github'], { GITHUB_STEP_SUMMARY: summary });
    expect(run.status).toBe(3);
    const annotations = run.stdout.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toMatch(
      /^::error file=gh\.yaml,title=SLO breached%3A podNetworkReadyP99Ms \(exclusive-eni-node-pool\)::podNetworkReadyP99Ms ≤ 1000: /u,
    );
    const markdown = readFileSync(summary, 'utf8');
    expect(
      markdown.startsWith('## earlier step\n### ❌ enisim check exclusive-eni-node-pool'),
    ).toBe(true);
    expect(markdown).toMatch(
      /^\| `unschedulablePods` \| ≤ 100 \| \d+ \| seed 1 met it \| met \|$/mu,
    );
  });

  it('--out writes results.json (as run writes it), timings.json and verdict.json', () => {
    const file = variant('met-out.yaml', MET_SLOS);
    const check = enisim(['check', file, '--seeds', '4..5', '--out', 'checked']);
    // check runs the invariant checkers by default, and results.json says whether they ran.
    const run = enisim(['run', file, '--seeds', '4..5', '--check-invariants', '--out', 'ran']);
    expect([check.status, run.status]).toEqual([0, 0]);
    expect(readdirSync(join(work, 'checked')).sort()).toEqual([
      'pods.csv',
      'report.html',
      'results.json',
      'timeseries.csv',
      'timings.json',
      'verdict.json',
    ]);
    expect(readFileSync(join(work, 'checked', 'results.json'), 'utf8')).toBe(
      readFileSync(join(work, 'ran', 'results.json'), 'utf8'),
    );
    expect(
      validateVerdict(JSON.parse(readFileSync(join(work, 'checked', 'verdict.json'), 'utf8'))),
    ).toBe(true);
  });

  it('a scenario without SLOs is bad input (exit 1) naming spec.slos; nothing is written', () => {
    const file = variant('no-slos.yaml', '');
    const run = enisim(['check', file, '--out', 'none', '--junit', 'none.xml']);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('enisim: no-slos.yaml: spec.slos: no SLO to check');
    expect(existsSync(join(work, 'none'))).toBe(false);
    expect(existsSync(join(work, 'none.xml'))).toBe(false);
  });

  it('bad seeds or formats are usage errors (exit 2)', () => {
    for (const args of [
      ['--seeds', '5..3'],
      ['--seeds', '1..20', '--seed', '4'],
      ['--seeds', 'x'],
      ['--format', 'xml'],
      ['--json', '--format', 'github'],
    ]) {
      const run = enisim(['check', shipped, ...args]);
      expect(run.status, args.join(' ')).toBe(2);
      expect(run.stdout).toBe('');
    }
  });
});
