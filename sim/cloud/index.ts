/** The simulated Alibaba Cloud: ECS and EFLO OpenAPI, vSwitches, limits and faults. */
export { SimCloud } from './simCloud.js';
export type { ClientOptions, SimCloudInit } from './simCloud.js';
export { SimCloudClient } from './client.js';
export type { CallCompleted, CallSubject, CloudCallObserver } from './callObserver.js';
export {
  CLOUD_API_ACTIONS,
  TERWAY_CLIENT_RATE_PER_MINUTE,
  US_PER_MINUTE,
  cloudDefaults,
  resolveCloudOptions,
} from './options.js';
export type {
  AccountRateLimitOverride,
  ApiFaultProbabilities,
  AsyncLatencies,
  CloudOptions,
  ParallelismOptions,
  RateLimitOverride,
  SimCloudOverrides,
} from './options.js';
export type { EcsInstanceSpec, InstanceView, LingjunNodeSpec, MachineKind } from './instance.js';
export { NodeTypeCatalog, defaultNodeTypeName } from './nodeType.js';
export type { EfloNodeFields, EfloNodeRecord, EfloNodeTypeQuotas } from './nodeType.js';
export { AddressUse, VSwitchState, usableIpv4Addresses, usableIpv6Addresses } from './vSwitch.js';
export type { Ipv4Accounting, Ipv6Accounting, VSwitchAccounting, VSwitchSpec } from './vSwitch.js';
export { CLIENT_RATE_LIMIT_LOG_US } from './stats.js';
export type { ApiCounters, ApiSeriesPoint, CallerStats, CloudStatsSnapshot } from './stats.js';
export { SimParallelismLimits, SlotLimit } from './parallelism.js';
export type { SlotStats } from './parallelism.js';
export { TokenBucket } from './tokenBucket.js';
export type { TokenBucketRate } from './tokenBucket.js';
export { drawLatencyUs } from './latency.js';
export type { LatencyDistribution } from './latency.js';
export { cloudInvariantViolations } from './invariants.js';
export type { CloudStateView } from './invariants.js';
export { cloudFaultsNone, cloudFaultsSwarm } from './swarm.js';
