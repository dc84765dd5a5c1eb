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
import type { PerPodPhase } from './podPhases.js';
import type { SloName, SloVerdict } from './slos.js';

/**
 * The version of the results document; bumped on any incompatible change. Version 2 added the
 * latency histograms, the phases of pod start-up, node Capacity and Allocatable, API calls per
 * caller, warnings as objects, and SLO verdicts by the one rule over seeds (how many seeds met
 * each, how many had to, which breached); `upgrade.ts` reads version 1.
 */
export const RESULTS_SCHEMA_VERSION = 2;

/** The pods a latency figure is about: all, or those of one network mode. */
export const LATENCY_MODES = ['all', 'shared', 'exclusive', 'trunk'] as const;
export type LatencyMode = (typeof LATENCY_MODES)[number];

/** One mode's histograms: counts per bin of `latency.histograms.binEdgesMs`. */
export interface ModeHistograms {
  /** Binding → CNI ADD done. */
  readonly networkReady: readonly number[];
  /** Creation → Running (for `all`: host-network pods too, as `podStartMs.all`). */
  readonly start: readonly number[];
  /** Each phase of pod start-up (pod-network pods that reached Running). */
  readonly phases: PerPodPhase<readonly number[]>;
}

/** The mean time in each phase over a set of pods; the means sum to the mean total. */
export interface PhaseMeans {
  readonly pods: number;
  /** null without pods. */
  readonly meanMs: PerPodPhase<number> | null;
  /** The mean creation-to-Running time, ms; null without pods. */
  readonly totalMeanMs: number | null;
}

/** One mode's phase breakdown: over every pod, and over the tail. */
export interface PhaseBreakdown {
  readonly all: PhaseMeans;
  /** The pods whose creation-to-Running time is at or above the mode's p99. */
  readonly tail: PhaseMeans & { readonly startAtLeastMs: number | null };
}

/** Resources of a node in Kubernetes' units (`kubectl describe node`). */
export interface NodeResourceFigures {
  /** null when the catalog does not know the vCPU count. */
  readonly cpuMillis: number | null;
  /** null when the catalog does not know the memory size. */
  readonly memoryBytes: number | null;
  readonly ephemeralStorageBytes: number;
  readonly pods: number;
  /** `aliyun/eni`, `aliyun/member-eni` … as Terway's device plugin advertises them. */
  readonly extended: Readonly<Record<string, number>>;
}

/** Something the run had to assume or a planner should know. */
export interface ResultWarning {
  /** A stable code (the models' diagnostic codes, or the simulator's own). */
  readonly code: string;
  /** The node pool it is about, or null. */
  readonly pool: string | null;
  /** The instance type it is about, or null. */
  readonly instanceType: string | null;
  readonly message: string;
}

/** The cloud calls of one caller group. */
export interface ApiCallerResults {
  /** `pool` (a node pool's daemons), `controlplane`, `console` or `faultWindows`. */
  readonly caller: 'pool' | 'controlplane' | 'console' | 'faultWindows';
  /** The pool's name for `pool`, otherwise null. */
  readonly pool: string | null;
  readonly calls: number;
  readonly throttled: number;
  readonly errors: number;
}

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
    /** A node's Capacity and Allocatable as the capacity model plans them (null: version 1). */
    readonly node: {
      readonly capacity: NodeResourceFigures;
      readonly allocatable: NodeResourceFigures;
    } | null;
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
  /**
   * IPv6 in a vSwitch with an IPv6 block, else null. A /64 holds more than 2^53 addresses, so
   * the usable count is a decimal string; free = usable − used, exactly (BigInt).
   */
  readonly ipv6: {
    readonly cidr: string;
    readonly usableAddresses: string;
    readonly series: { readonly usedAddresses: readonly number[] };
  } | null;
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
    /**
     * Latency histograms by mode over fixed log-spaced bins (see `histogram.ts`); null in a
     * document upgraded from version 1, which did not record them.
     */
    readonly histograms: {
      /** The 81 bin edges, ms: bin 0 is [0, edge 0), bin i is [edge i−1, edge i), bin 81 is above. */
      readonly binEdgesMs: readonly number[];
      readonly byMode: { readonly [K in LatencyMode]: ModeHistograms };
    } | null;
    /** Where start-up time goes, by mode (pod-network pods that reached Running); null: v1. */
    readonly phases: { readonly [K in LatencyMode]: PhaseBreakdown } | null;
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
    /** The same calls by caller: each node pool's daemons, the control plane… (null: v1). */
    readonly byCaller: readonly ApiCallerResults[] | null;
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
  readonly warnings: readonly ResultWarning[];
}
