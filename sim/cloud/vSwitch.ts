/**
 * A simulated vSwitch: its IPv4 block (and optional IPv6 block) with real address accounting.
 *
 * Alibaba Cloud reserves the first and the last three addresses of every IPv4 vSwitch block
 * (usable = 2^(32 − prefix) − 4; /24 → 252, /29 → 4; masks /16 to /29) and the first and the
 * last nine of its IPv6 block (a /64). Every address the simulation hands out (a node's primary
 * ENI address, each ENI's primary address, each secondary address) comes out of this space, so
 * a vSwitch runs dry exactly when a real one would.
 *
 * Addresses are handed out lowest-free-first. That is deterministic without drawing random
 * numbers, and it keeps a run's addresses readable (10.0.0.1, 10.0.0.2, …). ECS itself picks
 * addresses in no documented order; nothing in Terway depends on which address it gets.
 */
import {
  VSWITCH_IPV4_PREFIX_MAX,
  VSWITCH_IPV4_PREFIX_MIN,
  VSWITCH_IPV4_RESERVED_HEAD,
  VSWITCH_IPV4_RESERVED_TAIL,
  VSWITCH_IPV6_PREFIX,
  VSWITCH_IPV6_RESERVED_HEAD,
  vSwitchUsableIpv4,
  vSwitchUsableIpv6,
} from '../../models/vSwitchAddresses.js';
import { formatIpv4, parseIpv4, parseIpv4Cidr } from './ipv4.js';
import type { Ipv4Cidr } from './ipv4.js';
import { formatIpv6, parseIpv6, parseIpv6Cidr } from './ipv6.js';
import type { Ipv6Cidr } from './ipv6.js';

/** A vSwitch as the scenario declares it. */
export interface VSwitchSpec {
  /** The vSwitch id (`vsw-…`). */
  readonly vSwitchId: string;
  /** The zone it lives in (`cn-hangzhou-k`). */
  readonly zoneId: string;
  /** The IPv4 CIDR block; the mask must be /16 to /29 as the VPC API requires. */
  readonly cidrBlock: string;
  /** The IPv6 CIDR block, a /64 on Alibaba Cloud; omit for an IPv4-only vSwitch. */
  readonly ipv6CidrBlock?: string;
  /** IPv4 addresses already used by things outside the simulation (default 0). */
  readonly ipv4InUseAtStart?: number;
  /** IPv6 addresses already used by things outside the simulation (default 0). */
  readonly ipv6InUseAtStart?: number;
}

/** Who holds an address: how the conservation check splits the assigned addresses. */
export const AddressUse = {
  /** The primary address of an instance's primary ENI (the node's own address). */
  nodePrimary: 'nodePrimary',
  /** The primary address of a secondary, trunk or member ENI, or of a LENI. */
  eniPrimary: 'eniPrimary',
  /** A secondary address assigned to an ENI. */
  eniSecondary: 'eniSecondary',
} as const;
export type AddressUse = (typeof AddressUse)[keyof typeof AddressUse];

/** The IPv4 accounting of one vSwitch. `free + inUseAtStart + assignedToEnis = usable`. */
export interface Ipv4Accounting {
  /** 2^(32 − prefix) − 4. */
  readonly usable: number;
  /** Addresses nobody holds: DescribeVSwitches' `AvailableIpAddressCount`. */
  readonly free: number;
  /** Addresses used from the start by things outside the simulation. */
  readonly inUseAtStart: number;
  /** Addresses on simulated ENIs: `nodePrimary + eniPrimary + eniSecondary`. */
  readonly assignedToEnis: number;
  readonly nodePrimary: number;
  readonly eniPrimary: number;
  readonly eniSecondary: number;
}

/** The IPv6 accounting of one vSwitch. `free + inUseAtStart + assignedToEnis = usable`. */
export interface Ipv6Accounting {
  /** 2^(128 − prefix) − 10 (a bigint: a /64 holds more than 2^53). */
  readonly usable: bigint;
  readonly free: bigint;
  readonly inUseAtStart: number;
  /** IPv6 addresses on simulated ENIs (all of them secondary: ENIs have no primary IPv6). */
  readonly assignedToEnis: number;
}

/** Per-vSwitch accounting for the invariant checkers and the forecast. */
export interface VSwitchAccounting {
  readonly vSwitchId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string | null;
  readonly ipv4: Ipv4Accounting;
  readonly ipv6: Ipv6Accounting | null;
}

/** Longer IPv6 prefixes than a real vSwitch's /64 are accepted so tests can fill a block. */
const IPV6_PREFIX_MAX = 124;

/** Usable IPv4 addresses in a vSwitch block of this prefix length: 2^(32 − prefix) − 4. */
export function usableIpv4Addresses(prefixLength: number): number {
  checkIpv4Prefix(prefixLength, 'usableIpv4Addresses');
  return vSwitchUsableIpv4(prefixLength);
}

