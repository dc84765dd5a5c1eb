/**
 * A Job: `parallelism` pods at a time until `completions` have succeeded, as the Job controller
 * runs it; with the `Jobs` rollout's `repeatEvery`, a new run of it starts periodically (a
 * CronJob with `concurrencyPolicy: Allow`, so runs may overlap) until `stop`.
 *
 * Each pod runs for a drawn lifetime once its containers are Running, then succeeds: the kubelet
 * tears its sandbox down (CNI DEL) and the scheduler stops counting it at once. A pod deleted
 * before it succeeded (its node drained) is replaced. A Job whose rollout is not `Jobs` runs its
 * pods for the `AllAtOnce` lifetime, or forever without one.
 */
import type { WorkloadSpec } from '../../../scenarios/load/index.js';
import type { RolloutRecord } from '../metrics.js';
import type { PodOwner, SimPod } from '../simPod.js';
import {
  armLifetime,
  beginRollout,
  finishRollout,
  lifetimeSampler,
  type ControllerEnv,
  type WorkloadController,
} from './controller.js';

interface JobRun {
  readonly index: number;
  readonly record: RolloutRecord;
  active: number;
  succeeded: number;
  created: number;
}

/** A Job's controller. */
export class JobController implements WorkloadController, PodOwner {
  readonly workload: WorkloadSpec;
  readonly #env: ControllerEnv;
  readonly #lifetime: (() => number) | null;
  readonly #completions: number;
  #parallelism: number;
  readonly #runs = new Map<number, JobRun>();
  /** Runs by pod: which run each live pod belongs to. */
  readonly #runOf = new WeakMap<SimPod, JobRun>();
  #nextRun = 0;

  constructor(env: ControllerEnv, workload: WorkloadSpec) {
    this.#env = env;
    this.workload = workload;
    this.#parallelism = workload.job?.parallelism ?? workload.replicas;
    this.#completions = workload.job?.completions ?? this.#parallelism;
    const rollout = workload.rollout;
    const lifetime =
      rollout.type === 'Jobs' || rollout.type === 'AllAtOnce' ? rollout.lifetime : null;
    this.#lifetime = lifetimeSampler(env, workload, lifetime);
  }

  start(): void {
    const { engine } = this.#env.ctx;
    const rollout = this.workload.rollout;
    const repeatUs = rollout.type === 'Jobs' ? rollout.repeatEveryUs : null;
    const stopUs = rollout.type === 'Jobs' ? rollout.stopUs : rollout.startUs;
    let atUs = rollout.startUs;
    do {
      engine.schedule(atUs - engine.nowUs(), () => {
        this.#startRun();
      });
      if (repeatUs === null) break;
      atUs += repeatUs;
    } while (atUs < stopUs);
  }

  scale(parallelism: number): void {
    this.#parallelism = parallelism;
    for (const run of this.#runs.values()) this.#fill(run);
  }

  #startRun(): void {
    const index = this.#nextRun++;
    const record = beginRollout(this.#env, null, {
      workload: this.workload.key,
      kind: 'jobRun',
      replicas: this.#completions,
    });
    const run: JobRun = { index, record, active: 0, succeeded: 0, created: 0 };
    this.#runs.set(index, run);
    this.#fill(run);
  }

  #fill(run: JobRun): void {
    const { lifecycle, factory } = this.#env;
    while (run.active < this.#parallelism && run.succeeded + run.active < this.#completions) {
      const pod = lifecycle.create({
        owner: this,
        template: factory.admitted(this.workload, null),
        name: `${this.workload.name}-${run.index}-${(run.created++).toString(36)}`,
        revision: run.index,
        ordinal: run.created - 1,
        runsToCompletion: true,
      });
      if (pod === null) return;
      run.active++;
      this.#runOf.set(pod, run);
    }
  }

  onPodRunning(pod: SimPod): void {
    if (this.#lifetime !== null) armLifetime(this.#env, pod, this.#lifetime());
  }

  onPodTerminating(): void {
    // A Job counts a pod when it is gone: succeeded, or deleted and to be replaced.
  }

  onPodGone(pod: SimPod): void {
    const run = this.#runOf.get(pod);
    if (run === undefined) return;
    run.active--;
    if (pod.succeeded) run.succeeded++;
    if (run.succeeded >= this.#completions) {
      finishRollout(this.#env, run.record);
      this.#runs.delete(run.index);
      return;
    }
    this.#fill(run);
  }
}
