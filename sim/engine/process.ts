/**
 * The engine's process driver: `spawn` from `contracts/operation.ts`, specialised for the
 * engine's own timeouts.
 *
 * It follows `spawn` step for step (run until the first wait; complete synchronously finished
 * operations in a loop; resume each operation exactly once; wake joiners in order; let an
 * exception propagate to whoever resumed the coroutine), with one addition: when a coroutine
 * yields a {@link Timeout} of the same engine, the driver puts the process itself in the queue
 * instead of creating a resume closure for the step; when that event fires, the engine resumes
 * the generator and queues the process again if the next step is another of its timeouts, and
 * hands every other step back to the driver (`continueFrom`).
 *
 * NOTE: this trades a second driver for speed. A closure created per step lives until its event
 * fires, which with 10,000 processes is 10,000 events later: it survives young-generation GC and
 * is promoted, and that, not the queue, dominated the cost per event (0.6 s against 0.19 s for
 * plain callbacks per million events). The fast path allocates nothing that outlives the step,
 * and the engine's slot holds the generator itself rather than a closure (or this Process), which
 * saves pointer hops per event that matter once the processes no longer fit in cache (at 10,000
 * processes, dropping the Process hop alone took the cost per event from ~145 to ~121 ns).
 * A process keeps one queue slot for all its timeouts (it waits on one operation at a time), so
 * no slot is allocated or freed per step either.
 * `test/property/engineProcess.test.ts` checks that it resumes in the same order as `spawn`.
 */
import type { Operation, Task } from '../contracts/operation.js';
import type { Coroutine } from '../contracts/operation.js';

/** The engine as the driver and timeouts see it. */
export interface TimeoutScheduler {
  schedule(delayUs: number, callback: () => void): unknown;
}

/** What a coroutine's `next` returns: the operation it waits on, or its result. */
export type CoroutineStep = IteratorResult<Operation<unknown>, unknown>;

/**
 * What the driver needs from the engine that owns it: queueing the process itself for a Timeout
 * of that engine (whose delay was checked when the Timeout was made), and taking back the
 * process's queue slot once it has finished.
 */
export interface ProcessHost {
  enqueueTimeout(delayUs: number, process: QueuedProcess): void;
  releaseProcess(process: QueuedProcess): void;
}

/** A process as the engine sees it when one of its timeouts fires. */
export interface QueuedProcess {
  /** The engine's queue slot for this process, or −1 while it has none; set by the engine. */
  slot: number;
  /**
   * The coroutine as a native generator, which the engine resumes itself on the fast path with
   * `%GeneratorPrototype%.next` (see {@link nativeCoroutine}).
   */
  readonly coroutine: Coroutine<unknown>;
  /** Takes over a step the engine resumed that is not a Timeout of the engine. */
  continueFrom(step: CoroutineStep): void;
}

/**
 * `%GeneratorPrototype%.next`, the `next` every native generator inherits.
 *
 * NOTE: the driver and the engine resume coroutines as `generatorNext.call(coroutine, input)`
 * rather than `coroutine.next(input)`: this spares a lookup that turns megamorphic as soon as
 * processes come from several generator functions (each gives its generators their own object
 * map), and lets the compiler call the builtin directly; about 4 ns of the 50 per event of the
 * timeout benchmark with one process. Each file takes its own module-local copy, because a call
 * through an imported binding cost another 3 ns there.
 */
// It is only ever called with `.call(coroutine, input)`, so its `this` is always bound.
// eslint-disable-next-line @typescript-eslint/unbound-method
const generatorNext = (function* (): Generator<never, void, unknown> {})().next as (
  this: Coroutine<unknown>,
  input: unknown,
) => CoroutineStep;

/**
 * The coroutine itself if it is a native generator (its `next` is `%GeneratorPrototype%.next`),
 * otherwise a native generator that delegates to it: `yield*` passes each resume value to the
 * coroutine's own `next` and returns its result, which is all a driver ever asks of it.
 */
