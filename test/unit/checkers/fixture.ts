/**
 * A clean snapshot of a small cluster for the checker tests (a dual-stack shared node and an
 * exclusive node, settled), and a deep, writable copy to corrupt on purpose.
 */
import type { CheckerInput } from '../../../sim/checkers/input.js';
import { World, pod, seconds } from '../allocator/harness.js';

/** Every field writable, recursively: a test corrupts a copy of a snapshot. */
export type Writable<T> = T extends bigint | number | string | boolean | null | undefined
  ? T
  : T extends readonly (infer U)[]
    ? Writable<U>[]
    : { -readonly [K in keyof T]: Writable<T[K]> };

let cached: CheckerInput | undefined;

/** The clean snapshot (built once per test file). */
export function cleanInput(): CheckerInput {
  if (cached !== undefined) return cached;
  const world = new World({ seed: 61, ipv6CidrBlock: 'fd00:0:0:2::/64' });
  const shared = world.addNode({
    name: 'n1',
    config: { ipStack: 'dual', minPoolSize: 2, maxPoolSize: 4 },
  });
  const exclusive = world.addNode({ name: 'x1', mode: 'exclusive', config: { ipStack: 'dual' } });
  for (let i = 0; i < 5; i++) world.spawn(shared.allocate(pod(`s${i}`)));
  for (let i = 0; i < 2; i++) world.spawn(exclusive.allocate(pod(`e${i}`, { kind: 'exclusive' })));
  world.runUntil(seconds(900));
  cached = world.checkerInput();
  return cached;
}

/** A writable deep copy of the clean snapshot. */
export function corruptible(): Writable<CheckerInput> {
  return structuredClone(cleanInput()) as Writable<CheckerInput>;
}

/** The node named `name` in a writable snapshot. */
export function nodeOf(
  input: Writable<CheckerInput>,
  name: string,
): Writable<CheckerInput>['nodes'][number] {
  const node = input.nodes.find((n) => n.nodeName === name);
  if (node === undefined) throw new Error(`no node ${name} in the fixture`);
  return node;
}
