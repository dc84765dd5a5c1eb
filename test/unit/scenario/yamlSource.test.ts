import { describe, expect, it } from 'vitest';

import { FindingList } from '../../../scenarios/load/findings.js';
import { formatPath, pointerToPath } from '../../../scenarios/load/instancePath.js';
import { parseYamlText } from '../../../scenarios/load/yamlSource.js';

const TEXT = `spec:
  cluster:
    nodePools:
      - name: a
        count: 2
      - name: b
        labels:
          k8s.aliyun.com/exclusive-mode-eni-type: eniOnly
---
kind: Second
`;

describe('YAML sources', () => {
  it('locates a path to the line and column of its value, or of its key', () => {
    const parsed = parseYamlText(TEXT, 'f.yaml', new FindingList());
    if (!parsed.ok) throw new Error('does not parse');
    const [first, second] = parsed.documents;
    const count = ['spec', 'cluster', 'nodePools', 0, 'count'];
    expect(first?.locate(count)).toEqual({ file: 'f.yaml', line: 5, column: 16 });
    expect(first?.locate(count, { atKey: true })).toEqual({ file: 'f.yaml', line: 5, column: 9 });
    const label = [
      'spec',
      'cluster',
      'nodePools',
      1,
      'labels',
      'k8s.aliyun.com/exclusive-mode-eni-type',
    ];
    expect(first?.locate(label)).toEqual({ file: 'f.yaml', line: 8, column: 51 });
    expect(second?.locate(['kind'])).toEqual({ file: 'f.yaml', line: 10, column: 7 });
  });

  it('locates a missing path at its deepest existing ancestor', () => {
    const parsed = parseYamlText(TEXT, 'f.yaml', new FindingList());
    if (!parsed.ok) throw new Error('does not parse');
    expect(parsed.documents[0]?.locate(['spec', 'cluster', 'nodePools', 1, 'vSwitches'])).toEqual({
      file: 'f.yaml',
      line: 6,
      column: 9,
    });
  });

  it('names the document of a multi-document file in paths', () => {
    const parsed = parseYamlText(TEXT, 'f.yaml', new FindingList());
    if (!parsed.ok) throw new Error('does not parse');
    expect(parsed.documents[1]?.pathText(['kind'])).toBe('(document 2) kind');
    expect(parsed.documents[0]?.at(['spec', 'cluster']).pathText(['nodePools', 0])).toBe(
      '(document 1) spec.cluster.nodePools[0]',
    );
  });

  it("reports malformed YAML at the parser's position", () => {
    const findings = new FindingList();
    const parsed = parseYamlText('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml', findings);
    expect(parsed.ok).toBe(false);
    const [finding] = findings.sorted();
    expect(finding?.code).toBe('YAML_SYNTAX');
    expect(finding?.location?.file).toBe('bad.yaml');
    expect(finding?.location?.line).toBeGreaterThanOrEqual(2);
  });

  it('reports a repeated key', () => {
    const findings = new FindingList();
    parseYamlText('a: 1\na: 2\n', 'dup.yaml', findings);
    expect(findings.sorted().map((finding) => [finding.code, finding.location?.line])).toEqual([
      ['YAML_SYNTAX', 2],
    ]);
  });

  it('formats paths as the user would write them', () => {
    expect(formatPath(['spec', 'cluster', 'nodePools', 1, 'count'])).toBe(
      'spec.cluster.nodePools[1].count',
    );
    expect(formatPath(['labels', 'k8s.aliyun.com/exclusive-mode-eni-type'])).toBe(
      'labels["k8s.aliyun.com/exclusive-mode-eni-type"]',
    );
    expect(
      pointerToPath('/spec/nodePools/1/labels/a~1b', { spec: { nodePools: [{}, {}] } }),
    ).toEqual(['spec', 'nodePools', 1, 'labels', 'a/b']);
  });
});

describe('YAML resource limits', () => {
  it('refuses an alias bomb instead of expanding it', () => {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const [name, previous] of [
      ['b', 'a'],
      ['c', 'b'],
      ['d', 'c'],
      ['e', 'd'],
    ] as const) {
      lines.push(`${name}: &${name} [${Array<string>(9).fill(`*${previous}`).join(',')}]`);
    }
    const findings = new FindingList();
    expect(parseYamlText(`${lines.join('\n')}\n`, 'bomb.yaml', findings).ok).toBe(false);
    expect(findings.sorted().map((finding) => finding.code)).toEqual(['YAML_SYNTAX']);
  });
});
