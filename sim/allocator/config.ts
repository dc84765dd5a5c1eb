/**
 * The Terway configuration the allocator core reads: the `eni_conf` keys of the
 * `kube-system/eni-config` ConfigMap that steer allocation (terway.md §5.1), in the units the core
 * works in (integer microseconds and counts), plus the Terway version that picks the allocator.
 *
 * Parsing the ConfigMap (Go durations such as "10m", strings such as "0.1") is the models' job
 * (`models/eniConf.ts`); this module only defines the resolved shape, its documented defaults and
 * the boundary check every allocator runs before it starts.
 */
import { US_PER_SECOND } from '../contracts/clock.js';
import type {
  EniConf,
  EniSelectionPolicy,
  IpamType,
  IpStack,
  VSwitchSelectionPolicy,
} from '../../models/eniConf.js';
import {
  defaultTerwayVersion,
  hasFeature,
  type TerwayFeatureName,
  type TerwayVersion,
} from '../../models/terwayVersion.js';

export type { EniSelectionPolicy, IpamType, IpStack, VSwitchSelectionPolicy };

/** The resolved Terway configuration of one node (after the `terway-config` node overlay). */
export interface AllocatorConfig {
  /** The Terway version: selects the allocator and the version-gated features. */
  readonly terwayVersion: TerwayVersion;
  /** `max_pool_size`: idle addresses kept at most after each pool sync (chart default 5). */
  readonly maxPoolSize: number;
  /** `min_pool_size`: idle addresses kept at least (default 0). */
  readonly minPoolSize: number;
  /** `ip_warm_up_size`: addresses allocated once when a node joins (1.16.4+, centralized; 0 = off). */
  readonly ipWarmUpSize: number;
  /** `ip_pool_sync_period`: period of the pool sync (daemon 120 s; controlplane 2 min). */
  readonly ipPoolSyncPeriodUs: number;
  /** `idle_ip_reclaim_after`: quiet time before idle reclaim starts (1.16.0+; 0 = disabled). */
  readonly idleIpReclaimAfterUs: number;
  /** `idle_ip_reclaim_interval`: time between reclaim rounds (default 10 min). */
  readonly idleIpReclaimIntervalUs: number;
  /** `idle_ip_reclaim_batch_size`: addresses released per reclaim round at most (default 5). */
  readonly idleIpReclaimBatchSize: number;
  /** `idle_ip_reclaim_jitter_factor`: the interval's jitter factor (default 0.1). */
  readonly idleIpReclaimJitterFactor: number;
  /** `max_eni`: ENIs Terway may use besides eth0 (0 = no cap beyond the instance's). */
  readonly maxEni: number;
  /** `min_eni`: when > 0, `min_pool_size` becomes `min_eni × IPv4PerAdapter`. */
  readonly minEni: number;
  /** `eni_cap_ratio` (default 1). */
  readonly eniCapRatio: number;
  /** `eni_cap_shift` (default 0). */
  readonly eniCapShift: number;
  /** `eni_selection_policy` (default `most_ips`). */
  readonly eniSelectionPolicy: EniSelectionPolicy;
  /** `vswitch_selection_policy` (default `random`). */
  readonly vSwitchSelectionPolicy: VSwitchSelectionPolicy;
  /** `ip_stack` (default `ipv4`). */
  readonly ipStack: IpStack;
  /** `enable_eni_trunking` (default false). */
  readonly enableEniTrunking: boolean;
  /** `ipam_type` (default `default`, the per-node daemon pool). */
  readonly ipamType: IpamType;
  /** The node zone's entry of `vswitches`: the vSwitches new ENIs come from, in order. */
  readonly vSwitchIds: readonly string[];
  /** `security_groups` (or `security_group`): at most 10. */
  readonly securityGroupIds: readonly string[];
}

/** Defaults of every key, from terway.md §5.1 (chart defaults where the code has none). */
export const DEFAULT_ALLOCATOR_CONFIG: AllocatorConfig = {
  terwayVersion: defaultTerwayVersion(),
  maxPoolSize: 5,
  minPoolSize: 0,
  ipWarmUpSize: 0,
  ipPoolSyncPeriodUs: 120 * US_PER_SECOND,
  idleIpReclaimAfterUs: 0,
  idleIpReclaimIntervalUs: 600 * US_PER_SECOND,
  idleIpReclaimBatchSize: 5,
  idleIpReclaimJitterFactor: 0.1,
  maxEni: 0,
  minEni: 0,
  eniCapRatio: 1,
  eniCapShift: 0,
  eniSelectionPolicy: 'most_ips',
  vSwitchSelectionPolicy: 'random',
  ipStack: 'ipv4',
  enableEniTrunking: false,
  ipamType: 'default',
  vSwitchIds: [],
  securityGroupIds: [],
};

