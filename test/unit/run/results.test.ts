/**
 * The results document as a pure function of a run's collected metrics: a hand-made run with
 * known figures goes in, and the summaries, headline, SLO verdicts and replication intervals are
 * checked against values computed here by hand.
 */
import { readFileSync } from 'node:fs';

import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';

import { evaluateSlos, resultsSchemaFile, type SloSpec } from '../../../models/results/index.js';
import { renderSummary } from '../../../reports/summary.js';
import { buildResults, distribution, latencyMs } from '../../../sim/run/results/build.js';
import { combineReplications } from '../../../sim/run/results/replications.js';
import type { CollectedRun } from '../../../sim/run/index.js';

const phases = {
  pending: 0,
  unschedulable: 0,
  networkSetup: 0,
  starting: 0,
  running: 0,
  terminating: 0,
};

function collected(overrides: { readonly seed?: number; readonly sharedUs?: number[] } = {}) {
  const run: CollectedRun = {
    seed: overrides.seed ?? 1,
    scenario: { name: 'hand-made', file: 'hand-made.yaml', description: 'a test run' },
    durationUs: 20_000_000,
    sampleStepUs: 10_000_000,
    eventsProcessed: 1234,
    traceHash: '0123456789abcdef',
    terwayVersionAtStart: '1.10.0',
    terwayVersionAtEnd: '1.11.1',
    pods: {
      created: 4,
      refused: 0,
      scheduled: 4,
      networkReady: 4,
      started: 4,
      deleted: 0,
      succeeded: 0,
      sandboxAttempts: 5,
      warmAllocations: 1,
      reusedAllocations: 0,
      sandboxFailures: [{ reason: 'Timeout', count: 1 }],
      networkReadyUs: {
        shared: overrides.sharedUs ?? [1_000_000, 2_000_000, 3_000_000],
        exclusive: [10_000_500],
        trunk: [],
      },
      startUs: { shared: [2_000_000, 3_000_000, 4_000_000], exclusive: [12_000_000], trunk: [] },
      hostNetworkStartUs: [],
      // Phases in µs (POD_PHASES order); each pod's sum to its start time above.
      starts: [
        {
          mode: 'shared',
          phasesUs: [100, 50, 500_000, 0, 499_850, 0, 0, 0, 0, 0, 0, 1_000_000],
          totalUs: 2_000_000,
        },
        {
          mode: 'shared',
          phasesUs: [0, 0, 0, 0, 0, 0, 0, 0, 2_000_000, 0, 0, 1_000_000],
          totalUs: 3_000_000,
        },
        {
          mode: 'shared',
          phasesUs: [0, 0, 0, 1_000_000, 0, 0, 0, 0, 2_000_000, 0, 0, 1_000_000],
          totalUs: 4_000_000,
        },
        {
          mode: 'exclusive',
          phasesUs: [0, 0, 0, 0, 0, 0, 0, 0, 10_000_000, 0, 500, 1_999_500],
          totalUs: 12_000_000,
        },
      ],
      atEnd: { ...phases, pending: 1, unschedulable: 1, networkSetup: 1, running: 2 },
      peak: { ...phases, running: 2, pending: 4 },
      series: {
        pending: [4, 2, 1],
        unschedulable: [0, 1, 1],
        networkSetup: [0, 2, 1],
        starting: [0, 0, 0],
        running: [0, 0, 2],
        terminating: [0, 0, 0],
      },
      unschedulableByReason: [
        { reason: 'Insufficient aliyun/eni', pods: 1, lastMessage: '0/2 nodes are available: …' },
      ],
    },
    nodePools: [
      {
        name: 'exclusive',
        mode: 'exclusive',
        platform: 'ecs',
        trunk: false,
        autoscaling: { minCount: 1, maxCount: 3 },
        createdAtUs: 5_000_000,
        admittedAtUs: 6_000_000,
        refusal: null,
        nodesAtEnd: 2,
        instanceTypes: [
          {
            instanceType: 'ecs.c7.4xlarge',
            nodes: 2,
            podsPerNodeMax: 7,
            networkPodsPerNodeMax: 7,
            networkPodLimit: 7,
            memberEniLimit: 0,
            kubeletMaxPods: 213,
            nodesAtLimit: 1,
            stack: 'ipv4',
            capacity: {
              cpuMillis: 16_000,
              memoryBytes: 32 * 1024 ** 3,
              ephemeralStorageBytes: 120 * 1024 ** 3,
              pods: 213,
              extended: { 'aliyun/eni': 7 },
            },
            allocatable: {
              cpuMillis: 15_890,
              memoryBytes: 28 * 1024 ** 3,
              ephemeralStorageBytes: 108 * 1024 ** 3,
              pods: 213,
              extended: { 'aliyun/eni': 7 },
            },
          },
        ],
        enisPerNode: [7, 3],
        memberEnisPerNode: [0, 0],
      },
    ],
    rollouts: [
      {
        workload: 'default/a',
        kind: 'create',
        startUs: 0,
        replicas: 2,
        finishedUs: 4_500_000,
        supersededUs: null,
      },
      {
        workload: 'default/j',
        kind: 'jobRun',
        startUs: 0,
        replicas: 1,
        finishedUs: null,
        supersededUs: null,
      },
    ],
    vSwitches: [
      {
        id: 'vsw-a',
        zone: 'z',
        cidr: '10.0.0.0/24',
        usable: 252,
        inUseAtStart: 2,
        freeSeries: [250, 240, 239],
        freeMin: 239,
        exhaustedAtUs: null,
        nodePrimary: 2,
        eniPrimary: 10,
        eniSecondary: 1,
        freeAtEnd: 239,
        ipv6: null,
      },
    ],
    api: {
      bucketUs: 10_000_000,
      actions: [
        {
          action: 'CreateNetworkInterface',
          calls: 3,
          throttled: 1,
          errors: 1,
          errorsByCode: { InternalError: 1, Throttling: 1 },
          callsSeries: [2, 1],
          throttledSeries: [1, 0],
          errorsSeries: [0, 1],
        },
      ],
      byCaller: [{ caller: 'pool', pool: 'exclusive', calls: 3, throttled: 1, errors: 1 }],
    },
    autoscaler: [
      { atUs: 10_000_000, pool: 'exclusive', action: 'scaleUp', nodes: 1, detail: 'for 1 pod' },
    ],
    events: [{ atUs: 6_000_000, type: 'UpgradeTerway', detail: 'Terway 1.10.0 → 1.11.1' }],
    invariants: { checked: true, checks: 3 },
    warnings: [],
  };
  return run;
}

