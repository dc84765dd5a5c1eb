/**
 * A Deployment: one ReplicaSet per revision, reconciled as kube-controller-manager's deployment
 * and ReplicaSet controllers do (`pkg/controller/deployment/rolling.go`).
 *
 * - Steady state: the current ReplicaSet is scaled to `replicas`; a pod marked for deletion
 *   (churn, a drained node) is replaced at once, not when it is gone.
 * - A rolling update (a new revision at each `updateAt`): the new ReplicaSet grows while all
 *   pods stay within `replicas + maxSurge`; old pods go while at least `replicas −
 *   maxUnavailable` pods are available, unhealthy (not yet running) old pods first. A pod is
 *   available once Running (no readiness probes or minReadySeconds are modelled).
 * - Churn: with a lifetime, each pod is deleted that long after its creation and replaced.
 *
 * Counts per revision are kept incrementally, so a 10,000-replica Deployment reconciles in
 * constant time per pod event in steady state.
 */
import type { WorkloadSpec } from '../../../scenarios/load/index.js';
import { resolveRollingLimits } from '../../../scenarios/load/index.js';
import type { RolloutRecord } from '../metrics.js';
import { PodPhase, type PodOwner, type SimPod } from '../simPod.js';
import {
  armLifetime,
  beginRollout,
  deletionOrder,
  finishRollout,
  lifetimeSampler,
  replicatedPodLifetime,
  scheduleRollout,
  type ControllerEnv,
  type WorkloadController,
  Reconciler,
} from './controller.js';

/** Reconcile passes in one go at most: each pass only creates or deletes, so a few settle it. */

interface Revision {
  readonly number: number;
  /** Active pods (not marked for deletion). */
  readonly pods: Set<SimPod>;
  /** Of those, running ones. */
  ready: number;
}

/** A Deployment's controller. */
export class DeploymentController implements WorkloadController, PodOwner {
  readonly workload: WorkloadSpec;
  readonly #env: ControllerEnv;
  readonly #lifetime: (() => number) | null;
  #replicas: number;
  /** Revisions with active pods, oldest first; the last is the current one. */
  readonly #revisions: Revision[] = [];
  #serial = 0;
  #rollout: RolloutRecord | null = null;
  #started = false;
  readonly #reconciler: Reconciler;

