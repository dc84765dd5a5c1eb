/**
 * The CI examples under examples/ci/ run as written: the `enisim` commands of the GitHub Actions
 * workflow (every step's `run`) and of the GitLab CI job (its `script`) are read from the YAML
 * files, and run with `npx enisim` replaced by the built bin, in a directory laid out as the
 * user's repository (`ci/rollout.yaml`). The gate passes on the example scenario (exit 0, a JUnit
 * report a strict XML parser reads, the job summary, the forecast under out/), and fails with
 * exit 3 and a JUnit failure when the same scenario's bound is tightened. Installing the tarball
 * (the steps' `npm install`) is what test/package/pack.test.ts does.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

import { enisimBin, ensureBuilt, repositoryRoot } from '../helpers/cli.js';
import { elementsNamed, parseXml } from '../helpers/xml.js';

const examples = join(repositoryRoot, 'examples', 'ci');
let work = '';

/** The `npx enisim …` commands of a workflow's steps or a job's script, in order. */
function enisimCommands(file: string): string[] {
  const document = parse(readFileSync(join(examples, file), 'utf8')) as Record<string, unknown>;
  const lines: string[] = [];
  if (file === 'github-actions.yml') {
    const jobs = document['jobs'] as Record<string, { steps: { run?: string }[] }>;
    for (const job of Object.values(jobs)) {
      for (const step of job.steps) if (step.run !== undefined) lines.push(step.run.trim());
    }
  } else {
    for (const job of Object.values(document)) {
      const script = (job as { script?: string[] }).script ?? [];
      lines.push(...script.map((line) => line.trim()));
    }
  }
  return lines.filter((line) => line.startsWith('npx enisim '));
}

/** Runs one command as the CI runner would, with the built bin in place of `npx enisim`. */
function runCommand(command: string, env: Record<string, string> = {}) {
  expect(command).not.toMatch(/["'$`|;&]/); // plain words: split on spaces as a shell would
  const args = command.replace(/^npx enisim /, '').split(/\s+/);
  return spawnSync(process.execPath, [enisimBin, ...args], {
    cwd: work,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...env },
    timeout: 120_000,
  });
}

/** The user's repository: the example scenario at ci/rollout.yaml, optionally with a new bound. */
function layOut(tighten: boolean): void {
  work = mkdtempSync(join(tmpdir(), 'enisim-ci-'));
  mkdirSync(join(work, 'ci'));
  let text = readFileSync(join(examples, 'rollout.yaml'), 'utf8');
  if (tighten) {
    text = text.replace(
      'podNetworkReadyP99Ms: { max: 60000 }',
      'podNetworkReadyP99Ms: { max: 1000 }',
    );
  }
  writeFileSync(join(work, 'ci', 'rollout.yaml'), text);
}

function junitCases(): { name: string; failed: boolean }[] {
  const report = parseXml(readFileSync(join(work, 'reports', 'enisim.xml'), 'utf8'));
  return elementsNamed(report, 'testcase').map((testcase) => ({
    name: testcase.attributes['name'] ?? '',
    failed: testcase.children.some((child) => child.name === 'failure'),
  }));
}

beforeAll(() => {
  ensureBuilt();
});

afterEach(() => {
  rmSync(work, { recursive: true, force: true });
});

describe.each(['github-actions.yml', 'gitlab-ci.yml'])('examples/ci/%s', (file) => {
  it('has one enisim check step, which passes on the example scenario and writes the JUnit report', () => {
    const commands = enisimCommands(file);
    expect(commands).toHaveLength(1);
    expect(commands[0]).toMatch(
      /^npx enisim check ci\/rollout\.yaml .*--junit reports\/enisim\.xml/,
    );
    layOut(false);
    const summary = join(work, 'summary.md');
    const result = runCommand(commands[0]!, { GITHUB_STEP_SUMMARY: summary });
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Verdict: met');
    expect(junitCases()).toEqual([
      { name: 'podNetworkReadyP99Ms ≤ 60000', failed: false },
      { name: 'unschedulablePods ≤ 0', failed: false },
      { name: 'vSwitchFreeAddressesMin ≥ 100', failed: false },
      { name: 'invariants', failed: false },
    ]);
    const verdict = JSON.parse(
      readFileSync(join(work, 'out', 'enisim', 'verdict.json'), 'utf8'),
    ) as {
      seeds: number[];
      status: string;
    };
    expect(verdict.seeds).toHaveLength(20);
    expect(verdict.status).toBe('met');
    // Only the GitHub step asks for annotations and the job summary.
    expect(existsSync(summary)).toBe(file === 'github-actions.yml');
  });

  it('fails the job with exit 3 and a JUnit failure when the rollout breaches an SLO', () => {
    layOut(true);
    const result = runCommand(enisimCommands(file)[0]!);
    expect(result.status).toBe(3);
    expect(
      junitCases()
        .filter((testcase) => testcase.failed)
        .map((t) => t.name),
    ).toEqual(['podNetworkReadyP99Ms ≤ 1000']);
    if (file === 'github-actions.yml') {
      expect(result.stdout).toMatch(
        /^::error file=ci\/rollout\.yaml,title=SLO breached%3A podNetworkReadyP99Ms/m,
      );
    }
  });
});
