/**
 * kube-scheduler's scheduling queue (`pkg/scheduler/backend/queue`): three places a pending pod
 * can wait.
 *
 * - activeQ: pods to schedule now, first in first out (PrioritySort with equal priorities orders
 *   by the time the pod entered the queue).
 * - backoffQ: pods that failed a cycle and were moved back by a cluster event; each waits out its
 *   backoff (1 s doubling per failed attempt, at most 10 s) before it is active again.
 * - unschedulablePods: pods whose last cycle found no node. A cluster event that may help (a node
 *   added or changed, a pod deleted) moves them all to backoffQ or activeQ (kube-scheduler's
 *   `MoveAllToActiveOrBackoffQueue`; enisim does not model per-plugin queueing hints), and pods
 *   left there longer than 5 minutes are flushed every 30 s.
 *
 * A deleted pod is dropped lazily: the queues skip pods that are no longer pending.
 */
import type { LifecycleConstants } from './lifecycle.js';
import { schedulerBackoffUs } from './lifecycle.js';
import { PodPhase, type SimPod } from './simPod.js';

interface BackoffEntry {
  readonly readyUs: number;
  readonly seq: number;
  readonly pod: SimPod;
}

function before(a: BackoffEntry, b: BackoffEntry): boolean {
  return a.readyUs < b.readyUs || (a.readyUs === b.readyUs && a.seq < b.seq);
}

/** The scheduling queue. */
export class SchedulingQueue {
  readonly #constants: LifecycleConstants;
  #active: SimPod[] = [];
  #head = 0;
  readonly #backoff: BackoffEntry[] = [];
  #seq = 0;
  /** Pods waiting as unschedulable, in the order they got there. */
  readonly unschedulable = new Set<SimPod>();

  constructor(constants: LifecycleConstants) {
    this.#constants = constants;
  }

  /** Pods waiting in activeQ (deleted ones not yet skipped included). */
  get activeCount(): number {
    return this.#active.length - this.#head;
  }

  /** Adds a new pod to activeQ. */
  add(pod: SimPod): void {
    this.#active.push(pod);
  }

  /** The next pod to schedule, or undefined when activeQ is empty. */
  pop(): SimPod | undefined {
    while (this.#head < this.#active.length) {
      const pod = this.#active[this.#head++];
      if (this.#head > 1024 && this.#head * 2 > this.#active.length) {
        this.#active = this.#active.slice(this.#head);
        this.#head = 0;
      }
      if (pod !== undefined && pod.phase === PodPhase.pending && !pod.deleteRequested) return pod;
    }
    return undefined;
  }

  /** The pod found no node at `nowUs`: it waits as unschedulable. */
  markUnschedulable(pod: SimPod, nowUs: number): void {
    if (!pod.unschedulable) {
      pod.unschedulable = true;
      pod.unschedulableSinceUs = nowUs;
    }
    this.unschedulable.add(pod);
  }

  /** Removes a deleted pod from the unschedulable set. */
  forget(pod: SimPod): void {
    if (pod.unschedulable) {
      this.unschedulable.delete(pod);
      pod.unschedulable = false;
    }
  }

  /**
   * A cluster event: every unschedulable pod goes to backoffQ, or straight to activeQ if its
   * backoff has already passed. Returns how many moved.
   */
  moveAll(nowUs: number): number {
    return this.#move(nowUs, () => true);
  }

  /** The periodic flush: pods unschedulable for longer than `maxDurationUs` move. */
  flushLeftover(nowUs: number): number {
    const limit = this.#constants.unschedulableMaxDurationUs;
    return this.#move(nowUs, (pod) => nowUs - pod.unschedulableSinceUs > limit);
  }

  #move(nowUs: number, which: (pod: SimPod) => boolean): number {
    let moved = 0;
    for (const pod of this.unschedulable) {
      if (!which(pod)) continue;
      this.unschedulable.delete(pod);
      pod.unschedulable = false;
      moved++;
      const readyUs = pod.lastAttemptUs + schedulerBackoffUs(pod.scheduleAttempts, this.#constants);
      if (readyUs <= nowUs) this.#active.push(pod);
      else this.#pushBackoff({ readyUs, seq: this.#seq++, pod });
    }
    return moved;
  }

  /** Moves pods whose backoff has passed to activeQ; returns the next backoff expiry or null. */
  releaseBackoff(nowUs: number): number | null {
    for (;;) {
      const top = this.#backoff[0];
      if (top === undefined) return null;
      if (top.readyUs > nowUs) return top.readyUs;
      this.#popBackoff();
      this.#active.push(top.pod);
    }
  }

  #pushBackoff(entry: BackoffEntry): void {
    const heap = this.#backoff;
    heap.push(entry);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      const up = heap[parent];
      if (up === undefined || !before(entry, up)) break;
      heap[index] = up;
      index = parent;
    }
    heap[index] = entry;
  }

  #popBackoff(): void {
    const heap = this.#backoff;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    let index = 0;
    for (;;) {
      const left = index * 2 + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const leftEntry = heap[left];
      const rightEntry = heap[right];
      if (leftEntry === undefined) break;
      const child = rightEntry !== undefined && before(rightEntry, leftEntry) ? right : left;
      const childEntry = heap[child];
      if (childEntry === undefined || !before(childEntry, last)) break;
      heap[index] = childEntry;
      index = child;
    }
    heap[index] = last;
  }
}
