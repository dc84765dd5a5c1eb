/**
 * The discrete-event engine: a queue of pending events, a virtual clock in integer microseconds
 * and a sequence number, in the manner of SimPy's `core.py`.
 *
 * Events fire in the total order (timeUs, priority, seq): earlier first, then lower priority
 * number, then first scheduled. All state lives in the instance; there are no module globals,
 * no wall clock and no host timers, so a run is a pure function of its inputs and seed.
 *
 * Processes are coroutines (generators yielding {@link Operation}s) driven as `spawn` drives
 * them (see `engineProcess.ts` for why the engine has its own copy); simulated operations
 * complete from engine events.
 */
import type { Clock, TimerId } from '../contracts/clock.js';
import type { Coroutine, Operation, Task } from '../contracts/operation.js';
import { Process, Timeout as TimeoutImport } from './process.js';
import type { CoroutineStep, ProcessHost, QueuedProcess } from './process.js';
import {
  BinaryHeapQueue,
  orderKey as orderKeyImport,
  PRIORITY_LIMIT,
  SEQUENCE_LIMIT as SEQUENCE_LIMIT_IMPORT,
} from './eventQueue.js';
import { TraceHash } from './traceHash.js';

/** Event priorities: lower fires first among events at the same time. Any integer in [0, 255]. */
export const Priority = { urgent: 0, normal: 1 } as const;

/** A handle to a scheduled event, for {@link Engine.cancel}. */
export type EventHandle = TimerId;

/** Why {@link Engine.run} returned. */
export type StopReason = 'drained' | 'until' | 'eventsMax';

/** What {@link Engine.run} did. */
export interface RunResult {
  /** Why the run stopped: no events left, the next event lies after `untilUs`, or `eventsMax`. */
  readonly reason: StopReason;
  /** Events fired by this call (cancelled events are not counted). */
  readonly events: number;
}

/** Options of {@link Engine.run}. */
export interface RunOptions {
  /** Fire events at times ≤ this, then set the clock to it. Omit to run until drained. */
  readonly untilUs?: number;
  /** Stop after firing this many events (a bound on runaway models). */
  readonly eventsMax: number;
}

/** Options of {@link Engine}. */
export interface EngineOptions {
  /** Fold every fired event into {@link Engine.traceHash} (default true; benchmarks turn it off). */
  readonly trace?: boolean;
}

// NOTE: module-local copies of the imported values the hot paths use. V8 (Node 20) does not
// fold an imported binding to a constant as it does a module's own `const`, so `new Timeout`,
// `instanceof Timeout` and `seq >= SEQUENCE_LIMIT` on the import compiled to generic
// operations: about 3 ns each per event on the one-process timeout benchmark.
const Timeout = TimeoutImport;
const orderKey = orderKeyImport;
const SEQUENCE_LIMIT = SEQUENCE_LIMIT_IMPORT;

// A handle packs (generation, slot): slots are reused, and the generation tells a stale handle
// from the current one. A slot whose generation would overflow is retired, so no handle is ever
// reused.
const SLOT_LIMIT = 2 ** 24;
const GENERATION_LIMIT = 2 ** 28;
const NONE = -1;
/** The order key of a process timeout: normal priority, then its sequence number. */
const TIMEOUT_ORDER_BASE = orderKey(Priority.normal, 0);

/** `%GeneratorPrototype%.next`: see the NOTE on the same constant in `engineProcess.ts`. */
// It is only ever called with `.call(coroutine, input)`, so its `this` is always bound.
// eslint-disable-next-line @typescript-eslint/unbound-method
const generatorNext = (function* (): Generator<never, void, unknown> {})().next as (
  this: Coroutine<unknown>,
  input: unknown,
) => CoroutineStep;

/** Throws for an event time beyond safe integers or a sequence number beyond the limit. */
function throwOutOfRange(timeUs: number, seq: number): never {
  if (timeUs > Number.MAX_SAFE_INTEGER) throw new RangeError(`event time ${timeUs} is not safe`);
  throw new Error(`sequence numbers exhausted at ${seq}`);
}

