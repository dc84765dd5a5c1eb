/**
 * Invariant: every exclusive (or trunk-member) pod owns exactly one ENI of its own, and that ENI
 * serves nobody else; shared pods sit on shared ENIs (secondary or trunk).
 */
import type { Checker, Violation } from './input.js';

/** One ENI per ENI-owning pod, and no sharing of it. */
export const exclusiveEni: Checker = (input) => {
  const violations: Violation[] = [];
  const report = (message: string): void => {
    violations.push({ checker: 'exclusiveEni', message });
  };
  for (const node of input.nodes) {
    const owned = new Map<string, string[]>();
    for (const eni of node.enis) {
      if (eni.kind !== 'exclusive' && eni.kind !== 'member') continue;
      const holders = new Set<string>();
      for (const address of [...eni.ipv4, ...eni.ipv6]) {
        if (address.podKey !== null) holders.add(address.podKey);
      }
      if (holders.size > 1) report(`${node.nodeName}/${eni.id} serves ${[...holders].join(', ')}`);
      for (const holder of holders) owned.set(holder, [...(owned.get(holder) ?? []), eni.id]);
    }
    for (const pod of node.pods) {
      const eni = node.enis.find((candidate) => candidate.id === pod.eniId);
      if (eni === undefined) {
        report(`pod ${pod.key} on ${node.nodeName} names ENI ${pod.eniId}, which the node lacks`);
        continue;
      }
      if (pod.kind === 'shared') {
        if (eni.kind !== 'secondary' && eni.kind !== 'trunk') {
          report(`shared pod ${pod.key} sits on ${eni.kind} ENI ${eni.id}`);
        }
        continue;
      }
      const enis = owned.get(pod.key) ?? [];
      if (enis.length !== 1 || enis[0] !== pod.eniId) {
        report(
          `${pod.kind} pod ${pod.key} on ${node.nodeName} owns [${enis.join(', ')}], not just ${pod.eniId}`,
        );
      }
    }
  }
  return violations;
};
