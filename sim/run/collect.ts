/**
 * Turns a finished run's state into the {@link CollectedRun}: density per pool and instance
 * type, ENIs per node from what the cloud shows, address accounting per vSwitch, the cloud's
 * call statistics as dense per-bucket series (plus calls the scenario's fault windows failed),
 * and the pod counters and series. Everything is ordered deterministically.
 */
import { CLOUD_API_ACTIONS } from '../cloud/index.js';
import type { CloudApiAction, NetworkInterface } from '../contracts/cloudApi.js';
import type {
  CollectedApi,
  CollectedInstanceType,
  CollectedPool,
  CollectedRun,
  CollectedVSwitch,
  PhaseCounts,
} from './collected.js';
import type { RunContext } from './context.js';
import type { InjectedFaults } from './faultWindows.js';
import type { NodePools, PoolRuntime } from './nodePools.js';
import type { PodLifecycle } from './podLifecycle.js';
import type { SimNode } from './simNode.js';
import type { AppliedEvent } from './timelineEvents.js';
import type { NodeResources } from '../../models/nodeCapacity.js';
import type {
  ApiCallerResults,
  NodeResourceFigures,
  ResultWarning,
} from '../../models/results/document.js';
import type { Finding, Scenario } from '../../scenarios/load/index.js';

