import { describe, expect, it } from 'vitest';
import {
  labelSelectorProblems,
  matchesLabelSelector,
  matchesRequirement,
  requirementProblems,
  type Requirement,
} from '../../../models/labels.js';

const labels = { app: 'web', tier: 'front', cores: '16' };
const req = (key: string, operator: Requirement['operator'], values: string[] = []) => ({
  key,
  operator,
  values,
});

describe('label requirements', () => {
  it('In needs the key and one of the values', () => {
    expect(matchesRequirement(labels, req('app', 'In', ['web', 'api']))).toBe(true);
    expect(matchesRequirement(labels, req('app', 'In', ['api']))).toBe(false);
    expect(matchesRequirement(labels, req('missing', 'In', ['web']))).toBe(false);
  });

  it('NotIn and DoesNotExist hold when the key is absent', () => {
    expect(matchesRequirement(labels, req('missing', 'NotIn', ['x']))).toBe(true);
    expect(matchesRequirement(labels, req('app', 'NotIn', ['web']))).toBe(false);
    expect(matchesRequirement(labels, req('missing', 'DoesNotExist'))).toBe(true);
    expect(matchesRequirement(labels, req('app', 'DoesNotExist'))).toBe(false);
    expect(matchesRequirement(labels, req('app', 'Exists'))).toBe(true);
  });

  it('Gt and Lt compare as 64-bit integers and fail on non-numbers', () => {
    expect(matchesRequirement(labels, req('cores', 'Gt', ['8']))).toBe(true);
    expect(matchesRequirement(labels, req('cores', 'Gt', ['16']))).toBe(false);
    expect(matchesRequirement(labels, req('cores', 'Lt', ['32']))).toBe(true);
    expect(matchesRequirement(labels, req('app', 'Gt', ['1']))).toBe(false);
    expect(matchesRequirement(labels, req('missing', 'Lt', ['1']))).toBe(false);
    expect(matchesRequirement({ n: '9223372036854775807' }, req('n', 'Gt', ['-1']))).toBe(true);
    expect(matchesRequirement({ n: '9223372036854775808' }, req('n', 'Gt', ['-1']))).toBe(false);
  });

  it('never reads inherited properties as labels', () => {
    expect(matchesRequirement({}, req('constructor', 'Exists'))).toBe(false);
  });
});

describe('label selectors', () => {
  it('an empty selector matches everything', () => {
    expect(matchesLabelSelector({ matchLabels: {}, matchExpressions: [] }, {})).toBe(true);
  });

  it('ANDs matchLabels and matchExpressions', () => {
    const selector = {
      matchLabels: { app: 'web' },
      matchExpressions: [req('tier', 'In', ['front'])],
    };
    expect(matchesLabelSelector(selector, labels)).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'web', tier: 'back' })).toBe(false);
    expect(matchesLabelSelector(selector, { tier: 'front' })).toBe(false);
  });

  it('reports Gt in a label selector and empty In values', () => {
    const selector = {
      matchLabels: {},
      matchExpressions: [req('a', 'Gt', ['1']), req('b', 'In'), req('c', 'Exists', ['x'])],
    };
    expect(labelSelectorProblems(selector, 'pn')).toEqual([
      'pn.matchExpressions[0].operator: Gt is not valid in a label selector',
      'pn.matchExpressions[1].values: must be non-empty for In',
      'pn.matchExpressions[2].values: must be empty for Exists',
    ]);
    expect(requirementProblems(req('a', 'Lt', ['x']), 'n', true)).toEqual([
      'n.values: Lt needs exactly one integer value',
    ]);
  });
});
