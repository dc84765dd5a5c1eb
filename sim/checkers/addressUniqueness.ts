/**
 * Invariant: no address is held by two pods. Every pod's addresses are held, on its own ENI, by
 * that pod; and no address appears twice, on one node or across nodes.
 */
import type { Checker, Violation } from './input.js';

/** No address held by two pods; every pod holds what it says it holds. */
export const addressUniqueness: Checker = (input) => {
  const violations: Violation[] = [];
  const report = (message: string): void => {
    violations.push({ checker: 'addressUniqueness', message });
  };
  const holder = new Map<string, string>();
  const where = new Map<string, string>();
  for (const node of input.nodes) {
    for (const eni of node.enis) {
      for (const address of [...eni.ipv4, ...eni.ipv6]) {
        const seen = where.get(address.address);
        if (seen !== undefined) {
          report(`address ${address.address} is on ${seen} and on ${node.nodeName}/${eni.id}`);
        }
        where.set(address.address, `${node.nodeName}/${eni.id}`);
        if (address.podKey === null) continue;
        const other = holder.get(address.address);
        if (other !== undefined && other !== address.podKey) {
          report(`address ${address.address} is held by ${other} and ${address.podKey}`);
        }
        holder.set(address.address, address.podKey);
      }
    }
  }
  const podOf = new Map<string, string>();
  for (const node of input.nodes) {
    for (const pod of node.pods) {
      for (const address of [pod.ipv4, pod.ipv6]) {
        if (address === null) continue;
        const other = podOf.get(address);
        if (other !== undefined && other !== pod.key) {
          report(`pods ${other} and ${pod.key} both have address ${address}`);
        }
        podOf.set(address, pod.key);
        const held = holder.get(address);
        if (held !== pod.key) {
          report(
            `pod ${pod.key} on ${node.nodeName} has ${address}, which is held by ${String(held)}`,
          );
        }
      }
    }
  }
  return violations;
};
