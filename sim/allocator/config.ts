/**
 * The Terway configuration the allocator core reads: the `eni_conf` keys of the
 * `kube-system/eni-config` ConfigMap that steer allocation (terway.md §5.1), in the units the core
 * works in (integer microseconds and counts), plus the Terway version that picks the allocator.
 *
 * Parsing the ConfigMap (Go durations such as "10m", strings such as "0.1") is the models' job
 * (`models/eniConf.ts`); this module only defines the resolved shape, its documented defaults and
 * the boundary check every allocator runs before it starts.
 */
import {
  DEFAULT_ENI_CONF,
  type EniConf,
  type EniSelectionPolicy,
  type IpamType,
  type IpStack,
  type VSwitchSelectionPolicy,
} from '../../models/eniConf.js';
import {
  defaultTerwayVersion,
  hasFeature,
  type TerwayFeatureName,
  type TerwayVersion,
} from '../../models/terwayVersion.js';

export type { EniSelectionPolicy, IpamType, IpStack, VSwitchSelectionPolicy };

/**
 * The resolved Terway configuration of one node (after the `terway-config` node overlay): the
 * models' parsed `eni_conf`, key for key, with the node zone's pod vSwitches and the security
 * groups picked out, and the Terway version that selects the allocator.
 */
export interface AllocatorConfig extends Omit<
  EniConf,
  'vswitches' | 'securityGroups' | 'givenKeys' | 'unknownKeys'
> {
  /** The Terway version: selects the allocator and the version-gated features. */
  readonly terwayVersion: TerwayVersion;
  /** The node zone's entry of `vswitches`: the vSwitches new ENIs come from, in order. */
  readonly vSwitchIds: readonly string[];
  /** `security_groups` (or `security_group`): at most 10. */
  readonly securityGroupIds: readonly string[];
}

/** The defaults of every key: Terway's (the models' {@link DEFAULT_ENI_CONF}). */
export const DEFAULT_ALLOCATOR_CONFIG: AllocatorConfig = allocatorConfigOf(DEFAULT_ENI_CONF, {
  terwayVersion: defaultTerwayVersion(),
  vSwitchIds: [],
});

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
    max_eni: config.maxEni ?? 0,
    min_eni: config.minEni,
  };
  for (const [key, value] of Object.entries(counts)) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new RangeError(`eni_conf ${key} must be a non-negative integer, got ${value}`);
    }
  }
  const durations = {
    ip_pool_sync_period: config.ipPoolSyncPeriodUs,
    idle_ip_reclaim_after: config.idleIpReclaimAfterUs ?? 0,
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

/** The allocator configuration of a parsed `eni_conf` with the node's vSwitches picked out. */
function allocatorConfigOf(
  conf: EniConf,
  node: { readonly terwayVersion: TerwayVersion; readonly vSwitchIds: readonly string[] },
): AllocatorConfig {
  // Everything but the document bookkeeping and the per-zone map, which the node has resolved.
  const { vswitches, givenKeys, unknownKeys, securityGroups, ...keys } = conf;
  return {
    ...keys,
    terwayVersion: node.terwayVersion,
    vSwitchIds: node.vSwitchIds,
    securityGroupIds: securityGroups,
  };
}

/**
 * The allocator configuration of a node in `zoneId` from a parsed `eni_conf` (the models' parse,
 * defaults applied) and the cluster's Terway version.
 */
export function allocatorConfigFromEniConf(
  conf: EniConf,
  options: { readonly terwayVersion: TerwayVersion; readonly zoneId: string },
): AllocatorConfig {
  const config = allocatorConfigOf(conf, {
    terwayVersion: options.terwayVersion,
    vSwitchIds: conf.vswitches[options.zoneId] ?? [],
  });
  checkAllocatorConfig(config);
  return config;
}
