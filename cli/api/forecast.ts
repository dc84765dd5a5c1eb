/**
 * Runs a loaded scenario over one or more seeds and returns the results document, with the
 * wall-clock figures kept apart (they never enter results.json, which must be byte-identical for
 * equal seeds). The one place commands and library callers orchestrate runs.
 */
import type { Results } from '../../models/results/document.js';
import type { Scenario } from '../../scenarios/load/index.js';
import { InvariantViolationError } from '../../sim/checkers/runner.js';
import {
  buildResults,
  combineReplications,
  runScenarioInSlices,
  type CollectedRun,
  type RunObserver,
} from '../../sim/run/index.js';
import { InvariantError } from '../errors.js';
import { packageVersion } from '../version.js';
import { peakRssBytes, wallClockMs } from '../wallClock.js';

/** What one seed's run cost in wall time. */
export interface SeedTiming {
  readonly seed: number;
  readonly wallSeconds: number;
  readonly eventsProcessed: number;
  readonly eventsPerSecond: number;
  readonly podsPlacedPerSecond: number;
}

/** The wall-clock side of a forecast (`timings.json`). */
export interface ForecastTimings {
  readonly scenario: string;
  readonly replications: readonly SeedTiming[];
  readonly totalWallSeconds: number;
  readonly peakRssBytes: number;
}

/** Options of {@link forecast}. */
export interface ForecastOptions {
  /** The seeds, in order; the first is the run shown in full. At least one. */
  readonly seeds: readonly number[];
  /** Run the invariant checkers at every sample. */
  readonly checkInvariants?: boolean;
  /**
   * Stops the forecast between slices of {@link SLICE_EVENTS} events (the signal's reason is
   * thrown); the event loop runs between slices, so signal handlers and timers get their turn.
   */
  readonly signal?: AbortSignal;
  /** Watches the first seed's run (the one the document shows in full), e.g. for pods.csv. */
  readonly observer?: RunObserver;
}

/**
 * Events per slice. Events cost from 0.1 to 15 µs each (a node's set-up is many events' worth of
 * work), so a slice lasts at most a few tenths of a second and a stop request waits no longer;
 * the yield between slices costs about a microsecond.
 */
export const SLICE_EVENTS = 20_000;

/** A forecast: the results document over the seeds, and what it cost. */
export interface Forecast {
  readonly results: Results;
  readonly timings: ForecastTimings;
}

/** Simulates `scenario` once per seed and combines the runs into one results document. */
export async function forecast(scenario: Scenario, options: ForecastOptions): Promise<Forecast> {
  if (options.seeds.length === 0) throw new RangeError('forecast needs at least one seed');
  const enisimVersion = packageVersion();
  const replications: Results[] = [];
  const timings: SeedTiming[] = [];
  const startMs = wallClockMs();
  for (const seed of options.seeds) {
    const beganMs = wallClockMs();
    const observer = seed === options.seeds[0] ? options.observer : undefined;
    const collected = await runSeed(scenario, seed, options, observer);
    const wallSeconds = (wallClockMs() - beganMs) / 1000;
    replications.push(buildResults(collected, { slos: scenario.slos, enisimVersion }));
    timings.push({
      seed,
      wallSeconds: Math.round(wallSeconds * 1000) / 1000,
      eventsProcessed: collected.eventsProcessed,
      eventsPerSecond: Math.round(collected.eventsProcessed / Math.max(wallSeconds, 1e-9)),
      podsPlacedPerSecond: Math.round(collected.pods.scheduled / Math.max(wallSeconds, 1e-9)),
    });
  }
  return {
    results: combineReplications(replications, scenario.slos),
    timings: {
      scenario: scenario.name,
      replications: timings,
      totalWallSeconds: Math.round(wallClockMs() - startMs) / 1000,
      peakRssBytes: peakRssBytes(),
    },
  };
}

/** A word safe to paste into a POSIX shell: quoted unless it is plainly safe. */
function shellWord(word: string): string {
  return /^[\w./@%+=:,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command that replays one seed of a scenario with the checkers on. */
export function replayCommand(file: string, seed: number): string {
  return `enisim run ${shellWord(file)} --seed ${seed} --check-invariants`;
}

/** One seed's run; a checker's violation becomes an {@link InvariantError} naming the replay. */
async function runSeed(
  scenario: Scenario,
  seed: number,
  options: ForecastOptions,
  observer: RunObserver | undefined,
): Promise<CollectedRun> {
  try {
    return await runInSlices(scenario, seed, options, observer);
  } catch (error) {
    if (!(error instanceof InvariantViolationError)) throw error;
    throw new InvariantError({
      seed,
      atS: Math.round(error.nowUs / 1000) / 1000,
      violations: error.violations,
      replay: replayCommand(scenario.file, seed),
    });
  }
}

async function runInSlices(
  scenario: Scenario,
  seed: number,
  options: ForecastOptions,
  observer: RunObserver | undefined,
): Promise<CollectedRun> {
  const steps = runScenarioInSlices(scenario, {
    seed,
    checkInvariants: options.checkInvariants ?? false,
    sliceEvents: SLICE_EVENTS,
    ...(observer === undefined ? {} : { observer }),
  });
  for (;;) {
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    const step = steps.next();
    if (step.done === true) return step.value;
  }
}

/** Seeds N … N+K−1. */
export function seedRange(first: number, count: number): number[] {
  return Array.from({ length: count }, (_, index) => first + index);
}
