/**
 * IPv6 addresses and CIDR blocks as bigints, for the simulated vSwitches' IPv6 ranges.
 *
 * A vSwitch's IPv6 block is a /64, whose 2^64 addresses a JavaScript number cannot count
 * exactly, so sizes are bigints. Addresses are formatted in the RFC 5952 canonical form (lower
 * case, leading zeros dropped, the longest run of two or more zero groups shortened to `::`), the
 * form the OpenAPI returns.
 */

/** A parsed IPv6 CIDR block. */
export interface Ipv6Cidr {
  /** The network address as an unsigned 128-bit bigint (host bits zero). */
  readonly network: bigint;
  /** The prefix length in bits, 0–128. */
  readonly prefixLength: number;
  /** The number of addresses in the block: 2^(128 − prefixLength). */
  readonly size: bigint;
}

const GROUP = /^[0-9a-fA-F]{1,4}$/;
const GROUPS = 8;

function parseGroups(text: string, where: string): number[] {
  if (text === '') return [];
  return text.split(':').map((group) => {
    if (!GROUP.test(group)) throw new RangeError(`${where}: "${group}" is not an IPv6 group`);
    return Number.parseInt(group, 16);
  });
}

/** Parses an IPv6 address (hex groups, at most one `::`); throws a RangeError naming `where`. */
export function parseIpv6(text: string, where: string): bigint {
  const halves = text.split('::');
  if (halves.length > 2) throw new RangeError(`${where}: "${text}" has more than one "::"`);
  const head = parseGroups(halves[0] ?? '', where);
  const tail = halves.length === 2 ? parseGroups(halves[1] ?? '', where) : [];
  const missing = GROUPS - head.length - tail.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) {
    throw new RangeError(`${where}: "${text}" does not have eight groups`);
  }
  const groups = [
    ...head,
    ...new Array<number>(halves.length === 2 ? missing : 0).fill(0),
    ...tail,
  ];
  let value = 0n;
  for (const group of groups) value = (value << 16n) | BigInt(group);
  return value;
}

/** Formats an unsigned 128-bit bigint in RFC 5952 canonical form. */
export function formatIpv6(value: bigint): string {
  if (value < 0n || value >= 1n << 128n) {
    throw new RangeError(`formatIpv6: ${value} is not an unsigned 128-bit integer`);
  }
  const groups: number[] = [];
  for (let index = GROUPS - 1; index >= 0; index--) {
    groups.push(Number((value >> BigInt(index * 16)) & 0xffffn));
  }
  // Find the longest run of zero groups (the first one on a tie), as RFC 5952 §4.2.3 says.
  let bestStart = -1;
  let bestLength = 0;
  for (let start = 0; start < GROUPS;) {
    if (groups[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < GROUPS && groups[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = groups.map((group) => group.toString(16));
  if (bestLength < 2) return hex.join(':');
  const head = hex.slice(0, bestStart).join(':');
  const tail = hex.slice(bestStart + bestLength).join(':');
  return `${head}::${tail}`;
}

/** Parses `addr/p` with zero host bits; throws a RangeError naming `where` otherwise. */
export function parseIpv6Cidr(text: string, where: string): Ipv6Cidr {
  const slash = text.indexOf('/');
  if (slash < 0) throw new RangeError(`${where}: "${text}" is not a CIDR block (no "/")`);
  const network = parseIpv6(text.slice(0, slash), where);
  const prefixText = text.slice(slash + 1);
  const prefixLength = /^[0-9]{1,3}$/.test(prefixText) ? Number(prefixText) : Number.NaN;
  if (!(prefixLength >= 0 && prefixLength <= 128)) {
    throw new RangeError(`${where}: "${text}" has an invalid prefix length "${prefixText}"`);
  }
  const size = 1n << BigInt(128 - prefixLength);
  if (network % size !== 0n) {
    throw new RangeError(`${where}: "${text}" has host bits set (network is not aligned)`);
  }
  return { network, prefixLength, size };
}