const slos: SloSpec[] = [
  { name: 'podNetworkReadyP99Ms', bound: 'max', value: 5000 },
  { name: 'vSwitchFreeAddressesMin', bound: 'min', value: 239 },
  { name: 'rolloutDurationMaxS', bound: 'max', value: 10 },
];

describe('Results: the document built from a run', () => {
  const results = buildResults(collected(), { slos, enisimVersion: '9.9.9' });

  it('summarises latencies in ms by mode, interpolating percentiles (R-7)', () => {
    expect(results.latency.podNetworkReadyMs.shared).toEqual({
      count: 3,
      p50: 2000,
      p90: 2800,
      p99: 2980,
      max: 3000,
    });
    // All modes together: 1, 2, 3, 10.0005 s.
    expect(results.latency.podNetworkReadyMs.all.p50).toBe(2500);
    expect(results.latency.podNetworkReadyMs.all.max).toBe(10000.5);
    expect(results.latency.podNetworkReadyMs.trunk).toEqual({
      count: 0,
      p50: null,
      p90: null,
      p99: null,
      max: null,
    });
  });

  it('fills the headline with the SLO-named figures', () => {
    // p99 of 1, 2, 3, 10.0005 s: 3 + 0.97 × 7.0005 s.
    expect(results.headline.podNetworkReadyP99Ms).toBe(
      Math.round((3000 + 0.97 * 7000.5) * 1000) / 1000,
    );
    expect(results.headline.unschedulablePods).toBe(1);
    expect(results.headline.pendingPods).toBe(2);
    expect(results.headline.vSwitchFreeAddressesMin).toBe(239);
    expect(results.headline.throttledCalls).toBe(1);
    expect(results.headline.apiErrors).toBe(1);
    // Job runs do not count; the create took 4.5 s.
    expect(results.headline.rolloutDurationMaxS).toBe(4.5);
  });

  it('judges each SLO: max and min bounds, unmeasurable fails', () => {
    expect(results.slos.map((slo) => [slo.name, slo.pass])).toEqual([
      ['podNetworkReadyP99Ms', false],
      ['vSwitchFreeAddressesMin', true],
      ['rolloutDurationMaxS', true],
    ]);
    const [verdict] = evaluateSlos(
      [{ name: 'podStartP50Ms', bound: 'max', value: 1 }],
      [{ seed: 1, headline: { ...results.headline, podStartP50Ms: null } }],
    );
    expect(verdict?.measured).toBeNull();
    expect(verdict?.pass).toBe(false);
    expect(verdict?.breachedSeeds).toEqual([1]);
    // Over two seeds both must meet it (⌈0.95·2⌉ = 2): one unmeasured seed breaches the
    // objective although the mean of the other meets it.
    const [partly] = evaluateSlos(
      [{ name: 'rolloutDurationMaxS', bound: 'max', value: 10 }],
      [
        { seed: 4, headline: { ...results.headline, rolloutDurationMaxS: 4 } },
        { seed: 5, headline: { ...results.headline, rolloutDurationMaxS: null } },
      ],
    );
    expect(partly?.measured).toBe(4);
    expect(partly?.passedReplications).toBe(1);
    expect(partly?.requiredReplications).toBe(2);
    expect(partly?.breachedSeeds).toEqual([5]);
    expect(partly?.pass).toBe(false);
  });

  it('converts times to seconds and per-node counts to distributions', () => {
    expect(results.nodePools[0]?.admittedAtS).toBe(6);
    expect(results.nodePools[0]?.enisPerNodeAtEnd).toEqual({
      nodes: 2,
      min: 3,
      max: 7,
      mean: 5,
      histogram: [
        { value: 3, nodes: 1 },
        { value: 7, nodes: 1 },
      ],
    });
    expect(results.vSwitches[0]?.series.usedAddresses).toEqual([2, 12, 13]);
    expect(results.sampleCount).toBe(3);
    expect(distribution([])).toEqual({ nodes: 0, min: null, max: null, mean: null, histogram: [] });
    expect(latencyMs([1500])).toEqual({ count: 1, p50: 1.5, p90: 1.5, p99: 1.5, max: 1.5 });
  });

  it('bins latencies into the fixed log-spaced histogram and keeps the phase means summing', () => {
    const { histograms, phases: breakdown } = results.latency;
    if (histograms === null || breakdown === null) throw new Error('a v2 run records both');
    expect(histograms.binEdgesMs).toHaveLength(81);
    const shared = histograms.byMode.shared.networkReady;
    expect(shared.reduce((a, b) => a + b, 0)).toBe(3);
    // 1 s falls in [1000 ms, 1250 ms): the bin after edge 1000 ms.
    expect(shared[histograms.binEdgesMs.indexOf(1000) + 1]).toBe(1);
    expect(histograms.byMode.all.start.reduce((a, b) => a + b, 0)).toBe(4);
    expect(breakdown.shared.all.pods).toBe(3);
    expect(breakdown.shared.all.totalMeanMs).toBe(3000);
    const means = breakdown.shared.all.meanMs;
    expect(means?.cloudAssign).toBe(Math.round((4_000_000 / 3 / 1000) * 1000) / 1000);
    const sum = Object.values(means ?? {}).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 3000)).toBeLessThan(0.01);
    // The tail: pods at or above the p99 of 2, 3, 4 s (3.98 s): the 4 s pod only.
    expect(breakdown.shared.tail.pods).toBe(1);
    expect(breakdown.shared.tail.meanMs?.failedSandboxes).toBe(1000);
    expect(breakdown.trunk.all).toEqual({ pods: 0, meanMs: null, totalMeanMs: null });
  });

  it('matches the shipped JSON Schema', () => {
    const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
    const validate = ajv.compile(
      JSON.parse(readFileSync(resultsSchemaFile(), 'utf8')) as Record<string, unknown>,
    );
    expect(validate(JSON.parse(JSON.stringify(results)))).toBe(true);
    expect(validate.errors ?? []).toEqual([]);
    const broken = { ...JSON.parse(JSON.stringify(results)), stray: 1 } as unknown;
    expect(validate(broken)).toBe(false);
  });

  it('prints a summary naming the figures', () => {
    const text = renderSummary(results, { resultsFile: 'out/results.json' });
    expect(text).toContain('enisim run hand-made (seed 1, 20.0 s simulated)');
    expect(text).toContain('exclusive (exclusive) ecs.c7.4xlarge: 2 nodes, max 7 pods/node of 7');
    expect(text).toContain('BREACHED podNetworkReadyP99Ms ≤ 5000');
    expect(text).toContain('Results: out/results.json');
    expect(text.endsWith('\n')).toBe(true);
  });
});

