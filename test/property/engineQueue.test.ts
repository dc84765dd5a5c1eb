/**
 * The event queues and the engine against a deliberately simple model: a sorted array of
 * (time, priority, seq) from which the first entry is taken. Times are drawn from a small range
 * so that equal times and equal priorities are common.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarQueue } from '../../sim/calendarQueue.js';
import { Engine } from '../../sim/engine.js';
import type { EventHandle } from '../../sim/engine.js';
import { BinaryHeapQueue, orderKey } from '../../sim/eventQueue.js';
import type { EventQueue } from '../../sim/eventQueue.js';

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

const queues: [string, () => EventQueue][] = [
  ['binary heap', () => new BinaryHeapQueue()],
  // Small starting buckets so that the ring, the overflow and rebuilds are all exercised.
  ['calendar queue', () => new CalendarQueue({ widthLog2: 2, buckets: 64, heapModeSizeMax: 0 })],
  // The default, which switches between heap mode and the ring as the queue grows and shrinks.
  ['default calendar queue', () => new CalendarQueue()],
];

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

  it('invariant: the calendar queue keeps exact order through rebuilds and mode changes', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.integer({ min: 1, max: 600 }),
        fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 1, maxLength: 50 }),
        (ringOnly, processes, delayPattern) => {
          // Self-rescheduling "processes", as in the timeout benchmark, for thousands of pops;
          // then the processes stop one by one, so the default queue returns to heap mode.
          const queue = ringOnly
            ? new CalendarQueue({ widthLog2: 0, buckets: 64, heapModeSizeMax: 0 })
            : new CalendarQueue();
          const model = new SortedModel();
          let seq = 0;
          let draw = 0;
          const nextDelay = (): number => delayPattern[draw++ % delayPattern.length] as number;
          const add = (timeUs: number, id: number): void => {
            const priority = seq % 2;
            queue.push(timeUs, orderKey(priority, seq), id);
            model.add({ timeUs, priority, seq, id });
            seq++;
          };
          for (let id = 0; id < processes; id++) add(nextDelay(), id);
          for (let pops = 0; pops < 3000; pops++) {
            const expected = model.take()!;
            expect(queue.pop()).toBe(expected.id);
            add(expected.timeUs + nextDelay(), expected.id);
          }
          while (model.entries.length > 0) {
            expect(queue.pop()).toBe(model.take()!.id);
            if (model.entries.length % 3 === 0 && model.entries.length > 0) {
              const expected = model.take()!;
              expect(queue.pop()).toBe(expected.id);
              add(expected.timeUs + nextDelay(), expected.id);
            }
          }
          expect(queue.size).toBe(0);
        },
      ),
      { numRuns: 30 },
    );
  });
});

describe('engine against a sorted-array model', () => {
  for (const [name, create] of queues) {
    it(`invariant: with a ${name}, events fire in model order and cancelled ones never fire`, () => {
      fc.assert(
        fc.property(fc.array(stepArbitrary, { maxLength: 300 }), (steps) => {
          const engine = new Engine({ queue: create() });
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
