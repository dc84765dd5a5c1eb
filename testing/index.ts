/**
 * `enisim/testing`: property testing with enisim in a user's own test suite. fast-check
 * arbitraries that generate valid inputs from the real catalog and Terway's rules (instance types,
 * node pools of every kind, PodNetworkings, eni-configs, vSwitches, whole bounded scenarios), and
 * helpers that run a scenario inside a test and judge its results. fast-check is a peer
 * dependency: the arbitraries are the user's fast-check's.
 */
export {
  admits,
  instanceTypeId,
  instanceTypeIds,
  lingjunCatalogEntry,
  lingjunInstanceType,
  matchingInstanceTypes,
  type InstanceTypeFilter,
  type LingjunCatalogEntry,
} from './catalog.js';
export type * from './documents.js';
export {
  eniConfig,
  networkLayout,
  podNetworking,
  REGION,
  vSwitches,
  ZONES,
  type EniConfigOptions,
  type NetworkLayout,
  type PodNetworkingEniType,
} from './network.js';
export {
  LINGJUN_WORKER_LABEL,
  nodePool,
  POOL_KINDS,
  POOL_LABEL,
  type CountRange,
  type GeneratedPool,
  type NodePoolOptions,
  type PoolKind,
  type PoolParts,
} from './nodePools.js';
export {
  expectSlo,
  runScenario,
  SCENARIO_FILE,
  SLO_NAMES,
  validateScenario,
  type RunScenarioOptions,
  type ScenarioInput,
  type SloBound,
  type SloName,
} from './run.js';
export {
  LINGJUN_CATALOG_FILE,
  scenario,
  type GeneratedScenario,
  type ScenarioOptions,
} from './scenarios.js';
export { knownTerwayVersions, terwayVersion } from './terwayVersions.js';
export type { Results } from '../cli/api/index.js';