/** Usable IPv6 addresses in a vSwitch block of this prefix length: 2^(128 − prefix) − 10. */
export function usableIpv6Addresses(prefixLength: number): bigint {
  if (
    !Number.isInteger(prefixLength) ||
    prefixLength < VSWITCH_IPV6_PREFIX ||
    prefixLength > IPV6_PREFIX_MAX
  ) {
    throw new RangeError(
      `an IPv6 vSwitch prefix must be /${VSWITCH_IPV6_PREFIX} to /${IPV6_PREFIX_MAX}, got /${prefixLength}`,
    );
  }
  return vSwitchUsableIpv6(prefixLength);
}

function checkIpv4Prefix(prefixLength: number, where: string): void {
  if (
    !Number.isInteger(prefixLength) ||
    prefixLength < VSWITCH_IPV4_PREFIX_MIN ||
    prefixLength > VSWITCH_IPV4_PREFIX_MAX
  ) {
    throw new RangeError(
      `${where}: a vSwitch mask must be /${VSWITCH_IPV4_PREFIX_MIN} ` +
        `to /${VSWITCH_IPV4_PREFIX_MAX}, got /${prefixLength}`,
    );
  }
}

// Per-offset state of an IPv4 address. 0 is free so a fresh Uint8Array starts all free.
const V4_FREE = 0;
const V4_RESERVED = 1;
const V4_AT_START = 2;
const V4_USE_CODE: Readonly<Record<AddressUse, number>> = {
  nodePrimary: 3,
  eniPrimary: 4,
  eniSecondary: 5,
};

