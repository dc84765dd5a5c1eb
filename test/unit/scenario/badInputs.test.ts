/**
 * The bad inputs issue 4 lists, from test/fixtures/scenarios: each is reported with its code at
 * the exact file:line:column, and several problems in one file are all reported.
 */
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { loadScenario, type Finding } from '../../../scenarios/load/index.js';
import { MALFORMED_YAML_FILE, writeMalformedYaml } from '../../fixtures/scenarios/malformedYaml.js';

const fixtures = fileURLToPath(new URL('../../fixtures/scenarios/', import.meta.url));

function findings(name: string): readonly Finding[] {
  const result = loadScenario(name, { cwd: fixtures });
  expect(result.scenario).toBeNull();
  return result.findings;
}

/** `file:line:column CODE` of each error. */
function errors(name: string): string[] {
  return findings(name)
    .filter((finding) => finding.severity === 'error')
    .map((finding) => {
      const at = finding.location;
      return `${at === null ? '-' : `${at.file}:${at.line}:${at.column}`} ${finding.code}`;
    });
}

describe('bad scenario input', () => {
  it("malformed YAML: the parser's position", () => {
    const result = loadScenario(MALFORMED_YAML_FILE, { cwd: writeMalformedYaml() });
    expect(result.scenario).toBeNull();
    expect(result.findings.map((finding) => [finding.code, finding.location])).toEqual([
      ['YAML_SYNTAX', { file: MALFORMED_YAML_FILE, line: 9, column: 3 }],
    ]);
  });

  it('an unknown field: at its key, with the nearest field named', () => {
    const [missing, unknown] = findings('unknown-field.yaml');
    expect(unknown).toMatchObject({
      code: 'UNKNOWN_FIELD',
      location: { file: 'unknown-field.yaml', line: 13, column: 9 },
      path: 'spec.cluster.nodePools[0].vSwitchs',
      schemaPath: '#/definitions/NodePool/additionalProperties',
      hint: 'did you mean "vSwitches"?',
    });
    // The misspelt field also leaves the required one missing: both are reported.
    expect(missing).toMatchObject({ code: 'MISSING_FIELD', path: 'spec.cluster.nodePools[0]' });
  });

  it('a manifest of an unsupported kind: located in the manifest file that holds it', () => {
    const [finding] = findings('unsupported-kind.yaml');
    expect(finding).toMatchObject({
      code: 'UNSUPPORTED_KIND',
      location: { file: 'manifests/service.yaml', line: 18, column: 7 },
      path: '(document 2) kind',
    });
    expect(finding?.message).toContain('"Service"');
  });

  it('a PodNetworking no vSwitch can satisfy', () => {
    const finding = findings('podnetworking-unsatisfiable.yaml').find(
      (candidate) => candidate.severity === 'error',
    );
    expect(finding).toMatchObject({
      code: 'PODNETWORKING_UNSATISFIABLE',
      location: { file: 'podnetworking-unsatisfiable.yaml', line: 7, column: 7 },
    });
    expect(finding?.message).toContain('cn-hangzhou-k, where no node pool has nodes');
  });

  it('a missing referenced file: at the reference', () => {
    expect(findings('missing-file.yaml')).toEqual([
      {
        severity: 'error',
        code: 'FILE_NOT_FOUND',
        message: 'cannot read manifests/does-not-exist.yaml: no such file',
        hint: 'paths in a scenario are relative to the scenario file',
        location: { file: 'missing-file.yaml', line: 7, column: 13 },
        path: 'spec.manifests[0].path',
        schemaPath: null,
      },
    ]);
  });

  it('an event in the past', () => {
    expect(errors('event-in-the-past.yaml')).toEqual([
      'event-in-the-past.yaml:14:36 EVENT_IN_THE_PAST',
    ]);
  });

  it('a missing scenario file', () => {
    expect(errors('no-such-scenario.yaml')).toEqual(['- FILE_NOT_FOUND']);
  });

  it('reports every problem of one file at once, in file order', () => {
    expect(errors('many-problems.yaml')).toEqual([
      'many-problems.yaml:7:13 FILE_NOT_FOUND',
      'many-problems.yaml:9:20 WRONG_TYPE',
      'many-problems.yaml:11:53 BAD_CIDR',
      'many-problems.yaml:15:25 UNKNOWN_INSTANCE_TYPE',
      'many-problems.yaml:18:9 UNKNOWN_FIELD',
      'many-problems.yaml:20:25 EXCLUSIVE_TOO_FEW_ENIS',
      'many-problems.yaml:28:36 EVENT_IN_THE_PAST',
      'many-problems.yaml:29:36 EVENT_AFTER_END',
    ]);
  });
});
