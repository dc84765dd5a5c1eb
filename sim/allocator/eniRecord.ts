/**
 * An ENI as the allocator tracks it: what the cloud said about it, the allocator's own state for
 * it, and its addresses per family.
 */
import type { NetworkInterface } from '../contracts/cloudApi.js';
import { AddressSet } from './addressSet.js';

/** What the ENI is for. */
export type EniKind =
  /** A secondary ENI serving shared addresses. */
  | 'secondary'
  /** The trunk ENI: serves shared addresses and carries member ENIs; never released. */
  | 'trunk'
  /** One pod's own ENI on an exclusive-ENI node. */
  | 'exclusive'
  /** One pod's member ENI riding on the trunk. */
  | 'member';

/**
 * The allocator's state for an ENI: `Attaching` (created, attach submitted), `InUse` (serving),
 * `Detaching` and `Deleting` (being disposed of; Deleting is Terway's mark for "detach, wait
 * Available, delete").
 */
export type EniState = 'Attaching' | 'InUse' | 'Detaching' | 'Deleting';

/** One ENI the allocator manages. */
export interface EniRecord {
  readonly id: string;
  readonly kind: EniKind;
  status: EniState;
  readonly vSwitchId: string;
  readonly macAddress: string;
  /** The ENI's primary IPv4 address. */
  readonly primaryIpv4: string;
  /** For a member ENI: its trunk. */
  readonly trunkEniId: string | null;
  readonly ipv4: AddressSet;
  readonly ipv6: AddressSet;
}

/** A new record for an ENI the cloud described, with its addresses Valid and idle. */
export function newEniRecord(input: {
  readonly id: string;
  readonly kind: EniKind;
  readonly status: EniState;
  readonly vSwitchId: string;
  readonly macAddress: string;
  readonly primaryIpv4: string;
  readonly trunkEniId: string | null;
  readonly ipv4Addresses: readonly string[];
  readonly ipv6Addresses: readonly string[];
  readonly ipNames?: ReadonlyMap<string, string>;
}): EniRecord {
  const record: EniRecord = {
    id: input.id,
    kind: input.kind,
    status: input.status,
    vSwitchId: input.vSwitchId,
    macAddress: input.macAddress,
    primaryIpv4: input.primaryIpv4,
    trunkEniId: input.trunkEniId,
    ipv4: new AddressSet(),
    ipv6: new AddressSet(),
  };
  for (const address of input.ipv4Addresses) {
    record.ipv4.addValid(address, {
      family: 'ipv4',
      primary: address === input.primaryIpv4,
      ipName: input.ipNames?.get(address) ?? null,
    });
  }
  for (const address of input.ipv6Addresses) {
    record.ipv6.addValid(address, { family: 'ipv6', primary: false });
  }
  return record;
}

/**
 * A new record for an ENI as the cloud returned it (CreateNetworkInterface, or one found by
 * DescribeNetworkInterfaces), with every address it carries Valid and idle. `withIpv6: false`
 * leaves its IPv6 addresses out (a node that runs IPv4-only does not serve them).
 */
export function eniRecordOf(
  eni: NetworkInterface,
  options: { readonly kind: EniKind; readonly status: EniState; readonly withIpv6?: boolean },
): EniRecord {
  return newEniRecord({
    id: eni.networkInterfaceId,
    kind: options.kind,
    status: options.status,
    vSwitchId: eni.vSwitchId,
    macAddress: eni.macAddress,
    primaryIpv4: eni.primaryIpAddress,
    trunkEniId: null,
    ipv4Addresses: eni.privateIpAddresses,
    ipv6Addresses: options.withIpv6 === false ? [] : eni.ipv6Addresses,
  });
}
