/**
 * Builds the results document (`models/results/`) from a run's collected metrics: a pure
 * function, so two runs with the same seed give byte-identical documents.
 */
import type { CollectedPool, CollectedRun } from '../collected.js';
import type { RolloutRecord } from '../metrics.js';
import type { SloSpec } from '../../../models/results/slos.js';
import { evaluateSlos } from '../../../models/results/slos.js';
import {
  RESULTS_SCHEMA_VERSION,
  type CountDistribution,
  type Headline,
  type LatencyMs,
  type PodPhaseCounts,
  type PoolResults,
  type Results,
  type RolloutResults,
} from '../../../models/results/document.js';
import { summarize } from './percentiles.js';
import { latencyHistograms, phaseBreakdowns } from './phaseBreakdown.js';

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
      node: { capacity: type.capacity, allocatable: type.allocatable },
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
  return {
    seriesBucketS: seconds(run.api.bucketUs),
    totals,
    byAction,
    byCaller: run.api.byCaller.map((row) => ({ ...row })),
  };
}

/** Builds the results of one run (no replication summary; see `replications.ts`). */
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
    latency: {
      podNetworkReadyMs: networkReady,
      podStartMs: start,
      histograms: latencyHistograms({
        starts: pods.starts,
        networkReadyUs: pods.networkReadyUs,
        startUs: pods.startUs,
        hostNetworkStartUs: pods.hostNetworkStartUs,
      }),
      phases: phaseBreakdowns(pods.starts),
    },
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
      ipv6:
        vSwitch.ipv6 === null
          ? null
          : {
              cidr: vSwitch.ipv6.cidr,
              usableAddresses: vSwitch.ipv6.usable,
              series: { usedAddresses: vSwitch.ipv6.usedSeries },
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
    slos: evaluateSlos(options.slos, [{ seed: run.seed, headline }]),
    replicationSummary: null,
    warnings: run.warnings.map((warning) => ({ ...warning })),
  };
}
