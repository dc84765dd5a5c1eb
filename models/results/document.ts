/**
 * The forecast document `enisim run` writes as `results.json`: its TypeScript type. The JSON Schema
 * `models/results/results.schema.json` describes the same shape, version
 * {@link RESULTS_SCHEMA_VERSION}; the simulator builds it (`sim/run/results/`), and `reports/`
 * renders it.
 *
 * Conventions: every number's unit is in its field name (`…Ms`, `…S`, `…Addresses`, counts
 * otherwise); times are seconds from the start of the run; a time series holds one value per
 * sample, the i-th at `i × sampleStepS` (API series: the i-th counts calls in
 * `[i × sampleStepS, (i+1) × sampleStepS)`); `null` means "did not happen" or "not measurable",
 * never 0. Key order is fixed by construction, and nothing depends on the wall clock, so two
 * runs with the same seed give byte-identical documents.
 */
import type { SloName, SloVerdict } from './slos.js';

/** The version of the results document; bumped on any incompatible change. */
export const RESULTS_SCHEMA_VERSION = 2;

/** p50/p90/p99/max in milliseconds (null without samples), and how many pods. */
export interface LatencyMs {
  readonly count: number;
  readonly p50: number | null;
  readonly p90: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

/** The headline figures: one per SLO name, the values SLOs and replications are about. */
export type Headline = { readonly [K in SloName]: number | null };

/** Pod counts by phase at one moment. */
export interface PhaseCounts {
  readonly pending: number;
  /** Of the pending pods, those whose last scheduling cycle failed. */
  readonly unschedulable: number;
  readonly networkSetup: number;
  readonly starting: number;
  readonly running: number;
  readonly terminating: number;
}

/** Pod counts at one moment. */
export interface PodPhaseCounts extends PhaseCounts {
  /** Kubernetes' Pending phase: not yet scheduled, in network set-up, or starting. */
  readonly pendingPhase: number;
}

/** A distribution of a per-node count. */
export interface CountDistribution {
  readonly nodes: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number | null;
  /** How many nodes have each value, ascending by value. */
  readonly histogram: readonly { readonly value: number; readonly nodes: number }[];
}

/** One node pool's figures. */
export interface PoolResults {
  readonly name: string;
  readonly mode: 'shared' | 'exclusive';
  readonly platform: 'ecs' | 'lingjun';
  readonly trunk: boolean;
  readonly autoscaling: { readonly minNodes: number; readonly maxNodes: number } | null;
  readonly createdAtS: number;
  /** When its nodes could first join (admitted by the models at the Terway version), or null. */
  readonly admittedAtS: number | null;
  readonly refusal: string | null;
  readonly nodesAtEnd: number;
  readonly density: readonly {
    readonly instanceType: string;
    readonly nodes: number;
    /** The most pod-network pods bound to one node at once. */
    readonly podsPerNodeMax: number;
    /** The most pods holding a network on one node at once. */
    readonly networkPodsPerNodeMax: number;
    /** The limit of the pool's mode: `aliyun/eni` (exclusive) or the shared address capacity. */
    readonly podLimitForMode: number;
    /** `aliyun/member-eni` (trunk pods); 0 without trunk. */
    readonly memberEniLimit: number;
    readonly kubeletMaxPods: number;
    /** Nodes whose bound pods reached podLimitForMode + memberEniLimit. */
    readonly nodesAtLimit: number;
    readonly stack: 'ipv4' | 'dual';
  }[];
  /** Secondary and trunk ENIs attached per node at the end of the run. */
  readonly enisPerNodeAtEnd: CountDistribution;
  /** Member ENIs per node at the end of the run. */
  readonly memberEnisPerNodeAtEnd: CountDistribution;
}

/** What started a rollout. */
export type RolloutKind = 'create' | 'update' | 'scale' | 'jobRun';

/** One rollout. */
export interface RolloutResults {
  readonly workload: string;
  readonly kind: RolloutKind;
  readonly replicas: number;
  readonly startS: number;
  readonly finishedS: number | null;
  readonly durationS: number | null;
  /** When a later rollout of the workload replaced it unfinished, or null. */
  readonly supersededAtS: number | null;
}

/** One vSwitch. */
export interface VSwitchResults {
  readonly id: string;
  readonly zone: string;
  readonly cidr: string;
  readonly usableAddresses: number;
  readonly inUseAtStartAddresses: number;
  readonly freeAddressesMin: number;
  /** The first moment it had no free address (at sample resolution or a failed call), or null. */
  readonly exhaustedAtS: number | null;
  readonly atEnd: {
    readonly freeAddresses: number;
    readonly nodePrimaryAddresses: number;
    readonly eniPrimaryAddresses: number;
    readonly eniSecondaryAddresses: number;
  };
  readonly series: {
    readonly freeAddresses: readonly number[];
    readonly usedAddresses: readonly number[];
  };
}

/** One API action. */
export interface ApiResults {
  readonly action: string;
  readonly calls: number;
  readonly throttled: number;
  readonly errors: number;
  readonly errorsByCode: Readonly<Record<string, number>>;
  readonly series: {
    readonly calls: readonly number[];
    readonly throttled: readonly number[];
    readonly errors: readonly number[];
  };
}

/** A headline metric over replications. */
export interface ReplicatedMetric {
  readonly name: SloName;
  /** One value per replication, in seed order (null where not measurable). */
  readonly values: readonly (number | null)[];
  readonly mean: number | null;
  readonly halfWidth95: number | null;
  readonly low95: number | null;
  readonly high95: number | null;
}

/** The results document. */
export interface Results {
  readonly schemaVersion: typeof RESULTS_SCHEMA_VERSION;
  readonly enisimVersion: string;
  readonly scenario: { readonly name: string; readonly file: string; readonly description: string };
  /** The seed of the run shown in full (the first replication's). */
  readonly seed: number;
  readonly replications: number;
  readonly simulatedDurationS: number;
  readonly sampleStepS: number;
  readonly sampleCount: number;
  readonly engine: { readonly eventsProcessed: number; readonly traceHash: string | null };
  readonly terway: { readonly versionAtStart: string; readonly versionAtEnd: string };
  readonly headline: Headline;
  readonly latency: {
    readonly podNetworkReadyMs: {
      readonly all: LatencyMs;
      readonly shared: LatencyMs;
      readonly exclusive: LatencyMs;
      readonly trunk: LatencyMs;
    };
    readonly podStartMs: {
      readonly all: LatencyMs;
      readonly shared: LatencyMs;
      readonly exclusive: LatencyMs;
      readonly trunk: LatencyMs;
      readonly hostNetwork: LatencyMs;
    };
  };
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
    readonly atEnd: PodPhaseCounts;
    readonly peak: PhaseCounts;
    readonly series: { readonly [K in keyof PhaseCounts]: readonly number[] };
    readonly unschedulableByReason: readonly {
      readonly reason: string;
      readonly pods: number;
      readonly lastMessage: string;
    }[];
  };
  readonly nodePools: readonly PoolResults[];
  readonly rollouts: readonly RolloutResults[];
  readonly vSwitches: readonly VSwitchResults[];
  readonly api: {
    readonly seriesBucketS: number;
    readonly totals: {
      readonly calls: number;
      readonly throttled: number;
      readonly errors: number;
    };
    readonly byAction: readonly ApiResults[];
  };
  readonly autoscaler: readonly {
    readonly atS: number;
    readonly pool: string;
    readonly action: 'scaleUp' | 'scaleDown' | 'createFailed';
    readonly nodes: number;
    readonly detail: string;
  }[];
  readonly events: readonly {
    readonly atS: number;
    readonly type: string;
    readonly detail: string;
  }[];
  readonly invariants: { readonly status: 'passed' | 'notChecked'; readonly checks: number };
  readonly slos: readonly SloVerdict[];
  readonly replicationSummary: {
    readonly seeds: readonly number[];
    readonly metrics: readonly ReplicatedMetric[];
  } | null;
  readonly warnings: readonly string[];
}
