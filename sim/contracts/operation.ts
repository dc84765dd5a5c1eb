/**
 * Operations and coroutines: the one mechanism by which simulated and real code wait.
 *
 * The allocator core is written once and runs in two worlds: under the simulator's virtual clock
 * and on a real node. It therefore never awaits a Promise (a Promise resolves on the host's
 * microtask queue, outside the engine's control and order). Instead it is a generator that
 * yields {@link Operation}s; whoever drives it (the engine, or a real-time driver) starts each
 * operation and resumes the generator with its value. Simulated operations complete from engine
 * events, so a run stays a pure function of its seed.
 */

/** A step a coroutine waits on. The driver starts it once; it must call `resume` exactly once. */
export interface Operation<T> {
  readonly start: (resume: (value: T) => void) => void;
}

/** A coroutine: a generator that yields operations and returns `T`. */
export type Coroutine<T> = Generator<Operation<unknown>, T, unknown>;

/** Waits on one operation inside a coroutine: `const result = yield* wait(op)`. */
export function* wait<T>(operation: Operation<T>): Generator<Operation<T>, T, unknown> {
  // The driver resumes with the value the operation produced, which is a T by construction.
  return (yield operation) as T;
}

/** An operation that is already complete: resumes at once with `value`. */
export function done<T>(value: T): Operation<T> {
  return {
    start: (resume) => {
      resume(value);
    },
  };
}

/** A running coroutine: its result, once it has returned, and a way to wait for it. */
export interface Task<T> {
  /** True once the coroutine has returned. */
  readonly finished: boolean;
  /** The coroutine's return value; only meaningful once `finished`. */
  readonly result: T | undefined;
  /** Resumes the waiter when the coroutine returns (at once if it already has). */
  join(): Operation<T>;
}

/**
 * Starts a coroutine and drives it to completion.
 *
 * Operations that complete synchronously (a warm pool handing out an address, an in-memory
 * datapath) are resumed in a loop rather than by recursion, so a long run of them cannot
 * overflow the stack. An exception thrown inside the coroutine propagates to whoever resumed it:
 * a broken invariant stops the run instead of being swallowed.
 */
export function spawn<T>(coroutine: Coroutine<T>): Task<T> {
  const waiters: ((value: T) => void)[] = [];
  const task = {
    finished: false,
    result: undefined as T | undefined,
    join(): Operation<T> {
      return {
        start: (resume: (value: T) => void) => {
          if (task.finished) resume(task.result as T);
          else waiters.push(resume);
        },
      };
    },
  };

  const advance = (first: unknown): void => {
    let input = first;
    for (;;) {
      const step = coroutine.next(input);
      if (step.done === true) {
        task.finished = true;
        task.result = step.value;
        for (const resume of waiters.splice(0)) resume(step.value);
        return;
      }
      let startedSynchronously = true;
      let completedSynchronously = false;
      let syncValue: unknown;
      let resumed = false;
      step.value.start((value: unknown) => {
        if (resumed) throw new Error('operation resumed its coroutine twice');
        resumed = true;
        if (startedSynchronously) {
          completedSynchronously = true;
          syncValue = value;
        } else {
          advance(value);
        }
      });
      startedSynchronously = false;
      // The flag is set inside the callback above, which TypeScript cannot see.
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition
      if (!completedSynchronously) return;
      input = syncValue;
    }
  };

  advance(undefined);
  return task;
}
