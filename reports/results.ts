/**
 * The forecast document `enisim run` writes as `results.json`: its TypeScript type (the JSON
 * Schema `reports/schema/results.schema.json` describes the same shape, version
 * {@link RESULTS_SCHEMA_VERSION}) and the pure function that builds it from a run's collected
 * metrics.
 *
 * Conventions: every number's unit is in its field name (`…Ms`, `…S`, `…Addresses`, counts
 * otherwise); times are seconds from the start of the run; a time series holds one value per
 * sample, the i-th at `i × sampleStepS` (API series: the i-th counts calls in
 * `[i × sampleStepS, (i+1) × sampleStepS)`); `null` means "did not happen" or "not measurable",
 * never 0. Key order is fixed by construction, and nothing depends on the wall clock, so two
 * runs with the same seed give byte-identical documents.
 */
import type { CollectedPool, CollectedRun, PhaseCounts } from '../sim/run/collected.js';
import type { RolloutRecord } from '../sim/run/metrics.js';
import type { SloName, SloSpec } from '../scenarios/load/index.js';
import { summarize, type LatencySummary } from './percentiles.js';
import { evaluateSlos, type SloVerdict } from './resultsSlos.js';

/** The version of the results document; bumped on any incompatible change. */
export const RESULTS_SCHEMA_VERSION = 1;

/** p50/p90/p99/max in milliseconds, and how many pods. */
export type LatencyMs = LatencySummary;

/** The headline figures: one per SLO name, the values SLOs and replications are about. */
export type Headline = { readonly [K in SloName]: number | null };

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

