/**
 * The engine's process driver against the contract's `spawn`: random programs of processes that
 * wait on timeouts (the driver's fast path), on generic operations, on operations that complete
 * at once, on each other and on a shared resource must produce the same log of resumptions
 * (process, step, time, value) under both drivers.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { done, spawn, wait } from '../../sim/contracts/operation.js';
import type { Coroutine, Operation, Task } from '../../sim/contracts/operation.js';
import { Engine } from '../../sim/engine/engine.js';
import { Resource } from '../helpers/resources.js';

type Action =
  | { readonly kind: 'timeout'; readonly delayUs: number }
  | { readonly kind: 'generic'; readonly delayUs: number }
  | { readonly kind: 'done' }
  | { readonly kind: 'join'; readonly target: number }
  | { readonly kind: 'hold'; readonly delayUs: number };

const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  fc.record({ kind: fc.constant('timeout' as const), delayUs: fc.integer({ min: 0, max: 20 }) }),
  fc.record({ kind: fc.constant('generic' as const), delayUs: fc.integer({ min: 0, max: 20 }) }),
  fc.constant({ kind: 'done' as const }),
  fc.record({ kind: fc.constant('join' as const), target: fc.nat() }),
  fc.record({ kind: fc.constant('hold' as const), delayUs: fc.integer({ min: 0, max: 20 }) }),
);

const programArbitrary = fc.array(
  fc.record({
    startUs: fc.integer({ min: 0, max: 10 }),
    actions: fc.array(actionArbitrary, { maxLength: 8 }),
  }),
  { minLength: 1, maxLength: 6 },
);

type Program = readonly { readonly startUs: number; readonly actions: readonly Action[] }[];

function execute(program: Program, useEngineDriver: boolean): string[] {
  const engine = new Engine();
  const resource = new Resource(engine, { capacity: 1 });
  const log: string[] = [];
  const tasks: Task<number>[] = [];
  const start = (coroutine: Coroutine<number>): Task<number> =>
    useEngineDriver ? engine.process(coroutine) : spawn(coroutine);

  function* body(index: number, actions: readonly Action[]): Coroutine<number> {
    for (const [step, action] of actions.entries()) {
      let value: unknown;
      switch (action.kind) {
        case 'timeout':
          value = yield* wait(engine.timeout(action.delayUs));
          break;
        case 'generic': {
          const operation: Operation<string> = {
            start: (resume) => {
              engine.schedule(action.delayUs, () => {
                resume(`generic-${index}-${step}`);
              });
            },
          };
          value = yield* wait(operation);
          break;
        }
        case 'done':
          value = yield* wait(done(step * 10));
          break;
        case 'join': {
          // Join only processes started earlier, so that no process waits on itself.
          const target = tasks[action.target % Math.max(1, index)];
          value =
            target === undefined || target === tasks[index] ? 'none' : yield* wait(target.join());
          break;
        }
        case 'hold':
          yield* wait(resource.request());
          value = yield* wait(engine.timeout(action.delayUs));
          resource.release();
          break;
      }
      log.push(`p${index} step${step} @${engine.nowUs()} ${String(value)}`);
    }
    return index * 100;
  }

  for (const [index, process] of program.entries()) {
    engine.schedule(process.startUs, () => {
      tasks[index] = start(body(index, process.actions));
    });
  }
  engine.run({ eventsMax: 10_000 });
  for (const [index, task] of tasks.entries()) log.push(`p${index} ${String(task.result)}`);
  log.push(`hash ${engine.traceHash()}`);
  return log;
}

describe('engine process driver', () => {
  it('invariant: the engine driver resumes processes exactly as spawn does', () => {
    fc.assert(
      fc.property(programArbitrary, (program) => {
        expect(execute(program, true)).toEqual(execute(program, false));
      }),
      { numRuns: 200 },
    );
  });

  it('invariant: an exception thrown by a process stops the run', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1000 }), (delayUs) => {
        const engine = new Engine();
        const task = engine.process(
          (function* (): Coroutine<void> {
            yield engine.timeout(delayUs);
            throw new Error(`broken at ${engine.nowUs()}`);
          })(),
        );
        expect(() => engine.run({ eventsMax: 10 })).toThrow(`broken at ${delayUs}`);
        expect(task.finished).toBe(false);
      }),
      { numRuns: 20 },
    );
  });
});
