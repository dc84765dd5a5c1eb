/**
 * Invariant: addresses are conserved per vSwitch. Every address the cloud has assigned to an
 * ENI, apart from the instances' own primary addresses, is accounted for by an allocator: held
 * by a pod, idle in a pool, Deleting (released, its Unassign not yet returned), the primary of an
 * ENI not serving a pod, or kept for an absent Fixed-IP pod. With the cloud's own identity this is
 *
 *   free + inUseAtStart + nodePrimary + pods + idle + deleting + other = usable.
 *
 * A vSwitch with an address-changing call in flight (sent, its answer not yet applied) is skipped
 * at that moment: the cloud has moved and the allocator cannot know yet.
 */
import type { Checker, Violation } from './input.js';

interface Split {
  pods: number;
  idle: number;
  deleting: number;
  other: number;
}

function total(split: Split): number {
  return split.pods + split.idle + split.deleting + split.other;
}

function describe(split: Split): string {
  return `pods ${split.pods} + idle ${split.idle} + deleting ${split.deleting} + other ${split.other}`;
}

/** Free + assigned (split by who holds them) = usable, per vSwitch and family. */
export const vSwitchConservation: Checker = (input) => {
  const violations: Violation[] = [];
  const inFlight = new Map<string, number>();
  const add = (record: Readonly<Record<string, number>>): void => {
    for (const [id, n] of Object.entries(record)) inFlight.set(id, (inFlight.get(id) ?? 0) + n);
  };
  for (const node of input.nodes) add(node.inFlightByVSwitch);
  add(input.controlPlane.inFlightByVSwitch);
  const v4 = new Map<string, Split>();
  const v6 = new Map<string, Split>();
  const splitOf = (map: Map<string, Split>, id: string): Split => {
    let split = map.get(id);
    if (split === undefined) {
      split = { pods: 0, idle: 0, deleting: 0, other: 0 };
      map.set(id, split);
    }
    return split;
  };
  for (const node of input.nodes) {
    for (const eni of node.enis) {
      for (const address of [...eni.ipv4, ...eni.ipv6]) {
        const split = splitOf(address.family === 'ipv4' ? v4 : v6, eni.vSwitchId);
        if (address.podKey !== null) split.pods++;
        else if (address.status === 'Deleting') split.deleting++;
        else if (address.status === 'Valid' && eni.status === 'InUse') split.idle++;
        else split.other++;
      }
    }
  }
  for (const kept of input.controlPlane.reserved) {
    splitOf(v4, kept.vSwitchId).other++;
    if (kept.ipv6 !== null) splitOf(v6, kept.vSwitchId).other++;
  }
  for (const accounting of input.vSwitches) {
    const id = accounting.vSwitchId;
    const { ipv4 } = accounting;
    if (ipv4.free + ipv4.inUseAtStart + ipv4.assignedToEnis !== ipv4.usable) {
      violations.push({
        checker: 'vSwitchConservation',
        message: `${id}: free ${ipv4.free} + at start ${ipv4.inUseAtStart} + assigned ${ipv4.assignedToEnis} ≠ usable ${ipv4.usable}`,
      });
    }
    if ((inFlight.get(id) ?? 0) > 0) continue;
    const known4 = splitOf(v4, id);
    const managed4 = ipv4.assignedToEnis - ipv4.nodePrimary;
    if (total(known4) !== managed4) {
      violations.push({
        checker: 'vSwitchConservation',
        message: `${id} IPv4: the cloud has ${managed4} addresses on pod ENIs (free ${ipv4.free}, usable ${ipv4.usable}); the allocators account for ${total(known4)} = ${describe(known4)}`,
      });
    }
    const { ipv6 } = accounting;
    if (ipv6 === null) continue;
    const known6 = splitOf(v6, id);
    if (total(known6) !== ipv6.assignedToEnis) {
      violations.push({
        checker: 'vSwitchConservation',
        message: `${id} IPv6: the cloud has ${ipv6.assignedToEnis} addresses on ENIs; the allocators account for ${total(known6)} = ${describe(known6)}`,
      });
    }
  }
  return violations;
};