/** Terway's cap on security groups per ENI (`security_groups`, 1.13.7+). */
export const MAX_SECURITY_GROUPS = 10;

/** The defaults overlaid with `overrides` (a partial config, as a test or scenario gives it). */
export function resolveAllocatorConfig(overrides: Partial<AllocatorConfig> = {}): AllocatorConfig {
  const config = { ...DEFAULT_ALLOCATOR_CONFIG, ...overrides };
  checkAllocatorConfig(config);
  return config;
}

/**
 * Checks a configuration at the boundary and throws a RangeError naming the offending key and
 * value. Counts are non-negative integers; durations non-negative integer microseconds.
 */
export function checkAllocatorConfig(config: AllocatorConfig): void {
  const counts = {
    max_pool_size: config.maxPoolSize,
    min_pool_size: config.minPoolSize,
    ip_warm_up_size: config.ipWarmUpSize,
    idle_ip_reclaim_batch_size: config.idleIpReclaimBatchSize,
    max_eni: config.maxEni,
    min_eni: config.minEni,
  };
  for (const [key, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`eni_conf ${key} must be a non-negative integer, got ${value}`);
    }
  }
  const durations = {
    ip_pool_sync_period: config.ipPoolSyncPeriodUs,
    idle_ip_reclaim_after: config.idleIpReclaimAfterUs,
    idle_ip_reclaim_interval: config.idleIpReclaimIntervalUs,
  };
  for (const [key, value] of Object.entries(durations)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(
        `eni_conf ${key} must be non-negative integer microseconds, got ${value}`,
      );
    }
  }
  if (config.ipPoolSyncPeriodUs === 0) {
    throw new RangeError('eni_conf ip_pool_sync_period must be positive, got 0');
  }
  if (!Number.isFinite(config.idleIpReclaimJitterFactor) || config.idleIpReclaimJitterFactor < 0) {
    throw new RangeError(
      `eni_conf idle_ip_reclaim_jitter_factor must be a non-negative number, got ${config.idleIpReclaimJitterFactor}`,
    );
  }
  if (!Number.isFinite(config.eniCapRatio) || config.eniCapRatio <= 0) {
    throw new RangeError(`eni_conf eni_cap_ratio must be positive, got ${config.eniCapRatio}`);
  }
  if (!Number.isSafeInteger(config.eniCapShift)) {
    throw new RangeError(`eni_conf eni_cap_shift must be an integer, got ${config.eniCapShift}`);
  }
  if (config.securityGroupIds.length > MAX_SECURITY_GROUPS) {
    throw new RangeError(
      `eni_conf security_groups holds ${config.securityGroupIds.length} groups; at most ${MAX_SECURITY_GROUPS}`,
    );
  }
}

/** Whether the configured Terway version has `feature` (the models' feature table). */
export function configHas(config: AllocatorConfig, feature: TerwayFeatureName): boolean {
  return hasFeature(config.terwayVersion, feature);
}

/**
 * The allocator configuration of a node in `zoneId` from a parsed `eni_conf` (the models' parse,
 * defaults applied) and the cluster's Terway version.
 */
export function allocatorConfigFromEniConf(
  conf: EniConf,
  options: { readonly terwayVersion: TerwayVersion; readonly zoneId: string },
): AllocatorConfig {
  return resolveAllocatorConfig({
    terwayVersion: options.terwayVersion,
    maxPoolSize: conf.maxPoolSize,
    minPoolSize: conf.minPoolSize,
    ipWarmUpSize: conf.ipWarmUpSize,
    ipPoolSyncPeriodUs: conf.ipPoolSyncPeriodUs,
    idleIpReclaimAfterUs: conf.idleIpReclaimAfterUs ?? 0,
    idleIpReclaimIntervalUs: conf.idleIpReclaimIntervalUs,
    idleIpReclaimBatchSize: conf.idleIpReclaimBatchSize,
    idleIpReclaimJitterFactor: conf.idleIpReclaimJitterFactor,
    maxEni: conf.maxEni ?? 0,
    minEni: conf.minEni,
    eniCapRatio: conf.eniCapRatio,
    eniCapShift: conf.eniCapShift,
    eniSelectionPolicy: conf.eniSelectionPolicy,
    vSwitchSelectionPolicy: conf.vswitchSelectionPolicy,
    ipStack: conf.ipStack,
    enableEniTrunking: conf.enableEniTrunking,
    ipamType: conf.ipamType,
    vSwitchIds: conf.vswitches[options.zoneId] ?? [],
    securityGroupIds: conf.securityGroups,
  });
}
