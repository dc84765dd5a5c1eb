import { readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { FindingList } from '../../../scenarios/load/findings.js';
import { TERWAY_CLIENT_RATE_PER_MINUTE } from '../../../sim/cloud/options.js';
import { checkSchema, scenarioSchemaFile } from '../../../scenarios/load/schema.js';
import { parseYamlText, type YamlDocument } from '../../../scenarios/load/yamlSource.js';

type Schema = Record<string, unknown>;
const schema = JSON.parse(readFileSync(scenarioSchemaFile(), 'utf8')) as Schema;
const definitions = schema['definitions'] as Record<string, Schema>;

function resolve(node: Schema): Schema {
  const reference = node['$ref'];
  if (typeof reference !== 'string') return node;
  const name = reference.replace('#/definitions/', '');
  const target = definitions[name];
  if (target === undefined) throw new Error(`dangling $ref ${reference}`);
  return target;
}

/** Every `properties` entry in the schema, with its pointer. */
function allProperties(): [string, Schema][] {
  const found: [string, Schema][] = [];
  const walk = (node: unknown, pointer: string): void => {
    if (typeof node !== 'object' || node === null) return;
    const properties = (node as Schema)['properties'];
    if (typeof properties === 'object' && properties !== null) {
      for (const [name, value] of Object.entries(properties)) {
        found.push([`${pointer}/properties/${name}`, value as Schema]);
      }
    }
    for (const [key, child] of Object.entries(node)) walk(child, `${pointer}/${key}`);
  };
  walk(schema, '#');
  return found;
}

function document(text: string): YamlDocument {
  const parsed = parseYamlText(text, 'test.yaml', new FindingList());
  if (!parsed.ok || parsed.documents[0] === undefined) throw new Error('fixture does not parse');
  return parsed.documents[0];
}

const MINIMAL = `apiVersion: enisim/v1alpha1
kind: Scenario
metadata:
  name: minimal
spec:
  cluster:
    vSwitches:
      - { id: vsw-a, zone: cn-hangzhou-j, ipv4Cidr: 172.16.0.0/24 }
  timeline:
    duration: 10m
`;

describe('the shipped scenario schema', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    expect(schema['$schema']).toBe('http://json-schema.org/draft-07/schema#');
    expect(schema['$id']).toBe('urn:enisim:scenario-v1alpha1');
    const ajv = new Ajv({ strict: true, discriminator: true, allowUnionTypes: true });
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('describes every property (editors show the description on hover)', () => {
    const undocumented = allProperties()
      .filter(([, property]) => typeof property === 'object')
      .filter(([, property]) => typeof resolve(property)['description'] !== 'string')
      .filter(([, property]) => typeof property['description'] !== 'string')
      .map(([pointer]) => pointer);
    expect(undocumented).toEqual([]);
  });

  it("closes every object of the scenario's own format to unknown fields", () => {
    const kubernetes = new Set([
      'Toleration',
      'LabelSelectorRequirement',
      'LabelSelector',
      'NodeSelectorRequirement',
      'NodeSelectorTerm',
      'Affinity',
      'ResourceList',
      'Container',
      'PodSpec',
      'ObjectMeta',
      'PodTemplate',
      'Manifest',
      'Deployment',
      'StatefulSet',
      'Job',
      'Pod',
      'PodNetworking',
      'ConfigMap',
      'NetworkPolicy',
      'Namespace',
      'Labels',
      'Annotations',
      'Rollout',
      'Distribution',
      'Event',
      'ManifestEntry',
    ]);
    const open = Object.entries(definitions)
      .filter(([name, definition]) => definition['type'] === 'object' && !kubernetes.has(name))
      .filter(([, definition]) => definition['additionalProperties'] !== false)
      .map(([name]) => name);
    expect(open).toEqual([]);
  });

  it('accepts a minimal scenario', () => {
    const findings = new FindingList();
    expect(checkSchema(document(MINIMAL), 'scenario', findings)).toBe(true);
    expect(findings.sorted()).toEqual([]);
  });

  it('reports an unknown field at its key, with the nearest known name', () => {
    const findings = new FindingList();
    const text = MINIMAL.replace('    duration: 10m', '    duration: 10m\n    sampleStpe: 5s');
    checkSchema(document(text), 'scenario', findings);
    expect(findings.sorted()).toEqual([
      {
        severity: 'error',
        code: 'UNKNOWN_FIELD',
        message: 'unknown field "sampleStpe"',
        hint: 'did you mean "sampleStep"?',
        location: { file: 'test.yaml', line: 11, column: 5 },
        path: 'spec.timeline.sampleStpe',
        schemaPath: '#/definitions/Timeline/additionalProperties',
      },
    ]);
  });

  it('says to quote a version YAML read as a number', () => {
    const findings = new FindingList();
    const text = MINIMAL.replace('  cluster:\n', '  cluster:\n    terwayVersion: 1.10\n');
    checkSchema(document(text), 'scenario', findings);
    const [finding] = findings.sorted();
    expect(finding?.code).toBe('WRONG_TYPE');
    expect(finding?.location).toEqual({ file: 'test.yaml', line: 7, column: 20 });
    expect(finding?.hint).toContain('write "1.10", not 1.10');
  });

  it('reports a bad enum value with the allowed ones', () => {
    const findings = new FindingList();
    const text = MINIMAL.replace('  cluster:\n', '  cluster:\n    ipStack: dualstack\n');
    checkSchema(document(text), 'scenario', findings);
    const [finding] = findings.sorted();
    expect(finding?.code).toBe('BAD_VALUE');
    expect(finding?.message).toBe('"dualstack" is not allowed here: expected "ipv4" or "dual"');
    expect(finding?.path).toBe('spec.cluster.ipStack');
  });

  it('names the supported kinds for a manifest of another kind', () => {
    const findings = new FindingList();
    checkSchema(
      document('apiVersion: apps/v1\nkind: DaemonSet\nmetadata: { name: x }\n'),
      'manifest',
      findings,
    );
    const [finding] = findings.sorted();
    expect(finding?.code).toBe('UNSUPPORTED_KIND');
    expect(finding?.location).toEqual({ file: 'test.yaml', line: 2, column: 7 });
    expect(finding?.message).toContain('Deployment, StatefulSet, Job, Pod, PodNetworking');
  });

  it('reports a bad rollout type within the discriminated union only', () => {
    const findings = new FindingList();
    const text = `${MINIMAL}    workloads:\n      - workload: web\n        rollout: { type: Rolling }\n`;
    checkSchema(document(text), 'scenario', findings);
    expect(findings.sorted().map((finding) => [finding.code, finding.hint])).toEqual([
      ['BAD_VALUE', 'did you mean "RollingUpdate"?'],
    ]);
  });

  it('checks PodNetworking fields strictly, as the CRD does', () => {
    const findings = new FindingList();
    const pn = `apiVersion: network.alibabacloud.com/v1beta1
kind: PodNetworking
metadata: { name: pn }
spec:
  eniOption: { eniType: ENI }
  allocationType: { type: Fixd }
`;
    checkSchema(document(pn), 'manifest', findings);
    expect(findings.sorted().map((finding) => [finding.code, finding.path])).toEqual([
      ['UNKNOWN_FIELD', 'spec.eniOption'],
      ['BAD_VALUE', 'spec.allocationType.type'],
    ]);
  });
});

describe('schema findings about keys', () => {
  it('reports a bad map key once, at the key, with the nearest allowed name', () => {
    const findings = new FindingList();
    const text = `${MINIMAL}  cloud:\n    rateLimitsPerMinute: { CreateNetworkInterfaces: 5 }\n`;
    checkSchema(document(text), 'scenario', findings);
    expect(findings.sorted()).toEqual([
      {
        severity: 'error',
        code: 'BAD_KEY',
        message: 'key "CreateNetworkInterfaces" is not allowed here',
        hint: 'did you mean "CreateNetworkInterface" or "DeleteNetworkInterface" or "AttachNetworkInterface"?',
        location: { file: 'test.yaml', line: 12, column: 28 },
        path: 'spec.cloud.rateLimitsPerMinute.CreateNetworkInterfaces',
        schemaPath: '#/definitions/CloudAction/enum',
      },
    ]);
  });
});

describe('scenario schema: cloud action names', () => {
  it('lists exactly the actions the simulated cloud implements', () => {
    const actionEnum = definitions['CloudAction']?.['enum'] as string[];
    expect([...actionEnum].sort()).toEqual(Object.keys(TERWAY_CLIENT_RATE_PER_MINUTE).sort());
  });
});
