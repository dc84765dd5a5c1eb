/**
 * Scenario benchmark: `scenarios/performance-24h-churn.yaml` end to end — 1,000 nodes, 30,000
 * pods, each replaced every 2 h on average (Poisson) for 24 simulated hours, about 360,000 pod
 * lifecycles through the webhook, the scheduler, the Terway allocators and the simulated cloud.
 *
 * Reports wall time, peak resident memory (`maxRSS`, and `process.memoryUsage().rss` sampled
 * after each repeat), events processed, pods placed per second, and the scheduler setting in
 * effect; the goals are under 20 s and under 1 GiB on a 2-core machine.
 *
 * Usage: `node dist/test/bench/scenario.js [--json] [--seed <n>] [--repeats <n>] [--file <yaml>]`.
 */
import { loadScenario } from '../../scenarios/load/index.js';
import { peakRssBytes, processCpuMs, wallClockMs } from '../../cli/wallClock.js';
import { runScenario } from '../../sim/run/index.js';

const GOAL_WALL_SECONDS = 20;
const GOAL_RSS_BYTES = 1024 ** 3;
const DEFAULT_FILE = 'scenarios/performance-24h-churn.yaml';

interface Options {
  readonly json: boolean;
  readonly seed: number;
  readonly repeats: number;
  readonly file: string;
}

function parseOptions(argv: readonly string[]): Options {
  let json = false;
  let seed = 1;
  let repeats = 1;
  let file = DEFAULT_FILE;
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--json') {
      json = true;
    } else if (argument === '--file') {
      file = argv[++index] ?? '';
      if (file === '') throw new RangeError('--file needs a scenario file');
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
  return { json, seed, repeats, file };
}

/** One repeat's figures. */
interface Repeat {
  readonly wallSeconds: number;
  /** CPU seconds (user + system): the wall time a quiet machine would show. */
  readonly cpuSeconds: number;
  readonly events: number;
  readonly eventsPerSec: number;
  readonly podsCreated: number;
  readonly podsPlaced: number;
  readonly podsPlacedPerSec: number;
  readonly rssBytesAfter: number;
}

function main(): void {
  const options = parseOptions(process.argv.slice(2));
  const { scenario, findings } = loadScenario(options.file);
  if (scenario === null) {
    const errors = findings.filter((finding) => finding.severity === 'error');
    throw new Error(`${options.file}: ${errors.map((finding) => finding.message).join('; ')}`);
  }
  const repeats: Repeat[] = [];
  for (let repeat = 0; repeat < options.repeats; repeat++) {
    const startMs = wallClockMs();
    const startCpuMs = processCpuMs();
    const run = runScenario(scenario, { seed: options.seed, trace: false });
    const wallSeconds = (wallClockMs() - startMs) / 1000;
    repeats.push({
      wallSeconds: Math.round(wallSeconds * 1000) / 1000,
      cpuSeconds: Math.round(processCpuMs() - startCpuMs) / 1000,
      events: run.eventsProcessed,
      eventsPerSec: Math.round(run.eventsProcessed / wallSeconds),
      podsCreated: run.pods.created,
      podsPlaced: run.pods.scheduled,
      podsPlacedPerSec: Math.round(run.pods.scheduled / wallSeconds),
      rssBytesAfter: process.memoryUsage().rss,
    });
  }
  const sorted = [...repeats].sort((a, b) => a.wallSeconds - b.wallSeconds);
  const median = sorted[Math.floor((sorted.length - 1) / 2)];
  if (median === undefined) throw new Error('no repeat ran');
  const peakRss = peakRssBytes();
  const nodes = scenario.cluster.nodePools.reduce((sum, pool) => sum + pool.initialCount, 0);
  const report = {
    scenario: scenario.name,
    nodes,
    simulatedHours: scenario.timeline.durationUs / 3_600_000_000,
    percentageOfNodesToScore: scenario.cluster.scheduler.percentageOfNodesToScore,
    seed: options.seed,
    repeats,
    median,
    peakRssBytes: peakRss,
    goals: { wallSeconds: GOAL_WALL_SECONDS, rssBytes: GOAL_RSS_BYTES },
    met: median.wallSeconds < GOAL_WALL_SECONDS && peakRss < GOAL_RSS_BYTES,
  };
  if (options.json) {
    console.log(JSON.stringify(report, null, 2));
    return;
  }
  const mib = (bytes: number): string => `${Math.round(bytes / 1024 ** 2)} MiB`;
  console.log(
    `${scenario.name}: ${nodes} nodes, ${report.simulatedHours} h simulated, ` +
      `percentageOfNodesToScore ${report.percentageOfNodesToScore || 'adaptive'}`,
  );
  console.log(
    `  wall ${median.wallSeconds} s (goal < ${GOAL_WALL_SECONDS} s; CPU ${median.cpuSeconds} s), ` +
      `peak RSS ${mib(peakRss)} ` +
      `(goal < ${mib(GOAL_RSS_BYTES)})${report.met ? '' : '  — GOAL MISSED'}`,
  );
  console.log(
    `  ${median.events} events (${median.eventsPerSec}/s), ${median.podsCreated} pods created, ` +
      `${median.podsPlaced} placed (${median.podsPlacedPerSec}/s)`,
  );
}

main();
