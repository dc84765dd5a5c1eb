/**
 * IPv4 addresses and CIDR blocks as plain integers, for the simulated vSwitches.
 *
 * An address is an unsigned 32-bit integer held in a JavaScript number (exact below 2^53), so
 * offsets inside a block are ordinary arithmetic and the dotted form is only produced at the API
 * boundary. Parsing is the models' (`models/ipAddress.ts`); this file adds the number form and
 * the errors that name where a bad address came from.
 */
import { hasHostBits, parseIp, parsePrefix } from '../../models/ipAddress.js';

/** A parsed IPv4 CIDR block: its network address and prefix length. */
export interface Ipv4Cidr {
  /** The network address as an unsigned 32-bit integer (host bits zero). */
  readonly network: number;
  /** The prefix length in bits, 0–32. */
  readonly prefixLength: number;
  /** The number of addresses in the block: 2^(32 − prefixLength). */
  readonly size: number;
}

/** Parses a dotted-quad address; throws a RangeError naming `where` if it is not one. */
export function parseIpv4(text: string, where: string): number {
  const address = parseIp(text);
  if (address?.family !== 4) throw new RangeError(`${where}: "${text}" is not an IPv4 address`);
  return Number(address.value);
}

/** Formats an unsigned 32-bit integer as a dotted quad. */
export function formatIpv4(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new RangeError(`formatIpv4: ${value} is not an unsigned 32-bit integer`);
  }
  return [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255].join('.');
}

/**
 * Parses `a.b.c.d/p`. The host bits must be zero, as the VPC API requires of a vSwitch CIDR;
 * throws a RangeError naming `where` otherwise.
 */
export function parseIpv4Cidr(text: string, where: string): Ipv4Cidr {
  const slash = text.indexOf('/');
  if (slash < 0) throw new RangeError(`${where}: "${text}" is not a CIDR block (no "/")`);
  const network = parseIpv4(text.slice(0, slash), where);
  const prefix = parsePrefix(text);
  if (prefix === undefined) {
    const prefixText = text.slice(slash + 1);
    throw new RangeError(`${where}: "${text}" has an invalid prefix length "${prefixText}"`);
  }
  if (hasHostBits(prefix)) {
    throw new RangeError(`${where}: "${text}" has host bits set (network is not aligned)`);
  }
  return { network, prefixLength: prefix.length, size: 2 ** (32 - prefix.length) };
}
