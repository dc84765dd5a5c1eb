/**
 * ENI records built from the address maps of Terway's test fixtures (`Set` of `IP` in
 * `pkg/eni`, `Nic.IPv4`/`Nic.IPv6` of the Node CR): the one place the conformance tests make
 * enisim's `EniRecord`s.
 */
import { newEniRecord } from '../../../sim/allocator/eniRecord.js';
import type { EniKind, EniRecord, EniState } from '../../../sim/allocator/eniRecord.js';
import type { AddressSet } from '../../../sim/allocator/addressSet.js';

/** One address of a Terway fixture. */
export interface TerwayIp {
  readonly ip: string;
  /** `Primary: true` / `NewValidIP(ip, true)`: the ENI's primary address. */
  readonly primary?: boolean;
  /** `PodID`: the pod holding it ("" or absent: idle). */
  readonly podId?: string;
  /** `IPStatusValid` (default), `IPStatusDeleting`, `IPStatusInvalid`. */
  readonly status?: 'Valid' | 'Deleting' | 'Invalid';
}

/** An ENI record holding exactly the fixture's addresses, in their states. */
export function eniWithAddresses(input: {
  readonly id: string;
  readonly kind: EniKind;
  readonly status: EniState;
  readonly ipv4: readonly TerwayIp[];
  readonly ipv6: readonly TerwayIp[];
}): EniRecord {
  if (input.ipv6.some((ip) => ip.primary === true)) {
    throw new Error(`${input.id}: an IPv6 address cannot be the ENI's primary`);
  }
  const primaries = input.ipv4.filter((ip) => ip.primary === true);
  if (primaries.length > 1) throw new Error(`${input.id}: two primary addresses`);
  const eni = newEniRecord({
    id: input.id,
    kind: input.kind,
    status: input.status,
    vSwitchId: 'vsw-1',
    macAddress: '00:00:00:00:00:01',
    primaryIpv4: primaries[0]?.ip ?? '',
    trunkEniId: null,
    ipv4Addresses: input.ipv4.map((ip) => ip.ip),
    ipv6Addresses: input.ipv6.map((ip) => ip.ip),
  });
  applyStates(eni.ipv4, input.ipv4);
  applyStates(eni.ipv6, input.ipv6);
  return eni;
}

function applyStates(set: AddressSet, ips: readonly TerwayIp[]): void {
  for (const ip of ips) {
    const record = set.get(ip.ip);
    if (record === undefined) throw new Error(`address ${ip.ip} missing from its set`);
    if (ip.podId !== undefined && ip.podId !== '') set.allocate(record, ip.podId);
    if (ip.status === 'Invalid') set.markInvalid(record);
    if (ip.status === 'Deleting' && !set.markDeleting(record)) {
      throw new Error(`address ${ip.ip} cannot be Deleting (primary or held by a pod)`);
    }
  }
}
