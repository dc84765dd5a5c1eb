/**
 * The allocator core's one door: what the simulator (`sim/run`, `sim/checkers`) and a real node
 * (`native/`) build a node's allocator and the cluster's controlplane from. Nothing outside
 * `sim/allocator/` imports its other files (a lint rule says so; tests may).
 */
export { ControlPlane, type ControlPlaneOptions } from './controlPlane.js';
export {
  allocatorConfigFromEniConf,
  configHas,
  resolveAllocatorConfig,
  DEFAULT_ALLOCATOR_CONFIG,
  type AllocatorConfig,
} from './config.js';
export { effectiveDualStack, type NodeLimits, type Platform } from './limits.js';
export {
  chooseSharedAllocator,
  createNodeAllocator,
  type NodeAllocator,
  type NodeAllocatorOptions,
  type NodeIdentity,
  type PodRef,
  type SharedAllocatorKind,
} from './nodeAllocator.js';
export {
  podKey,
  type AllocationFailureReason,
  type AllocationResult,
  type CniAddResult,
  type FixedIpPolicy,
  type PodNetworkKind,
  type PodRequest,
  type ReleaseResult,
} from './podRequest.js';
export type { ControlPlaneSnapshot, NodeAllocatorSnapshot } from './snapshot.js';
export { NO_DATAPATH, type CniOutcome, type CniSequences } from './cniSequences.js';
export { createDatapathCni, podNetnsName, type DatapathCniOptions } from './datapathCni.js';
