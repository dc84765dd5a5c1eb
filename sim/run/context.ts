/**
 * What the parts of a run share: the engine, the seeded streams, the simulated cloud and the
 * controlplane, the scheduler's view of the cluster, and the metrics. Built once per run by
 * `simulation.ts`; every part receives it instead of reaching for anything ambient.
 */
import type { ControlPlane } from '../allocator/controlPlane.js';
import type { SimCloud } from '../cloud/index.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import type { Engine } from '../engine.js';
import type { ClusterState } from '../placement/clusterState.js';
import type { Rng } from '../rng.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import type { Scenario } from '../../scenarios/load/index.js';
import type { LifecycleConstants } from './lifecycle.js';
import type { RunMetrics } from './metrics.js';

/** The shared state of one run. */
export interface RunContext {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly engine: Engine;
  /** The run's root stream; parts fork named streams from it. */
  readonly rng: Rng;
  readonly constants: LifecycleConstants;
  readonly cloud: SimCloud;
  readonly controlPlane: ControlPlane;
  readonly state: ClusterState;
  readonly metrics: RunMetrics;
  /** The cloud client of one calling process (with the scenario's fault windows, if any). */
  clientFor(callerId: string): CloudApi;
  /** The cluster's Terway version now (`UpgradeTerway` events change it). */
  terwayVersion: TerwayVersion;
}
