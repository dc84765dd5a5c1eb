/**
 * Terway's backoff table (`pkg/backoff/backoff.go`, terway.md §3.5) and the arithmetic of
 * Kubernetes' `wait.Backoff` / `wait.Jitter` that drives it, in integer microseconds.
 *
 * `wait.ExponentialBackoff` tries its condition up to `steps` times and sleeps `steps − 1` times
 * between tries. Each sleep is the current duration, jittered by `+ u × jitter × duration`
 * (u uniform in [0, 1)), after which the duration is multiplied by `factor`.
 * The "with initial delay" variant first sleeps `initialDelay` unjittered.
 */
import { US_PER_SECOND } from '../contracts/clock.js';

/** One row of the table: `initialDelay` then `duration / factor / jitter / steps`. */
export interface BackoffSpec {
  /** Sleep before the first try (0 for plain `ExponentialBackoff`). */
  readonly initialDelayUs: number;
  /** The first sleep between tries. */
  readonly durationUs: number;
  /** Multiplier applied to the duration after each sleep. */
  readonly factor: number;
  /** Jitter factor: each sleep is `d + u × jitter × d`. */
  readonly jitter: number;
  /** Tries at most (the condition runs `steps` times). */
  readonly steps: number;
}

function spec(
  initialDelayS: number,
  durationS: number,
  factor: number,
  jitter: number,
  steps: number,
): BackoffSpec {
  return {
    initialDelayUs: Math.round(initialDelayS * US_PER_SECOND),
    durationUs: Math.round(durationS * US_PER_SECOND),
    factor,
    jitter,
    steps,
  };
}

/** The rows of Terway's table that the allocator core uses, keyed as Terway keys them. */
export const TERWAY_BACKOFF = {
  /** `default`: 2s / 1.5 / 0.3 / 6. */
  default: spec(0, 2, 1.5, 0.3, 6),
  /** `eni_create`: 10s / 2 / 0.3 / 2 (CreateNetworkInterface retries). */
  eniCreate: spec(0, 10, 2, 0.3, 2),
  /** `eni_ops`: 5s / 2 / 0.3 / 6 (attach, detach). */
  eniOps: spec(0, 5, 2, 0.3, 6),
  /** `eni_release`: 4s / 2 / 0.5 / 8. */
  eniRelease: spec(0, 4, 2, 0.5, 8),
  /** `eni_ip_ops`: 5s / 1 / 1.3 / 6 (Assign/Unassign retries). */
  eniIpOps: spec(0, 5, 1, 1.3, 6),
  /** `wait_eni_status`: initial 3s, then 3s / 1.5 / 0.5 / 8. */
  waitEniStatus: spec(3, 3, 1.5, 0.5, 8),
  /** `wait_member_eni_status`: initial 2s, then 1s / 1.5 / 0.5 / 8. */
  waitMemberEniStatus: spec(2, 1, 1.5, 0.5, 8),
  /** `wait_leni_status` / `wait_hdeni_status`: initial 18s, then 5s / 1.5 / 0.5 / 8. */
  waitLeniStatus: spec(18, 5, 1.5, 0.5, 8),
  /** `wait_ecs_leni_status`: initial 4s, then 3s / 1.5 / 0.5 / 8. */
  waitEcsLeniStatus: spec(4, 3, 1.5, 0.5, 8),
  /** `wait_podeni_status`: initial 2s, then 1s / 1 / 0.3 / 100 (the daemon waits for Bind). */
  waitPodEniStatus: spec(2, 1, 1, 0.3, 100),
  /** `wait_networkinterface_status`: initial 2s, then 1s / 1 / 0.3 / 120. */
  waitNetworkInterfaceStatus: spec(2, 1, 1, 0.3, 120),
  /** `waitIPGone` after Unassign: initial 1s, then 2s / 1.5 / 0 / 4. */
  waitIpRemoved: spec(1, 2, 1.5, 0, 4),
} as const;

/** A key of {@link TERWAY_BACKOFF}. */
export type TerwayBackoffKey = keyof typeof TERWAY_BACKOFF;

/**
 * `wait.Jitter(duration, maxFactor)`: `duration + u × maxFactor × duration`, truncated to whole
 * microseconds; a factor ≤ 0 means 1.0, as in Kubernetes. `u` is a draw in [0, 1).
 */
export function jitterUs(durationUs: number, maxFactor: number, u: number): number {
  const factor = maxFactor <= 0 ? 1 : maxFactor;
  return Math.trunc(durationUs + u * factor * durationUs);
}

/**
 * The sleeps between tries of one backoff: `steps − 1` values, each drawn with `draw()` for the
 * jitter. The initial delay is not included (see {@link BackoffSpec.initialDelayUs}).
 */
export function backoffSleepsUs(backoff: BackoffSpec, draw: () => number): number[] {
  const sleeps: number[] = [];
  let durationUs = backoff.durationUs;
  let stepsLeft = backoff.steps;
  // Kubernetes decrements `Steps` on each sleep and stops before the last try's sleep.
  while (stepsLeft > 1) {
    stepsLeft--;
    const thisUs = durationUs;
    if (backoff.factor !== 0) durationUs = Math.trunc(durationUs * backoff.factor);
    sleeps.push(backoff.jitter > 0 ? jitterUs(thisUs, backoff.jitter, draw()) : thisUs);
  }
  return sleeps;
}

/**
 * The controller-runtime per-item exponential failure delay: `base × 2^failures`, held at `max`
 * (`multiIPMinSyncPeriodOnFailure` 1 s … `multiIPMaxSyncPeriodOnFailure` 300 s).
 */
export function itemFailureDelayUs(
  failures: number,
  options: { readonly baseUs: number; readonly maxUs: number },
): number {
  if (failures >= 40) return options.maxUs;
  return Math.min(options.maxUs, options.baseUs * 2 ** failures);
}
