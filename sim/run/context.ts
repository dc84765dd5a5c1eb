/**
 * What the parts of a run share: the engine, the seeded streams, the simulated cloud and the
 * controlplane, the scheduler's view of the cluster, and the metrics. Built once per run by
 * `simulation.ts`; every part receives it instead of reaching for anything ambient.
 */
import type { ControlPlane } from '../allocator/index.js';
import type { SimCloud } from '../cloud/index.js';
import type { CloudWaitLog } from './cloudWaits.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import type { Engine } from '../engine/engine.js';
import type { ClusterState } from '../placement/clusterState.js';
import type { Rng } from '../engine/rng.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import type { PodRecordEvent } from '../../models/results/podRecord.js';
import type { Scenario } from '../../scenarios/load/index.js';

export type { PodOutcome, PodRecordEvent } from '../../models/results/podRecord.js';
import type { LifecycleConstants } from './lifecycle.js';
import type { RunMetrics } from './metrics.js';

/** One pod's CNI ADD result, as a run observer sees it. */
export interface PodNetworkEvent {
  readonly atUs: number;
  /** `namespace/name`. */
  readonly pod: string;
  readonly uid: string;
  readonly workload: string;
  readonly node: string;
  readonly pool: string;
  readonly mode: 'shared' | 'exclusive' | 'trunk';
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly eniId: string;
  /** Answered without waiting for the cloud (a warm pool). */
  readonly warm: boolean;
  /** Got back an address or ENI kept for its name. */
  readonly reused: boolean;
  /** When its Binding completed. */
  readonly boundUs: number;
}

/** Hooks a caller (a test, a trace writer) may pass to watch a run; they must not change it. */
export interface RunObserver {
  /** A pod's network is ready (CNI ADD succeeded). */
  readonly podNetworkReady?: (event: PodNetworkEvent) => void;
  /** A pod's record is complete (for `pods.csv`, streamed as pods finish). */
  readonly podRecord?: (event: PodRecordEvent) => void;
}

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
  /** Every create, attach and assign per ENI: where pods' waits for the cloud went. */
  readonly cloudWaits: CloudWaitLog;
  /** The cloud client of one calling process (with the scenario's fault windows, if any). */
  clientFor(callerId: string): CloudApi;
  readonly observer: RunObserver | null;
  /** The cluster's Terway version now (`UpgradeTerway` events change it). */
  terwayVersion: TerwayVersion;
}