function checkCount(value: number | undefined, what: string): number {
  const count = value ?? 0;
  if (!Number.isSafeInteger(count) || count < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${count}`);
  }
  return count;
}

/** The live address space of one vSwitch. Mutated only by the simulated cloud. */
export class VSwitchState {
  readonly vSwitchId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string | null;
  readonly ipv4Cidr: Ipv4Cidr;
  readonly ipv6Cidr: Ipv6Cidr | null;
  readonly #v4: Uint8Array;
  #v4Hint: number;
  #v4Free: number;
  readonly #v4AtStart: number;
  readonly #v4ByUse: Record<AddressUse, number> = {
    nodePrimary: 0,
    eniPrimary: 0,
    eniSecondary: 0,
  };
  readonly #v6Used = new Set<number>();
  #v6Hint = VSWITCH_IPV6_RESERVED_HEAD;
  readonly #v6AtStart: number;
  #v6Assigned = 0;
  // The first offset past the usable IPv6 range, capped where a number stays exact: lowest-first
  // allocation from a /64 never gets near 2^53 addresses.
  readonly #v6EndOffset: number;

  constructor(spec: VSwitchSpec) {
    const where = `vSwitch ${spec.vSwitchId}`;
    if (!spec.vSwitchId) throw new RangeError('a vSwitch needs a non-empty vSwitchId');
    this.vSwitchId = spec.vSwitchId;
    this.zoneId = spec.zoneId;
    this.cidrBlock = spec.cidrBlock;
    this.ipv4Cidr = parseIpv4Cidr(spec.cidrBlock, `${where} cidrBlock`);
    checkIpv4Prefix(this.ipv4Cidr.prefixLength, `${where} cidrBlock ${spec.cidrBlock}`);
    const size = this.ipv4Cidr.size;
    this.#v4 = new Uint8Array(size);
    this.#v4[0] = V4_RESERVED;
    for (let offset = size - VSWITCH_IPV4_RESERVED_TAIL; offset < size; offset++)
      this.#v4[offset] = V4_RESERVED;
    this.#v4Free = usableIpv4Addresses(this.ipv4Cidr.prefixLength);
    this.#v4Hint = VSWITCH_IPV4_RESERVED_HEAD;
    this.#v4AtStart = checkCount(spec.ipv4InUseAtStart, `${where} ipv4InUseAtStart`);
    if (this.#v4AtStart > this.#v4Free) {
      throw new RangeError(
        `${where} ipv4InUseAtStart ${this.#v4AtStart} exceeds the ` +
          `${this.#v4Free} usable addresses of ${spec.cidrBlock}`,
      );
    }
    for (let index = 0; index < this.#v4AtStart; index++) this.#takeV4(V4_AT_START);

    this.ipv6CidrBlock = spec.ipv6CidrBlock ?? null;
    this.ipv6Cidr =
      spec.ipv6CidrBlock === undefined
        ? null
        : parseIpv6Cidr(spec.ipv6CidrBlock, `${where} ipv6CidrBlock`);
    this.#v6AtStart = checkCount(spec.ipv6InUseAtStart, `${where} ipv6InUseAtStart`);
    if (this.ipv6Cidr === null) {
      if (this.#v6AtStart > 0)
        throw new RangeError(`${where} has ipv6InUseAtStart but no IPv6 block`);
      this.#v6EndOffset = 0;
    } else {
      const usable = usableIpv6Addresses(this.ipv6Cidr.prefixLength);
      const end = usable + BigInt(VSWITCH_IPV6_RESERVED_HEAD);
      this.#v6EndOffset =
        end > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(end);
      if (BigInt(this.#v6AtStart) > usable) {
        throw new RangeError(`${where} ipv6InUseAtStart ${this.#v6AtStart} exceeds ${usable}`);
      }
      for (let offset = 1; offset <= this.#v6AtStart; offset++) this.#v6Used.add(offset);
      this.#v6Hint = this.#v6AtStart + 1;
    }
  }

  /** Free IPv4 addresses (DescribeVSwitches' `AvailableIpAddressCount`). */
  get ipv4Free(): number {
    return this.#v4Free;
  }

  /** Free IPv6 addresses, or 0n without an IPv6 block. */
  get ipv6Free(): bigint {
    if (this.ipv6Cidr === null) return 0n;
    const used = BigInt(this.#v6AtStart + this.#v6Assigned);
    return usableIpv6Addresses(this.ipv6Cidr.prefixLength) - used;
  }

  /** Takes the lowest free IPv4 address for `use`; null when the vSwitch is full. */
  allocateIpv4(use: AddressUse): string | null {
    if (this.#v4Free === 0) return null;
    return formatIpv4(this.ipv4Cidr.network + this.#takeV4(V4_USE_CODE[use]));
  }

  /** Returns an IPv4 address held for `use`; throws if it was not held that way (a bug). */
  releaseIpv4(address: string, use: AddressUse): void {
    const offset = parseIpv4(address, `vSwitch ${this.vSwitchId} release`) - this.ipv4Cidr.network;
    const state = this.#v4[offset];
    if (state !== V4_USE_CODE[use]) {
      throw new Error(
        `vSwitch ${this.vSwitchId}: releasing ${address} as ` +
          `${use}, but its state is ${state ?? 'outside the block'}`,
      );
    }
    this.#v4[offset] = V4_FREE;
    this.#v4Free++;
    this.#v4ByUse[use]--;
    if (offset < this.#v4Hint) this.#v4Hint = offset;
  }

  /** Takes the lowest free IPv6 address; null when the block is full or there is none. */
  allocateIpv6(): string | null {
    if (this.ipv6Cidr === null) return null;
    let offset = this.#v6Hint;
    // Bounded by the block: each step passes one used offset.
    while (offset < this.#v6EndOffset && this.#v6Used.has(offset)) offset++;
    if (offset >= this.#v6EndOffset) return null;
    this.#v6Used.add(offset);
    this.#v6Hint = offset + 1;
    this.#v6Assigned++;
    return formatIpv6(this.ipv6Cidr.network + BigInt(offset));
  }

  /** Returns an IPv6 address; throws if it is not an assigned address of this vSwitch (a bug). */
  releaseIpv6(address: string): void {
    if (this.ipv6Cidr === null) throw new Error(`vSwitch ${this.vSwitchId} has no IPv6 block`);
    const big = parseIpv6(address, `vSwitch ${this.vSwitchId} release`) - this.ipv6Cidr.network;
    const offset = Number(big);
    if (big < 0n || offset <= this.#v6AtStart || !this.#v6Used.delete(offset)) {
      throw new Error(`vSwitch ${this.vSwitchId}: releasing ${address}, which is not assigned`);
    }
    this.#v6Assigned--;
    if (offset < this.#v6Hint) this.#v6Hint = offset;
  }

  /** The vSwitch's accounting, for checkers and reports. */
  accounting(): VSwitchAccounting {
    const byUse = this.#v4ByUse;
    const assigned = byUse.nodePrimary + byUse.eniPrimary + byUse.eniSecondary;
    const ipv4: Ipv4Accounting = {
      usable: usableIpv4Addresses(this.ipv4Cidr.prefixLength),
      free: this.#v4Free,
      inUseAtStart: this.#v4AtStart,
      assignedToEnis: assigned,
      nodePrimary: byUse.nodePrimary,
      eniPrimary: byUse.eniPrimary,
      eniSecondary: byUse.eniSecondary,
    };
    const ipv6: Ipv6Accounting | null =
      this.ipv6Cidr === null
        ? null
        : {
            usable: usableIpv6Addresses(this.ipv6Cidr.prefixLength),
            free: this.ipv6Free,
            inUseAtStart: this.#v6AtStart,
            assignedToEnis: this.#v6Assigned,
          };
    return {
      vSwitchId: this.vSwitchId,
      zoneId: this.zoneId,
      cidrBlock: this.cidrBlock,
      ipv6CidrBlock: this.ipv6CidrBlock,
      ipv4,
      ipv6,
    };
  }

  #takeV4(code: number): number {
    const states = this.#v4;
    let offset = this.#v4Hint;
    // Bounded by the block size; #v4Free > 0 guarantees a free offset at or after the hint.
    while (offset < states.length && states[offset] !== V4_FREE) offset++;
    if (offset >= states.length) throw new Error(`vSwitch ${this.vSwitchId}: free count is wrong`);
    states[offset] = code;
    this.#v4Free--;
    this.#v4Hint = offset + 1;
    if (code === V4_USE_CODE.nodePrimary) this.#v4ByUse.nodePrimary++;
    else if (code === V4_USE_CODE.eniPrimary) this.#v4ByUse.eniPrimary++;
    else if (code === V4_USE_CODE.eniSecondary) this.#v4ByUse.eniSecondary++;
    return offset;
  }
}