/** What collecting reads. */
export interface CollectInput {
  readonly ctx: RunContext;
  readonly pools: NodePools;
  readonly lifecycle: PodLifecycle;
  readonly injected: InjectedFaults;
  readonly events: readonly AppliedEvent[];
  readonly endUs: number;
  readonly invariantsChecked: boolean;
  /** Whether the engine folded events into its trace hash. */
  readonly traced: boolean;
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Builds the collected run. */
export function collectRun(input: CollectInput): CollectedRun {
  const { ctx } = input;
  const { metrics, scenario, engine } = ctx;
  const interfaces = ctx.cloud.networkInterfaces();
  return {
    seed: ctx.seed,
    scenario: { name: scenario.name, file: scenario.file, description: scenario.description },
    durationUs: input.endUs,
    sampleStepUs: scenario.timeline.sampleStepUs,
    eventsProcessed: engine.eventsTotal,
    traceHash: input.traced ? engine.traceHash() : null,
    terwayVersionAtStart: scenario.cluster.terwayVersion.text,
    terwayVersionAtEnd: ctx.terwayVersion.text,
    pods: collectPods(input),
    nodePools: input.pools.pools.map((pool) => collectPool(pool, interfaces)),
    rollouts: metrics.rollouts.map((record) => ({ ...record })),
    vSwitches: collectVSwitches(ctx),
    api: collectApi(input),
    autoscaler: [...metrics.autoscaler],
    events: [...input.events],
    invariants: { checked: input.invariantsChecked, checks: metrics.invariantChecks },
    warnings: [
      ...scenario.warnings.map((finding) => scenarioWarning(scenario, finding)),
      ...[...metrics.warnings].sort((a, b) => byText(a.message, b.message)),
    ],
  };
}

/** A loader finding as a results warning, its pool and instance type read off its path. */
function scenarioWarning(scenario: Scenario, finding: Finding): ResultWarning {
  const match = /nodePools\[(\d+)\](?:\.instanceTypes\[(\d+)\])?/.exec(finding.path ?? '');
  const pool = match === null ? undefined : scenario.cluster.nodePools[Number(match[1])];
  const type = match?.[2] === undefined ? undefined : pool?.instanceTypes[Number(match[2])];
  return {
    code: finding.code,
    pool: pool?.name ?? null,
    instanceType: type?.id ?? null,
    message: finding.message,
  };
}

function phaseCounts(values: readonly number[], unschedulable: number): PhaseCounts {
  return {
    pending: values[0] ?? 0,
    unschedulable,
    networkSetup: values[1] ?? 0,
    starting: values[2] ?? 0,
    running: values[3] ?? 0,
    terminating: values[4] ?? 0,
  };
}

function maxOf(values: readonly number[]): number {
  let max = 0;
  for (const value of values) if (value > max) max = value;
  return max;
}

function collectPods(input: CollectInput): CollectedRun['pods'] {
  const { metrics } = input.ctx;
  const series = metrics.phaseSeries;
  const seriesOf = (phase: number): readonly number[] => [...(series[phase] ?? [])];
  return {
    created: metrics.podsCreated,
    refused: metrics.podsRefused,
    scheduled: metrics.podsScheduled,
    networkReady: metrics.podsNetworkReady,
    started: metrics.podsStarted,
    deleted: metrics.podsDeleted,
    succeeded: metrics.podsSucceeded,
    sandboxAttempts: metrics.sandboxAttempts,
    warmAllocations: metrics.warmAllocations,
    reusedAllocations: metrics.reusedAllocations,
    sandboxFailures: [...metrics.sandboxFailures]
      .map(([reason, count]) => ({ reason, count }))
      .sort((a, b) => byText(a.reason, b.reason)),
    networkReadyUs: metrics.networkReadyUs,
    startUs: metrics.startUs,
    hostNetworkStartUs: metrics.hostNetworkStartUs,
    starts: metrics.podStarts,
    atEnd: phaseCounts(metrics.phaseCounts, metrics.unschedulable),
    peak: phaseCounts(series.map(maxOf), maxOf(metrics.unschedulableSeries)),
    series: {
      pending: seriesOf(0),
      unschedulable: [...metrics.unschedulableSeries],
      networkSetup: seriesOf(1),
      starting: seriesOf(2),
      running: seriesOf(3),
      terminating: seriesOf(4),
    },
    unschedulableByReason: [...metrics.unschedulableReasons]
      .map(([reason, entry]) => ({ reason, pods: entry.pods, lastMessage: entry.lastMessage }))
      .sort((a, b) => b.pods - a.pods || byText(a.reason, b.reason)),
  };
}

function collectPool(pool: PoolRuntime, interfaces: readonly NetworkInterface[]): CollectedPool {
  const spec = pool.spec;
  const byType = new Map<string, SimNode[]>();
  for (const node of pool.history) {
    const list = byType.get(node.profile.type.id) ?? [];
    list.push(node);
    byType.set(node.profile.type.id, list);
  }
  const instanceTypes: CollectedInstanceType[] = spec.instanceTypes
    .filter((type) => byType.has(type.id))
    .map((type) => {
      const nodes = byType.get(type.id) ?? [];
      const profile = nodes[0]?.profile;
      const networkPodLimit = profile?.networkPodLimit ?? 0;
      const memberEniLimit = profile?.memberEniLimit ?? 0;
      return {
        instanceType: type.id,
        nodes: nodes.length,
        podsPerNodeMax: maxOf(nodes.map((node) => node.boundPodsMax)),
        networkPodsPerNodeMax: maxOf(nodes.map((node) => node.networkPodsMax)),
        networkPodLimit,
        memberEniLimit,
        kubeletMaxPods: profile?.kubeletMaxPods ?? 0,
        nodesAtLimit: nodes.filter((node) => node.boundPodsMax >= networkPodLimit + memberEniLimit)
          .length,
        stack: profile?.stack ?? 'ipv4',
        capacity: resourceFigures(profile?.plan.capacity),
        allocatable: resourceFigures(profile?.plan.allocatable),
      };
    });
  const live = pool.nodes.filter((node) => node.state !== 'removed');
  const attached = new Map<string, { enis: number; members: number }>();
  for (const eni of interfaces) {
    if (eni.instanceId === null || eni.type === 'Primary') continue;
    const counts = attached.get(eni.instanceId) ?? { enis: 0, members: 0 };
    if (eni.type === 'Member') counts.members++;
    else counts.enis++;
    attached.set(eni.instanceId, counts);
  }
  return {
    name: spec.name,
    mode: spec.mode,
    platform: spec.platform,
    trunk: spec.trunk,
    autoscaling: spec.autoscaling,
    createdAtUs: pool.createdAtUs,
    admittedAtUs: pool.admittedAtUs,
    refusal: pool.refusal,
    nodesAtEnd: live.filter((node) => node.state === 'ready').length,
    instanceTypes,
    enisPerNode: live.map((node) => attached.get(node.instanceId)?.enis ?? 0),
    memberEnisPerNode: live.map((node) => attached.get(node.instanceId)?.members ?? 0),
  };
}

function resourceFigures(resources: NodeResources | undefined): NodeResourceFigures {
  return {
    cpuMillis: resources?.cpuMillis ?? null,
    memoryBytes: resources?.memoryBytes ?? null,
    ephemeralStorageBytes: resources?.ephemeralStorageBytes ?? 0,
    pods: resources?.pods ?? 0,
    extended: Object.fromEntries(
      Object.entries(resources?.extended ?? {}).sort(([a], [b]) => byText(a, b)),
    ),
  };
}

function collectVSwitches(ctx: RunContext): CollectedVSwitch[] {
  const { metrics, scenario } = ctx;
  const accounting = new Map(ctx.cloud.vSwitchAccounting().map((a) => [a.vSwitchId, a]));
  return scenario.cluster.vSwitches.map((vSwitch) => {
    const now = accounting.get(vSwitch.id);
    const freeSeries = metrics.vSwitchFree.get(vSwitch.id) ?? [];
    return {
      id: vSwitch.id,
      zone: vSwitch.zone,
      cidr: vSwitch.ipv4Cidr,
      usable: vSwitch.ipv4UsableAddresses,
      inUseAtStart: vSwitch.usedIpv4Addresses,
      freeSeries: [...freeSeries],
      freeMin: metrics.vSwitchFreeMin.get(vSwitch.id) ?? vSwitch.ipv4FreeAddresses,
      exhaustedAtUs: metrics.vSwitchExhaustedUs.get(vSwitch.id) ?? null,
      nodePrimary: now?.ipv4.nodePrimary ?? 0,
      eniPrimary: now?.ipv4.eniPrimary ?? 0,
      eniSecondary: now?.ipv4.eniSecondary ?? 0,
      freeAtEnd: now?.ipv4.free ?? vSwitch.ipv4FreeAddresses,
      ipv6:
        now?.ipv6 == null || now.ipv6CidrBlock === null
          ? null
          : {
              cidr: now.ipv6CidrBlock,
              usable: now.ipv6.usable.toString(),
              usedSeries: [...(metrics.vSwitchIpv6Used.get(vSwitch.id) ?? [])],
            },
    };
  });
}

function collectApi(input: CollectInput): CollectedRun['api'] {
  const { ctx, injected, endUs } = input;
  const stats = ctx.cloud.stats();
  const bucketUs = stats.bucketUs;
  const buckets = bucketUs === 0 ? 0 : Math.max(1, Math.ceil(endUs / bucketUs));
  const zeros = (): number[] => new Array<number>(buckets).fill(0);
  const series = new Map<
    CloudApiAction,
    { calls: number[]; throttled: number[]; errors: number[] }
  >();
  const seriesOf = (action: CloudApiAction) => {
    let entry = series.get(action);
    if (entry === undefined) {
      entry = { calls: zeros(), throttled: zeros(), errors: zeros() };
      series.set(action, entry);
    }
    return entry;
  };
  for (const point of stats.series) {
    const index = Math.min(buckets - 1, Math.floor(point.startUs / bucketUs));
    const entry = seriesOf(point.action);
    entry.calls[index] = (entry.calls[index] ?? 0) + point.calls;
    entry.throttled[index] = (entry.throttled[index] ?? 0) + point.throttled;
    entry.errors[index] = (entry.errors[index] ?? 0) + point.errors;
  }
  for (const [action, perBucket] of injected.series) {
    const entry = seriesOf(action);
    for (const [bucket, [calls, throttled]] of perBucket) {
      const index = Math.min(buckets - 1, bucket);
      entry.calls[index] = (entry.calls[index] ?? 0) + calls;
      entry.throttled[index] = (entry.throttled[index] ?? 0) + throttled;
      entry.errors[index] = (entry.errors[index] ?? 0) + calls - throttled;
    }
  }
  const actions: CollectedApi[] = [];
  for (const action of CLOUD_API_ACTIONS) {
    const total = stats.total[action];
    const extra = injected.totals.get(action);
    if (total === undefined && extra === undefined) continue;
    const errorsByCode: Record<string, number> = { ...(total?.errorsByCode ?? {}) };
    for (const [code, count] of injected.byCode.get(action) ?? []) {
      errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
    }
    const sortedCodes = Object.fromEntries(
      Object.entries(errorsByCode).sort(([a], [b]) => byText(a, b)),
    );
    const entry = seriesOf(action);
    actions.push({
      action,
      calls: (total?.calls ?? 0) + (extra?.calls ?? 0),
      throttled: (total?.throttled ?? 0) + (extra?.throttled ?? 0),
      errors: (total?.errors ?? 0) + (extra === undefined ? 0 : extra.calls - extra.throttled),
      errorsByCode: sortedCodes,
      callsSeries: entry.calls,
      throttledSeries: entry.throttled,
      errorsSeries: entry.errors,
    });
  }
  return { bucketUs, actions, byCaller: callerGroups(input) };
}

/**
 * The calls per caller group: each node's daemon (`node/<instance id>`) counted in its pool,
 * then the control plane, the console, and the calls the fault windows failed.
 */
function callerGroups(input: CollectInput): ApiCallerResults[] {
  const { ctx, injected } = input;
  const poolOfInstance = new Map<string, string>();
  for (const pool of input.pools.pools) {
    for (const node of pool.history) poolOfInstance.set(node.instanceId, pool.spec.name);
  }
  const rows = new Map<string, { -readonly [K in keyof ApiCallerResults]: ApiCallerResults[K] }>();
  const rowOf = (caller: ApiCallerResults['caller'], pool: string | null) => {
    const key = `${caller}/${pool ?? ''}`;
    let row = rows.get(key);
    if (row === undefined) {
      row = { caller, pool, calls: 0, throttled: 0, errors: 0 };
      rows.set(key, row);
    }
    return row;
  };
  for (const pool of ctx.scenario.cluster.nodePools) rowOf('pool', pool.name);
  for (const { callerId, perApi } of ctx.cloud.stats().byCaller) {
    const instanceId = callerId.startsWith('node/') ? callerId.slice('node/'.length) : null;
    const row =
      instanceId === null
        ? rowOf(callerId === 'console' ? 'console' : 'controlplane', null)
        : rowOf('pool', poolOfInstance.get(instanceId) ?? null);
    for (const action of CLOUD_API_ACTIONS) {
      const counters = perApi[action];
      if (counters === undefined) continue;
      row.calls += counters.calls;
      row.throttled += counters.throttled;
      row.errors += counters.errors;
    }
  }
  for (const action of CLOUD_API_ACTIONS) {
    const totals = injected.totals.get(action);
    if (totals === undefined) continue;
    const row = rowOf('faultWindows', null);
    row.calls += totals.calls;
    row.throttled += totals.throttled;
    row.errors += totals.calls - totals.throttled;
  }
  return [...rows.values()];
}
