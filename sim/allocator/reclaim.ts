/**
 * How many idle addresses a pool sync releases: `toDel = idles − max_pool_size`, plus the idle-IP
 * reclaim of Terway 1.16.0+ (`calculateToDel` in the daemon's `pkg/eni/manager.go` and the
 * controller's `pool.go`, terway.md §3.1/§3.2).
 *
 * Reclaim starts once the pool has been quiet for `idle_ip_reclaim_after` (no allocate or release
 * since); it then waits `interval ± jitter` and adds
 * `extraDel = min(batch, max(0, idles − toDel − minIdles))` each round, so it never takes the pool
 * below `min_pool_size`. Any pool change resets the schedule.
 */
import { jitterUs } from './backoff.js';
import { configHas, type AllocatorConfig } from './config.js';
import type { PoolSizing } from '../../models/poolSizing.js';

/** The reclaim knobs (all zero or negative `afterUs`/`batchSize` disable reclaim). */
export interface ReclaimSettings {
  /** `max_pool_size` after Terway's caps (`maxIdles`). */
  readonly maxIdles: number;
  /** `min_pool_size` after Terway's caps (`minIdles`). */
  readonly minIdles: number;
  /** `idle_ip_reclaim_after` (0 = reclaim disabled, as before 1.16.0). */
  readonly afterUs: number;
  /** `idle_ip_reclaim_interval`. */
  readonly intervalUs: number;
  /** `idle_ip_reclaim_batch_size` (0 = disabled). */
  readonly batchSize: number;
  /** `idle_ip_reclaim_jitter_factor` (≤ 0 means Terway's fallback 0.1). */
  readonly jitterFactor: number;
}

/**
 * The reclaim knobs of a node's pool, as both allocators read them: the `idle_ip_reclaim_*` keys
 * of `eni_conf`, with reclaim off (`afterUs` 0) below Terway 1.16.0, which has no reclaim.
 */
export function reclaimSettingsOf(
  config: AllocatorConfig,
  sizing: Pick<PoolSizing, 'maxPoolSize' | 'minPoolSize'>,
): ReclaimSettings {
  return {
    maxIdles: sizing.maxPoolSize,
    minIdles: sizing.minPoolSize,
    afterUs: configHas(config, 'idleIpReclaim') ? (config.idleIpReclaimAfterUs ?? 0) : 0,
    intervalUs: config.idleIpReclaimIntervalUs,
    batchSize: config.idleIpReclaimBatchSize,
    jitterFactor: config.idleIpReclaimJitterFactor,
  };
}

/** What a sync's arithmetic decided. */
export interface ToDelDecision {
  /** Idle addresses to release now (may be ≤ 0: nothing to release). */
  readonly toDel: number;
  /** The reclaim share of `toDel` (0 unless a reclaim round fired). */
  readonly extraDel: number;
  /** The next reclaim time to remember, or null when the schedule is reset/unset. */
  readonly nextReclaimUs: number | null;
}

/** Terway's default jitter when `idle_ip_reclaim_jitter_factor` is unset or not positive. */
export const DEFAULT_RECLAIM_JITTER = 0.1;

/**
 * `calculateToDel(idles)`. `lastModifiedUs` is the time of the pool's last allocate or release;
 * `nextReclaimUs` the remembered schedule (null = zero time); `draw()` gives the jitter's uniform
 * draw and is called only when a new schedule is set.
 */
export function calculateToDel(input: {
  readonly idles: number;
  readonly nowUs: number;
  readonly lastModifiedUs: number;
  readonly nextReclaimUs: number | null;
  readonly settings: ReclaimSettings;
  readonly draw: () => number;
}): ToDelDecision {
  const { idles, nowUs, settings } = input;
  let toDel = idles - settings.maxIdles;
  if (settings.afterUs <= 0 || settings.batchSize <= 0) {
    return { toDel, extraDel: 0, nextReclaimUs: input.nextReclaimUs };
  }
  if (input.lastModifiedUs + settings.afterUs > nowUs) {
    // The pool was used recently: reset the schedule.
    return { toDel, extraDel: 0, nextReclaimUs: null };
  }
  const factor = settings.jitterFactor > 0 ? settings.jitterFactor : DEFAULT_RECLAIM_JITTER;
  if (input.nextReclaimUs === null) {
    const next = nowUs + jitterUs(settings.intervalUs, factor, input.draw());
    return { toDel, extraDel: 0, nextReclaimUs: next };
  }
  if (input.nextReclaimUs > nowUs) {
    return { toDel, extraDel: 0, nextReclaimUs: input.nextReclaimUs };
  }
  toDel = Math.max(0, toDel);
  const next = nowUs + jitterUs(settings.intervalUs, factor, input.draw());
  const extraDel = Math.min(settings.batchSize, Math.max(0, idles - toDel - settings.minIdles));
  return { toDel: toDel + extraDel, extraDel, nextReclaimUs: next };
}
