/**
 * Invariant: a node never serves more ENIs than its instance type takes (EniQuantity, eth0
 * included) nor more member ENIs than EniTotalQuantity − EniQuantity, and no ENI holds more
 * addresses per family than the per-ENI quota (its primary included).
 */
import type { Checker, Violation } from './input.js';

/** ENIs per node and addresses per ENI stay within the instance's quotas. */
export const eniLimits: Checker = (input) => {
  const violations: Violation[] = [];
  for (const node of input.nodes) {
    let enis = 0;
    let members = 0;
    for (const eni of node.enis) {
      // Counted while the allocator serves from it. A Detaching ENI may already be off the
      // instance (the allocator learns so at its next poll), so it is not counted.
      if (eni.status === 'InUse') {
        if (eni.kind === 'member') members++;
        else enis++;
      }
      if (eni.ipv4.length > node.limits.ipv4PerEni) {
        violations.push({
          checker: 'eniLimits',
          message: `${node.nodeName}/${eni.id} holds ${eni.ipv4.length} IPv4 addresses, quota ${node.limits.ipv4PerEni}`,
        });
      }
      if (eni.ipv6.length > node.limits.ipv6PerEni) {
        violations.push({
          checker: 'eniLimits',
          message: `${node.nodeName}/${eni.id} holds ${eni.ipv6.length} IPv6 addresses, quota ${node.limits.ipv6PerEni}`,
        });
      }
    }
    // eth0 takes one ENI slot, except on a high-density node, whose quota counts pod ENIs only.
    const primary = node.limits.highDensity ? 0 : 1;
    if (enis + primary > node.limits.eniQuantity) {
      violations.push({
        checker: 'eniLimits',
        message: `${node.nodeName} serves ${enis} ENIs besides eth0; EniQuantity is ${node.limits.eniQuantity}`,
      });
    }
    if (members > node.limits.memberEniLimit) {
      violations.push({
        checker: 'eniLimits',
        message: `${node.nodeName} serves ${members} member ENIs; the limit is ${node.limits.memberEniLimit}`,
      });
    }
  }
  return violations;
};
