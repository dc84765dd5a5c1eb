/**
 * The latency histograms and the phase breakdown of pod start-up, per network mode, from the
 * run's per-pod records: the data behind the report's CDFs, histograms and "where the time
 * goes" bars.
 */
import { quantileSorted } from 'd3';

import type { LatenciesByMode, PodStartRecord } from '../metrics.js';
import {
  LATENCY_BIN_EDGES_MS,
  LATENCY_MODES,
  latencyHistogram,
  POD_PHASES,
  type LatencyMode,
  type ModeHistograms,
  type PerPodPhase,
  type PhaseBreakdown,
  type PhaseMeans,
  type Results,
} from '../../../models/results/index.js';

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

function ofMode(starts: readonly PodStartRecord[], mode: LatencyMode): readonly PodStartRecord[] {
  return mode === 'all' ? starts : starts.filter((record) => record.mode === mode);
}

function perPhase<T>(value: (index: number) => T): PerPodPhase<T> {
  return Object.fromEntries(
    POD_PHASES.map((name, index) => [name, value(index)]),
  ) as PerPodPhase<T>;
}

/**
 * The mean of each phase over `records`, ms rounded to the µs. Sums are kept in whole µs, so
 * the unrounded means add up to the mean total exactly.
 */
function phaseMeans(records: readonly PodStartRecord[]): PhaseMeans {
  if (records.length === 0) return { pods: 0, meanMs: null, totalMeanMs: null };
  const sumsUs = new Array<number>(POD_PHASES.length).fill(0);
  let totalUs = 0;
  for (const record of records) {
    for (let index = 0; index < POD_PHASES.length; index++) {
      sumsUs[index] = (sumsUs[index] ?? 0) + (record.phasesUs[index] ?? 0);
    }
    totalUs += record.totalUs;
  }
  const meanMs = (us: number): number => round3(us / records.length / 1000);
  return {
    pods: records.length,
    meanMs: perPhase((index) => meanMs(sumsUs[index] ?? 0)),
    totalMeanMs: meanMs(totalUs),
  };
}

function breakdown(records: readonly PodStartRecord[]): PhaseBreakdown {
  const totals = records.map((record) => record.totalUs).sort((a, b) => a - b);
  const p99Us = totals.length === 0 ? null : (quantileSorted(totals, 0.99) ?? null);
  const tail = p99Us === null ? [] : records.filter((record) => record.totalUs >= p99Us);
  return {
    all: phaseMeans(records),
    tail: { ...phaseMeans(tail), startAtLeastMs: p99Us === null ? null : round3(p99Us / 1000) },
  };
}

/** The phases of start-up per mode. */
export function phaseBreakdowns(starts: readonly PodStartRecord[]): Results['latency']['phases'] {
  const byMode = (mode: LatencyMode): PhaseBreakdown => breakdown(ofMode(starts, mode));
  return {
    all: byMode('all'),
    shared: byMode('shared'),
    exclusive: byMode('exclusive'),
    trunk: byMode('trunk'),
  };
}

/** The histograms per mode. */
export function latencyHistograms(input: {
  readonly starts: readonly PodStartRecord[];
  readonly networkReadyUs: LatenciesByMode;
  readonly startUs: LatenciesByMode;
  readonly hostNetworkStartUs: readonly number[];
}): Results['latency']['histograms'] {
  const of = (mode: LatencyMode): ModeHistograms => {
    const records = ofMode(input.starts, mode);
    const networkReady =
      mode === 'all'
        ? [
            ...input.networkReadyUs.shared,
            ...input.networkReadyUs.exclusive,
            ...input.networkReadyUs.trunk,
          ]
        : input.networkReadyUs[mode];
    const start =
      mode === 'all'
        ? [
            ...input.startUs.shared,
            ...input.startUs.exclusive,
            ...input.startUs.trunk,
            ...input.hostNetworkStartUs,
          ]
        : input.startUs[mode];
    return {
      networkReady: latencyHistogram(networkReady),
      start: latencyHistogram(start),
      phases: perPhase((index) => latencyHistogram(records.map((r) => r.phasesUs[index] ?? 0))),
    };
  };
  const byMode = Object.fromEntries(LATENCY_MODES.map((mode) => [mode, of(mode)])) as {
    [K in LatencyMode]: ModeHistograms;
  };
  return { binEdgesMs: LATENCY_BIN_EDGES_MS, byMode };
}
