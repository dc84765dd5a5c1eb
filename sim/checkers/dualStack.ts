/**
 * Invariant: a pod gets both families or neither. On a dual-stack node every pod holds an IPv4
 * and an IPv6 address; on an IPv4 node, an IPv4 address and no IPv6.
 */
import type { Checker, Violation } from './input.js';

/** Every pod has exactly the families its node runs. */
export const dualStack: Checker = (input) => {
  const violations: Violation[] = [];
  for (const node of input.nodes) {
    for (const pod of node.pods) {
      const wantV6 = node.dualStack;
      if (pod.ipv4 === null || (pod.ipv6 === null) === wantV6) {
        violations.push({
          checker: 'dualStack',
          message: `pod ${pod.key} on ${node.nodeName} (${wantV6 ? 'dual-stack' : 'IPv4'}) has IPv4 ${String(pod.ipv4)} and IPv6 ${String(pod.ipv6)}`,
        });
      }
    }
  }
  return violations;
};
