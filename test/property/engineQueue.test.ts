/**
 * The event queues and the engine against a deliberately simple model: a sorted array of
 * (time, priority, seq) from which the first entry is taken. Times are drawn from a small range
 * so that equal times and equal priorities are common.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../sim/engine/engine.js';
import type { EventHandle } from '../../sim/engine/engine.js';
import { BinaryHeapQueue, orderKey } from '../../sim/engine/eventQueue.js';
import type { EventQueue } from '../../sim/engine/eventQueue.js';

interface ModelEntry {
  readonly timeUs: number;
  readonly priority: number;
  readonly seq: number;
  readonly id: number;
}

function compare(a: ModelEntry, b: ModelEntry): number {
  return a.timeUs - b.timeUs || a.priority - b.priority || a.seq - b.seq;
}

/** The model: an array kept sorted by (time, priority, seq). */
class SortedModel {
  readonly entries: ModelEntry[] = [];
  add(entry: ModelEntry): void {
    this.entries.push(entry);
    this.entries.sort(compare);
  }
  take(): ModelEntry | undefined {
    return this.entries.shift();
  }
  remove(id: number): boolean {
    const index = this.entries.findIndex((entry) => entry.id === id);
    if (index < 0) return false;
    this.entries.splice(index, 1);
    return true;
  }
}

type Step =
  | { readonly kind: 'push'; readonly delayUs: number; readonly priority: number }
  | { readonly kind: 'pop' }
  | { readonly kind: 'cancel'; readonly pick: number };

/** Delays from a few regimes: many ties at 0 and 1, short, and occasionally very long. */
const delayArbitrary = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 3 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 5_000 }), weight: 4 },
  { arbitrary: fc.integer({ min: 0, max: 2 ** 40 }), weight: 1 },
);

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('push' as const),
      delayUs: delayArbitrary,
      priority: fc.integer({ min: 0, max: 2 }),
    }),
    weight: 5,
  },
  { arbitrary: fc.constant({ kind: 'pop' as const }), weight: 4 },
  {
    arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }),
    weight: 1,
  },
);

const queues: [string, () => EventQueue][] = [['binary heap', () => new BinaryHeapQueue()]];

describe('event queues against a sorted-array model', () => {
  for (const [name, create] of queues) {
    it(`invariant: the ${name} pops in exact (time, priority, seq) order`, () => {
      fc.assert(
        fc.property(fc.array(stepArbitrary, { maxLength: 400 }), (steps) => {
          const queue = create();
          const model = new SortedModel();
          let nowUs = 0;
          let seq = 0;
          for (const step of steps) {
            if (step.kind === 'push') {
              const entry = { timeUs: nowUs + step.delayUs, priority: step.priority, seq, id: seq };
              seq++;
              queue.push(entry.timeUs, orderKey(entry.priority, entry.seq), entry.id);
              model.add(entry);
            } else if (step.kind === 'pop') {
              const expected = model.take();
              if (expected === undefined) continue;
              expect(queue.peekTimeUs()).toBe(expected.timeUs);
              expect(queue.peekOrder()).toBe(orderKey(expected.priority, expected.seq));
              expect(queue.pop()).toBe(expected.id);
              nowUs = expected.timeUs;
            }
            expect(queue.size).toBe(model.entries.length);
          }
          while (model.entries.length > 0) expect(queue.pop()).toBe(model.take()?.id);
          expect(queue.size).toBe(0);
        }),
        { numRuns: 200 },
      );
    });
  }
});

describe('engine against a sorted-array model', () => {
  {
    it('invariant: events fire in model order and cancelled ones never fire', () => {
      fc.assert(
        fc.property(fc.array(stepArbitrary, { maxLength: 300 }), (steps) => {
          const engine = new Engine();
          const model = new SortedModel();
          const handles: { id: number; handle: EventHandle }[] = [];
          const fired: number[] = [];
          let seq = 0;
          for (const step of steps) {
            if (step.kind === 'push') {
              const id = seq++;
              const handle = engine.schedule(step.delayUs, () => fired.push(id), step.priority);
              model.add({
                timeUs: engine.nowUs() + step.delayUs,
                priority: step.priority,
                seq: id,
                id,
              });
              handles.push({ id, handle });
            } else if (step.kind === 'cancel') {
              // Cancelling a fired or already cancelled event must be a no-op.
              const target = handles[step.pick % Math.max(1, handles.length)];
              if (target !== undefined) {
                engine.cancel(target.handle);
                model.remove(target.id);
              }
            } else {
              const expected = model.take();
              const result = engine.run({ eventsMax: 1 });
              expect(result.events).toBe(expected === undefined ? 0 : 1);
              if (expected !== undefined) {
                expect(fired.at(-1)).toBe(expected.id);
                expect(engine.nowUs()).toBe(expected.timeUs);
              }
            }
            expect(engine.pendingCount).toBe(model.entries.length);
          }
          const rest = model.entries.map((entry) => entry.id);
          const before = fired.length;
          engine.run({ eventsMax: 10_000 });
          expect(fired.slice(before)).toEqual(rest);
        }),
        { numRuns: 200 },
      );
    });
  }
});
