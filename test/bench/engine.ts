/**
 * Engine benchmark: the two workloads SimPy was measured on (docs: anchors §6), plus a bare
 * typed-array binary heap doing workload (a) as the baseline.
 *
 * - `timeouts`: N processes, each looping over an exponential timeout with mean 1 s, until
 *   1,000,000 timeouts have fired in total, for N ∈ {1, 100, 1000, 10000}.
 * - `mmc`: an M/M/8 queue at utilisation 0.9 (λ = 7.2/s, μ = 1/s) with 200,000 customers
 *   through the engine's `Resource`; the mean wait with its 95% batch-means interval is printed
 *   beside the Erlang C value, which must fall inside it.
 * - `baseline-heap`: workload (a) with no engine: a heap of (time, process) and the same draws.
 *
 * Each workload runs once to warm up, then `--repeats` times (default 5), interleaved with the
 * other workloads of the same size; the median wall time is reported.
 *
 * The two timeout workloads do the same work: each fires 1,000,000 timeouts and draws the
 * same N + 1,000,000 delays from the same stream (`timeouts`, forked afresh for each run). The
 * benchmark checks it: after each run it draws one more number, which must be the same for
 * both (a workload that drew one delay more or less would see a different one).
 * Usage: `node dist/test/bench/engine.js [--json] [--seed <n>] [--repeats <n>]`.
 */
import { wait } from '../../sim/contracts/operation.js';
import type { Coroutine } from '../../sim/contracts/operation.js';
import { Engine } from '../../sim/engine/engine.js';
import { Resource } from '../helpers/resources.js';
import { createRng } from '../../sim/engine/rng.js';
import type { Rng } from '../../sim/engine/rng.js';
import { batchMeans, mmcMeanWaitS } from '../helpers/queueing.js';

const TIMEOUTS_TOTAL = 1_000_000;
const TIMEOUT_MEAN_US = 1_000_000;
const PROCESS_COUNTS = [1, 100, 1000, 10000] as const;
const MMC = { servers: 8, arrivalRatePerS: 7.2, serviceRatePerS: 1, customers: 200_000 };
const MMC_WARMUP_CUSTOMERS = 10_000;
const MMC_BATCHES = 20;
const US_PER_S = 1_000_000;
const EVENTS_MAX = 50_000_000;

interface Options {
  readonly json: boolean;
  readonly seed: number;
  readonly repeats: number;
}

interface WorkloadResult {
  readonly name: 'timeouts' | 'mmc' | 'baseline-heap';
  readonly processes: number;
  readonly events: number;
  readonly eventsPerSec: number;
  /** The median wall time of one run. */
  readonly medianSeconds: number;
  /** Events per second of this process's CPU time (median): steadier on a shared host. */
  readonly eventsPerCpuSec: number;
  readonly repeats: number;
  readonly [extra: string]: unknown;
}

function parseOptions(argv: readonly string[]): Options {
  let json = false;
  let seed = 1;
  let repeats = 5;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    const value = argv[index + 1];
    if (argument === '--json') json = true;
    else if (argument === '--seed' || argument === '--repeats') {
      const parsed = Number(value);
      if (value === undefined || !Number.isSafeInteger(parsed) || parsed < 1) {
        throw new RangeError(`${argument} needs a positive integer, got ${String(value)}`);
      }
      if (argument === '--seed') seed = parsed;
      else repeats = parsed;
      index++;
    } else throw new RangeError(`unknown argument ${String(argument)}`);
  }
  return { json, seed, repeats };
}