  constructor(env: ControllerEnv, workload: WorkloadSpec) {
    this.#env = env;
    this.workload = workload;
    this.#reconciler = new Reconciler(workload.key, () => {
      this.#pass();
    });
    this.#replicas = workload.replicas;
    this.#lifetime = lifetimeSampler(env, workload, replicatedPodLifetime(workload.rollout));
  }

  start(): void {
    scheduleRollout(this.#env, this.workload.rollout, {
      create: () => {
        this.#started = true;
        this.#newRevision('create');
      },
      update: () => {
        this.#newRevision('update');
      },
    });
  }

  scale(replicas: number): void {
    if (replicas === this.#replicas) return;
    this.#replicas = replicas;
    if (!this.#started) return;
    this.#rollout = beginRollout(this.#env, this.#rollout, {
      workload: this.workload.key,
      kind: 'scale',
      replicas,
    });
    this.#reconcile();
  }

  #newRevision(kind: 'create' | 'update'): void {
    const number = (this.#current()?.number ?? 0) + 1;
    this.#revisions.push({ number, pods: new Set(), ready: 0 });
    this.#rollout = beginRollout(this.#env, this.#rollout, {
      workload: this.workload.key,
      kind,
      replicas: this.#replicas,
    });
    this.#reconcile();
  }

  #current(): Revision | undefined {
    return this.#revisions[this.#revisions.length - 1];
  }

  onPodRunning(pod: SimPod): void {
    const revision = this.#revisionOf(pod);
    if (revision?.pods.has(pod) === true) revision.ready++;
    this.#reconcile();
  }

  onPodTerminating(pod: SimPod): void {
    const revision = this.#revisionOf(pod);
    if (revision?.pods.delete(pod) === true && pod.runningUs >= 0) revision.ready--;
    this.#reconcile();
  }

  onPodGone(): void {
    // The replacement was made when the pod was marked for deletion.
  }

  #revisionOf(pod: SimPod): Revision | undefined {
    // A loop, not find() with a closure: this runs twice in every pod's life.
    for (const revision of this.#revisions) if (revision.number === pod.revision) return revision;
    return undefined;
  }

  #reconcile(): void {
    if (this.#started) this.#reconciler.request();
  }

  #pass(): void {
    while (this.#revisions.length > 1 && this.#revisions[0]?.pods.size === 0) {
      this.#revisions.shift();
    }
    const current = this.#current();
    if (current === undefined) return;
    if (this.#revisions.length === 1) this.#scaleTo(current, this.#replicas);
    else this.#rollingStep(current);
    this.#checkFinished(current);
  }

  #scaleTo(revision: Revision, replicas: number): void {
    const missing = replicas - revision.pods.size;
    for (let index = 0; index < missing; index++) this.#createPod(revision);
    if (missing < 0) this.#deletePods([...revision.pods].sort(deletionOrder).slice(0, -missing));
  }

  #rollingStep(current: Revision): void {
    const rollout = this.workload.rollout;
    const limits =
      rollout.type === 'RollingUpdate'
        ? resolveRollingLimits(this.#replicas, rollout)
        : resolveRollingLimits(this.#replicas, {
            maxSurge: { kind: 'percent', value: 25 },
            maxUnavailable: { kind: 'percent', value: 25 },
          });
    const total = this.#revisions.reduce((sum, revision) => sum + revision.pods.size, 0);
    const canCreate = Math.min(
      this.#replicas + limits.surge - total,
      this.#replicas - current.pods.size,
    );
    for (let index = 0; index < canCreate; index++) this.#createPod(current);
    if (current.pods.size > this.#replicas) {
      this.#scaleTo(current, this.#replicas);
    }
    const old = this.#revisions.slice(0, -1);
    const allPods = this.#revisions.reduce((sum, revision) => sum + revision.pods.size, 0);
    const minAvailable = this.#replicas - limits.unavailable;
    const newUnavailable = current.pods.size - current.ready;
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return;
    const oldPods = old.flatMap((revision) => [...revision.pods]).sort(deletionOrder);
    const unhealthy = oldPods.filter((pod) => pod.phase !== PodPhase.running);
    this.#deletePods(unhealthy.slice(0, maxScaledDown));
    const available = this.#revisions.reduce((sum, revision) => sum + revision.ready, 0);
    const healthy = old.flatMap((revision) =>
      [...revision.pods].filter((pod) => pod.phase === PodPhase.running),
    );
    // Older revisions go first, as the controller scales down old ReplicaSets oldest first.
    this.#deletePods(healthy.slice(0, Math.max(0, available - minAvailable)));
  }

  #checkFinished(current: Revision): void {
    if (this.#revisions.length !== 1) return;
    if (current.pods.size === this.#replicas && current.ready === this.#replicas) {
      finishRollout(this.#env, this.#rollout);
    }
  }

  #createPod(revision: Revision): void {
    const { lifecycle, factory } = this.#env;
    const serial = (this.#serial++).toString(36).padStart(5, '0');
    const pod = lifecycle.create({
      owner: this,
      template: factory.admitted(this.workload, null),
      name: `${this.workload.name}-${revision.number}-${serial}`,
      revision: revision.number,
      ordinal: -1,
      runsToCompletion: false,
    });
    if (pod === null) return;
    revision.pods.add(pod);
    if (this.#lifetime !== null) armLifetime(this.#env, pod, this.#lifetime());
  }

  #deletePods(pods: readonly SimPod[]): void {
    for (const pod of pods) this.#env.lifecycle.delete(pod);
  }
}
