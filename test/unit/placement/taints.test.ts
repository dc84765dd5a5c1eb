import { describe, expect, it } from 'vitest';
import {
  countIntolerablePreferNoSchedule,
  findUntoleratedTaint,
  toleratesTaint,
  type Taint,
  type Toleration,
} from '../../../models/taints.js';

const eniTaint: Taint = { key: 'dedicated', value: 'eni', effect: 'NoSchedule' };
const tol = (init: Partial<Toleration>): Toleration => ({
  key: '',
  operator: 'Equal',
  value: '',
  effect: '',
  ...init,
});

describe('tolerations', () => {
  it('Equal needs key and value; an empty effect matches every effect', () => {
    expect(toleratesTaint(tol({ key: 'dedicated', value: 'eni' }), eniTaint)).toBe(true);
    expect(toleratesTaint(tol({ key: 'dedicated', value: 'gpu' }), eniTaint)).toBe(false);
    expect(
      toleratesTaint(tol({ key: 'dedicated', value: 'eni', effect: 'NoExecute' }), eniTaint),
    ).toBe(false);
  });

  it('Exists with an empty key tolerates every taint', () => {
    expect(toleratesTaint(tol({ operator: 'Exists' }), eniTaint)).toBe(true);
    expect(toleratesTaint(tol({ key: 'other', operator: 'Exists' }), eniTaint)).toBe(false);
  });

  it('PreferNoSchedule taints never block; NoExecute ones do', () => {
    const soft: Taint = { key: 'soft', value: '', effect: 'PreferNoSchedule' };
    const hard: Taint = { key: 'hard', value: '', effect: 'NoExecute' };
    expect(findUntoleratedTaint([soft], [])).toBeNull();
    expect(findUntoleratedTaint([soft, hard], [])).toBe(hard);
  });

  it('counts PreferNoSchedule taints only against empty or PreferNoSchedule tolerations', () => {
    const soft: Taint = { key: 'soft', value: '', effect: 'PreferNoSchedule' };
    const other: Taint = { key: 'other', value: '', effect: 'PreferNoSchedule' };
    expect(countIntolerablePreferNoSchedule([soft, other, eniTaint], [])).toBe(2);
    const noScheduleOnly = tol({ key: 'soft', operator: 'Exists', effect: 'NoSchedule' });
    expect(countIntolerablePreferNoSchedule([soft, other], [noScheduleOnly])).toBe(2);
    expect(
      countIntolerablePreferNoSchedule([soft, other], [tol({ key: 'soft', operator: 'Exists' })]),
    ).toBe(1);
  });
});
