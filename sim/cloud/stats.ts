/**
 * Per-API call statistics of the simulated cloud, for the forecast: per caller and in total, and
 * as a time series of counts per fixed bucket of simulated time.
 */
import type { CloudApiAction, CloudErrorCode } from '../contracts/cloudApi.js';
import { CloudErrorCode as Codes } from '../contracts/cloudApi.js';
import { CLOUD_API_ACTIONS } from './options.js';

/** Terway logs a client-side wait of this long or longer as "client rate limit". */
export const CLIENT_RATE_LIMIT_LOG_US = 5_000_000;

/** Counters for one API (per caller, or summed over callers). */
export interface ApiCounters {
  /** Calls issued. */
  calls: number;
  /** Calls that completed with a value. */
  successes: number;
  /** Calls that completed with `Throttling` (the account limit, or injected). */
  throttled: number;
  /** Calls that completed with any other error code. */
  errors: number;
  /** Completed failures by code, `Throttling` included. */
  readonly errorsByCode: Partial<Record<CloudErrorCode, number>>;
  /** Microseconds spent waiting for client-side tokens, summed over calls. */
  clientWaitUs: number;
  /** Calls that had to wait for a client-side token at all. */
  clientWaitedCalls: number;
  /** Calls that waited at least 5 s (what Terway logs as "client rate limit"). */
  clientRateLimitedCalls: number;
  /** The longest client-side wait of one call, in microseconds. */
  clientWaitUsMax: number;
  /** Request-to-response latency summed over completed calls (waits excluded), microseconds. */
  latencyUsTotal: number;
}

/** One bucket of the time series: counts of calls issued and completed in [startUs, +bucketUs). */
export interface ApiSeriesPoint {
  readonly startUs: number;
  readonly action: CloudApiAction;
  readonly calls: number;
  readonly successes: number;
  readonly throttled: number;
  readonly errors: number;
}

/** Statistics of one caller. */
export interface CallerStats {
  readonly callerId: string;
  readonly perApi: Readonly<Partial<Record<CloudApiAction, Readonly<ApiCounters>>>>;
}

/** A snapshot of every statistic; plain data, safe to serialise. */
export interface CloudStatsSnapshot {
  /** Summed over callers, for every API that was called. */
  readonly total: Readonly<Partial<Record<CloudApiAction, Readonly<ApiCounters>>>>;
  /** Per caller, in the order callers were created. */
  readonly byCaller: readonly CallerStats[];
  /** The time-series bucket width (0 when the series is off). */
  readonly bucketUs: number;
  /** Non-empty buckets, ordered by start time then by action. */
  readonly series: readonly ApiSeriesPoint[];
}

function emptyCounters(): ApiCounters {
  return {
    calls: 0,
    successes: 0,
    throttled: 0,
    errors: 0,
    errorsByCode: {},
    clientWaitUs: 0,
    clientWaitedCalls: 0,
    clientRateLimitedCalls: 0,
    clientWaitUsMax: 0,
    latencyUsTotal: 0,
  };
}

interface SeriesCounts {
  calls: number;
  successes: number;
  throttled: number;
  errors: number;
}

/** The recorder the clients write into. */
export class CloudStats {
  readonly bucketUs: number;
  readonly #byCaller = new Map<string, Map<CloudApiAction, ApiCounters>>();
  // Keyed by bucket index, then action: sparse, because most buckets of a long run are quiet.
  readonly #series = new Map<number, Map<CloudApiAction, SeriesCounts>>();

  constructor(bucketUs: number) {
    this.bucketUs = bucketUs;
  }

  /** A call was issued at `nowUs` and waited `waitUs` for its client-side token. */
  recordIssued(callerId: string, action: CloudApiAction, nowUs: number, waitUs: number): void {
    const counters = this.#counters(callerId, action);
    counters.calls++;
    if (waitUs > 0) {
      counters.clientWaitUs += waitUs;
      counters.clientWaitedCalls++;
      if (waitUs >= CLIENT_RATE_LIMIT_LOG_US) counters.clientRateLimitedCalls++;
      counters.clientWaitUsMax = Math.max(counters.clientWaitUsMax, waitUs);
    }
    const point = this.#point(action, nowUs);
    if (point !== null) point.calls++;
  }