describe('Results: replications', () => {
  it('reports each headline figure per seed with its mean and Student-t 95% interval', () => {
    const runs = [1, 2, 3].map((seed, index) =>
      buildResults(collected({ seed, sharedUs: [[1e6], [2e6], [3e6]][index] ?? [] }), {
        slos,
        enisimVersion: 'x',
      }),
    );
    const combined = combineReplications(runs, slos);
    expect(combined.replications).toBe(3);
    expect(combined.replicationSummary?.seeds).toEqual([1, 2, 3]);
    const pending = combined.replicationSummary?.metrics.find((m) => m.name === 'pendingPods');
    expect(pending?.values).toEqual([2, 2, 2]);
    expect(pending?.halfWidth95).toBe(0);
    // podNetworkReadyP50Ms per seed: median of {x, 10.0005 s} = (x + 10000.5) / 2.
    const p50 = combined.replicationSummary?.metrics.find((m) => m.name === 'podNetworkReadyP50Ms');
    expect(p50?.values).toEqual([5500.25, 6000.25, 6500.25]);
    expect(p50?.mean).toBe(6000.25);
    // s = 500, t(0.975, 2) = 4.302653: half-width 4.302653 × 500 / √3.
    expect(p50?.halfWidth95).toBeCloseTo((4.302653 * 500) / Math.sqrt(3), 2);
    expect(combined.slos[0]?.replications).toBe(3);
  });
});
