/**
 * IPv4 and IPv6 CIDR blocks for vSwitches: parsing, the host-bits check, overlap, and the
 * number of addresses a vSwitch can hand out.
 *
 * Alibaba Cloud reserves the first and the last three IPv4 addresses of every vSwitch (so a /24
 * offers 252) and the first and last nine IPv6 addresses of its /64 (catalog-notes §5). A vSwitch
 * IPv4 mask is /16 to /29; an IPv6 vSwitch block is always a /64. The addresses and those figures
 * are the models' (`models/ipAddress.ts`, `models/vSwitchAddresses.ts`); blocks print in canonical
 * form (`2408:4005:39c:100::/64`).
 */
import { formatIp, parseIp } from '../../models/ipAddress.js';
import {
  VSWITCH_IPV4_PREFIX_MAX,
  VSWITCH_IPV4_PREFIX_MIN,
  VSWITCH_IPV6_PREFIX,
  vSwitchUsableIpv4 as usableIpv4,
  vSwitchUsableIpv6 as usableIpv6,
} from '../../models/vSwitchAddresses.js';

export { VSWITCH_IPV4_PREFIX_MAX, VSWITCH_IPV4_PREFIX_MIN, VSWITCH_IPV6_PREFIX };

/** A parsed CIDR block: its family, network address as a number, and prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address (host bits zero). */
  readonly network: bigint;
  readonly prefixLength: number;
  /** The block as written, normalised to its network address ("172.16.0.0/24", "2408::/64"). */
  readonly text: string;
}

/** The outcome of parsing a CIDR, with a corrected form when only the host bits were wrong. */
export type CidrParse =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly reason: string; readonly suggestion?: string };

/** Parses "a.b.c.d/p" (family 4) or an IPv6 "addr/p" (family 6). */
export function parseCidr(text: string, family: 4 | 6): CidrParse {
  const slash = text.indexOf('/');
  if (slash < 0) return { ok: false, reason: `"${text}" has no "/prefix"` };
  const address = text.slice(0, slash);
  const prefixText = text.slice(slash + 1);
  const bits = family === 4 ? 32 : 128;
  if (!/^\d{1,3}$/u.test(prefixText) || Number(prefixText) > bits) {
    return { ok: false, reason: `prefix length "${prefixText}" is not 0–${bits}` };
  }
  const prefixLength = Number(prefixText);
  const parsed = parseIp(address);
  // A zone index ("%eth0") or an embedded IPv4 tail has no place in a vSwitch block.
  const value =
    parsed?.family === family && !(family === 6 && address.includes('.'))
      ? parsed.value
      : undefined;
  if (value === undefined) {
    return { ok: false, reason: `"${address}" is not an IPv${family} address` };
  }
  const hostBits = BigInt(bits - prefixLength);
  const network = (value >> hostBits) << hostBits;
  const normalised = `${formatIp({ family, value: network })}/${prefixLength}`;
  if (network !== value) {
    return {
      ok: false,
      reason: `"${text}" has host bits set (the block starts at ${normalised})`,
      suggestion: normalised,
    };
  }
  return { ok: true, cidr: { family, network, prefixLength, text: normalised } };
}

/** Whether two blocks of the same family share any address. */
export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (a.family !== b.family) return false;
  const bits = BigInt(a.family === 4 ? 32 : 128);
  const shorter = BigInt(Math.min(a.prefixLength, b.prefixLength));
  const shift = bits - shorter;
  return a.network >> shift === b.network >> shift;
}

/** The addresses a vSwitch's IPv4 block can hand out: 2^(32−p) − 4. */
export function vSwitchUsableIpv4(cidr: Cidr): number {
  return usableIpv4(cidr.prefixLength);
}

/** The addresses a vSwitch's IPv6 block can hand out: 2^(128−p) − 10 (2^64 − 10 for a /64). */
export function vSwitchUsableIpv6(cidr: Cidr): bigint {
  return usableIpv6(cidr.prefixLength);
}
