/** Shared set-up for the cloud tests: an engine, a cloud on it, and a way to await a call. */
import type { Operation } from '../../../sim/contracts/operation.js';
import { SimCloud } from '../../../sim/cloud/index.js';
import type { SimCloudOverrides } from '../../../sim/cloud/index.js';
import { Engine } from '../../../sim/engine/engine.js';
import { createRng } from '../../../sim/engine/rng.js';

export const ZONE = 'cn-hangzhou-k';

/** A fresh engine and cloud with one seed. */
export function makeCloud(
  options: SimCloudOverrides = {},
  seed = 42,
): { engine: Engine; cloud: SimCloud } {
  const engine = new Engine();
  const cloud = new SimCloud({ clock: engine, rng: createRng(seed).fork('cloud'), options });
  return { engine, cloud };
}

/** The result of an operation and the simulated time it completed at. */
export interface Settled<T> {
  readonly value: T;
  readonly atUs: number;
}

/** Starts `operation`, runs the engine until it completes, and returns its value and time. */
export function settle<T>(engine: Engine, operation: Operation<T>): Settled<T> {
  let settled: Settled<T> | undefined;
  let synchronous = true;
  operation.start((value) => {
    if (synchronous) throw new Error('the operation completed synchronously');
    settled = { value, atUs: engine.nowUs() };
  });
  synchronous = false;
  for (let round = 0; round < 1000 && settled === undefined; round++) {
    engine.run({ eventsMax: 1 });
  }
  if (settled === undefined) throw new Error('the operation never completed');
  return settled;
}

/** Starts every operation now and runs the engine until all complete; results in start order. */
export function settleAll<T>(engine: Engine, operations: readonly Operation<T>[]): Settled<T>[] {
  const results: (Settled<T> | undefined)[] = operations.map(() => undefined);
  operations.forEach((operation, index) => {
    operation.start((value) => {
      results[index] = { value, atUs: engine.nowUs() };
    });
  });
  engine.run({ eventsMax: 10_000_000 });
  return results.map((result, index) => {
    if (result === undefined) throw new Error(`operation ${index} never completed`);
    return result;
  });
}

/** The value of a successful call; fails the test with the error otherwise. */
export function okValue<T>(
  result:
    | { readonly ok: true; readonly value: T }
    | { readonly ok: false; readonly code: string; readonly message: string },
): T {
  if (!result.ok) throw new Error(`expected success, got ${result.code}: ${result.message}`);
  return result.value;
}
