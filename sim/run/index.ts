/**
 * The simulation of a scenario end to end: `runScenario(scenario, { seed })` builds the cluster,
 * runs the pod lifecycle, workload controllers, timeline events and autoscaler under simulated
 * time, and returns the {@link CollectedRun} that `buildResults` turns into the results document.
 */
export {
  runScenario,
  runScenarioInSlices,
  EVENTS_MAX_DEFAULT,
  type RunOptions,
} from './simulation.js';
export type * from './collected.js';
export type { AutoscalerRecord, LatenciesByMode, RolloutRecord } from './metrics.js';
export type { AppliedEvent } from './timelineEvents.js';
export type { PodNetworkEvent, PodOutcome, PodRecordEvent, RunObserver } from './context.js';
export { LIFECYCLE, schedulerBackoffUs, type LifecycleConstants } from './lifecycle.js';
export { toLatency, cloudOptionsFor } from './cloudOverrides.js';
export { nextArrivalUs, US_PER_HOUR } from './controllers/arrivals.js';
export { buildResults } from './results/build.js';
export { combineReplications } from './results/replications.js';