/** Throws a RangeError naming `what` unless `value` is a non-negative safe integer. */
export function checkDelayUs(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer of microseconds, got ${value}`);
  }
}

/** The simulation engine; it implements {@link Clock} on its virtual time. */
export class Engine implements Clock {
  #nowUs = 0;
  #seq = 0;
  #running = false;
  // The counts are derived rather than kept per event: every scheduled event takes a sequence
  // number and leaves the queue (or the head) exactly once, by firing or, once cancelled, by
  // being skipped. So fired = scheduled − still queued − skipped, and pending = still queued −
  // (cancelled − skipped).
  #cancelled = 0;
  #skipped = 0;
  // A binary heap: a run's delays span microseconds (a warm allocation) to hours (pod
  // lifetimes), and a calendar queue's rebuilds, as its bucket width chased that spread, cost
  // more than the heap's log n (6% of the 24 h churn benchmark went to rebuilds).
  readonly #queue = new BinaryHeapQueue();
  readonly #trace: TraceHash | undefined;
  // Per slot: the callback (undefined once cancelled or fired), or for a process's slot its
  // coroutine and, apart, the process; then the generation and trace label.
  // NOTE: the coroutine rather than the process, so that the fast path touches one object fewer
  // per event: with 10,000 processes each is a cache miss.
  readonly #callbacks: ((() => void) | Coroutine<unknown> | undefined)[] = [];
  readonly #processes: (QueuedProcess | undefined)[] = [];
  #generations = new Float64Array(64);
  #labels = new Int32Array(64);
  // Freed slots, reused last-in first-out so that a process tends to keep its slot.
  #freeSlots = new Int32Array(64);
  #freeCount = 0;
  // The head register: the earliest pending entry when it is not in the queue (slot NONE when
  // empty). It is never later than any queued entry, so the next event is the head if there is
  // one, else the queue's minimum. With one pending event at a time (a single process) every
  // event passes through it and the queue is never touched.
  #headSlot = NONE;
  #headTimeUs = 0;
  #headOrder = 0;

  // The process driver's fast path for this engine's timeouts, whose delay was checked already:
  // the process is queued under the slot it keeps for life (see `Process.slot`).
  readonly #processHost: ProcessHost = {
    enqueueTimeout: (delayUs: number, process: QueuedProcess): void => {
      let slot = process.slot;
      if (slot === NONE) {
        slot = this.#allocateSlot();
        process.slot = slot;
        this.#callbacks[slot] = process.coroutine;
        this.#processes[slot] = process;
        this.#labels[slot] = 0;
      }
      this.#enqueueProcess(delayUs, slot);
    },
    releaseProcess: (process: QueuedProcess): void => {
      this.#callbacks[process.slot] = undefined;
      this.#processes[process.slot] = undefined;
      this.#releaseSlot(process.slot);
      process.slot = NONE;
    },
  };

  constructor(options: EngineOptions = {}) {
    this.#trace = options.trace === false ? undefined : new TraceHash();
  }

  /** The current virtual time in integer microseconds. */
  nowUs(): number {
    return this.#nowUs;
  }

  /** Events scheduled and neither fired nor cancelled. */
  get pendingCount(): number {
    return this.#queuedCount() - (this.#cancelled - this.#skipped);
  }

  /** Events fired since the engine was created. */
  get eventsTotal(): number {
    return this.#seq - this.#queuedCount() - this.#skipped;
  }

  /**
   * Schedules `callback` after `delayUs` microseconds (a non-negative integer) at `priority`
   * (lower first among equal times). `label` is folded into the trace hash; see `labelCode`.
   */
  schedule(
    delayUs: number,
    callback: () => void,
    priority: number = Priority.normal,
    label = 0,
  ): EventHandle {
    checkDelayUs(delayUs, 'delay');
    if (!Number.isInteger(priority) || priority < 0 || priority >= PRIORITY_LIMIT) {
      throw new RangeError(
        `priority must be an integer in [0, ${PRIORITY_LIMIT}), got ${priority}`,
      );
    }
    return this.#enqueue(delayUs, callback, priority, label);
  }

  /** Schedules a callback whose arguments `schedule` has checked. */
  #enqueue(delayUs: number, callback: () => void, priority: number, label: number): EventHandle {
    const timeUs = this.#nowUs + delayUs;
    // The slot first: if there is none, no sequence number has been taken (the counts derive
    // from them).
    const slot = this.#allocateSlot();
    const seq = this.#takeSeq(timeUs);
    this.#callbacks[slot] = callback;
    this.#labels[slot] = label;
    this.#insert(timeUs, orderKey(priority, seq), slot);
    return ((this.#generations[slot] as number) * SLOT_LIMIT + slot) as EventHandle;
  }

  /** Cancels a pending event; cancelling a fired or cancelled event is a no-op. */
  cancel(handle: EventHandle): void {
    const slot = handle % SLOT_LIMIT;
    const generation = (handle - slot) / SLOT_LIMIT;
    // Only a callback can be cancelled: a process's slot is never handed out as a handle.
    if (this.#generations[slot] !== generation || typeof this.#callbacks[slot] !== 'function') {
      return;
    }
    // The entry stays in the queue and is skipped when popped: removing it from the middle of
    // the heap would need a position index that every sift must maintain.
    this.#callbacks[slot] = undefined;
    this.#cancelled++;
  }

  /** An operation that resumes after `delayUs` microseconds. */
  timeout(delayUs: number): Operation<void> {
    checkDelayUs(delayUs, 'timeout');
    return new Timeout(this, delayUs);
  }

  /** Equivalent to {@link Engine.timeout}: the {@link Clock} contract's name. */
  sleep(delayUs: number): Operation<void> {
    return this.timeout(delayUs);
  }

  /** Calls `callback` after `delayUs` unless cancelled first ({@link Clock}). */
  setTimer(delayUs: number, callback: () => void): TimerId {
    return this.schedule(delayUs, callback);
  }

  /** Cancels a timer ({@link Clock}); a fired or cancelled timer is a no-op. */
  cancelTimer(timer: TimerId): void {
    this.cancel(timer);
  }

  /**
   * Starts a process: runs the coroutine now until its first wait, then resumes it whenever the
   * operation it yielded completes. Join it from another process with `yield task.join()`.
   */
  process<T>(coroutine: Coroutine<T>): Task<T> {
    return new Process(this, this.#processHost, coroutine).start();
  }

  /**
   * Fires events in order until the queue is empty, the next event lies after `untilUs`, or
   * `eventsMax` events have fired. With `untilUs`, the clock ends at `untilUs` unless stopped by
   * `eventsMax`. An exception thrown by an event propagates and stops the run.
   */
  run(options: RunOptions): RunResult {
    const { eventsMax } = options;
    const untilUs = options.untilUs ?? Number.POSITIVE_INFINITY;
    if (!Number.isSafeInteger(eventsMax) || eventsMax < 0) {
      throw new RangeError(`eventsMax must be a non-negative integer, got ${eventsMax}`);
    }
    if (options.untilUs !== undefined) {
      checkDelayUs(untilUs, 'untilUs');
      if (untilUs < this.#nowUs) {
        throw new RangeError(`untilUs ${untilUs} is before the current time ${this.#nowUs}`);
      }
    }
    if (this.#running) throw new Error('Engine.run called from inside an event');
    this.#running = true;
    try {
      return this.#loop(untilUs, eventsMax);
    } finally {
      this.#running = false;
    }
  }

  /** The hash of every event fired so far (16 hex digits); requires `trace` on. */
  traceHash(): string {
    if (this.#trace === undefined)
      throw new Error('traceHash: the engine was built with trace off');
    return this.#trace.hex();
  }

  /** Entries in the head and the queue, cancelled ones included. */
  #queuedCount(): number {
    return this.#queue.size + (this.#headSlot === NONE ? 0 : 1);
  }

  /** Queues a process's timeout under its own slot (the delay was checked when made). */
  #enqueueProcess(delayUs: number, slot: number): void {
    const timeUs = this.#nowUs + delayUs;
    this.#insert(timeUs, TIMEOUT_ORDER_BASE + this.#takeSeq(timeUs), slot);
  }

  /** The next sequence number, for an event at `timeUs`; throws if either is out of range. */
  #takeSeq(timeUs: number): number {
    const seq = this.#seq++;
    // Both terms of `timeUs` are non-negative safe integers, so only its upper bound can fail.
    // One test for both bounds, with the throw out of line: this runs once per event.
    if (timeUs > Number.MAX_SAFE_INTEGER || seq >= SEQUENCE_LIMIT) {
      this.#seq = seq;
      throwOutOfRange(timeUs, seq);
    }
    return seq;
  }

  /** Puts an entry in the head register or the queue, keeping the head the earliest. */
  #insert(timeUs: number, order: number, slot: number): void {
    const head = this.#headSlot;
    if (head === NONE) {
      if (this.#queue.size === 0) {
        this.#headSlot = slot;
        this.#headTimeUs = timeUs;
        this.#headOrder = order;
      } else this.#queue.push(timeUs, order, slot);
      return;
    }
    const headTimeUs = this.#headTimeUs;
    if (timeUs < headTimeUs || (timeUs === headTimeUs && order < this.#headOrder)) {
      // The new entry is the earliest: the old head joins the queue, which it does not precede.
      this.#queue.push(headTimeUs, this.#headOrder, head);
      this.#headSlot = slot;
      this.#headTimeUs = timeUs;
      this.#headOrder = order;
    } else this.#queue.push(timeUs, order, slot);
  }

  // NOTE: the loop reads the engine's fields where it uses them rather than copying them into
  // locals first. `run` is called once and then spins for up to millions of events, so the loop
  // mostly runs as on-stack-replacement code, and there V8 knows nothing of locals set before
  // the loop: with them, half the processes ran the one-process benchmark at ~53 ns per event
  // instead of ~40, depending on whether the function was also compiled normally in time.
  #loop(untilUs: number, eventsMax: number): RunResult {
    let events = 0;
    while (events < eventsMax) {
      let slot: number;
      let timeUs: number;
      let order: number;
      if (this.#headSlot !== NONE) {
        // No need to check the head against the clock: it was at least `now` when it entered,
        // and the clock has only moved to entries not after it since.
        timeUs = this.#headTimeUs;
        if (timeUs > untilUs) return this.#stop('until', events, untilUs);
        slot = this.#headSlot;
        order = this.#headOrder;
        this.#headSlot = NONE;
      } else if (this.#queue.size === 0) {
        return this.#stop('drained', events, untilUs);
      } else {
        const queue = this.#queue;
        if (untilUs !== Number.POSITIVE_INFINITY && queue.peekTimeUs() > untilUs) {
          return this.#stop('until', events, untilUs);
        }
        slot = queue.pop();
        timeUs = queue.poppedTimeUs;
        order = queue.poppedOrder;
        if (timeUs < this.#nowUs) throw new Error(`event at ${timeUs} before now ${this.#nowUs}`);
      }
      const callbacks = this.#callbacks;
      const target = callbacks[slot];
      // A process keeps its slot (holding its coroutine, an object); a callback's slot (a
      // function) is freed as it fires, and a cancelled one (undefined) as it is skipped.
      if (typeof target !== 'object') {
        callbacks[slot] = undefined;
        this.#releaseSlot(slot);
        if (target === undefined) {
          this.#skipped++;
          continue;
        }
      }
      this.#nowUs = timeUs;
      events++;
      const trace = this.#trace;
      if (trace !== undefined) {
        trace.mixInteger(timeUs);
        trace.mixInteger(order);
        trace.mixWord(this.#labels[slot] as number);
      }
      if (typeof target === 'function') target();
      else {
        // NOTE: the fast path of the process driver, inlined here: resume the generator and, if
        // it waits on another timeout of this engine, queue it again under the same slot. Doing
        // it in the loop rather than in a `Process` method saves ~5 ns of the ~50 per event of
        // the one-process timeout benchmark. Every other step goes back to the driver.
        const step = generatorNext.call(target, undefined);
        const operation = step.value;
        if (step.done !== true && operation instanceof Timeout && operation.scheduler === this) {
          this.#enqueueProcess(operation.delayUs, slot);
        } else (this.#processes[slot] as QueuedProcess).continueFrom(step);
      }
    }
    return { reason: 'eventsMax', events };
  }

  /** Ends a run that found no event due: the clock moves to `untilUs` when there is one. */
  #stop(reason: 'drained' | 'until', events: number, untilUs: number): RunResult {
    if (untilUs !== Number.POSITIVE_INFINITY) this.#nowUs = untilUs;
    return { reason, events };
  }

  #allocateSlot(): number {
    if (this.#freeCount > 0) return this.#freeSlots[--this.#freeCount] as number;
    const slot = this.#callbacks.length;
    if (slot >= SLOT_LIMIT) throw new Error(`more than ${SLOT_LIMIT} events pending`);
    if (slot === this.#generations.length) {
      const generations = new Float64Array(slot * 2);
      generations.set(this.#generations);
      this.#generations = generations;
      const labels = new Int32Array(slot * 2);
      labels.set(this.#labels);
      this.#labels = labels;
      const freeSlots = new Int32Array(slot * 2);
      freeSlots.set(this.#freeSlots);
      this.#freeSlots = freeSlots;
    }
    this.#callbacks.push(undefined);
    this.#processes.push(undefined);
    return slot;
  }

  #releaseSlot(slot: number): void {
    const generation = (this.#generations[slot] as number) + 1;
    this.#generations[slot] = generation;
    if (generation < GENERATION_LIMIT) this.#freeSlots[this.#freeCount++] = slot;
  }
}
