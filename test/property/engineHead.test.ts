/**
 * The engine's head register and its process fast path against a sorted-array model.
 *
 * The engine keeps the earliest pending event in a register in front of its queue, and queues a
 * process that waits on one of its timeouts under the process's own slot. Both are exercised
 * hardest when few events are pending: one process alone (every event passes through the
 * register), callbacks at the same time with a lower priority number (which displace the head
 * into the queue), cancelled heads, and `run` bounds that stop at the head. The model replays
 * the same steps on a list sorted by (time, priority, seq), numbering events in the order the
 * engine does: a process's next timeout takes its sequence number when the process resumes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Coroutine } from '../../sim/contracts/operation.js';
import { Engine, Priority } from '../../sim/engine/engine.js';
import type { EventHandle } from '../../sim/engine/engine.js';

/** A pending event in the model: a callback, or the next wake-up of a process. */
interface ModelEvent {
  readonly timeUs: number;
  readonly priority: number;
  readonly seq: number;
  /** What the event logs when it fires. */
  readonly name: string;
  /** For a process wake-up: the process and the delays still to wait after this one. */
  readonly process?: { readonly id: number; readonly rest: readonly number[] };
}

function earlier(a: ModelEvent, b: ModelEvent): number {
  return a.timeUs - b.timeUs || a.priority - b.priority || a.seq - b.seq;
}

/** The model engine: a sorted list, a clock and a sequence number. */
class ModelEngine {
  nowUs = 0;
  fired = 0;
  readonly pending: ModelEvent[] = [];
  readonly log: string[] = [];
  #seq = 0;

  add(delayUs: number, priority: number, name: string, process?: ModelEvent['process']): number {
    const seq = this.#seq++;
    const event: ModelEvent = {
      timeUs: this.nowUs + delayUs,
      priority,
      seq,
      name,
      ...(process === undefined ? {} : { process }),
    };
    this.pending.push(event);
    this.pending.sort(earlier);
    return seq;
  }

  /** A process that logs after each of `delaysUs` timeouts; it waits for the first at once. */
  spawn(id: number, delaysUs: readonly number[]): void {
    const [first, ...rest] = delaysUs;
    if (first !== undefined) this.add(first, Priority.normal, `p${id}`, { id, rest });
  }

  cancel(seq: number): void {
    const index = this.pending.findIndex((event) => event.seq === seq && !event.process);
    if (index >= 0) this.pending.splice(index, 1);
  }

  /** Fires events as `Engine.run` does; returns the number fired. */
  run(untilUs: number | undefined, eventsMax: number): number {
    let events = 0;
    while (events < eventsMax) {
      const next = this.pending[0];
      if (next === undefined || (untilUs !== undefined && next.timeUs > untilUs)) {
        if (untilUs !== undefined) this.nowUs = untilUs;
        return events;
      }
      this.pending.shift();
      this.nowUs = next.timeUs;
      this.log.push(`${next.name}@${next.timeUs}`);
      events++;
      this.fired++;
      const { process } = next;
      if (process !== undefined) {
        const [delayUs, ...rest] = process.rest;
        if (delayUs !== undefined) {
          this.add(delayUs, Priority.normal, next.name, { id: process.id, rest });
        }
      }
    }
    return events;
  }
}

type Step =
  | { readonly kind: 'schedule'; readonly delayUs: number; readonly priority: number }
  | { readonly kind: 'spawn'; readonly delaysUs: readonly number[] }
  | { readonly kind: 'cancel'; readonly pick: number }
  | { readonly kind: 'run'; readonly eventsMax: number }
  | { readonly kind: 'runUntil'; readonly forUs: number; readonly eventsMax: number };

// Small delays, so that equal times are common; priorities 0 (urgent) to 2 around the
// processes' normal priority 1.
const delayArbitrary = fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 40 }));

const stepArbitrary: fc.Arbitrary<Step> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('schedule' as const),
      delayUs: delayArbitrary,
      priority: fc.integer({ min: 0, max: 2 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('spawn' as const),
      delaysUs: fc.array(delayArbitrary, { maxLength: 12 }),
    }),
    weight: 2,
  },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 2 },
  {
    arbitrary: fc.record({
      kind: fc.constant('run' as const),
      eventsMax: fc.integer({ min: 0, max: 4 }),
    }),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('runUntil' as const),
      forUs: fc.integer({ min: 0, max: 30 }),
      eventsMax: fc.integer({ min: 1, max: 50 }),
    }),
    weight: 2,
  },
);

/** Runs `steps` on an engine and on the model; checks them against each other after each. */
function check(steps: readonly Step[]): void {
  const engine = new Engine();
  const model = new ModelEngine();
  const log: string[] = [];
  const handles: { handle: EventHandle; seq: number }[] = [];
  let processes = 0;
  for (const step of steps) {
    switch (step.kind) {
      case 'schedule': {
        const name = `c${handles.length}/${step.priority}`;
        const handle = engine.schedule(
          step.delayUs,
          () => log.push(`${name}@${engine.nowUs()}`),
          step.priority,
        );
        handles.push({ handle, seq: model.add(step.delayUs, step.priority, name) });
        break;
      }
      case 'spawn': {
        const id = processes++;
        engine.process(
          (function* (): Coroutine<void> {
            for (const delayUs of step.delaysUs) {
              yield engine.timeout(delayUs);
              log.push(`p${id}@${engine.nowUs()}`);
            }
          })(),
        );
        model.spawn(id, step.delaysUs);
        break;
      }
      case 'cancel': {
        // Cancelling a fired or already cancelled event must be a no-op, in both.
        const target = handles[step.pick % Math.max(1, handles.length)];
        if (target !== undefined) {
          engine.cancel(target.handle);
          model.cancel(target.seq);
        }
        break;
      }
      case 'run':
        expect(engine.run({ eventsMax: step.eventsMax }).events).toBe(
          model.run(undefined, step.eventsMax),
        );
        break;
      case 'runUntil': {
        const untilUs = engine.nowUs() + step.forUs;
        expect(engine.run({ untilUs, eventsMax: step.eventsMax }).events).toBe(
          model.run(untilUs, step.eventsMax),
        );
        break;
      }
    }
    expect(log).toEqual(model.log);
    expect(engine.nowUs()).toBe(model.nowUs);
    expect(engine.pendingCount).toBe(model.pending.length);
    expect(engine.eventsTotal).toBe(model.fired);
  }
  const rest = model.run(undefined, Number.MAX_SAFE_INTEGER);
  expect(engine.run({ eventsMax: 100_000 })).toEqual({ reason: 'drained', events: rest });
  expect(log).toEqual(model.log);
  expect(engine.pendingCount).toBe(0);
}

describe('engine head register and process fast path against a sorted-array model', () => {
  it('invariant: events fire in (time, priority, seq) order and the counts match', () => {
    fc.assert(
      fc.property(fc.array(stepArbitrary, { maxLength: 60 }), (steps) => {
        check(steps);
      }),
      { numRuns: 600 },
    );
  });

  it('invariant: one process alone fires every timeout in order through the head register', () => {
    fc.assert(
      fc.property(fc.array(delayArbitrary, { maxLength: 200 }), (delaysUs) => {
        check([
          { kind: 'spawn', delaysUs },
          { kind: 'run', eventsMax: 1000 },
        ]);
      }),
      { numRuns: 100 },
    );
  });
});
