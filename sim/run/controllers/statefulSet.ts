/**
 * A StatefulSet: pods with fixed names `name-0 … name-(n−1)`, reconciled as the StatefulSet
 * controller does (`pkg/controller/statefulset/stateful_set_control.go`).
 *
 * - A name is reused only once its previous pod is gone, so a replaced pod keeps its identity
 *   (and, with a Fixed-IP PodNetworking, its address, which the allocator keeps for the name).
 * - OrderedReady creates one pod at a time in ordinal order, each once the ones before it run,
 *   and removes surplus pods from the highest ordinal one at a time; Parallel does both at once.
 * - A rolling update (a new revision at each `updateAt`) replaces pods from the highest ordinal
 *   down, one at a time (maxUnavailable 1, partition 0), each once every other pod runs.
 * - A recreated Fixed-IP pod is admitted with its previous zone, so the webhook pins it there.
 */
import type { WorkloadSpec } from '../../../scenarios/load/index.js';
import type { RolloutRecord } from '../metrics.js';
import { PodPhase, type PodOwner, type SimPod } from '../simPod.js';
import {
  armLifetime,
  beginRollout,
  finishRollout,
  lifetimeSampler,
  replicatedPodLifetime,
  scheduleRollout,
  type ControllerEnv,
  type WorkloadController,
  Reconciler,
} from './controller.js';

/** Reconcile passes in one go at most. */

/** A StatefulSet's controller. */
export class StatefulSetController implements WorkloadController, PodOwner {
  readonly workload: WorkloadSpec;
  readonly #env: ControllerEnv;
  readonly #lifetime: (() => number) | null;
  readonly #parallel: boolean;
  #replicas: number;
  #revision = 0;
  /** The pod holding each ordinal's name (terminating ones included), or null. */
  readonly #slots: (SimPod | null)[] = [];
  /** The zone each ordinal's last pod ran in (a Fixed-IP pod returns to it). */
  readonly #zones: (string | null)[] = [];
  #rollout: RolloutRecord | null = null;
  readonly #reconciler: Reconciler;

  constructor(env: ControllerEnv, workload: WorkloadSpec) {
    this.#env = env;
    this.workload = workload;
    this.#reconciler = new Reconciler(workload.key, () => {
      this.#pass();
    });
    this.#replicas = workload.replicas;
    this.#parallel = workload.podManagementPolicy === 'Parallel';
    this.#lifetime = lifetimeSampler(env, workload, replicatedPodLifetime(workload.rollout));
  }

  start(): void {
    scheduleRollout(this.#env, this.workload.rollout, {
      create: () => {
        this.#bump('create');
      },
      update: () => {
        this.#bump('update');
      },
    });
  }

  scale(replicas: number): void {
    if (replicas === this.#replicas) return;
    this.#replicas = replicas;
    if (this.#revision === 0) return;
    this.#rollout = beginRollout(this.#env, this.#rollout, {
      workload: this.workload.key,
      kind: 'scale',
      replicas,
    });
    this.#reconcile();
  }

  #bump(kind: 'create' | 'update'): void {
    this.#revision++;
    this.#rollout = beginRollout(this.#env, this.#rollout, {
      workload: this.workload.key,
      kind,
      replicas: this.#replicas,
    });
    this.#reconcile();
  }

  onPodRunning(pod: SimPod): void {
    this.#notePlaced(pod);
    this.#reconcile();
  }

  onPodTerminating(): void {
    this.#reconcile();
  }

  onPodGone(pod: SimPod): void {
    if (this.#slots[pod.ordinal] === pod) this.#slots[pod.ordinal] = null;
    this.#reconcile();
  }

  #reconcile(): void {
    if (this.#revision !== 0) this.#reconciler.request();
  }

  /** One pass, in the StatefulSet controller's order. */
  #pass(): void {
    this.#createMissing();
    this.#removeSurplus();
    this.#updateOne();
    this.#checkFinished();
  }

  #createMissing(): void {
    for (let ordinal = 0; ordinal < this.#replicas; ordinal++) {
      const pod = this.#slots[ordinal] ?? null;
      if (pod === null) {
        this.#createPod(ordinal);
        if (!this.#parallel) return;
      } else if (!this.#parallel && pod.phase !== PodPhase.running) {
        return;
      }
    }
  }

  #removeSurplus(): void {
    for (let ordinal = this.#slots.length - 1; ordinal >= this.#replicas; ordinal--) {
      const pod = this.#slots[ordinal] ?? null;
      if (pod === null) continue;
      if (pod.active) this.#env.lifecycle.delete(pod);
      if (!this.#parallel) return;
    }
  }

  /** Replaces the highest-ordinal pod of an old revision once every other pod runs. */
  #updateOne(): void {
    let outdated: SimPod | null = null;
    for (let ordinal = 0; ordinal < this.#replicas; ordinal++) {
      const pod = this.#slots[ordinal] ?? null;
      if (pod === null || pod.phase !== PodPhase.running) return;
      if (pod.revision !== this.#revision) outdated = pod;
    }
    if (outdated !== null) this.#env.lifecycle.delete(outdated);
  }

  #checkFinished(): void {
    for (let ordinal = 0; ordinal < this.#slots.length; ordinal++) {
      const pod = this.#slots[ordinal] ?? null;
      if (ordinal >= this.#replicas) {
        if (pod !== null) return;
      } else if (
        pod === null ||
        pod.phase !== PodPhase.running ||
        pod.revision !== this.#revision
      ) {
        return;
      }
    }
    if (this.#slots.length >= this.#replicas) finishRollout(this.#env, this.#rollout);
  }

  #createPod(ordinal: number): void {
    const { lifecycle, factory } = this.#env;
    const previousZone = this.#zones[ordinal] ?? null;
    const pod = lifecycle.create({
      owner: this,
      template: factory.admitted(this.workload, previousZone),
      name: `${this.workload.name}-${ordinal}`,
      revision: this.#revision,
      ordinal,
      runsToCompletion: false,
    });
    if (pod === null) return;
    this.#slots[ordinal] = pod;
    if (this.#lifetime !== null) armLifetime(this.#env, pod, this.#lifetime());
  }

  /** Remembers the zone of a running pod (the previous zone of its name). */
  #notePlaced(pod: SimPod): void {
    const zone = pod.node?.profile.zone ?? null;
    if (zone !== null && pod.template.fixedIp !== null) this.#zones[pod.ordinal] = zone;
  }
}