/** One rollout. */
export interface RolloutResults {
  readonly workload: string;
  readonly kind: RolloutRecord['kind'];
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

/** Microseconds as seconds (exact to the microsecond). */
export function seconds(us: number): number {
  return us / 1_000_000;
}

/** Rounds to three decimals (microseconds, when the unit is milliseconds). */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** Latency samples in µs as a p50/p90/p99/max summary in ms (rounded to the µs). */
export function latencyMs(samplesUs: readonly number[]): LatencyMs {
  const summary = summarize(samplesUs.map((us) => us / 1000));
  const r = (value: number | null): number | null => (value === null ? null : round3(value));
  return {
    count: summary.count,
    p50: r(summary.p50),
    p90: r(summary.p90),
    p99: r(summary.p99),
    max: r(summary.max),
  };
}

/** A per-node count as a distribution (nulls when there are no nodes). */
export function distribution(values: readonly number[]): CountDistribution {
  if (values.length === 0) return { nodes: 0, min: null, max: null, mean: null, histogram: [] };
  const counts = new Map<number, number>();
  let sum = 0;
  for (const value of values) {
    counts.set(value, (counts.get(value) ?? 0) + 1);
    sum += value;
  }
  const histogram = [...counts]
    .sort(([a], [b]) => a - b)
    .map(([value, nodes]) => ({ value, nodes }));
  return {
    nodes: values.length,
    min: histogram[0]?.value ?? null,
    max: histogram[histogram.length - 1]?.value ?? null,
    mean: round3(sum / values.length),
    histogram,
  };
}

function poolResults(pool: CollectedPool): PoolResults {
  return {
    name: pool.name,
    mode: pool.mode,
    platform: pool.platform,
    trunk: pool.trunk,
    autoscaling:
      pool.autoscaling === null
        ? null
        : { minNodes: pool.autoscaling.minCount, maxNodes: pool.autoscaling.maxCount },
    createdAtS: seconds(pool.createdAtUs),
    admittedAtS: pool.admittedAtUs === null ? null : seconds(pool.admittedAtUs),
    refusal: pool.refusal,
    nodesAtEnd: pool.nodesAtEnd,
    density: pool.instanceTypes.map((type) => ({
      instanceType: type.instanceType,
      nodes: type.nodes,
      podsPerNodeMax: type.podsPerNodeMax,
      networkPodsPerNodeMax: type.networkPodsPerNodeMax,
      podLimitForMode: type.networkPodLimit,
      memberEniLimit: type.memberEniLimit,
      kubeletMaxPods: type.kubeletMaxPods,
      nodesAtLimit: type.nodesAtLimit,
      stack: type.stack,
    })),
    enisPerNodeAtEnd: distribution(pool.enisPerNode),
    memberEnisPerNodeAtEnd: distribution(pool.memberEnisPerNode),
  };
}

function rolloutResults(record: RolloutRecord): RolloutResults {
  return {
    workload: record.workload,
    kind: record.kind,
    replicas: record.replicas,
    startS: seconds(record.startUs),
    finishedS: record.finishedUs === null ? null : seconds(record.finishedUs),
    durationS: record.finishedUs === null ? null : seconds(record.finishedUs - record.startUs),
    supersededAtS: record.supersededUs === null ? null : seconds(record.supersededUs),
  };
}

function allSamples(byMode: CollectedRun['pods']['networkReadyUs'], extra: readonly number[] = []) {
  return [...byMode.shared, ...byMode.exclusive, ...byMode.trunk, ...extra];
}

/** The largest rollout duration, null when a (non-superseded) rollout never finished. */
function rolloutDurationMaxS(rollouts: readonly RolloutResults[]): number | null {
  let max: number | null = null;
  for (const rollout of rollouts) {
    if (rollout.kind === 'jobRun' || rollout.supersededAtS !== null) continue;
    if (rollout.durationS === null) return null;
    max = Math.max(max ?? 0, rollout.durationS);
  }
  return max;
}

function headlineOf(
  run: CollectedRun,
  parts: {
    readonly networkReady: LatencyMs;
    readonly start: LatencyMs;
    readonly rollouts: readonly RolloutResults[];
    readonly api: Results['api'];
    readonly atEnd: PodPhaseCounts;
  },
): Headline {
  const freeMin = run.vSwitches.reduce<number | null>(
    (min, vSwitch) => (min === null ? vSwitch.freeMin : Math.min(min, vSwitch.freeMin)),
    null,
  );
  return {
    podNetworkReadyP50Ms: parts.networkReady.p50,
    podNetworkReadyP90Ms: parts.networkReady.p90,
    podNetworkReadyP99Ms: parts.networkReady.p99,
    podNetworkReadyMaxMs: parts.networkReady.max,
    podStartP50Ms: parts.start.p50,
    podStartP90Ms: parts.start.p90,
    podStartP99Ms: parts.start.p99,
    podStartMaxMs: parts.start.max,
    unschedulablePods: parts.atEnd.unschedulable,
    pendingPods: parts.atEnd.pendingPhase,
    vSwitchFreeAddressesMin: freeMin,
    throttledCalls: parts.api.totals.throttled,
    apiErrors: parts.api.totals.errors,
    rolloutDurationMaxS: rolloutDurationMaxS(parts.rollouts),
  };
}

function apiResults(run: CollectedRun): Results['api'] {
  const byAction = run.api.actions.map((api) => ({
    action: api.action,
    calls: api.calls,
    throttled: api.throttled,
    errors: api.errors,
    errorsByCode: api.errorsByCode,
    series: { calls: api.callsSeries, throttled: api.throttledSeries, errors: api.errorsSeries },
  }));
  const totals = { calls: 0, throttled: 0, errors: 0 };
  for (const api of byAction) {
    totals.calls += api.calls;
    totals.throttled += api.throttled;
    totals.errors += api.errors;
  }
  return { seriesBucketS: seconds(run.api.bucketUs), totals, byAction };
}

/** Builds the results of one run (no replication summary; see `resultsReplications.ts`). */
export function buildResults(
  run: CollectedRun,
  options: { readonly slos: readonly SloSpec[]; readonly enisimVersion: string },
): Results {
  const atEnd: PodPhaseCounts = {
    ...run.pods.atEnd,
    pendingPhase: run.pods.atEnd.pending + run.pods.atEnd.networkSetup + run.pods.atEnd.starting,
  };
  const networkReady = {
    all: latencyMs(allSamples(run.pods.networkReadyUs)),
    shared: latencyMs(run.pods.networkReadyUs.shared),
    exclusive: latencyMs(run.pods.networkReadyUs.exclusive),
    trunk: latencyMs(run.pods.networkReadyUs.trunk),
  };
  const start = {
    all: latencyMs(allSamples(run.pods.startUs, run.pods.hostNetworkStartUs)),
    shared: latencyMs(run.pods.startUs.shared),
    exclusive: latencyMs(run.pods.startUs.exclusive),
    trunk: latencyMs(run.pods.startUs.trunk),
    hostNetwork: latencyMs(run.pods.hostNetworkStartUs),
  };
  const rollouts = run.rollouts.map(rolloutResults);
  const api = apiResults(run);
  const headline = headlineOf(run, {
    networkReady: networkReady.all,
    start: start.all,
    rollouts,
    api,
    atEnd,
  });
  const { pods } = run;
  return {
    schemaVersion: RESULTS_SCHEMA_VERSION,
    enisimVersion: options.enisimVersion,
    scenario: { ...run.scenario },
    seed: run.seed,
    replications: 1,
    simulatedDurationS: seconds(run.durationUs),
    sampleStepS: seconds(run.sampleStepUs),
    sampleCount: pods.series.pending.length,
    engine: { eventsProcessed: run.eventsProcessed, traceHash: run.traceHash },
    terway: { versionAtStart: run.terwayVersionAtStart, versionAtEnd: run.terwayVersionAtEnd },
    headline,
    latency: { podNetworkReadyMs: networkReady, podStartMs: start },
    pods: {
      created: pods.created,
      refused: pods.refused,
      scheduled: pods.scheduled,
      networkReady: pods.networkReady,
      started: pods.started,
      deleted: pods.deleted,
      succeeded: pods.succeeded,
      sandboxAttempts: pods.sandboxAttempts,
      warmAllocations: pods.warmAllocations,
      reusedAllocations: pods.reusedAllocations,
      sandboxFailures: pods.sandboxFailures,
      atEnd,
      peak: pods.peak,
      series: pods.series,
      unschedulableByReason: pods.unschedulableByReason,
    },
    nodePools: run.nodePools.map(poolResults),
    rollouts,
    vSwitches: run.vSwitches.map((vSwitch) => ({
      id: vSwitch.id,
      zone: vSwitch.zone,
      cidr: vSwitch.cidr,
      usableAddresses: vSwitch.usable,
      inUseAtStartAddresses: vSwitch.inUseAtStart,
      freeAddressesMin: vSwitch.freeMin,
      exhaustedAtS: vSwitch.exhaustedAtUs === null ? null : seconds(vSwitch.exhaustedAtUs),
      atEnd: {
        freeAddresses: vSwitch.freeAtEnd,
        nodePrimaryAddresses: vSwitch.nodePrimary,
        eniPrimaryAddresses: vSwitch.eniPrimary,
        eniSecondaryAddresses: vSwitch.eniSecondary,
      },
      series: {
        freeAddresses: vSwitch.freeSeries,
        usedAddresses: vSwitch.freeSeries.map((free) => vSwitch.usable - free),
      },
    })),
    api,
    autoscaler: run.autoscaler.map((record) => ({
      atS: seconds(record.atUs),
      pool: record.pool,
      action: record.action,
      nodes: record.nodes,
      detail: record.detail,
    })),
    events: run.events.map((event) => ({
      atS: seconds(event.atUs),
      type: event.type,
      detail: event.detail,
    })),
    invariants: {
      status: run.invariants.checked ? 'passed' : 'notChecked',
      checks: run.invariants.checks,
    },
    slos: evaluateSlos(options.slos, [headline]),
    replicationSummary: null,
    warnings: run.warnings,
  };
}
