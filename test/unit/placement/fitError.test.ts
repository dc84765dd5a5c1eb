import { describe, expect, it } from 'vitest';
import { fitErrorMessage, reasonHistogram } from '../../../sim/placement/fitError.js';
import { unresolvable, unschedulable } from '../../../sim/placement/framework.js';

describe('the unschedulable message', () => {
  it('counts reasons and sorts "count reason" as strings, so 12 comes before 8', () => {
    const statuses = [
      ...Array.from({ length: 8 }, () =>
        unresolvable('TaintToleration', ['node(s) had untolerated taint(s)']),
      ),
      ...Array.from({ length: 12 }, () =>
        unschedulable('NodeResourcesFit', ['Insufficient aliyun/eni']),
      ),
    ];
    const histogram = reasonHistogram(statuses);
    expect(fitErrorMessage(20, histogram)).toBe(
      '0/20 nodes are available: 12 Insufficient aliyun/eni, 8 node(s) had untolerated taint(s).',
    );
  });

  it('counts every reason of a node that fails several resources', () => {
    const statuses = [
      unschedulable('NodeResourcesFit', ['Insufficient cpu', 'Insufficient memory']),
      unschedulable('NodeResourcesFit', ['Insufficient cpu']),
      unschedulable('NodeResourcesFit', ['Too many pods']),
    ];
    expect(fitErrorMessage(3, reasonHistogram(statuses))).toBe(
      '0/3 nodes are available: 1 Insufficient memory, 1 Too many pods, 2 Insufficient cpu.',
    );
  });
});
