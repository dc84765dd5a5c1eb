/**
 * IPv4 and IPv6 CIDR blocks for vSwitches: parsing, the host-bits check, overlap, and the
 * number of addresses a vSwitch can hand out.
 *
 * Alibaba Cloud reserves the first and the last three IPv4 addresses of every vSwitch (so a /24
 * offers 252) and the first and last nine IPv6 addresses of its /64 (catalog-notes §5). A vSwitch
 * IPv4 mask is /16 to /29; an IPv6 vSwitch block is always a /64.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** A parsed CIDR block: its family, network address as a number, and prefix length. */
export interface Cidr {
  readonly family: 4 | 6;
  /** The network address (host bits zero). */
  readonly network: bigint;
  readonly prefixLength: number;
  /** The block as written, normalised to its network address ("172.16.0.0/24"). */
  readonly text: string;
}

/** The outcome of parsing a CIDR, with a corrected form when only the host bits were wrong. */
export type CidrParse =
  | { readonly ok: true; readonly cidr: Cidr }
  | { readonly ok: false; readonly reason: string; readonly suggestion?: string };

/** Reserved IPv4 addresses per vSwitch: the first and the last three. */
export const VSWITCH_RESERVED_IPV4 = 4;
/** Reserved IPv6 addresses per vSwitch: the first and the last nine. */
export const VSWITCH_RESERVED_IPV6 = 10;
/** The widest and narrowest IPv4 masks a vSwitch may have. */
export const VSWITCH_IPV4_PREFIX_MIN = 16;
export const VSWITCH_IPV4_PREFIX_MAX = 29;
/** The only IPv6 prefix length a vSwitch may have. */
export const VSWITCH_IPV6_PREFIX = 64;

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
  const value = family === 4 ? ipv4Value(address) : ipv6Value(address);
  if (value === undefined) {
    return { ok: false, reason: `"${address}" is not an IPv${family} address` };
  }
  const hostBits = BigInt(bits - prefixLength);
  const network = (value >> hostBits) << hostBits;
  const normalised = `${formatAddress(network, family)}/${prefixLength}`;
  if (network !== value) {
    return {
      ok: false,
      reason: `"${text}" has host bits set (the block starts at ${normalised})`,
      suggestion: normalised,
    };
  }
  return { ok: true, cidr: { family, network, prefixLength, text: normalised } };
}

function ipv4Value(address: string): bigint | undefined {
  if (!isIPv4(address)) return undefined;
  return address.split('.').reduce((sum, octet) => (sum << 8n) + BigInt(octet), 0n);
}

function ipv6Value(address: string): bigint | undefined {
  if (!isIPv6(address) || address.includes('.') || address.includes('%')) return undefined;
  const [head = '', tail] = address.split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === undefined || tail === '' ? [] : tail.split(':');
  const missing = 8 - headGroups.length - tailGroups.length;
  const groups =
    tail === undefined
      ? headGroups
      : [...headGroups, ...Array<string>(missing).fill('0'), ...tailGroups];
  if (groups.length !== 8) return undefined;
  return groups.reduce((sum, group) => (sum << 16n) + BigInt(`0x${group}`), 0n);
}

/** Formats a network address for messages (IPv6 without zero compression). */
function formatAddress(value: bigint, family: 4 | 6): string {
  if (family === 4) {
    return [24n, 16n, 8n, 0n].map((shift) => String((value >> shift) & 0xffn)).join('.');
  }
  const groups: string[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n)
    groups.push(((value >> shift) & 0xffffn).toString(16));
  return groups.join(':');
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
  return 2 ** (32 - cidr.prefixLength) - VSWITCH_RESERVED_IPV4;
}

/** The addresses a vSwitch's IPv6 block can hand out: 2^(128−p) − 10 (2^64 − 10 for a /64). */
export function vSwitchUsableIpv6(cidr: Cidr): bigint {
  return 2n ** BigInt(128 - cidr.prefixLength) - BigInt(VSWITCH_RESERVED_IPV6);
}
