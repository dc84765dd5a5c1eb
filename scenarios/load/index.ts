/**
 * The scenario loader: `loadScenario(file)` returns the normalised {@link Scenario} the
 * simulator runs, and every finding `enisim validate` prints.
 */
export {
  loadScenario,
  DEFAULT_SAMPLE_STEP_US,
  SAMPLES_MAX,
  type LoadResult,
} from './loadScenario.js';
export type { Finding, Severity, SourcePosition } from './findings.js';
export type * from './types.js';
export { scenarioSchemaFile, SCENARIO_SCHEMA_ID } from './schema.js';
export { nodeLabels, NodeLabel } from './nodeLabels.js';
export { resolveRollingLimits } from './workloads.js';
export { podOf, webhookConfigOf } from './placementChecks.js';
export { parseDuration, formatDuration } from './duration.js';
export { vSwitchUsableIpv4, parseCidr } from './cidr.js';
