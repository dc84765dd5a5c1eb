/**
 * Allocator benchmark: allocate+release pairs per second on a warm shared pool (the goal is at
 * least 500,000/s).
 *
 * A node's daemon pool (ecs.g7.4xlarge-like: 8 ENIs × 30 addresses) is warmed on the real
 * engine and simulated cloud until `min_pool_size` addresses are idle; then each pair is one
 * CNI ADD's IPAM half (`allocate`, driven by `spawn` as the engine drives it, answered from the
 * pool without waiting) and one CNI DEL's (`release`). Every allocation is checked to have
 * completed at once with a warm address. The `warm-pool-cni` workload adds the datapath half
 * (veth pair, addresses, routes and policy rules on the in-memory datapath) to each pair.
 *
 * Each workload runs once to warm up, then `--repeats` times (default 5); the median is reported.
 * Usage: `node dist/test/bench/allocator.js [--json] [--pairs <n>] [--repeats <n>] [--seed <n>]`.
 */
import { createNodeAllocator } from '../../sim/allocator/nodeAllocator.js';
import type { NodeAllocator } from '../../sim/allocator/nodeAllocator.js';
import { resolveAllocatorConfig } from '../../sim/allocator/config.js';
import { createDatapathCni } from '../../sim/allocator/datapathCni.js';
import type { CniSequences } from '../../sim/allocator/cniSequences.js';
import type { PodRequest } from '../../sim/allocator/podRequest.js';
import { SimCloud } from '../../sim/cloud/index.js';
import { spawn } from '../../sim/contracts/operation.js';
import { MemoryDatapath } from '../../sim/datapath/memoryDatapath.js';
import { Engine } from '../../sim/engine/engine.js';
import { createRng } from '../../sim/engine/rng.js';
import { sharedPoolSizing } from '../../models/poolSizing.js';

const POOL = 60;
const PODS_IN_ROTATION = 40;
const WARM_UP_US = 120_000_000;

interface Options {
  readonly json: boolean;
  readonly seed: number;
  readonly repeats: number;
  readonly pairs: number;
}

interface WorkloadResult {
  readonly name: 'warm-pool' | 'warm-pool-cni';
  readonly allocator: 'daemon';
  readonly pairs: number;
  readonly pairsPerSec: number;
  readonly medianSeconds: number;
  readonly pairsPerCpuSec: number;
  readonly repeats: number;
}

function parseOptions(argv: readonly string[]): Options {
  let json = false;
  const numbers = { seed: 1, repeats: 5, pairs: 1_000_000 };
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') {
      json = true;
      continue;
    }
    const key = argument?.startsWith('--') === true ? argument.slice(2) : '';
    if (!(key in numbers)) throw new RangeError(`unknown argument ${String(argument)}`);
    const value = argv[index + 1];
    const parsed = Number(value);
    if (value === undefined || !Number.isSafeInteger(parsed) || parsed < 1) {
      throw new RangeError(`${String(argument)} needs a positive integer, got ${String(value)}`);
    }
    numbers[key as keyof typeof numbers] = parsed;
    index++;
  }
  return { json, ...numbers };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** A node whose pool holds `POOL` idle addresses, warmed on the engine and simulated cloud. */
function warmNode(
  seed: number,
  cni: CniSequences | undefined,
): { node: NodeAllocator; engine: Engine } {
  const engine = new Engine({ trace: false });
  const rng = createRng(seed);
  const cloud = new SimCloud({ clock: engine, rng: rng.fork('cloud') });
  cloud.addVSwitch({ vSwitchId: 'vsw-a', zoneId: 'zone-a', cidrBlock: '10.0.0.0/22' });
  cloud.addInstance({
    instanceId: 'i-bench',
    zoneId: 'zone-a',
    vSwitchId: 'vsw-a',
    eniQuantity: 8,
    eniPrivateIpAddressQuantity: 30,
  });
  const limits = {
    eniQuantity: 8,
    ipv4PerEni: 30,
    ipv6PerEni: 30,
    memberEniLimit: 0,
    platform: 'ecs',
    highDensity: false,
  } as const;
  const config = resolveAllocatorConfig({
    minPoolSize: POOL,
    maxPoolSize: POOL,
    vSwitchIds: ['vsw-a'],
  });
  const node = createNodeAllocator({
    clock: engine,
    cloud: cloud.clientFor('node/i-bench'),
    rng: rng.fork('node'),
    limits,
    config,
    sizing: sharedPoolSizing(limits, config),
    node: { name: 'bench', instanceId: 'i-bench', zoneId: 'zone-a', mode: 'shared' },
    controlPlane: null,
    ...(cni === undefined ? {} : { cni }),
  });
  node.start();
  engine.run({ untilUs: WARM_UP_US, eventsMax: 1_000_000 });
  const idle = node.snapshot().pool.idle;
  if (idle < PODS_IN_ROTATION) throw new Error(`the pool warmed up to ${idle} idle addresses only`);
  return { node, engine };
}

