/**
 * The simulated cloud's own invariants, checked from the outside: from what
 * DescribeNetworkInterfaces shows and what each vSwitch's accounting says, never from the cloud's
 * private state, so a bug in the bookkeeping cannot hide itself (TigerBeetle's state checker
 * stands apart in the same way).
 *
 * - No address is on two ENIs.
 * - Conservation per vSwitch: free + in use at start + assigned to ENIs = usable, and the
 *   assigned counts equal the addresses the ENIs actually show, split by use.
 * - Per machine: attached ENIs ≤ EniQuantity (primary included), member ENIs ≤
 *   EniTotalQuantity − EniQuantity, and addresses per ENI within the per-ENI quota.
 */
import type { NetworkInterface } from '../contracts/cloudApi.js';
import type { InstanceView } from './instance.js';
import { parseIpv4 } from './ipv4.js';
import type { VSwitchAccounting } from './vSwitch.js';

/** What the checks read. `SimCloud` provides all three. */
export interface CloudStateView {
  networkInterfaces(): readonly NetworkInterface[];
  vSwitchAccounting(): readonly VSwitchAccounting[];
  instances(): readonly InstanceView[];
}

interface Tally {
  nodePrimary: number;
  eniPrimary: number;
  eniSecondary: number;
  ipv6: number;
}

/** Every violated invariant, as one message each; empty when the state is consistent. */
export function cloudInvariantViolations(view: CloudStateView): readonly string[] {
  const violations: string[] = [];
  const enis = view.networkInterfaces();
  const instances = new Map(view.instances().map((instance) => [instance.instanceId, instance]));
  const owners = new Map<string, string>();
  const tallies = new Map<string, Tally>();
  const accounting = new Map(view.vSwitchAccounting().map((entry) => [entry.vSwitchId, entry]));

  for (const eni of enis) {
    const addresses = [...eni.privateIpAddresses, ...eni.ipv6Addresses];
    for (const address of addresses) {
      const owner = owners.get(address);
      if (owner !== undefined)
        violations.push(`${address} is on both ${owner} and ${eni.networkInterfaceId}`);
      owners.set(address, eni.networkInterfaceId);
    }
    if (eni.privateIpAddresses[0] !== eni.primaryIpAddress) {
      violations.push(`${eni.networkInterfaceId} does not list its primary address first`);
    }
    const vSwitch = accounting.get(eni.vSwitchId);
    if (vSwitch === undefined) {
      violations.push(`${eni.networkInterfaceId} is on an unknown vSwitch ${eni.vSwitchId}`);
      continue;
    }
    checkInBlock(eni, vSwitch, violations);
    const tally = tallies.get(eni.vSwitchId) ?? {
      nodePrimary: 0,
      eniPrimary: 0,
      eniSecondary: 0,
      ipv6: 0,
    };
    if (eni.type === 'Primary') tally.nodePrimary++;
    else tally.eniPrimary++;
    tally.eniSecondary += eni.privateIpAddresses.length - 1;
    tally.ipv6 += eni.ipv6Addresses.length;
    tallies.set(eni.vSwitchId, tally);
  }

  for (const entry of accounting.values()) {
    checkConservation(entry, tallies.get(entry.vSwitchId), violations);
  }
  checkInstanceLimits(enis, instances, violations);
  return violations;
}

function checkInBlock(
  eni: NetworkInterface,
  vSwitch: VSwitchAccounting,
  violations: string[],
): void {
  const [network, prefix] = vSwitch.cidrBlock.split('/');
  const size = 2 ** (32 - Number(prefix));
  const start = parseIpv4(network ?? '', vSwitch.vSwitchId);
  for (const address of eni.privateIpAddresses) {
    const offset = parseIpv4(address, eni.networkInterfaceId) - start;
    // The first address and the last three are reserved and never handed out.
    if (offset < 1 || offset > size - 4) {
      violations.push(
        `${address} on ${eni.networkInterfaceId} is not usable in ${vSwitch.cidrBlock}`,
      );
    }
  }
}