/** A workload's median timings and its last run's value. */
interface Measured<T> {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly value: T;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/**
 * Runs each body `repeats` times, interleaved (so that a change in the host's load affects all
 * of them alike); returns each body's median seconds and its last run's value.
 */
function measure<T>(repeats: number, bodies: readonly (() => T)[]): Measured<T>[] {
  const seconds = bodies.map((): number[] => []);
  const cpuSeconds = bodies.map((): number[] => []);
  const values: T[] = [];
  // One untimed pass first, so that no median includes the JIT compiling the code.
  for (const body of bodies) body();
  for (let repeat = 0; repeat < repeats; repeat++) {
    for (const [index, body] of bodies.entries()) {
      const startMs = performance.now();
      const startCpu = process.cpuUsage();
      values[index] = body();
      const cpu = process.cpuUsage(startCpu);
      seconds[index]?.push((performance.now() - startMs) / 1000);
      cpuSeconds[index]?.push((cpu.user + cpu.system) / 1e6);
    }
  }
  return bodies.map((_, index) => ({
    seconds: median(seconds[index] ?? []),
    cpuSeconds: median(cpuSeconds[index] ?? []),
    value: values[index] as T,
  }));
}

/** What a timeout workload did: the timeouts fired, and the stream's next number after it. */
interface TimeoutsRun {
  readonly events: number;
  readonly nextDraw: number;
}

/** Workload (a) on the engine. */
function runTimeouts(processes: number, rng: Rng): TimeoutsRun {
  const engine = new Engine({ trace: false });
  const loop = function* (): Coroutine<void> {
    for (;;) yield engine.timeout(rng.exponentialUs(TIMEOUT_MEAN_US));
  };
  for (let index = 0; index < processes; index++) engine.process(loop());
  const result = engine.run({ eventsMax: TIMEOUTS_TOTAL });
  if (result.events !== TIMEOUTS_TOTAL) throw new Error(`fired ${result.events} timeouts`);
  return { events: result.events, nextDraw: rng.float() };
}

/** Workload (a) with no engine: a bare binary heap of (time, process) on typed arrays. */
function runBaselineHeap(processes: number, rng: Rng): TimeoutsRun {
  const times = new Float64Array(processes);
  const ids = new Int32Array(processes);
  let size = 0;
  const push = (timeUs: number, id: number): void => {
    let index = size++;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if ((times[parent] as number) <= timeUs) break;
      times[index] = times[parent] as number;
      ids[index] = ids[parent] as number;
      index = parent;
    }
    times[index] = timeUs;
    ids[index] = id;
  };
  const pop = (): void => {
    const last = --size;
    const timeUs = times[last] as number;
    const id = ids[last] as number;
    let index = 0;
    for (;;) {
      let child = 2 * index + 1;
      if (child >= last) break;
      if (child + 1 < last && (times[child + 1] as number) < (times[child] as number)) child++;
      if (timeUs <= (times[child] as number)) break;
      times[index] = times[child] as number;
      ids[index] = ids[child] as number;
      index = child;
    }
    times[index] = timeUs;
    ids[index] = id;
  };
  for (let id = 0; id < processes; id++) push(rng.exponentialUs(TIMEOUT_MEAN_US), id);
  for (let fired = 0; fired < TIMEOUTS_TOTAL; fired++) {
    const nowUs = times[0] as number;
    const id = ids[0] as number;
    pop();
    push(nowUs + rng.exponentialUs(TIMEOUT_MEAN_US), id);
  }
  return { events: TIMEOUTS_TOTAL, nextDraw: rng.float() };
}

interface MmcRun {
  readonly events: number;
  readonly waitsS: Float64Array;
}

/** Workload (b): an M/M/8 queue through the engine's Resource. */
function runMmc(rng: Rng): MmcRun {
  const engine = new Engine({ trace: false });
  const servers = new Resource(engine, { capacity: MMC.servers });
  const arrivals = rng.fork('arrivals');
  const services = rng.fork('services');
  const waitsS = new Float64Array(MMC.customers);
  const interarrivalMeanUs = US_PER_S / MMC.arrivalRatePerS;
  const serviceMeanUs = US_PER_S / MMC.serviceRatePerS;
  const customer = function* (index: number): Coroutine<void> {
    const arrivedUs = engine.nowUs();
    yield* wait(servers.request());
    waitsS[index] = (engine.nowUs() - arrivedUs) / US_PER_S;
    yield engine.timeout(services.exponentialUs(serviceMeanUs));
    servers.release();
  };
  engine.process(
    (function* (): Coroutine<void> {
      for (let index = 0; index < MMC.customers; index++) {
        yield engine.timeout(arrivals.exponentialUs(interarrivalMeanUs));
        engine.process(customer(index));
      }
    })(),
  );
  const result = engine.run({ eventsMax: EVENTS_MAX });
  if (result.reason !== 'drained') throw new Error(`M/M/c run stopped by ${result.reason}`);
  return { events: result.events, waitsS };
}

