/**
 * A node's ENI limits as the allocator core needs them, and the pool sizes Terway derives from
 * them (`daemon/config.go getPoolConfig`, terway.md §1.3.1).
 *
 * The models compute an instance type's capacity; the lead maps that output onto
 * {@link NodeLimits}. Everything here is pure arithmetic.
 */
import type { AllocatorConfig } from './config.js';

/** Where the node runs: an ECS instance, or a Lingjun (EFLO) node on the LENI API. */
export type Platform = 'ecs' | 'lingjun';

/** The ENI figures of one node's instance type. */
export interface NodeLimits {
  /** EniQuantity (or LeniQuota): ENIs the instance takes, the primary eth0 included. */
  readonly eniQuantity: number;
  /** EniPrivateIpAddressQuantity: IPv4 addresses per ENI, its primary address included. */
  readonly ipv4PerEni: number;
  /** EniIpv6AddressQuantity: IPv6 addresses per ENI. */
  readonly ipv6PerEni: number;
  /** EniTotalQuantity − EniQuantity when EniTrunkSupported, else 0: member ENIs for trunk pods. */
  readonly memberEniLimit: number;
  /** ECS or Lingjun. */
  readonly platform: Platform;
  /** A Lingjun/ECS high-density node (HDENI): exclusive only, no "minus one" for eth0. */
  readonly highDensity: boolean;
}

/** Throws a RangeError naming the field unless the limits are usable counts. */
export function checkNodeLimits(limits: NodeLimits): void {
  const counts = {
    eniQuantity: limits.eniQuantity,
    ipv4PerEni: limits.ipv4PerEni,
    ipv6PerEni: limits.ipv6PerEni,
    memberEniLimit: limits.memberEniLimit,
  };
  for (const [key, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`node limits ${key} must be a non-negative integer, got ${value}`);
    }
  }
  if (limits.eniQuantity < 1) {
    throw new RangeError(`node limits eniQuantity must be at least 1, got ${limits.eniQuantity}`);
  }
  if (limits.ipv4PerEni < 1) {
    throw new RangeError(`node limits ipv4PerEni must be at least 1, got ${limits.ipv4PerEni}`);
  }
}

/** The pool sizes of a node in shared-ENI mode, after Terway's caps. */
export interface PoolSizing {
  /** ENIs Terway may attach besides eth0 (`maxENI`). */
  readonly maxEni: number;
  /** Addresses per ENI Terway uses (`MaxIPPerENI` = IPv4PerAdapter). */
  readonly ipPerEni: number;
  /** `Capacity = maxENI × ipPerENI`: the shared pod limit. */
  readonly capacity: number;
  /** `MaxPoolSize = min(max_pool_size, capacity)`. */
  readonly maxPoolSize: number;
  /** `MinPoolSize = min_pool_size` (or `min_eni × ipPerENI`), capped at MaxPoolSize. */
  readonly minPoolSize: number;
}

/**
 * The ENIs Terway uses besides eth0: `int(Adapters × eni_cap_ratio) + eni_cap_shift − 1`, capped
 * by `max_eni` when set lower; never below 0. A high-density node has no eth0 to subtract.
 */
export function maxUsableEnis(limits: NodeLimits, config: AllocatorConfig): number {
  const minusPrimary = limits.highDensity ? 0 : 1;
  let maxEni =
    Math.trunc(limits.eniQuantity * config.eniCapRatio) + config.eniCapShift - minusPrimary;
  if (config.maxEni > 0 && config.maxEni < maxEni) maxEni = config.maxEni;
  return Math.max(0, maxEni);
}

/** Shared-ENI pool sizing exactly as `getPoolConfig` computes it (ModeENIMultiIP). */
export function sharedPoolSizing(limits: NodeLimits, config: AllocatorConfig): PoolSizing {
  const maxEni = maxUsableEnis(limits, config);
  const ipPerEni = limits.ipv4PerEni;
  const capacity = maxEni * ipPerEni;
  const maxPoolSize = Math.min(config.maxPoolSize, capacity);
  let minPoolSize = config.minPoolSize;
  if (config.minEni > 0) minPoolSize = config.minEni * ipPerEni;
  minPoolSize = Math.min(minPoolSize, maxPoolSize);
  return { maxEni, ipPerEni, capacity, maxPoolSize, minPoolSize };
}

/** Exclusive-ENI sizing: `aliyun/eni` allocatable = maxENI; pools are forced to 0. */
export function exclusiveEniCapacity(limits: NodeLimits, config: AllocatorConfig): number {
  return maxUsableEnis(limits, config);
}

/**
 * Whether the node really runs dual-stack: Terway silently falls back to IPv4 when the instance
 * has no IPv6 or (shared mode) its IPv6-per-ENI differs from IPv4-per-ENI (terway.md §1.4).
 * Lingjun is IPv4 only.
 */
export function effectiveDualStack(
  limits: NodeLimits,
  config: AllocatorConfig,
  mode: 'shared' | 'exclusive',
): boolean {
  if (config.ipStack !== 'dual') return false;
  if (limits.platform === 'lingjun') return false;
  if (limits.ipv6PerEni <= 0) return false;
  if (mode === 'shared' && limits.ipv6PerEni !== limits.ipv4PerEni) return false;
  return true;
}
