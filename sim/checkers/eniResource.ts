/**
 * Invariant: the extended resources are never over-committed: pods bound to their own ENI on a
 * node number at most its `aliyun/eni` allocatable (exclusive nodes), and trunk-member pods at
 * most its `aliyun/member-eni` allocatable.
 */
import type { Checker, Violation } from './input.js';

/** `aliyun/eni` and `aliyun/member-eni` in use ≤ allocatable. */
export const eniResource: Checker = (input) => {
  const violations: Violation[] = [];
  for (const node of input.nodes) {
    const { aliyunEni, memberEni } = node.resources;
    if (node.mode === 'exclusive' && aliyunEni.inUse > aliyunEni.allocatable) {
      violations.push({
        checker: 'eniResource',
        message: `${node.nodeName}: aliyun/eni in use ${aliyunEni.inUse} > allocatable ${aliyunEni.allocatable}`,
      });
    }
    if (memberEni.inUse > memberEni.allocatable) {
      violations.push({
        checker: 'eniResource',
        message: `${node.nodeName}: aliyun/member-eni in use ${memberEni.inUse} > allocatable ${memberEni.allocatable}`,
      });
    }
  }
  return violations;
};