function benchmark(options: Options): WorkloadResult[] {
  const results: WorkloadResult[] = [];
  const root = createRng(options.seed);
  for (const processes of PROCESS_COUNTS) {
    const [engine, heap] = measure(options.repeats, [
      () => runTimeouts(processes, root.fork('timeouts')),
      () => runBaselineHeap(processes, root.fork('timeouts')),
    ]);
    if (engine === undefined || heap === undefined) {
      throw new Error('measure returned fewer results than bodies');
    }
    const draws = [engine, heap].map((run) => run.value.nextDraw);
    if (draws.some((draw) => draw !== draws[0])) {
      throw new Error(
        `N=${processes}: the timeout workloads drew different delays (${draws.join(', ')})`,
      );
    }
    const baseline = workload('baseline-heap', processes, heap.value.events, heap, options);
    const relative = (result: WorkloadResult): WorkloadResult => ({
      ...result,
      vsBaselineHeap: Number((result.eventsPerSec / baseline.eventsPerSec).toFixed(3)),
    });
    results.push(relative(workload('timeouts', processes, engine.value.events, engine, options)));
    results.push(baseline);
  }
  const [mmc] = measure(options.repeats, [() => runMmc(root.fork('mmc'))]);
  if (mmc === undefined) throw new Error('measure returned no result');
  const interval = batchMeans(mmc.value.waitsS, {
    batches: MMC_BATCHES,
    warmup: MMC_WARMUP_CUSTOMERS,
  });
  const erlangCMeanWaitS = mmcMeanWaitS(MMC);
  if (erlangCMeanWaitS < interval.low || erlangCMeanWaitS > interval.high) {
    console.error(
      `WARNING: Erlang C mean wait ${erlangCMeanWaitS.toFixed(4)} s is outside the 95% ` +
        `batch-means interval [${interval.low.toFixed(4)}, ${interval.high.toFixed(4)}] s`,
    );
  }
  results.push({
    ...workload('mmc', MMC.customers, mmc.value.events, mmc, options),
    customersPerSec: Math.round(MMC.customers / mmc.seconds),
    meanWaitS: interval.mean,
    meanWaitCiS: [interval.low, interval.high],
    erlangCMeanWaitS,
  });
  return results;
}

function workload(
  name: WorkloadResult['name'],
  processes: number,
  events: number,
  timing: Measured<unknown>,
  options: Options,
): WorkloadResult {
  return {
    name,
    processes,
    events,
    eventsPerSec: Math.round(events / timing.seconds),
    medianSeconds: Number(timing.seconds.toFixed(6)),
    eventsPerCpuSec: Math.round(events / timing.cpuSeconds),
    repeats: options.repeats,
  };
}

function printTable(results: readonly WorkloadResult[]): void {
  console.log(
    'workload       processes     events   events/s (median)  seconds  vs heap  events/CPU-s',
  );
  for (const result of results) {
    const ratio = result['vsBaselineHeap'];
    console.log(
      `${result.name.padEnd(14)} ${String(result.processes).padStart(9)} ` +
        `${String(result.events).padStart(10)} ` +
        result.eventsPerSec.toLocaleString('en-US').padStart(18) +
        `  ${result.medianSeconds.toFixed(3).padStart(7)}` +
        `  ${(typeof ratio === 'number' ? `${ratio.toFixed(2)}×` : '').padStart(7)}` +
        result.eventsPerCpuSec.toLocaleString('en-US').padStart(14),
    );
  }
  const mmc = results.find((result) => result.name === 'mmc');
  if (mmc !== undefined) {
    const [low, high] = mmc['meanWaitCiS'] as [number, number];
    console.log(
      `mmc: mean wait ${(mmc['meanWaitS'] as number).toFixed(4)} s, 95% batch-means interval ` +
        `[${low.toFixed(4)}, ${high.toFixed(4)}] s, Erlang C ` +
        `${(mmc['erlangCMeanWaitS'] as number).toFixed(4)} s; ` +
        `${String(mmc['customersPerSec'])} customers/s`,
    );
  }
}

const options = parseOptions(process.argv.slice(2));
console.error(`SEED=${options.seed}`);
const results = benchmark(options);
if (options.json) console.log(JSON.stringify({ workloads: results }));
else printTable(results);
