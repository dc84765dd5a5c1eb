/**
 * The verdict's renderings (reports/verdict/): JUnit XML that a strict XML parser accepts whatever
 * the names contain, GitHub workflow commands that a hostile name cannot end or split, Markdown
 * cells a name cannot break, and text that never echoes a control character.
 */
import { readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  verdictSchemaFile,
  violationVerdict,
  type SloOutcome,
  type Verdict,
} from '../../../models/results/index.js';
import {
  renderVerdictGithub,
  renderVerdictJunit,
  renderVerdictMarkdown,
  renderVerdictText,
} from '../../../reports/verdict/index.js';
import { elementsNamed, parseXml } from '../../helpers/xml.js';

const met: SloOutcome = {
  name: 'podNetworkReadyP99Ms',
  field: 'headline.podNetworkReadyP99Ms',
  bound: 'max',
  threshold: 20000,
  measured: 9000.5,
  pass: true,
  passedReplications: 20,
  requiredReplications: 19,
  replications: 20,
  breachedSeeds: [],
  values: Array<number>(20).fill(9000.5),
  low95: 8800,
  high95: 9201,
};

const breached: SloOutcome = {
  name: 'vSwitchFreeAddressesMin',
  field: 'headline.vSwitchFreeAddressesMin',
  bound: 'min',
  threshold: 10,
  measured: 8.5,
  pass: false,
  passedReplications: 17,
  requiredReplications: 19,
  replications: 20,
  breachedSeeds: [4, 9, 13],
  values: Array.from({ length: 20 }, (_, index) => ([3, 8, 12].includes(index) ? 0 : 10)),
  low95: 7,
  high95: 10,
};

function verdictFor(file: string, slos: readonly SloOutcome[]): Verdict {
  const slosBreached = slos.filter((slo) => !slo.pass).length;
  return {
    schemaVersion: 1,
    enisimVersion: '0.1.0',
    scenario: { name: 'gate', file },
    seeds: Array.from({ length: 20 }, (_, index) => index + 1),
    status: slosBreached > 0 ? 'breached' : 'met',
    slosMet: slos.length - slosBreached,
    slosBreached,
    slos,
    invariants: { status: 'passed', checks: 120, violation: null },
  };
}

const validateVerdict = new Ajv({ strict: true, allowUnionTypes: true }).compile(
  JSON.parse(readFileSync(verdictSchemaFile(), 'utf8')) as Record<string, unknown>,
);

// What the renderers show as an escape rather than as itself (controls, line separators, bidi
// overrides, and what XML cannot carry).
// eslint-disable-next-line no-control-regex
const ESCAPED = /[\u0000-\u001f\u007f-\u009f\u2028-\u202e\u2066-\u2069\ud800-\udfff\ufffe\uffff]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/u;

