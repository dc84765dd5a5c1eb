/**
 * Pods that arrive one at a time (bare Pods or single-pod Jobs), each running for a drawn
 * lifetime once its containers run, then succeeding.
 *
 * - `Poisson`: exponential gaps at `ratePerHour` between start and stop.
 * - `DailyProfile`: a Poisson process whose rate follows the hour of the day (`ratesPerHour[h]`
 *   for [h, h+1) of every day). Exponential gaps are memoryless, so a gap that crosses an hour
 *   boundary is redrawn from the boundary at the next hour's rate: exact, with no thinning.
 *
 * A bare Pod with an `AllAtOnce` rollout is the degenerate case: one pod at start, ending after
 * its lifetime (counted from creation, as churn is) and not recreated.
 */
import { US_PER_SECOND } from '../../contracts/clock.js';
import type { RandomStream } from '../../contracts/random.js';
import { exponentialUs } from '../../engine/rng.js';
import type { WorkloadSpec } from '../../../scenarios/load/index.js';
import type { PodOwner, SimPod } from '../simPod.js';
import {
  armLifetime,
  lifetimeSampler,
  type ControllerEnv,
  type WorkloadController,
} from './controller.js';

/** Microseconds in an hour. */
export const US_PER_HOUR = 3600 * US_PER_SECOND;

/** The next arrival after `fromUs` for a rate profile; `Infinity` when none comes before stop. */
export function nextArrivalUs(
  rng: RandomStream,
  profile: { readonly ratesPerHour: readonly number[]; readonly stopUs: number },
  fromUs: number,
): number {
  const { ratesPerHour, stopUs } = profile;
  const hours = ratesPerHour.length;
  if (hours === 0) return Number.POSITIVE_INFINITY;
  let atUs = fromUs;
  // One pass per hour segment at most: bounded by the span in hours.
  const segmentsMax = Math.ceil((stopUs - fromUs) / US_PER_HOUR) + 2;
  for (let segment = 0; segment < segmentsMax && atUs < stopUs; segment++) {
    const hourIndex = Math.floor(atUs / US_PER_HOUR);
    const rate = hours === 1 ? (ratesPerHour[0] ?? 0) : (ratesPerHour[hourIndex % hours] ?? 0);
    const segmentEndUs = (hourIndex + 1) * US_PER_HOUR;
    if (rate > 0) {
      const candidate = atUs + Math.max(1, exponentialUs(rng, US_PER_HOUR / rate));
      if (hours === 1 || candidate < segmentEndUs) return candidate < stopUs ? candidate : Infinity;
    }
    atUs = segmentEndUs;
  }
  return Number.POSITIVE_INFINITY;
}

/** Arrivals of single pods. */
export class ArrivalsController implements WorkloadController, PodOwner {
  readonly workload: WorkloadSpec;
  readonly #env: ControllerEnv;
  readonly #lifetime: (() => number) | null;
  readonly #gaps: RandomStream;
  #serial = 0;

  constructor(env: ControllerEnv, workload: WorkloadSpec) {
    this.#env = env;
    this.workload = workload;
    const rollout = workload.rollout;
    this.#lifetime = lifetimeSampler(
      env,
      workload,
      rollout.type === 'AllAtOnce'
        ? rollout.lifetime
        : 'lifetime' in rollout
          ? rollout.lifetime
          : null,
    );
    this.#gaps = env.ctx.rng.fork(`workload/${workload.key}/arrivals`);
  }

  start(): void {
    const rollout = this.workload.rollout;
    const { engine } = this.#env.ctx;
    if (rollout.type === 'Poisson' || rollout.type === 'DailyProfile') {
      const profile = {
        ratesPerHour: rollout.type === 'Poisson' ? [rollout.ratePerHour] : rollout.ratesPerHour,
        stopUs: rollout.stopUs,
      };
      const arrive = (fromUs: number): void => {
        const atUs = nextArrivalUs(this.#gaps, profile, fromUs);
        if (!Number.isFinite(atUs)) return;
        engine.schedule(atUs - engine.nowUs(), () => {
          this.#create(false);
          arrive(atUs);
        });
      };
      arrive(rollout.startUs);
      return;
    }
    engine.schedule(rollout.startUs - engine.nowUs(), () => {
      this.#create(true);
    });
  }

  scale(): void {
    // Arrivals follow their rate; a bare Pod has no replicas.
  }

  #create(bare: boolean): void {
    const { lifecycle, factory } = this.#env;
    const name = bare
      ? this.workload.name
      : `${this.workload.name}-${(this.#serial++).toString(36)}`;
    const pod = lifecycle.create({
      owner: this,
      template: factory.admitted(this.workload, null),
      name,
      revision: 0,
      ordinal: -1,
      runsToCompletion: true,
    });
    if (pod !== null && bare && this.#lifetime !== null) {
      armLifetime(this.#env, pod, this.#lifetime());
    }
  }

  onPodRunning(pod: SimPod): void {
    if (pod.name !== this.workload.name && this.#lifetime !== null) {
      armLifetime(this.#env, pod, this.#lifetime());
    }
  }

  onPodTerminating(): void {
    // Arrivals are not replaced.
  }

  onPodGone(): void {
    // Arrivals are not replaced.
  }
}
