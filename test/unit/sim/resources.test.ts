import { describe, expect, it } from 'vitest';
import { wait } from '../../../sim/contracts/operation.js';
import type { Coroutine } from '../../../sim/contracts/operation.js';
import { Engine } from '../../../sim/engine/engine.js';
import { Container, FilterStore, Resource, Store } from '../../helpers/resources.js';

describe('Resource', () => {
  it('grants units first come first served and counts holders and waiters', () => {
    const engine = new Engine();
    const resource = new Resource(engine, { capacity: 2 });
    const log: string[] = [];
    const user = (name: string, holdUs: number) =>
      function* (): Coroutine<void> {
        yield* wait(resource.request());
        log.push(`${name} got @${engine.nowUs()}`);
        yield engine.timeout(holdUs);
        resource.release();
      };
    engine.process(user('a', 10)());
    engine.process(user('b', 30)());
    engine.process(user('c', 5)());
    engine.process(user('d', 5)());
    expect(resource.inUse).toBe(2);
    expect(resource.queueLength).toBe(2);
    engine.run({ eventsMax: 100 });
    expect(log).toEqual(['a got @0', 'b got @0', 'c got @10', 'd got @15']);
    expect(resource.inUse).toBe(0);
    expect(resource.queueLength).toBe(0);
    expect(resource.counts).toEqual({ requestsTotal: 4, waitedTotal: 2 });
    // Units in use: 2 over [0, 20), 1 over [20, 30): (2·20 + 1·10) / 30.
    // Waiting: 2 over [0, 10), 1 over [10, 15): (2·10 + 1·5) / 30.
    expect(resource.timeAverages()).toEqual({ inUseMean: 50 / 30, queueLengthMean: 25 / 30 });
  });

  it('offers a non-waiting request and rejects bad capacity or a stray release', () => {
    const engine = new Engine();
    const resource = new Resource(engine, { capacity: 1 });
    expect(resource.tryRequest()).toBe(true);
    expect(resource.tryRequest()).toBe(false);
    resource.release();
    expect(() => {
      resource.release();
    }).toThrow(/without a unit/);
    expect(() => new Resource(engine, { capacity: 0 })).toThrow(/got 0/);
    expect(() => new Resource(engine, { capacity: 1.5 })).toThrow(/got 1\.5/);
  });
});

describe('Container', () => {
  it('serves gets and puts in FIFO order as the level allows', () => {
    const engine = new Engine();
    const pool = new Container(engine, { capacity: 10, init: 3 });
    const log: string[] = [];
    engine.process(
      (function* (): Coroutine<void> {
        yield* wait(pool.get(5));
        log.push(`got 5 @${engine.nowUs()}`);
      })(),
    );
    engine.process(
      (function* (): Coroutine<void> {
        // Needs only 1, but must not overtake the earlier request for 5.
        yield* wait(pool.get(1));
        log.push(`got 1 @${engine.nowUs()}`);
      })(),
    );
    engine.schedule(4, () => {
      engine.process(
        (function* (): Coroutine<void> {
          yield* wait(pool.put(3));
          log.push(`put 3 @${engine.nowUs()}`);
        })(),
      );
    });
    expect(pool.waiting).toEqual({ puts: 0, gets: 2 });
    engine.run({ eventsMax: 100 });
    expect(log).toEqual(['put 3 @4', 'got 5 @4', 'got 1 @4']);
    expect(pool.level).toBe(0);
  });

  it('makes a put wait for room', () => {
    const engine = new Engine();
    const pool = new Container(engine, { capacity: 4, init: 4 });
    let storedAtUs = -1;
    engine.process(
      (function* (): Coroutine<void> {
        yield* wait(pool.put(2));
        storedAtUs = engine.nowUs();
      })(),
    );
    engine.schedule(9, () => {
      engine.process(
        (function* (): Coroutine<void> {
          yield* wait(pool.get(3));
        })(),
      );
    });
    engine.run({ eventsMax: 100 });
    expect(storedAtUs).toBe(9);
    expect(pool.level).toBe(3);
  });

  it('validates its options with the offending values', () => {
    const engine = new Engine();
    expect(() => new Container(engine, { capacity: 5, init: 6 })).toThrow(
      '"init" must be <= "capacity", got 6 > 5',
    );
    expect(() => new Container(engine, { capacity: -1 })).toThrow(/got -1/);
    expect(() => new Container(engine, { init: -2 })).toThrow(/got -2/);
    const pool = new Container(engine, { capacity: 5 });
    expect(() => pool.get(6)).toThrow(/got 6/);
    expect(() => pool.put(0)).toThrow(/got 0/);
  });
});

describe('Store and FilterStore', () => {
  it('hands items out oldest first and makes putters wait while full', () => {
    const engine = new Engine();
    const store = new Store<string>(engine, { capacity: 1 });
    const log: string[] = [];
    engine.process(
      (function* (): Coroutine<void> {
        for (const item of ['eni-1', 'eni-2', 'eni-3']) {
          yield* wait(store.put(item));
          log.push(`put ${item} @${engine.nowUs()}`);
        }
      })(),
    );
    engine.process(
      (function* (): Coroutine<void> {
        for (let index = 0; index < 3; index++) {
          yield engine.timeout(10);
          const item = yield* wait(store.get());
          log.push(`got ${item} @${engine.nowUs()}`);
        }
      })(),
    );
    engine.run({ eventsMax: 100 });
    expect(log).toEqual([
      'put eni-1 @0',
      'got eni-1 @10',
      'put eni-2 @10',
      'got eni-2 @20',
      'put eni-3 @20',
      'got eni-3 @30',
    ]);
    expect(store.size).toBe(0);
    expect(() => new Store(engine, { capacity: 0 })).toThrow(/got 0/);
  });

  it('gives a waiting getter the next item put', () => {
    const engine = new Engine();
    const store = new Store<number>(engine);
    const got: number[] = [];
    engine.process(
      (function* (): Coroutine<void> {
        got.push(yield* wait(store.get()));
        got.push(engine.nowUs());
      })(),
    );
    engine.schedule(6, () => {
      engine.process(
        (function* (): Coroutine<void> {
          yield* wait(store.put(99));
        })(),
      );
    });
    engine.run({ eventsMax: 100 });
    expect(got).toEqual([99, 6]);
  });

  it('filters: a getter whose filter matches nothing does not block the others', () => {
    const engine = new Engine();
    const store = new FilterStore<{ zone: string; id: number }>(engine);
    const log: string[] = [];
    const getter = (zone: string) =>
      function* (): Coroutine<void> {
        const item = yield* wait(store.get((candidate) => candidate.zone === zone));
        log.push(`${zone}:${item.id}@${engine.nowUs()}`);
      };
    engine.process(getter('b')());
    engine.process(getter('a')());
    engine.schedule(1, () => {
      engine.process(
        (function* (): Coroutine<void> {
          yield* wait(store.put({ zone: 'a', id: 1 }));
          yield* wait(store.put({ zone: 'a', id: 2 }));
          yield engine.timeout(1);
          yield* wait(store.put({ zone: 'b', id: 3 }));
        })(),
      );
    });
    engine.run({ eventsMax: 100 });
    expect(log).toEqual(['a:1@1', 'b:3@2']);
    expect(store.size).toBe(1);
    const left: number[] = [];
    engine.process(
      (function* (): Coroutine<void> {
        left.push((yield* wait(store.get())).id);
      })(),
    );
    expect(left).toEqual([2]);
  });
});
