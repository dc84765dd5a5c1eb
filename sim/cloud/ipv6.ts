/**
 * IPv6 addresses and CIDR blocks as bigints, for the simulated vSwitches' IPv6 ranges.
 *
 * A vSwitch's IPv6 block is a /64, whose 2^64 addresses a JavaScript number cannot count
 * exactly, so sizes are bigints. Parsing and the RFC 5952 canonical form (the form the OpenAPI
 * returns) are the models' (`models/ipAddress.ts`); this file adds the errors that name where a
 * bad address came from.
 */
import { formatIp, hasHostBits, parseIp, parsePrefix } from '../../models/ipAddress.js';

/** A parsed IPv6 CIDR block. */
export interface Ipv6Cidr {
  /** The network address as an unsigned 128-bit bigint (host bits zero). */
  readonly network: bigint;
  /** The prefix length in bits, 0–128. */
  readonly prefixLength: number;
  /** The number of addresses in the block: 2^(128 − prefixLength). */
  readonly size: bigint;
}

/** Parses an IPv6 address; throws a RangeError naming `where` if it is not one. */
export function parseIpv6(text: string, where: string): bigint {
  const address = parseIp(text);
  if (address?.family !== 6) throw new RangeError(`${where}: "${text}" is not an IPv6 address`);
  return address.value;
}

/** Formats an unsigned 128-bit bigint in RFC 5952 canonical form. */
export function formatIpv6(value: bigint): string {
  if (value < 0n || value >= 1n << 128n) {
    throw new RangeError(`formatIpv6: ${value} is not an unsigned 128-bit integer`);
  }
  return formatIp({ family: 6, value });
}

/** Parses `addr/p` with zero host bits; throws a RangeError naming `where` otherwise. */
export function parseIpv6Cidr(text: string, where: string): Ipv6Cidr {
  const slash = text.indexOf('/');
  if (slash < 0) throw new RangeError(`${where}: "${text}" is not a CIDR block (no "/")`);
  const network = parseIpv6(text.slice(0, slash), where);
  const prefix = parsePrefix(text);
  if (prefix === undefined) {
    const prefixText = text.slice(slash + 1);
    throw new RangeError(`${where}: "${text}" has an invalid prefix length "${prefixText}"`);
  }
  if (hasHostBits(prefix)) {
    throw new RangeError(`${where}: "${text}" has host bits set (network is not aligned)`);
  }
  return { network, prefixLength: prefix.length, size: 1n << BigInt(128 - prefix.length) };
}
