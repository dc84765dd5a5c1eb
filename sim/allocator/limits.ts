/**
 * A node's ENI limits as the allocator core needs them. The pool sizes Terway derives from them
 * are the models' (`models/poolSizing.ts`), shared with the capacity planner.
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
