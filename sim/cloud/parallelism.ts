/**
 * ACK's fixed parallelism limits as SimPy-style resources: a slot count with a FIFO queue of
 * waiters, on the simulated clock (see `sim/contracts/parallelism.ts` for the contract).
 *
 * A waiter is resumed by an engine event at the moment a slot frees, never from inside the
 * releaser's call: the releaser's coroutine finishes its step first, as in SimPy, where a
 * `Release` triggers the next `Request` through the event queue.
 */
import type { Clock } from '../contracts/clock.js';
import type { Operation } from '../contracts/operation.js';
import type { ParallelismLease, ParallelismLimits } from '../contracts/parallelism.js';
import { ParallelismKind } from '../contracts/parallelism.js';
import type { ParallelismOptions } from './options.js';

/** Usage statistics of one limit. */
export interface SlotStats {
  readonly kind: ParallelismKind;
  /** The limit. */
  readonly capacity: number;
  /** Slots held now. */
  readonly inUse: number;
  /** The most slots ever held at once. */
  readonly inUseMax: number;
  /** Holders waiting now. */
  readonly queued: number;
  /** The longest the queue has been. */
  readonly queuedMax: number;
  /** Slots granted (a holder sharing its slot is not counted again). */
  readonly grants: number;
  /** Grants that had to wait. */
  readonly waitedGrants: number;
  /** Microseconds spent waiting, summed over grants. */
  readonly waitUsTotal: number;
  /** The longest wait of one grant, in microseconds. */
  readonly waitUsMax: number;
}

interface Waiter {
  readonly holderId: string;
  readonly sinceUs: number;
  readonly resumes: ((lease: ParallelismLease) => void)[];
}

/** One limit: `capacity` slots shared by holders, FIFO among waiters. */
export class SlotLimit {
  readonly kind: ParallelismKind;
  readonly capacity: number;
  readonly #clock: Clock;
  // Holder → number of unreleased leases it holds on its one slot.
  readonly #holders = new Map<string, number>();
  readonly #queue: (Waiter | undefined)[] = [];
  #queueHead = 0;
  readonly #waiting = new Map<string, Waiter>();
  #inUseMax = 0;
  #queuedMax = 0;
  #grants = 0;
  #waitedGrants = 0;
  #waitUsTotal = 0;
  #waitUsMax = 0;

  constructor(kind: ParallelismKind, capacity: number, clock: Clock) {
    if (!Number.isSafeInteger(capacity) || capacity <= 0) {
      throw new RangeError(`the ${kind} limit must be a positive integer, got ${capacity}`);
    }
    this.kind = kind;
    this.capacity = capacity;
    this.#clock = clock;
  }

  /** A lease for `holderId`; granted at once if the holder has a slot or one is free. */
  acquire(holderId: string): (resume: (lease: ParallelismLease) => void) => void {
    return (resume) => {
      const held = this.#holders.get(holderId);
      if (held !== undefined) {
        this.#holders.set(holderId, held + 1);
        resume(this.#lease(holderId));
        return;
      }
      const waiting = this.#waiting.get(holderId);
      if (waiting !== undefined) {
        waiting.resumes.push(resume);
        return;
      }
      if (this.#holders.size < this.capacity) {
        this.#grant(holderId, 1, 0);
        resume(this.#lease(holderId));
        return;
      }
      const waiter: Waiter = { holderId, sinceUs: this.#clock.nowUs(), resumes: [resume] };
      this.#queue.push(waiter);
      this.#waiting.set(holderId, waiter);
      this.#queuedMax = Math.max(this.#queuedMax, this.#waiting.size);
    };
  }

  /** The limit's statistics now. */
  stats(): SlotStats {
    return {
      kind: this.kind,
      capacity: this.capacity,
      inUse: this.#holders.size,
      inUseMax: this.#inUseMax,
      queued: this.#waiting.size,
      queuedMax: this.#queuedMax,
      grants: this.#grants,
      waitedGrants: this.#waitedGrants,
      waitUsTotal: this.#waitUsTotal,
      waitUsMax: this.#waitUsMax,
    };
  }

  /** Holders of a slot now, for checkers (sorted). */
  holders(): readonly string[] {
    return [...this.#holders.keys()].sort();
  }

  #grant(holderId: string, leases: number, waitedUs: number): void {
    this.#holders.set(holderId, leases);
    if (this.#holders.size > this.capacity) {
      throw new Error(
        `${this.kind}: ${this.#holders.size} holders exceed the limit ${this.capacity}`,
      );
    }
    this.#inUseMax = Math.max(this.#inUseMax, this.#holders.size);
    this.#grants++;
    if (waitedUs > 0) this.#waitedGrants++;
    this.#waitUsTotal += waitedUs;
    this.#waitUsMax = Math.max(this.#waitUsMax, waitedUs);
  }

  #lease(holderId: string): ParallelismLease {
    let released = false;
    return {
      kind: this.kind,
      holderId,
      release: () => {
        if (released) throw new Error(`${this.kind} lease of ${holderId} released twice`);
        released = true;
        this.#release(holderId);
      },
    };
  }

  #release(holderId: string): void {
    const held = this.#holders.get(holderId);
    if (held === undefined || held <= 0) {
      throw new Error(`${this.kind}: ${holderId} released a slot it does not hold`);
    }
    if (held > 1) {
      this.#holders.set(holderId, held - 1);
      return;
    }
    this.#holders.delete(holderId);
    const next = this.#queue[this.#queueHead];
    if (next === undefined) return;
    this.#queue[this.#queueHead] = undefined;
    this.#queueHead++;
    if (this.#queueHead > 1024 && this.#queueHead * 2 > this.#queue.length) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    this.#waiting.delete(next.holderId);
    // The slot passes to the waiter now, so nobody can take it before the waiter resumes.
    this.#grant(next.holderId, next.resumes.length, this.#clock.nowUs() - next.sinceUs);
    this.#clock.setTimer(0, () => {
      for (const resume of next.resumes) resume(this.#lease(next.holderId));
    });
  }
}

/** The simulated cloud's {@link ParallelismLimits}: one {@link SlotLimit} per kind. */
export class SimParallelismLimits implements ParallelismLimits {
  readonly #limits: Readonly<Record<ParallelismKind, SlotLimit>>;

  constructor(options: ParallelismOptions, clock: Clock) {
    this.#limits = {
      sharedEniNode: new SlotLimit(ParallelismKind.sharedEniNode, options.sharedEniNodesMax, clock),
      eniPod: new SlotLimit(ParallelismKind.eniPod, options.eniPodsMax, clock),
      controllerEni: new SlotLimit(ParallelismKind.controllerEni, options.controllerEniMax, clock),
    };
  }

  /** A lease on a slot of `kind` for `holderId`; waits (FIFO) while the limit is reached. */
  acquire(kind: ParallelismKind, holderId: string): Operation<ParallelismLease> {
    return { start: this.#limits[kind].acquire(holderId) };
  }

  /** Statistics of every limit. */
  stats(): Readonly<Record<ParallelismKind, SlotStats>> {
    return {
      sharedEniNode: this.#limits.sharedEniNode.stats(),
      eniPod: this.#limits.eniPod.stats(),
      controllerEni: this.#limits.controllerEni.stats(),
    };
  }

  /** Holders of each limit now (sorted), for checkers. */
  holders(kind: ParallelismKind): readonly string[] {
    return this.#limits[kind].holders();
  }
}
