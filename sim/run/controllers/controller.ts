/**
 * What every workload controller shares: the run it acts in, how it draws pod lifetimes (from its
 * own stream, `workload/<namespace/name>`), and the contract the timeline drives it through.
 */
import type { DelayDistribution } from '../../../models/delayDistribution.js';
import { delaySampler } from '../../engine/distributions.js';
import type { Rollout, WorkloadSpec } from '../../../scenarios/load/index.js';
import type { RunContext } from '../context.js';
import type { PodFactory } from '../podFactory.js';
import type { PodLifecycle } from '../podLifecycle.js';
import type { RolloutRecord } from '../metrics.js';
import type { SimPod } from '../simPod.js';

/** What a controller acts through. */
export interface ControllerEnv {
  readonly ctx: RunContext;
  readonly lifecycle: PodLifecycle;
  readonly factory: PodFactory;
}

/** A workload controller as the timeline drives it. */
export interface WorkloadController {
  readonly workload: WorkloadSpec;
  /** Schedules the rollout's own moments (creation, updates, arrivals) on the engine. */
  start(): void;
  /** `ScaleWorkload`: the new desired replicas (a Job's parallelism). */
  scale(replicas: number): void;
}

/** Draws a workload's pod lifetimes (null: pods live until deleted by something else). */
export function lifetimeSampler(
  env: ControllerEnv,
  workload: WorkloadSpec,
  lifetime: DelayDistribution | null,
): (() => number) | null {
  if (lifetime === null) return null;
  return delaySampler(env.ctx.rng.fork(`workload/${workload.key}`), lifetime);
}

/**
 * The lifetime of a ReplicaSet's or StatefulSet's pods: only the replicated rollouts give their
 * pods one (a replaced pod is churn); arrivals and Jobs draw lifetimes of their own.
 */
export function replicatedPodLifetime(rollout: Rollout): DelayDistribution | null {
  return rollout.type === 'AllAtOnce' || rollout.type === 'RollingUpdate' ? rollout.lifetime : null;
}

/** Schedules a replicated rollout's creation and, for a rolling update, each template change. */
export function scheduleRollout(
  env: ControllerEnv,
  rollout: Rollout,
  on: { readonly create: () => void; readonly update: () => void },
): void {
  const { engine } = env.ctx;
  engine.schedule(rollout.startUs - engine.nowUs(), on.create);
  if (rollout.type !== 'RollingUpdate') return;
  for (const atUs of rollout.updateAtUs) engine.schedule(atUs - engine.nowUs(), on.update);
}

/** Ends the pod's life after a drawn lifetime: deletion, or completion for a Job pod. */
export function armLifetime(env: ControllerEnv, pod: SimPod, lifetimeUs: number): void {
  pod.lifetimeTimer = env.ctx.engine.schedule(lifetimeUs, () => {
    pod.lifetimeTimer = null;
    if (pod.runsToCompletion) env.lifecycle.complete(pod);
    else env.lifecycle.delete(pod);
  });
}

/** Marks the record finished now, unless it already is or was superseded. */
export function finishRollout(env: ControllerEnv, record: RolloutRecord | null): void {
  if (record === null || record.finishedUs !== null || record.supersededUs !== null) return;
  record.finishedUs = env.ctx.engine.nowUs();
}

/** Starts a rollout record, superseding the workload's previous unfinished one. */
export function beginRollout(
  env: ControllerEnv,
  previous: RolloutRecord | null,
  init: {
    readonly workload: string;
    readonly kind: RolloutRecord['kind'];
    readonly replicas: number;
  },
): RolloutRecord {
  const nowUs = env.ctx.engine.nowUs();
  if (previous !== null && previous.finishedUs === null && previous.supersededUs === null) {
    previous.supersededUs = nowUs;
  }
  return env.ctx.metrics.startRollout({ ...init, startUs: nowUs });
}

/**
 * kube-controller-manager's order for deleting surplus pods (`controller.ActivePods`): not yet
 * scheduled first, then those still setting up, then running ones; newest first within a rank.
 */
export function deletionOrder(a: SimPod, b: SimPod): number {
  return a.phase - b.phase || b.createdUs - a.createdUs || (a.key < b.key ? -1 : 1);
}

/** Passes a controller may need before it settles; more is a bug, not a slow workload. */
const RECONCILE_PASSES_MAX = 16;

/**
 * Runs a controller's reconcile passes until one changes nothing further. A deletion made inside
 * a pass reports back to the controller synchronously; rather than reconciling recursively, the
 * nested request only marks the controller dirty and the outer call runs another pass, as the
 * controller manager requeues the object.
 */
export class Reconciler {
  readonly #key: string;
  readonly #pass: () => void;
  #running = false;
  #dirty = false;

  constructor(key: string, pass: () => void) {
    this.#key = key;
    this.#pass = pass;
  }

  /** Reconciles now, or, when called from inside a pass, asks for one more pass. */
  request(): void {
    if (this.#running) {
      this.#dirty = true;
      return;
    }
    this.#running = true;
    try {
      for (let pass = 0; pass < RECONCILE_PASSES_MAX; pass++) {
        this.#dirty = false;
        this.#pass();
        // A deletion during the pass may have set the flag again (TypeScript cannot see it).
        // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
        if (!this.#dirty) return;
      }
      throw new Error(`assertion: ${this.#key} did not settle in ${RECONCILE_PASSES_MAX} passes`);
    } finally {
      this.#running = false;
    }
  }
}
