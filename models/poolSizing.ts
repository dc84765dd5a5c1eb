/**
 * How many ENIs and addresses Terway's per-node daemon sizes a node's pool for
 * (`daemon/config.go` `getPoolConfig`, v1.17.5 lines 85–168; `terway.md` §1.3.1): the one place
 * the capacity planner and the allocator core both read it from.
 *
 * Terway's figure is not capped by the instance's ENI quota: with `eni_cap_shift: 1` on an 8-ENI
 * type it sizes the pool for 8 secondary ENIs and advertises their capacity, while ECS attaches
 * at most 7 (the 8th create fails with `EniPerInstanceLimitExceeded`). {@link PoolSizing} keeps
 * both figures, so callers report what Terway advertises and what the node can reach.
 */
import type { EniConf } from './eniConf.js';

/** The ENI quotas of a node's instance type that the pool sizing reads. */
export interface EniQuota {
  /** EniQuantity (Terway's `Adapters`): ENIs the instance takes, eth0 included. */
  readonly eniQuantity: number;
  /** EniPrivateIpAddressQuantity (`IPv4PerAdapter`): addresses per ENI, its primary included. */
  readonly ipv4PerEni: number;
  /** A high-density node (HDENI): every interface serves pods, there is no eth0 to subtract. */
  readonly highDensity: boolean;
}

/** The `eni_conf` keys the sizing reads. */
export type PoolSizingConf = Pick<
  EniConf,
  'eniCapRatio' | 'eniCapShift' | 'maxEni' | 'maxPoolSize' | 'minPoolSize' | 'minEni'
>;

/** A node's pool sizes in shared-ENI mode. */
export interface PoolSizing {
  /** Terway's `maxENI`: secondary ENIs the pool is sized for (and advertised by). */
  readonly maxEni: number;
  /** Secondary ENIs ECS lets the node attach: `Adapters − 1` (high density: `Adapters`). */
  readonly quotaMaxEni: number;
  /** Whether the ENI quota stops the pool before Terway's figure does. */
  readonly quotaBelowEniCap: boolean;
  /** Addresses per ENI (`IPv4PerAdapter`). */
  readonly ipPerEni: number;
  /** `Capacity = maxENI × ipPerENI`: what Terway advertises (`max-available-ip`). */
  readonly capacity: number;
  /** `min(maxENI, quota) × ipPerENI`: the addresses the node can really hold. */
  readonly reachableCapacity: number;
  /** `MaxPoolSize = min(max_pool_size, capacity)`. */
  readonly maxPoolSize: number;
  /** `MinPoolSize = min_pool_size` (or `min_eni × ipPerENI`), capped at MaxPoolSize. */
  readonly minPoolSize: number;
}

/** Secondary ENIs the instance's quota allows: eth0 takes one, except on high-density nodes. */
export function quotaMaxEni(quota: EniQuota): number {
  return Math.max(0, quota.eniQuantity - (quota.highDensity ? 0 : 1));
}

/**
 * Terway's `maxENI`: `int(Adapters × eni_cap_ratio) + eni_cap_shift − 1`, lowered to `max_eni`
 * when that is set and smaller (`daemon/config.go:90-96`); never below 0. A high-density node
 * has no eth0 to subtract.
 */
export function terwayMaxEni(quota: EniQuota, conf: PoolSizingConf): number {
  const minusPrimary = quota.highDensity ? 0 : 1;
  let maxEni = Math.trunc(quota.eniQuantity * conf.eniCapRatio) + conf.eniCapShift - minusPrimary;
  if (conf.maxEni !== null && conf.maxEni > 0 && conf.maxEni < maxEni) maxEni = conf.maxEni;
  return Math.max(0, maxEni);
}

/** Shared-ENI pool sizing exactly as `getPoolConfig` computes it (ModeENIMultiIP). */
export function sharedPoolSizing(quota: EniQuota, conf: PoolSizingConf): PoolSizing {
  const maxEni = terwayMaxEni(quota, conf);
  const quotaEnis = quotaMaxEni(quota);
  const ipPerEni = quota.ipv4PerEni;
  const capacity = maxEni * ipPerEni;
  const maxPoolSize = Math.min(conf.maxPoolSize, capacity);
  let minPoolSize = conf.minPoolSize;
  if (conf.minEni > 0) minPoolSize = conf.minEni * ipPerEni;
  minPoolSize = Math.min(minPoolSize, maxPoolSize);
  return {
    maxEni,
    quotaMaxEni: quotaEnis,
    quotaBelowEniCap: quotaEnis < maxEni,
    ipPerEni,
    capacity,
    reachableCapacity: Math.min(maxEni, quotaEnis) * ipPerEni,
    maxPoolSize,
    minPoolSize,
  };
}

/** Exclusive-ENI sizing: `aliyun/eni` = Terway's `maxENI` (`getPoolConfig`, ModeENIOnly). */
export function exclusiveEniCapacity(quota: EniQuota, conf: PoolSizingConf): number {
  return terwayMaxEni(quota, conf);
}
