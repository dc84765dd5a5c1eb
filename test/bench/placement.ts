/**
 * Placement benchmark: kube-scheduler-shaped scheduling of 30,000 pods onto 1,000 nodes.
 *
 * The cluster: 800 shared-ENI nodes (15,890m cpu, 57 GiB, 213 pods, max-available-ip 210) and
 * 200 exclusive-ENI nodes (tainted, `aliyun/eni: 7`) across three zones. The pods: 28,600 from
 * ten Deployments (100m–280m cpu, 256–832 MiB) and 1,400 exclusive-ENI pods that went
 * through the Terway webhook (zone affinity to two zones). Default profile: adaptive
 * percentageOfNodesToScore (42% of 1,000 nodes → 420 feasible nodes sought).
 *
 * - `fill`: schedule and bind all 30,000 pods onto the empty cluster.
 * - `churn`: then 30,000 times delete a random bound pod and schedule its replacement.
 *
 * Each phase runs `--repeats` times (default 3) on a fresh cluster; the median is reported.
 * Usage: `node dist/test/bench/placement.js [--json] [--seed <n>] [--repeats <n>]`.
 */
import { performance } from 'node:perf_hooks';
import { createRng, intBelow } from '../../sim/engine/rng.js';
import { ClusterState } from '../../sim/placement/clusterState.js';
import { AnnotationKeys, LabelKeys } from '../../models/wellKnownKeys.js';
import { makeNode } from '../../sim/placement/node.js';
import { makePod, podKey, type PodSpec } from '../../models/pod.js';
import { makePodNetworking } from '../../models/podNetworking.js';
import { Scheduler } from '../../sim/placement/scheduler.js';
import { admitPod, DEFAULT_WEBHOOK_CONFIG } from '../../models/webhook.js';

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const ZONES = ['cn-hangzhou-h', 'cn-hangzhou-j', 'cn-hangzhou-k'] as const;
const SHARED_NODES = 800;
const EXCLUSIVE_NODES = 200;
const SHARED_PODS = 28_600;
const EXCLUSIVE_PODS = 1_400;
const DEPLOYMENTS = 10;
const CHURN_OPERATIONS = 30_000;
const eniTaint = { key: 'dedicated', value: 'eni', effect: 'NoSchedule' } as const;

interface Options {
  readonly json: boolean;
  readonly seed: number;
  readonly repeats: number;
}

function parseOptions(argv: readonly string[]): Options {
  let json = false;
  let seed = 1;
  let repeats = 3;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') {
      json = true;
    } else if (argument === '--seed' || argument === '--repeats') {
      const value = Number(argv[++index]);
      if (!Number.isSafeInteger(value) || value < 1) {
        throw new RangeError(`${argument} needs a positive integer, got ${argv[index]}`);
      }
      if (argument === '--seed') seed = value;
      else repeats = value;
    } else {
      throw new RangeError(`unknown argument ${String(argument)}`);
    }
  }
  return { json, seed, repeats };
}

function buildCluster(): ClusterState {
  const state = new ClusterState();
  for (let index = 0; index < SHARED_NODES + EXCLUSIVE_NODES; index++) {
    const exclusive = index >= SHARED_NODES;
    state.addNode(
      makeNode({
        name: `${exclusive ? 'eni' : 'web'}-${index}`,
        labels: { [LabelKeys.zone]: ZONES[index % ZONES.length] ?? '' },
        annotations: { [AnnotationKeys.maxAvailableIp]: exclusive ? '7' : '210' },
        taints: exclusive ? [eniTaint] : [],
        allocatable: {
          cpuMilli: 15_890,
          memoryBytes: 57 * GiB,
          pods: 213,
          extended: exclusive ? { 'aliyun/eni': 7 } : {},
        },
        requested: { cpuMilli: 350, memoryBytes: 600 * MiB, pods: 3 },
      }),
    );
  }
  return state;
}

/** The pod template of each workload: ten Deployments, then the exclusive-ENI one. */
function templates(): PodSpec[] {
  const deployments = Array.from({ length: DEPLOYMENTS }, (_, index) =>
    makePod({
      name: `web-${index}`,
      labels: { app: `web-${index}` },
      ownerKind: 'ReplicaSet',
      requests: { cpuMilli: 100 + 20 * index, memoryBytes: (256 + 64 * index) * MiB },
    }),
  );
  const exclusive = admitPod({
    pod: makePod({
      name: 'nginx',
      labels: { app: 'nginx' },
      ownerKind: 'ReplicaSet',
      requests: { cpuMilli: 2000, memoryBytes: 4 * GiB },
      tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'eni', effect: 'NoSchedule' }],
    }),
    namespaceLabels: {},
    podNetworkings: [
      makePodNetworking({
        name: 'exclusive',
        eniType: 'ENI',
        podSelector: { matchLabels: { app: 'nginx' }, matchExpressions: [] },
        vSwitchZones: ['cn-hangzhou-j', 'cn-hangzhou-k', 'cn-hangzhou-h'],
      }),
    ],
    config: DEFAULT_WEBHOOK_CONFIG,
  });
  if (exclusive.kind !== 'mutated') throw new Error('the webhook did not mutate the nginx pod');
  return [...deployments, exclusive.pod];
}

