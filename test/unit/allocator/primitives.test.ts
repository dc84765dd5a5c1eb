import { describe, expect, it } from 'vitest';
import { AddressSet } from '../../../sim/allocator/addressSet.js';
import { AllocatorInvariantError } from '../../../sim/allocator/assert.js';
import { slotPriority, sortByPriority } from '../../../sim/allocator/eniPriority.js';
import { SufficientIpCondition } from '../../../sim/allocator/nodeCondition.js';
import { Deferred, Semaphore, Signal } from '../../../sim/allocator/sync.js';
import type { Coroutine } from '../../../sim/contracts/operation.js';
import { spawn, wait } from '../../../sim/contracts/operation.js';
import { Engine } from '../../../sim/engine/engine.js';

describe('ENI priority (Local.Priority)', () => {
  it('InUse +50, Creating +10, Init 0, Deleting −100, plus the addresses held per family', () => {
    const base = { ipv4Count: 7, ipv6Count: 7, ipv4: true, ipv6: false };
    expect(slotPriority({ ...base, status: 'InUse' })).toBe(57);
    expect(slotPriority({ ...base, status: 'Creating' })).toBe(17);
    expect(slotPriority({ ...base, status: 'Init' })).toBe(7);
    expect(slotPriority({ ...base, status: 'Deleting' })).toBe(-100);
    expect(slotPriority({ ...base, status: 'InUse', ipv6: true })).toBe(64);
  });

  it('sorts in place, keeping the previous order among equals', () => {
    const items = ['a3', 'b1', 'c3', 'd2'];
    sortByPriority(items, (s) => Number(s[1]), true);
    expect(items).toEqual(['a3', 'c3', 'd2', 'b1']);
    sortByPriority(items, (s) => Number(s[1]), false);
    expect(items).toEqual(['b1', 'd2', 'a3', 'c3']);
  });
});

describe('address set', () => {
  it('hands out the oldest idle address, keeps a held one for its pod, never disposes a primary', () => {
    const set = new AddressSet();
    const primary = set.addValid('10.0.0.1', { family: 'ipv4', primary: true });
    const second = set.addValid('10.0.0.2', { family: 'ipv4', primary: false });
    expect(set.peekAvailable('p', null)).toBe(primary);
    set.allocate(primary, 'p');
    expect(set.peekAvailable('p', '10.0.0.1')).toBe(primary);
    expect(set.peekAvailable('q', null)).toBe(second);
    expect(set.markDeleting(primary)).toBe(false);
    set.release(primary, 'p');
    expect(set.markDeleting(primary)).toBe(false);
    expect(set.markDeleting(second)).toBe(true);
    expect([set.idleCount, set.inUseCount, set.deletingCount]).toEqual([1, 0, 1]);
    expect(set.releasableIdle(5)).toEqual([]);
  });

  it('treats a double allocation as a broken invariant', () => {
    const set = new AddressSet();
    const record = set.addValid('10.0.0.2', { family: 'ipv4', primary: false });
    set.allocate(record, 'a');
    expect(() => {
      set.allocate(record, 'b');
    }).toThrow(AllocatorInvariantError);
    expect(() => set.addValid('10.0.0.2', { family: 'ipv4', primary: false })).toThrow(/twice/);
  });
});

describe('waiting primitives', () => {
  it('a signal wakes its waiters after the waker returns, as an engine event', () => {
    const engine = new Engine();
    const signal = new Signal(engine);
    const log: string[] = [];
    spawn(
      (function* (): Coroutine<void> {
        yield* wait(signal.wait());
        log.push(`woken at ${engine.nowUs()}`);
      })(),
    );
    engine.run({ untilUs: 10, eventsMax: 10 });
    signal.notifyAll();
    log.push('notified');
    engine.run({ untilUs: 20, eventsMax: 10 });
    expect(log).toEqual(['notified', 'woken at 10']);
  });

  it('a one-shot result times out, or resolves first', () => {
    const engine = new Engine();
    const late = new Deferred<number>(engine);
    const early = new Deferred<number>(engine);
    const a = spawn(
      (function* (): Coroutine<unknown> {
        return yield* wait(late.waitFor(100));
      })(),
    );
    const b = spawn(
      (function* (): Coroutine<unknown> {
        return yield* wait(early.waitFor(100));
      })(),
    );
    engine.schedule(50, () => {
      early.resolve(7);
    });
    engine.schedule(150, () => {
      late.resolve(8);
    });
    engine.run({ eventsMax: 100 });
    expect(a.result).toEqual({ ok: false });
    expect(b.result).toEqual({ ok: true, value: 7 });
    expect(() => {
      late.resolve(9);
    }).toThrow(AllocatorInvariantError);
  });

  it('a semaphore hands permits over in FIFO order', () => {
    const engine = new Engine();
    const semaphore = new Semaphore(engine, 2);
    const order: number[] = [];
    for (let i = 0; i < 5; i++) {
      spawn(
        (function* (): Coroutine<void> {
          yield* wait(semaphore.acquire());
          order.push(i);
          yield* wait(engine.sleep(10));
          semaphore.release();
        })(),
      );
    }
    expect(semaphore.held).toBe(2);
    expect(semaphore.waiting).toBe(3);
    engine.run({ eventsMax: 100 });
    expect(order).toEqual([0, 1, 2, 3, 4]);
    expect(semaphore.held).toBe(0);
  });
});

describe('SufficientIP condition', () => {
  it('goes False for 10 min, or until an address is released', () => {
    const engine = new Engine();
    const condition = new SufficientIpCondition(engine);
    expect(condition.status).toBe(true);
    condition.setExhaustive();
    expect(condition.reason).toBe('InsufficientIP');
    engine.run({ untilUs: 599_000_000, eventsMax: 10 });
    expect(condition.status).toBe(false);
    engine.run({ untilUs: 601_000_000, eventsMax: 10 });
    expect(condition.status).toBe(true);
    condition.setExhaustive();
    condition.unsetExhaustive();
    engine.run({ untilUs: 601_000_001, eventsMax: 10 });
    expect(condition.status).toBe(true);
    expect(condition.transitions).toBe(4);
  });
});