function checkConservation(
  entry: VSwitchAccounting,
  tally: Tally | undefined,
  violations: string[],
): void {
  const counted = tally ?? { nodePrimary: 0, eniPrimary: 0, eniSecondary: 0, ipv6: 0 };
  const v4 = entry.ipv4;
  const where = `vSwitch ${entry.vSwitchId}`;
  if (v4.free + v4.inUseAtStart + v4.assignedToEnis !== v4.usable) {
    violations.push(
      `${where}: free ${v4.free} + in use at start ${v4.inUseAtStart} ` +
        `+ assigned ${v4.assignedToEnis} ≠ usable ${v4.usable}`,
    );
  }
  if (v4.nodePrimary + v4.eniPrimary + v4.eniSecondary !== v4.assignedToEnis) {
    violations.push(`${where}: the assigned addresses do not add up by use`);
  }
  for (const use of ['nodePrimary', 'eniPrimary', 'eniSecondary'] as const) {
    if (v4[use] !== counted[use]) {
      violations.push(`${where}: accounting says ${v4[use]} ${use}, the ENIs show ${counted[use]}`);
    }
  }
  const v6 = entry.ipv6;
  if (v6 === null) {
    if (counted.ipv6 > 0)
      violations.push(`${where}: ENIs show IPv6 addresses without an IPv6 block`);
    return;
  }
  if (v6.free + BigInt(v6.inUseAtStart + v6.assignedToEnis) !== v6.usable) {
    violations.push(`${where}: IPv6 free + in use + assigned ≠ usable ${v6.usable}`);
  }
  if (v6.assignedToEnis !== counted.ipv6) {
    violations.push(
      `${where}: accounting says ${v6.assignedToEnis} IPv6, the ENIs show ${counted.ipv6}`,
    );
  }
}

function checkInstanceLimits(
  enis: readonly NetworkInterface[],
  instances: ReadonlyMap<string, InstanceView>,
  violations: string[],
): void {
  const slots = new Map<string, number>();
  const members = new Map<string, number>();
  for (const eni of enis) {
    if (eni.instanceId === null) continue;
    const instance = instances.get(eni.instanceId);
    if (instance === undefined) {
      violations.push(`${eni.networkInterfaceId} is on a missing instance ${eni.instanceId}`);
      continue;
    }
    const counter = eni.type === 'Member' ? members : slots;
    counter.set(eni.instanceId, (counter.get(eni.instanceId) ?? 0) + 1);
    // ECS counts the primary address in the per-ENI quota; EFLO's LeniSipQuota counts secondaries.
    const ipv4 = eni.networkInterfaceId.startsWith('leni-')
      ? eni.privateIpAddresses.length - 1
      : eni.privateIpAddresses.length;
    if (eni.type !== 'Primary' && ipv4 > instance.ipv4PerEni) {
      violations.push(
        `${eni.networkInterfaceId} holds ${ipv4} IPv4 addresses, over ${instance.ipv4PerEni}`,
      );
    }
    if (eni.ipv6Addresses.length > instance.ipv6PerEni) {
      violations.push(
        `${eni.networkInterfaceId} holds ${eni.ipv6Addresses.length} ` +
          `IPv6, over ${instance.ipv6PerEni}`,
      );
    }
  }
  for (const instance of instances.values()) {
    const attached = slots.get(instance.instanceId) ?? 0;
    if (attached > instance.eniQuantity) {
      violations.push(
        `${instance.instanceId} has ${attached} ENIs attached, over ${instance.eniQuantity}`,
      );
    }
    const memberCount = members.get(instance.instanceId) ?? 0;
    if (memberCount > instance.memberEniQuantity) {
      violations.push(
        `${instance.instanceId} has ${memberCount} member ENIs, over ${instance.memberEniQuantity}`,
      );
    }
  }
}