  /** A call completed at `nowUs` after `latencyUs`, with `code` (null for success). */
  recordCompleted(
    callerId: string,
    action: CloudApiAction,
    nowUs: number,
    latencyUs: number,
    code: CloudErrorCode | null,
  ): void {
    const counters = this.#counters(callerId, action);
    counters.latencyUsTotal += latencyUs;
    const point = this.#point(action, nowUs);
    if (code === null) {
      counters.successes++;
      if (point !== null) point.successes++;
      return;
    }
    counters.errorsByCode[code] = (counters.errorsByCode[code] ?? 0) + 1;
    if (code === Codes.throttling) {
      counters.throttled++;
      if (point !== null) point.throttled++;
    } else {
      counters.errors++;
      if (point !== null) point.errors++;
    }
  }

  /** Every statistic as plain data. */
  snapshot(): CloudStatsSnapshot {
    const total: Partial<Record<CloudApiAction, ApiCounters>> = {};
    const byCaller: CallerStats[] = [];
    for (const [callerId, perAction] of this.#byCaller) {
      const perApi: Partial<Record<CloudApiAction, ApiCounters>> = {};
      for (const action of CLOUD_API_ACTIONS) {
        const counters = perAction.get(action);
        if (counters === undefined) continue;
        perApi[action] = copyCounters(counters);
        total[action] = addCounters(total[action] ?? emptyCounters(), counters);
      }
      byCaller.push({ callerId, perApi });
    }
    const series: ApiSeriesPoint[] = [];
    const indexes = [...this.#series.keys()].sort((a, b) => a - b);
    for (const index of indexes) {
      const perAction = this.#series.get(index);
      for (const action of CLOUD_API_ACTIONS) {
        const counts = perAction?.get(action);
        if (counts !== undefined)
          series.push({ startUs: index * this.bucketUs, action, ...counts });
      }
    }
    return { total, byCaller, bucketUs: this.bucketUs, series };
  }

  #counters(callerId: string, action: CloudApiAction): ApiCounters {
    let perAction = this.#byCaller.get(callerId);
    if (perAction === undefined) {
      perAction = new Map();
      this.#byCaller.set(callerId, perAction);
    }
    let counters = perAction.get(action);
    if (counters === undefined) {
      counters = emptyCounters();
      perAction.set(action, counters);
    }
    return counters;
  }

  #point(action: CloudApiAction, nowUs: number): SeriesCounts | null {
    if (this.bucketUs === 0) return null;
    const index = Math.floor(nowUs / this.bucketUs);
    let perAction = this.#series.get(index);
    if (perAction === undefined) {
      perAction = new Map();
      this.#series.set(index, perAction);
    }
    let counts = perAction.get(action);
    if (counts === undefined) {
      counts = { calls: 0, successes: 0, throttled: 0, errors: 0 };
      perAction.set(action, counts);
    }
    return counts;
  }
}

function copyCounters(counters: ApiCounters): ApiCounters {
  return { ...counters, errorsByCode: { ...counters.errorsByCode } };
}

function addCounters(sum: ApiCounters, counters: ApiCounters): ApiCounters {
  const errorsByCode: Partial<Record<CloudErrorCode, number>> = { ...sum.errorsByCode };
  for (const [code, count] of Object.entries(counters.errorsByCode) as [CloudErrorCode, number][]) {
    errorsByCode[code] = (errorsByCode[code] ?? 0) + count;
  }
  return {
    calls: sum.calls + counters.calls,
    successes: sum.successes + counters.successes,
    throttled: sum.throttled + counters.throttled,
    errors: sum.errors + counters.errors,
    errorsByCode,
    clientWaitUs: sum.clientWaitUs + counters.clientWaitUs,
    clientWaitedCalls: sum.clientWaitedCalls + counters.clientWaitedCalls,
    clientRateLimitedCalls: sum.clientRateLimitedCalls + counters.clientRateLimitedCalls,
    clientWaitUsMax: Math.max(sum.clientWaitUsMax, counters.clientWaitUsMax),
    latencyUsTotal: sum.latencyUsTotal + counters.latencyUsTotal,
  };
}
