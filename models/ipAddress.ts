/**
 * IPv4 and IPv6 addresses and prefixes as the kernel holds them: a family and a number. One
 * implementation for every part that reads or prints an address: the node datapath, the
 * simulated vSwitches and the scenario loader.
 *
 * Parsing is strict (what `inet_pton` accepts), and formatting is canonical (RFC 5952 for IPv6:
 * lower case, no leading zeros, the longest run of two or more zero groups shortened to `::`), so
 * two implementations that print the same address print the same string.
 */

/** An address family, numbered as the kernel's `AF_INET`/`AF_INET6` are spoken of: 4 or 6. */
export type IpFamily = 4 | 6;

/** An address: its family and its value as an unsigned integer of 32 or 128 bits. */
export interface IpAddress {
  readonly family: IpFamily;
  readonly value: bigint;
}

/** A prefix as written: the address (host bits possibly set) and the prefix length. */
export interface IpPrefix {
  readonly address: IpAddress;
  readonly length: number;
}

/** The width of an address of `family`, in bits. */
export function addressBits(family: IpFamily): 32 | 128 {
  return family === 4 ? 32 : 128;
}

const IPV4_OCTET = /^(0|[1-9][0-9]{0,2})$/;
const IPV6_GROUP = /^[0-9a-fA-F]{1,4}$/;

function parseIpv4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!IPV4_OCTET.test(part)) return undefined;
    const octet = Number(part);
    if (octet > 255) return undefined;
    value = (value << 8n) | BigInt(octet);
  }
  return value;
}

function parseIpv6Groups(text: string, embeddedV4: boolean): number[] | undefined {
  if (text === '') return [];
  const groups: number[] = [];
  const parts = text.split(':');
  for (let i = 0; i < parts.length; i += 1) {
    const part = parts[i] ?? '';
    // An embedded IPv4 address may end the text (`::ffff:10.0.0.1`): it stands for two groups.
    if (embeddedV4 && i === parts.length - 1 && part.includes('.')) {
      const v4 = parseIpv4(part);
      if (v4 === undefined) return undefined;
      groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      continue;
    }
    if (!IPV6_GROUP.test(part)) return undefined;
    groups.push(Number.parseInt(part, 16));
  }
  return groups;
}

function parseIpv6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const compressed = halves.length === 2;
  const head = parseIpv6Groups(halves[0] ?? '', !compressed);
  const tail = compressed ? parseIpv6Groups(halves[1] ?? '', true) : [];
  if (head === undefined || tail === undefined) return undefined;
  const present = head.length + tail.length;
  if (compressed ? present > 7 : present !== 8) return undefined;
  const groups = [...head, ...new Array<number>(8 - present).fill(0), ...tail];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** Parses a plain address (no prefix length); undefined if it is not one. */
export function parseIp(text: string): IpAddress | undefined {
  if (text.includes(':')) {
    const value = parseIpv6(text);
    return value === undefined ? undefined : { family: 6, value };
  }
  const value = parseIpv4(text);
  return value === undefined ? undefined : { family: 4, value };
}

/** Parses `ADDRESS/LEN`; undefined if malformed or the length is out of range. */
export function parsePrefix(text: string): IpPrefix | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = parseIp(text.slice(0, slash));
  const lengthText = text.slice(slash + 1);
  if (address === undefined || !/^(0|[1-9][0-9]{0,2})$/.test(lengthText)) return undefined;
  const length = Number(lengthText);
  if (length > addressBits(address.family)) return undefined;
  return { address, length };
}

function formatIpv4(value: bigint): string {
  const octets: string[] = [];
  for (let shift = 24n; shift >= 0n; shift -= 8n) octets.push(String((value >> shift) & 0xffn));
  return octets.join('.');
}

function longestZeroRun(groups: readonly number[]): { start: number; length: number } {
  let best = { start: -1, length: 0 };
  let start = -1;
  for (let i = 0; i <= groups.length; i += 1) {
    if (i < groups.length && groups[i] === 0) {
      if (start < 0) start = i;
      continue;
    }
    if (start >= 0 && i - start > best.length) best = { start, length: i - start };
    start = -1;
  }
  return best;
}

function formatIpv6(value: bigint): string {
  // IPv4-mapped addresses keep their dotted tail, as RFC 5952 §5 recommends.
  if (value >> 32n === 0xffffn) return `::ffff:${formatIpv4(value & 0xffffffffn)}`;
  const groups: number[] = [];
  for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(Number((value >> shift) & 0xffffn));
  const run = longestZeroRun(groups);
  const hex = groups.map((group) => group.toString(16));
  if (run.length < 2) return hex.join(':');
  const head = hex.slice(0, run.start).join(':');
  const tail = hex.slice(run.start + run.length).join(':');
  return `${head}::${tail}`;
}

/** Formats an address canonically. */
export function formatIp(address: IpAddress): string {
  return address.family === 4 ? formatIpv4(address.value) : formatIpv6(address.value);
}

/** Formats a prefix canonically, as `ADDRESS/LEN`. */
export function formatPrefix(prefix: IpPrefix): string {
  return `${formatIp(prefix.address)}/${prefix.length}`;
}

function netmask(family: IpFamily, length: number): bigint {
  const bits = BigInt(addressBits(family));
  const all = (1n << bits) - 1n;
  return all ^ ((1n << (bits - BigInt(length))) - 1n);
}

/** The prefix with its host bits cleared (the network it names). */
export function maskPrefix(prefix: IpPrefix): IpPrefix {
  const { family, value } = prefix.address;
  return {
    address: { family, value: value & netmask(family, prefix.length) },
    length: prefix.length,
  };
}

/** True if the prefix has bits set beyond its length (`10.0.0.5/24`). */
export function hasHostBits(prefix: IpPrefix): boolean {
  return maskPrefix(prefix).address.value !== prefix.address.value;
}

/** True if `address` lies inside `prefix`. */
export function prefixContains(prefix: IpPrefix, address: IpAddress): boolean {
  if (prefix.address.family !== address.family) return false;
  const mask = netmask(address.family, prefix.length);
  return (prefix.address.value & mask) === (address.value & mask);
}

/** Orders addresses: IPv4 before IPv6, then numerically. */
export function compareIp(a: IpAddress, b: IpAddress): number {
  if (a.family !== b.family) return a.family - b.family;
  if (a.value === b.value) return 0;
  return a.value < b.value ? -1 : 1;
}

/** True for an IPv6 link-local unicast address (`fe80::/10`). */
export function isIpv6LinkLocal(address: IpAddress): boolean {
  return address.family === 6 && address.value >> 118n === 0x3fan;
}

/** True for the IPv6 loopback address `::1`. */
export function isIpv6Loopback(address: IpAddress): boolean {
  return address.family === 6 && address.value === 1n;
}
