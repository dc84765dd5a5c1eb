/**
 * What one run hands to the results builder: plain data, in microseconds and counts, ordered
 * deterministically (pools and vSwitches in scenario order, actions in the cloud's fixed order,
 * reasons sorted). `results/build.ts` turns it into the versioned results document.
 */
import type { CloudApiAction } from '../contracts/cloudApi.js';
import type {
  AutoscalerRecord,
  LatenciesByMode,
  PodStartRecord,
  RolloutRecord,
} from './metrics.js';
import type { AppliedEvent } from './timelineEvents.js';
import type {
  ApiCallerResults,
  NodeResourceFigures,
  PhaseCounts,
  ResultWarning,
} from '../../models/results/document.js';

export type { PhaseCounts };

/** The same, one value per sample. */
export type PhaseSeries = { readonly [K in keyof PhaseCounts]: readonly number[] };

/** One instance type of one pool. */
export interface CollectedInstanceType {
  readonly instanceType: string;
  /** Nodes of this type the pool ever had. */
  readonly nodes: number;
  /** The most pod-network pods bound to one node at once. */
  readonly podsPerNodeMax: number;
  /** The most pods holding a network (CNI ADD done) on one node at once. */
  readonly networkPodsPerNodeMax: number;
  /** The pod limit of the pool's mode: `aliyun/eni` exclusive, the shared capacity otherwise. */
  readonly networkPodLimit: number;
  /** `aliyun/member-eni` (trunk pods), 0 without trunk. */
  readonly memberEniLimit: number;
  readonly kubeletMaxPods: number;
  /** Nodes whose bound pods reached `networkPodLimit + memberEniLimit`. */
  readonly nodesAtLimit: number;
  /** The stack its nodes run (dual-stack parity may make it ipv4). */
  readonly stack: 'ipv4' | 'dual';
  /** A node's Capacity and Allocatable, as the capacity model plans them. */
  readonly capacity: NodeResourceFigures;
  readonly allocatable: NodeResourceFigures;
}

/** One node pool. */
export interface CollectedPool {
  readonly name: string;
  readonly mode: 'shared' | 'exclusive';
  readonly platform: 'ecs' | 'lingjun';
  readonly trunk: boolean;
  readonly autoscaling: { readonly minCount: number; readonly maxCount: number } | null;
  readonly createdAtUs: number;
  /** When its nodes could first join, or null if never. */
  readonly admittedAtUs: number | null;
  /** Why it was not admitted (at the end), or null. */
  readonly refusal: string | null;
  readonly nodesAtEnd: number;
  readonly instanceTypes: readonly CollectedInstanceType[];
  /** Secondary and trunk ENIs attached to each of its nodes at the end (creation order). */
  readonly enisPerNode: readonly number[];
  /** Member ENIs on each node's trunk at the end. */
  readonly memberEnisPerNode: readonly number[];
}

/** One vSwitch. */
export interface CollectedVSwitch {
  readonly id: string;
  readonly zone: string;
  readonly cidr: string;
  readonly usable: number;
  readonly inUseAtStart: number;
  /** Free IPv4 addresses at each sample. */
  readonly freeSeries: readonly number[];
  readonly freeMin: number;
  /** The first moment it was seen with no free address, or null. */
  readonly exhaustedAtUs: number | null;
  /** At the end: addresses held by node primaries, ENI primaries and secondaries. */
  readonly nodePrimary: number;
  readonly eniPrimary: number;
  readonly eniSecondary: number;
  readonly freeAtEnd: number;
  /** The IPv6 block, its usable count (decimal) and IPv6 in use at each sample, or null. */
  readonly ipv6: {
    readonly cidr: string;
    readonly usable: string;
    readonly usedSeries: readonly number[];
  } | null;
}

/** One API action's calls. */
export interface CollectedApi {
  readonly action: CloudApiAction;
  readonly calls: number;
  readonly throttled: number;
  /** Failed calls other than throttling. */
  readonly errors: number;
  readonly errorsByCode: Readonly<Record<string, number>>;
  /** Per sampling bucket [k·step, (k+1)·step). */
  readonly callsSeries: readonly number[];
  readonly throttledSeries: readonly number[];
  readonly errorsSeries: readonly number[];
}

/** Everything a run measured. */
export interface CollectedRun {
  readonly seed: number;
  readonly scenario: { readonly name: string; readonly file: string; readonly description: string };
  readonly durationUs: number;
  readonly sampleStepUs: number;
  readonly eventsProcessed: number;
  /** The engine's trace hash (equal runs fired equal events), or null with tracing off. */
  readonly traceHash: string | null;
  readonly terwayVersionAtStart: string;
  readonly terwayVersionAtEnd: string;
  readonly pods: {
    readonly created: number;
    readonly refused: number;
    readonly scheduled: number;
    readonly networkReady: number;
    readonly started: number;
    readonly deleted: number;
    readonly succeeded: number;
    readonly sandboxAttempts: number;
    readonly warmAllocations: number;
    readonly reusedAllocations: number;
    readonly sandboxFailures: readonly { readonly reason: string; readonly count: number }[];
    readonly networkReadyUs: LatenciesByMode;
    readonly startUs: LatenciesByMode;
    readonly hostNetworkStartUs: readonly number[];
    /** Each Running pod-network pod's phases. */
    readonly starts: readonly PodStartRecord[];
    readonly atEnd: PhaseCounts;
    /** The most pods in each phase at any sample. */
    readonly peak: PhaseCounts;
    readonly series: PhaseSeries;
    readonly unschedulableByReason: readonly {
      readonly reason: string;
      readonly pods: number;
      readonly lastMessage: string;
    }[];
  };
  readonly nodePools: readonly CollectedPool[];
  readonly rollouts: readonly RolloutRecord[];
  readonly vSwitches: readonly CollectedVSwitch[];
  readonly api: {
    readonly bucketUs: number;
    readonly actions: readonly CollectedApi[];
    readonly byCaller: readonly ApiCallerResults[];
  };
  readonly autoscaler: readonly AutoscalerRecord[];
  readonly events: readonly AppliedEvent[];
  readonly invariants: { readonly checked: boolean; readonly checks: number };
  readonly warnings: readonly ResultWarning[];
}