function pods(): PodRequest[] {
  return Array.from({ length: PODS_IN_ROTATION }, (_, i) => ({
    namespace: 'bench',
    name: `pod-${i}`,
    uid: `uid-${i}`,
    kind: 'shared' as const,
  }));
}

/** `pairs` allocate+release pairs on a warm pool; throws if one was not answered at once. */
function runPairs(node: NodeAllocator, requests: readonly PodRequest[], pairs: number): number {
  for (let i = 0; i < pairs; i++) {
    const pod = requests[i % requests.length] as PodRequest;
    const task = spawn(node.allocate(pod));
    const result = task.result;
    if (!task.finished || result === undefined || !result.ok || !result.warm) {
      throw new Error(`pair ${i}: the warm pool did not answer at once: ${JSON.stringify(result)}`);
    }
    const released = node.release(pod);
    if (!released.ok) throw new Error(`pair ${i}: release failed: ${released.message}`);
  }
  return pairs;
}

/** The same pairs through CNI ADD/DEL, with the datapath sequences on the memory datapath. */
function runCniPairs(node: NodeAllocator, requests: readonly PodRequest[], pairs: number): number {
  for (let i = 0; i < pairs; i++) {
    const pod = requests[i % requests.length] as PodRequest;
    const added = spawn(node.cniAdd(pod));
    if (!added.finished || added.result?.ok !== true) {
      throw new Error(
        `pair ${i}: CNI ADD did not complete at once: ${JSON.stringify(added.result)}`,
      );
    }
    const deleted = spawn(node.cniDel(pod));
    if (!deleted.finished || deleted.result?.ok !== true) {
      throw new Error(`pair ${i}: CNI DEL did not complete at once`);
    }
  }
  return pairs;
}

function measure(repeats: number, body: () => number): { seconds: number; cpuSeconds: number } {
  body();
  const seconds: number[] = [];
  const cpuSeconds: number[] = [];
  for (let repeat = 0; repeat < repeats; repeat++) {
    const startMs = performance.now();
    const startCpu = process.cpuUsage();
    body();
    const cpu = process.cpuUsage(startCpu);
    seconds.push((performance.now() - startMs) / 1000);
    cpuSeconds.push((cpu.user + cpu.system) / 1e6);
  }
  return { seconds: median(seconds), cpuSeconds: median(cpuSeconds) };
}

function cniFor(): { cni: CniSequences } {
  const dp = new MemoryDatapath();
  dp.plugDevice({ mac: '00:16:3e:00:00:01' });
  return {
    cni: createDatapathCni({
      datapath: dp,
      gateways: () => ({ ipv4: '10.0.3.253' }),
      onDeviceAttached: (eni) => dp.plugDevice({ mac: eni.macAddress }),
      onDeviceDetached: (eni) => {
        dp.unplugDevice(eni.macAddress);
      },
    }),
  };
}

function main(options: Options): WorkloadResult[] {
  const requests = pods();
  const results: WorkloadResult[] = [];
  const plain = warmNode(options.seed, undefined);
  const ipam = measure(options.repeats, () => runPairs(plain.node, requests, options.pairs));
  results.push({
    name: 'warm-pool',
    allocator: 'daemon',
    pairs: options.pairs,
    pairsPerSec: Math.round(options.pairs / ipam.seconds),
    medianSeconds: ipam.seconds,
    pairsPerCpuSec: Math.round(options.pairs / ipam.cpuSeconds),
    repeats: options.repeats,
  });
  const cniPairs = Math.max(1, Math.floor(options.pairs / 20));
  const withCni = warmNode(options.seed, cniFor().cni);
  const cni = measure(options.repeats, () => runCniPairs(withCni.node, requests, cniPairs));
  results.push({
    name: 'warm-pool-cni',
    allocator: 'daemon',
    pairs: cniPairs,
    pairsPerSec: Math.round(cniPairs / cni.seconds),
    medianSeconds: cni.seconds,
    pairsPerCpuSec: Math.round(cniPairs / cni.cpuSeconds),
    repeats: options.repeats,
  });
  return results;
}

const options = parseOptions(process.argv.slice(2));
const results = main(options);
if (options.json) {
  console.log(JSON.stringify({ workloads: results }));
} else {
  for (const result of results) {
    console.log(
      `${result.name.padEnd(14)} ${String(result.pairs).padStart(9)} pairs  ` +
        `${result.pairsPerSec.toLocaleString('en-US').padStart(11)} pairs/s  ` +
        `(${result.pairsPerCpuSec.toLocaleString('en-US')} per CPU-s, median of ${result.repeats})`,
    );
  }
}
