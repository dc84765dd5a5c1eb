/**
 * The addresses a vSwitch can hand out (`catalog-notes.md` §5). Alibaba Cloud reserves the first
 * and the last three addresses of every IPv4 vSwitch block, so usable = 2^(32 − prefix) − 4
 * (/24 → 252, /19 → 8188, /29 → 4), and the VPC API accepts masks /16 to /29. An IPv6 vSwitch
 * block is a /64 whose first and last nine addresses are reserved: 2^64 − 10.
 *
 * One definition for the simulated cloud's accounting and the scenario loader's checks.
 */

/** The widest and the narrowest IPv4 vSwitch masks the VPC API accepts. */
export const VSWITCH_IPV4_PREFIX_MIN = 16;
export const VSWITCH_IPV4_PREFIX_MAX = 29;
/** The prefix length of every vSwitch IPv6 block. */
export const VSWITCH_IPV6_PREFIX = 64;
/** Reserved IPv4 addresses: the first one and the last three. */
export const VSWITCH_IPV4_RESERVED_HEAD = 1;
export const VSWITCH_IPV4_RESERVED_TAIL = 3;
/** Reserved IPv6 addresses: the first one and the last nine. */
export const VSWITCH_IPV6_RESERVED_HEAD = 1;
export const VSWITCH_IPV6_RESERVED_TAIL = 9;

function checkPrefix(prefixLength: number, bits: 32 | 128): void {
  if (!Number.isInteger(prefixLength) || prefixLength < 0 || prefixLength > bits) {
    throw new RangeError(`a prefix length must be 0 to ${bits}, got ${prefixLength}`);
  }
}

/** Usable IPv4 addresses of a vSwitch block with this prefix length: 2^(32 − prefix) − 4. */
export function vSwitchUsableIpv4(prefixLength: number): number {
  checkPrefix(prefixLength, 32);
  return 2 ** (32 - prefixLength) - VSWITCH_IPV4_RESERVED_HEAD - VSWITCH_IPV4_RESERVED_TAIL;
}

/** Usable IPv6 addresses of a vSwitch block with this prefix length: 2^(128 − prefix) − 10. */
export function vSwitchUsableIpv6(prefixLength: number): bigint {
  checkPrefix(prefixLength, 128);
  return (
    (1n << BigInt(128 - prefixLength)) -
    BigInt(VSWITCH_IPV6_RESERVED_HEAD + VSWITCH_IPV6_RESERVED_TAIL)
  );
}