export function nativeCoroutine<T>(coroutine: Coroutine<T>): Coroutine<T> {
  if (coroutine.next === generatorNext) return coroutine;
  return (function* delegate(): Coroutine<T> {
    return yield* coroutine;
  })();
}

/** An engine timeout: an operation that resumes after `delayUs` microseconds. */
export class Timeout implements Operation<void> {
  readonly delayUs: number;
  readonly scheduler: TimeoutScheduler;

  constructor(scheduler: TimeoutScheduler, delayUs: number) {
    this.scheduler = scheduler;
    this.delayUs = delayUs;
  }

  /** Schedules `resume` after the delay (the generic path, for any driver). */
  start(resume: (value: undefined) => void): void {
    this.scheduler.schedule(this.delayUs, resume as () => void);
  }
}

/** A coroutine driven on an engine; implements the contract's {@link Task}. */
export class Process<T> implements Task<T>, QueuedProcess {
  finished = false;
  result: T | undefined = undefined;
  /** The engine's queue slot for this process, or −1 while it has none; set by the engine. */
  slot = -1;
  /** The coroutine as a native generator (see {@link nativeCoroutine}). */
  readonly coroutine: Coroutine<T>;
  readonly #scheduler: TimeoutScheduler;
  readonly #host: ProcessHost;
  #waiters: ((value: T) => void)[] | undefined;

  /** `host` queues the process for the Timeouts of `scheduler` (the same engine). */
  constructor(scheduler: TimeoutScheduler, host: ProcessHost, coroutine: Coroutine<T>) {
    this.#scheduler = scheduler;
    this.#host = host;
    this.coroutine = nativeCoroutine(coroutine);
  }

  /** Runs the coroutine until its first wait. */
  start(): this {
    this.#advance(this.#resume(undefined));
    return this;
  }

  /** Continues from a step the engine resumed (called by the engine only). */
  continueFrom(step: CoroutineStep): void {
    this.#advance(step);
  }

  join(): Operation<T> {
    return {
      start: (resume: (value: T) => void) => {
        if (this.finished) resume(this.result as T);
        else (this.#waiters ??= []).push(resume);
      },
    };
  }

  #resume(input: unknown): CoroutineStep {
    return generatorNext.call(this.coroutine, input);
  }

  /**
   * Follows the coroutine from `first` until it waits: queues the process for an engine Timeout,
   * starts any other operation, resumes at once those that complete synchronously.
   */
  #advance(first: CoroutineStep): void {
    let step = first;
    for (;;) {
      if (step.done === true) {
        this.#finish(step.value as T);
        return;
      }
      const operation = step.value;
      if (operation instanceof Timeout && operation.scheduler === this.#scheduler) {
        this.#host.enqueueTimeout(operation.delayUs, this);
        return;
      }
      const outcome = this.#startGeneric(operation);
      if (outcome === PENDING) return;
      step = this.#resume(outcome.value);
    }
  }

  /** Starts any other operation as `spawn` does; returns its value if it completed at once. */
  #startGeneric(operation: Operation<unknown>): typeof PENDING | { value: unknown } {
    let startedSynchronously = true;
    let completed: { value: unknown } | undefined;
    let resumed = false;
    operation.start((value: unknown) => {
      if (resumed) throw new Error('operation resumed its coroutine twice');
      resumed = true;
      if (startedSynchronously) completed = { value };
      else this.#advance(this.#resume(value));
    });
    startedSynchronously = false;
    return completed ?? PENDING;
  }

  #finish(value: T): void {
    // Not queued now: the process is running, so its slot can go back to the engine.
    if (this.slot !== -1) this.#host.releaseProcess(this);
    this.finished = true;
    this.result = value;
    const waiters = this.#waiters;
    this.#waiters = undefined;
    if (waiters !== undefined) for (const resume of waiters) resume(value);
  }
}

const PENDING = Symbol('pending');
