import { describe, expect, it } from 'vitest';
import { US_PER_SECOND } from '../../../sim/contracts/clock.js';
import type { Clock } from '../../../sim/contracts/clock.js';
import { wait } from '../../../sim/contracts/operation.js';
import type { Coroutine, Operation } from '../../../sim/contracts/operation.js';
import { Engine, Priority } from '../../../sim/engine/engine.js';
import { createRng } from '../../../sim/engine/rng.js';
import { labelCode } from '../../../sim/engine/traceHash.js';

describe('Engine: event order', () => {
  it('fires earlier times first, then lower priority, then first scheduled', () => {
    const engine = new Engine();
    const fired: string[] = [];
    const log = (name: string) => () => {
      fired.push(`${name}@${engine.nowUs()}`);
    };
    engine.schedule(10, log('t10-normal-a'));
    engine.schedule(10, log('t10-urgent'), Priority.urgent);
    engine.schedule(5, log('t5-prio7'), 7);
    engine.schedule(10, log('t10-normal-b'));
    engine.schedule(5, log('t5-normal'));
    engine.schedule(0, log('t0'));
    engine.schedule(10, log('t10-normal-c'));
    expect(engine.run({ eventsMax: 100 })).toEqual({ reason: 'drained', events: 7 });
    expect(fired).toEqual([
      't0@0',
      't5-normal@5',
      't5-prio7@5',
      't10-urgent@10',
      't10-normal-a@10',
      't10-normal-b@10',
      't10-normal-c@10',
    ]);
  });

  it('runs a zero-delay event scheduled during an event after those already due then', () => {
    const engine = new Engine();
    const fired: string[] = [];
    engine.schedule(3, () => {
      fired.push('a');
      engine.schedule(0, () => fired.push('c'));
    });
    engine.schedule(3, () => fired.push('b'));
    engine.run({ eventsMax: 10 });
    expect(fired).toEqual(['a', 'b', 'c']);
  });
});

describe('Engine: cancel', () => {
  it('skips a cancelled event without counting it, and ignores stale handles', () => {
    const engine = new Engine();
    const fired: number[] = [];
    const first = engine.schedule(1, () => fired.push(1));
    const second = engine.schedule(2, () => fired.push(2));
    engine.schedule(3, () => fired.push(3));
    engine.cancel(second);
    engine.cancel(second);
    expect(engine.pendingCount).toBe(2);
    expect(engine.run({ eventsMax: 1 })).toEqual({ reason: 'eventsMax', events: 1 });
    engine.cancel(first); // already fired: a no-op
    // The slot of the fired event is reused; the old handle must not cancel the new event.
    engine.schedule(5, () => fired.push(5));
    engine.cancel(first);
    expect(engine.run({ eventsMax: 10 })).toEqual({ reason: 'drained', events: 2 });
    expect(fired).toEqual([1, 3, 5]);
    expect(engine.pendingCount).toBe(0);
  });
});

describe('Engine: run bounds', () => {
  it('stops at eventsMax, at untilUs (inclusive) and when drained', () => {
    const engine = new Engine();
    const fired: number[] = [];
    for (const timeUs of [10, 20, 30, 40]) engine.schedule(timeUs, () => fired.push(timeUs));
    expect(engine.run({ eventsMax: 1 })).toEqual({ reason: 'eventsMax', events: 1 });
    expect(engine.nowUs()).toBe(10);
    expect(engine.run({ untilUs: 30, eventsMax: 100 })).toEqual({ reason: 'until', events: 2 });
    expect(engine.nowUs()).toBe(30);
    expect(engine.run({ untilUs: 35, eventsMax: 100 })).toEqual({ reason: 'until', events: 0 });
    expect(engine.nowUs()).toBe(35);
    expect(engine.run({ untilUs: 100, eventsMax: 100 })).toEqual({ reason: 'drained', events: 1 });
    expect(engine.nowUs()).toBe(100);
    expect(fired).toEqual([10, 20, 30, 40]);
    expect(engine.eventsTotal).toBe(4);
  });

  it('bounds a self-perpetuating model', () => {
    const engine = new Engine();
    const tick = (): void => {
      engine.schedule(1, tick);
    };
    tick();
    expect(engine.run({ eventsMax: 1000 })).toEqual({ reason: 'eventsMax', events: 1000 });
    expect(engine.nowUs()).toBe(1000);
  });

  it('rejects bad arguments with the offending value', () => {
    const engine = new Engine();
    const noop = (): void => undefined;
    expect(() => engine.schedule(-1, noop)).toThrow(/got -1/);
    expect(() => engine.schedule(1.5, noop)).toThrow(/got 1\.5/);
    expect(() => engine.schedule(Number.NaN, noop)).toThrow(/got NaN/);
    expect(() => engine.schedule(Number.POSITIVE_INFINITY, noop)).toThrow(/got Infinity/);
    expect(() => engine.schedule(1, noop, 256)).toThrow(/got 256/);
    expect(() => engine.timeout(-5)).toThrow(/got -5/);
    expect(() => engine.run({ eventsMax: -1 })).toThrow(/got -1/);
    engine.schedule(10, noop);
    engine.run({ eventsMax: 1 });
    expect(() => engine.run({ untilUs: 5, eventsMax: 1 })).toThrow(/untilUs 5 is before .* 10/);
  });

  it('refuses to run from inside an event and propagates an event error', () => {
    const engine = new Engine();
    engine.schedule(1, () => {
      engine.run({ eventsMax: 1 });
    });
    expect(() => engine.run({ eventsMax: 10 })).toThrow(/inside an event/);
    engine.schedule(1, () => {
      throw new Error('broken invariant');
    });
    expect(() => engine.run({ eventsMax: 10 })).toThrow('broken invariant');
  });
});