describe('verdict: JUnit XML', () => {
  it('one test case per SLO and one for the invariants; a breach is a failure with its figure', () => {
    const xml = renderVerdictJunit(verdictFor('scenarios/gate.yaml', [met, breached]));
    const root = parseXml(xml);
    expect(root.name).toBe('testsuites');
    expect(root.attributes).toMatchObject({ tests: '3', failures: '1', errors: '0' });
    const cases = elementsNamed(root, 'testcase');
    expect(cases.map((testCase) => testCase.attributes['name'])).toEqual([
      'podNetworkReadyP99Ms ≤ 20000',
      'vSwitchFreeAddressesMin ≥ 10',
      'invariants',
    ]);
    const [failure] = elementsNamed(root, 'failure');
    expect(failure?.attributes['message']).toBe(
      'breached: vSwitchFreeAddressesMin ≥ 10: mean 8.5, 95% CI [7, 10] ' +
        '(17/20 seeds met it, 19 needed (not met in seeds 4, 9, 13))',
    );
    expect(failure?.text).toContain('seed 4 0');
    expect(elementsNamed(cases[0]!, 'system-out')[0]?.text).toContain('met: podNetworkReadyP99Ms');
  });

  it('invariant: the report is well-formed XML and keeps every printable character of any file name', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (file) => {
        const root = parseXml(renderVerdictJunit(verdictFor(file, [met, breached])));
        const scenario = elementsNamed(root, 'property').find(
          (property) => property.attributes['name'] === 'scenario',
        );
        const value = scenario?.attributes['value'] ?? '';
        expect(value).not.toMatch(CONTROL);
        // Printable characters pass unchanged (XML-escaped on the way, unescaped by the parser).
        if (!ESCAPED.test(file)) {
          expect(value).toBe(file);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('an invariant violation is an error test case naming the seed and the replay', () => {
    const verdict = violationVerdict({
      enisimVersion: '0.1.0',
      scenario: { name: 'gate', file: 'g.yaml' },
      seeds: [1, 2],
      violation: {
        seed: 2,
        atS: 61.5,
        violations: [{ checker: 'poolBounds', message: 'node-0: 7 idle <addresses> & more' }],
        replay: 'enisim run g.yaml --seed 2 --check-invariants',
      },
    });
    expect(validateVerdict(verdict)).toBe(true);
    const root = parseXml(renderVerdictJunit(verdict));
    expect(root.attributes).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    const [error] = elementsNamed(root, 'error');
    expect(error?.attributes['message']).toBe('invariant violated in seed 2 at 61.5 s');
    expect(error?.text).toContain('poolBounds: node-0: 7 idle <addresses> & more');
    expect(error?.text).toContain('replay: enisim run g.yaml --seed 2 --check-invariants');
  });
});

describe('verdict: GitHub workflow commands', () => {
  it('one ::error annotation per breached SLO, with the figure', () => {
    const text = renderVerdictGithub(verdictFor('scenarios/gate.yaml', [met, breached]));
    const annotations = text.split('\n').filter((line) => line.startsWith('::'));
    expect(annotations).toEqual([
      // GitHub's toolkit encodes % in a message as %25; the annotation shows "95% CI".
      '::error file=scenarios/gate.yaml,title=SLO breached%3A vSwitchFreeAddressesMin (gate)::' +
        'vSwitchFreeAddressesMin ≥ 10: mean 8.5, 95%25 CI [7, 10] ' +
        '(17/20 seeds met it, 19 needed (not met in seeds 4, 9, 13))',
    ]);
  });

  it('invariant: no file name can end a command, start another or add a property', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (file) => {
        const text = renderVerdictGithub(verdictFor(file, [breached]));
        const commands = text.split('\n').filter((line) => line.startsWith('::'));
        expect(commands).toHaveLength(1);
        const properties = /^::error (.*?)::/.exec(commands[0]!)?.[1] ?? '';
        expect(properties.split(',').map((part) => part.split('=')[0])).toEqual(['file', 'title']);
        expect(text).not.toMatch(CONTROL);
      }),
      { numRuns: 500 },
    );
  });
});

describe('verdict: Markdown and text', () => {
  it('a table row per SLO; a name cannot add a column or a line', () => {
    const markdown = renderVerdictMarkdown(verdictFor('a|b\n| x |.yaml', [met, breached]));
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `'));
    expect(rows).toHaveLength(2);
    expect(rows[1]).toContain('| **breached** |');
    expect(markdown).toContain('a\\|b');
  });

  it('the text report never echoes a control character', () => {
    const text = renderVerdictText(verdictFor('\u001b[31mred\u001b[0m.yaml', [met, breached]));
    expect(text).toContain('BREACHED vSwitchFreeAddressesMin ≥ 10');
    const verdict = violationVerdict({
      enisimVersion: '0.1.0',
      scenario: { name: 'gate', file: 'g.yaml' },
      seeds: [1],
      violation: {
        seed: 1,
        atS: 1,
        violations: [{ checker: 'x', message: 'pod \u001b]0;title\u0007 broke' }],
        replay: 'enisim run g.yaml --seed 1 --check-invariants',
      },
    });
    const violated = renderVerdictText(verdict);
    expect(violated).toContain('pod \\x1b]0;title\\x07 broke');
    expect(violated).not.toMatch(CONTROL);
  });
});