function podsToPlace(): PodSpec[] {
  const all = templates();
  const pods: PodSpec[] = [];
  for (let index = 0; index < SHARED_PODS + EXCLUSIVE_PODS; index++) {
    const template = index < SHARED_PODS ? all[index % DEPLOYMENTS] : all[DEPLOYMENTS];
    if (template === undefined) throw new Error('missing template');
    pods.push({ ...template, name: `${template.name}-${index}` });
  }
  return pods;
}

interface PhaseResult {
  readonly phase: 'fill' | 'churn';
  readonly pods: number;
  readonly scheduled: number;
  readonly podsPerSec: number;
  readonly medianSeconds: number;
  /** CPU time of the process (user + system): steadier than wall time on a shared machine. */
  readonly medianCpuSeconds: number;
  readonly podsPerCpuSec: number;
}

/** Wall seconds, CPU seconds (user + system) and pods scheduled, for one phase. */
type PhaseTiming = [wallSeconds: number, cpuSeconds: number, scheduled: number];

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

function runOnce(seed: number): { fill: PhaseTiming; churn: PhaseTiming } {
  const state = buildCluster();
  const rng = createRng(seed);
  const scheduler = new Scheduler(state, { rng: rng.fork('scheduler') });
  const pods = podsToPlace();
  let start = performance.now();
  let cpuStart = cpuSeconds();
  const bound: PodSpec[] = [];
  for (const pod of pods) {
    if (scheduler.scheduleAndBind(pod).code === 'scheduled') bound.push(pod);
  }
  const fill: PhaseTiming = [
    (performance.now() - start) / 1000,
    cpuSeconds() - cpuStart,
    bound.length,
  ];
  const victims = rng.fork('churn');
  let replaced = 0;
  start = performance.now();
  cpuStart = cpuSeconds();
  for (let operation = 0; operation < CHURN_OPERATIONS; operation++) {
    const index = intBelow(victims, bound.length);
    const victim = bound[index];
    if (victim === undefined) throw new Error('no pod to delete');
    state.unbind(podKey(victim));
    const replacement = { ...victim, name: `${victim.name}-r${operation}` };
    if (scheduler.scheduleAndBind(replacement).code === 'scheduled') {
      bound[index] = replacement;
      replaced++;
    } else {
      bound.splice(index, 1);
    }
  }
  return { fill, churn: [(performance.now() - start) / 1000, cpuSeconds() - cpuStart, replaced] };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const runs = Array.from({ length: options.repeats }, () => runOnce(options.seed));
  const phase = (name: 'fill' | 'churn', count: number): PhaseResult => {
    const seconds = median(runs.map((run) => run[name][0]));
    const cpu = median(runs.map((run) => run[name][1]));
    return {
      phase: name,
      pods: count,
      scheduled: runs[0]?.[name][2] ?? 0,
      podsPerSec: Math.round(count / seconds),
      medianSeconds: Number(seconds.toFixed(3)),
      medianCpuSeconds: Number(cpu.toFixed(3)),
      podsPerCpuSec: Math.round(count / cpu),
    };
  };
  const results = [phase('fill', SHARED_PODS + EXCLUSIVE_PODS), phase('churn', CHURN_OPERATIONS)];
  if (options.json) {
    console.log(JSON.stringify({ seed: options.seed, repeats: options.repeats, results }, null, 2));
    return;
  }
  console.log(`SEED=${options.seed}`);
  console.log(`placement: ${SHARED_NODES + EXCLUSIVE_NODES} nodes, median of ${options.repeats}`);
  for (const result of results) {
    console.log(
      `  ${result.phase.padEnd(6)} ${String(result.pods).padStart(6)} pods  ` +
        `${String(result.scheduled).padStart(6)} scheduled  ` +
        `${result.medianSeconds.toFixed(3)} s wall  ${result.podsPerSec} pods/s  ` +
        `(${result.medianCpuSeconds.toFixed(3)} s cpu, ${result.podsPerCpuSec} pods/cpu-s)`,
    );
  }
}

main();