describe('Engine: the Clock contract and processes', () => {
  function* sleeper(clock: Clock, log: number[]): Coroutine<string> {
    yield* wait(clock.sleep(5 * US_PER_SECOND));
    log.push(clock.nowUs());
    yield* wait(clock.sleep(0));
    log.push(clock.nowUs());
    return 'rested';
  }

  it('sleeps and fires timers on virtual time; a cancelled timer never fires', () => {
    const engine = new Engine();
    const clock: Clock = engine;
    const log: number[] = [];
    const task = engine.process(sleeper(clock, log));
    const fired: string[] = [];
    clock.setTimer(2 * US_PER_SECOND, () => fired.push('kept'));
    const dropped = clock.setTimer(3 * US_PER_SECOND, () => fired.push('dropped'));
    clock.cancelTimer(dropped);
    engine.run({ eventsMax: 100 });
    expect(log).toEqual([5 * US_PER_SECOND, 5 * US_PER_SECOND]);
    expect(fired).toEqual(['kept']);
    expect(task.finished).toBe(true);
    expect(task.result).toBe('rested');
  });

  it('lets a process join another and receive its result', () => {
    const engine = new Engine();
    const worker = engine.process(
      (function* (): Coroutine<number> {
        yield engine.timeout(7);
        return 42;
      })(),
    );
    const seen: [number, number][] = [];
    engine.process(
      (function* (): Coroutine<void> {
        const value = yield* wait(worker.join());
        seen.push([value, engine.nowUs()]);
        // Joining a finished task resumes at once.
        const again = yield* wait(worker.join());
        seen.push([again, engine.nowUs()]);
      })(),
    );
    engine.run({ eventsMax: 10 });
    expect(seen).toEqual([
      [42, 7],
      [42, 7],
    ]);
  });
});

describe('Engine: coroutines that are not native generators', () => {
  it('drives a hand-written Generator object through its own next, as spawn does', () => {
    const engine = new Engine();
    const inputs: unknown[] = [];
    const delaysUs = [4, 0, 9];
    let step = 0;
    // A Generator by structure only: the engine must call this `next`, not the builtin one.
    const coroutine: Coroutine<string> = {
      next(...args: [] | [unknown]): IteratorResult<Operation<unknown>, string> {
        inputs.push(args[0]);
        const delayUs = delaysUs[step++];
        if (delayUs === undefined) return { done: true, value: `done@${engine.nowUs()}` };
        return { done: false, value: engine.timeout(delayUs) };
      },
      return(value: string): IteratorResult<Operation<unknown>, string> {
        return { done: true, value };
      },
      throw(error: unknown): IteratorResult<Operation<unknown>, string> {
        throw error;
      },
      [Symbol.iterator]() {
        return this;
      },
    };
    const task = engine.process(coroutine);
    expect(engine.run({ eventsMax: 10 })).toEqual({ reason: 'drained', events: 3 });
    expect(task.result).toBe('done@13');
    expect(inputs).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe('Engine: trace hash', () => {
  function simulate(seed: number): { hash: string; times: number[] } {
    const engine = new Engine();
    const rng = createRng(seed);
    const times: number[] = [];
    const label = labelCode('customer');
    for (let index = 0; index < 3; index++) {
      const stream = rng.fork(`process-${index}`);
      engine.process(
        (function* (): Coroutine<void> {
          for (let step = 0; step < 20; step++) {
            yield engine.timeout(stream.exponentialUs(US_PER_SECOND));
            times.push(engine.nowUs());
          }
        })(),
      );
    }
    engine.schedule(0, () => undefined, Priority.urgent, label);
    engine.run({ eventsMax: 1000 });
    return { hash: engine.traceHash(), times };
  }

  it('is the same for the same seed and differs for another seed', () => {
    const first = simulate(7);
    const second = simulate(7);
    expect(second).toEqual(first);
    expect(first.hash).toMatch(/^[0-9a-f]{16}$/);
    expect(first.times).toHaveLength(60);
    expect(simulate(8).hash).not.toBe(first.hash);
  });

  it('changes with the labels passed by schedulers and is unavailable when off', () => {
    const hashWith = (label: number): string => {
      const engine = new Engine();
      engine.schedule(1, () => undefined, Priority.normal, label);
      engine.run({ eventsMax: 1 });
      return engine.traceHash();
    };
    expect(hashWith(1)).not.toBe(hashWith(2));
    expect(() => new Engine({ trace: false }).traceHash()).toThrow(/trace off/);
  });
});
