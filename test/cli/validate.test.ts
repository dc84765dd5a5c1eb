/**
 * `enisim validate` run as users run it: the built binary (`node bin/enisim.js`) in a child
 * process. `npm test` builds first; run alone, the suite builds once if `dist/` lacks the command.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { beforeAll, describe, expect, it } from 'vitest';

import { MALFORMED_YAML_FILE, writeMalformedYaml } from '../fixtures/scenarios/malformedYaml.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
const fixtures = join(root, 'test', 'fixtures', 'scenarios');

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

function enisim(cwd: string, ...args: string[]): Run {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function expectNoStackTrace(run: Run): void {
  const all = `${run.stdout}${run.stderr}`;
  expect(all).not.toMatch(/\n\s+at /);
  expect(all).not.toMatch(/\b(Type|Range|Reference|Syntax)?Error: /);
}

beforeAll(() => {
  if (!existsSync(join(root, 'dist', 'cli', 'validate', 'command.js'))) {
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    spawnSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'ignore' });
  }
});

describe('enisim validate', () => {
  it('passes every library scenario (exit 0), printing FILE: ok', () => {
    const files = readdirSync(join(root, 'scenarios'))
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => `scenarios/${name}`);
    const run = enisim(root, 'validate', ...files);
    expect(run.status).toBe(0);
    expect(run.stderr).toBe('');
    for (const file of files) {
      const expected = file.endsWith('dual-stack-rollout.yaml')
        ? `${file}: ok (1 warning)`
        : `${file}: ok`;
      expect(run.stdout.split('\n')).toContain(expected);
    }
  });

  it('prints a warning with its location but still exits 0', () => {
    const run = enisim(root, 'validate', 'scenarios/dual-stack-rollout.yaml');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^scenarios\/dual-stack-rollout\.yaml:\d+:\d+: warning DUAL_STACK_FALLBACK at spec\.cluster\.nodePools\[1\]\.instanceTypes\[0\]: .*ecs\.g6\.2xlarge/m,
    );
    expect(run.stdout).toContain('    hint: ');
  });

  it.each([
    [
      'unknown-field.yaml',
      'unknown-field.yaml:13:9: error UNKNOWN_FIELD at spec.cluster.nodePools[0].vSwitchs: unknown field "vSwitchs"',
    ],
    [
      'unsupported-kind.yaml',
      'manifests/service.yaml:18:7: error UNSUPPORTED_KIND at (document 2) kind: unsupported manifest kind "Service"',
    ],
    [
      'podnetworking-unsatisfiable.yaml',
      'podnetworking-unsatisfiable.yaml:7:7: error PODNETWORKING_UNSATISFIABLE: no vSwitch of PodNetworking far-zone',
    ],
    [
      'missing-file.yaml',
      'missing-file.yaml:7:13: error FILE_NOT_FOUND at spec.manifests[0].path: cannot read manifests/does-not-exist.yaml: no such file',
    ],
    [
      'event-in-the-past.yaml',
      'event-in-the-past.yaml:14:36: error EVENT_IN_THE_PAST at spec.timeline.events[0].at: -30s is before the scenario starts (0s)',
    ],
  ])('%s: exit 1, the location and the code, no stack trace', (file, line) => {
    const run = enisim(fixtures, 'validate', file);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.stdout.split('\n').some((text) => text.startsWith(line))).toBe(true);
    expect(run.stdout).toMatch(
      new RegExp(`^${file.replace('.', '\\.')}: \\d+ errors?, \\d+ warnings?$`, 'm'),
    );
    expectNoStackTrace(run);
  });

  it("malformed YAML: exit 1 at the parser's position, no stack trace", () => {
    const run = enisim(writeMalformedYaml(), 'validate', MALFORMED_YAML_FILE);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^malformed-yaml\.yaml:9:3: error YAML_SYNTAX: malformed YAML: /m);
    expectNoStackTrace(run);
  });

  it('prints the schema keyword and a fix hint under a schema finding', () => {
    const run = enisim(fixtures, 'validate', 'unknown-field.yaml');
    expect(run.stdout).toContain(
      [
        'unknown-field.yaml:13:9: error UNKNOWN_FIELD at spec.cluster.nodePools[0].vSwitchs: unknown field "vSwitchs"',
        '    schema: #/definitions/NodePool/additionalProperties',
        '    hint: did you mean "vSwitches"?',
      ].join('\n'),
    );
  });

  it('reports every problem of a file in one run', () => {
    const run = enisim(fixtures, 'validate', 'many-problems.yaml');
    expect(run.status).toBe(1);
    const errors = run.stdout
      .split('\n')
      .filter((text) => /^many-problems\.yaml:\d+:\d+: error /.test(text));
    expect(errors).toHaveLength(8);
    expect(run.stdout).toMatch(/^many-problems\.yaml: 8 errors, 0 warnings$/m);
  });

  it('a missing scenario file: exit 1 and a clear message', () => {
    const run = enisim(fixtures, 'validate', 'nowhere.yaml');
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'nowhere.yaml: error FILE_NOT_FOUND: cannot read nowhere.yaml: no such file',
    );
    expectNoStackTrace(run);
  });

  it('--json prints one report per file with located findings', () => {
    const run = enisim(
      fixtures,
      'validate',
      '--json',
      'event-in-the-past.yaml',
      'missing-file.yaml',
    );
    expect(run.status).toBe(1);
    const reports = JSON.parse(run.stdout) as unknown[];
    expect(reports).toEqual([
      {
        file: 'event-in-the-past.yaml',
        valid: false,
        errors: 1,
        warnings: 0,
        findings: [
          {
            severity: 'error',
            code: 'EVENT_IN_THE_PAST',
            message: '-30s is before the scenario starts (0s)',
            hint: 'times are offsets from the start of the run: use 0s or later',
            location: { file: 'event-in-the-past.yaml', line: 14, column: 36 },
            path: 'spec.timeline.events[0].at',
            schemaPath: null,
          },
        ],
      },
      expect.objectContaining({ file: 'missing-file.yaml', valid: false, errors: 1 }),
    ]);
  });

  it('bad usage exits 2', () => {
    expect(enisim(root, 'validate').status).toBe(2);
    const unknownFlag = enisim(root, 'validate', 'scenarios/trunk-fixed-ip.yaml', '--strict-mode');
    expect(unknownFlag.status).toBe(2);
    expectNoStackTrace(unknownFlag);
  });
});
