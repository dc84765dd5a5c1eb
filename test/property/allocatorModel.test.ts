/**
 * Model-based tests of the allocator core (fast-check `commands`): random sequences of pod
 * allocations and releases, injected API errors and the passing of time run against the real
 * allocator on the engine and the simulated cloud, with every invariant checker after every
 * event, and against a deliberately simpler model: a set of pods with an address each, never more
 * than the node's capacity, no address shared.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CloudErrorCode } from '../../sim/contracts/cloudApi.js';
import type { CloudApi } from '../../sim/contracts/cloudApi.js';
import type { NodeAllocator } from '../../sim/allocator/nodeAllocator.js';
import type { AllocationFailureReason } from '../../sim/allocator/podRequest.js';
import { World, pod, seconds } from '../unit/allocator/harness.js';

interface Model {
  /** Pod name → its IPv4 address. */
  readonly pods: Map<string, string>;
  /** Pod name → the uid of the pod of that name now (Kubernetes never reuses a uid). */
  readonly uids: Map<string, string>;
  serial: number;
  /** Every address a released pod gave back. */
  readonly released: Set<string>;
  /** Shared addresses the node can hold (maxENI × IPv4 per ENI). */
  readonly capacity: number;
  /** An API error was injected at some point. */
  faulted: boolean;
}

interface Real {
  readonly kind: 'shared' | 'exclusive';
  readonly world: World;
  readonly node: NodeAllocator;
  readonly callerId: string;
  /** The vSwitch can run dry before the node is full. */
  readonly tight: boolean;
}

/** Reasons a failed allocation may give, and when. */
function allowed(reason: AllocationFailureReason, model: Model, real: Real): boolean {
  const { deleting, pending } = real.node.snapshot().pool;
  if (real.kind === 'exclusive') {
    // The ENI of a pod just released may still be detaching when the next one attaches.
    if (reason === 'EniLimit') return true;
    // Terway's NetworkInterface controller retries an attach refused for the ENI limit
    // (pkg/controller/eni/eni.go:attach) until the daemon's wait_podeni_status runs out.
    const limitErrors = real.world.controlPlane.counters.errors.EniPerInstanceLimitExceeded ?? 0;
    if (reason === 'Timeout' && limitErrors > 0) return true;
    return (
      (reason === 'Timeout' || reason === 'CloudError' || reason === 'VSwitchExhausted') &&
      (model.faulted || real.tight)
    );
  }
  switch (reason) {
    case 'IpLimit':
      // Addresses on their way out and top-ups on their way in take room on the ENIs too.
      return model.pods.size + deleting + pending >= model.capacity;
    case 'VSwitchExhausted':
      return real.tight || model.faulted;
    case 'Timeout':
    case 'CloudError':
    case 'EniLimit':
      return model.faulted || real.tight;
    case 'Unsupported':
    case 'DatapathError':
    case 'Cancelled':
      return false;
  }
}

class AllocateCommand implements fc.Command<Model, Real> {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  check(model: Readonly<Model>): boolean {
    return !model.pods.has(this.name);
  }
  run(model: Model, real: Real): void {
    const uid = `${this.name}-${String(++model.serial)}`;
    model.uids.set(this.name, uid);
    const task = real.world.spawn(real.node.allocate(pod(this.name, { kind: real.kind, uid })));
    for (let i = 0; i < 300 && !task.finished; i++) real.world.runFor(seconds(1));
    expect(task.finished).toBe(true);
    const result = task.result;
    if (result === undefined) throw new Error('allocation did not finish');
    if (!result.ok) {
      if (!allowed(result.reason, model, real)) {
        throw new Error(`${this.toString()} failed with ${result.reason}: ${result.message}`);
      }
      return;
    }
    const address = result.ipv4 ?? '';
    expect([...model.pods.values()]).not.toContain(address);
    expect(model.pods.size).toBeLessThan(model.capacity);
    model.pods.set(this.name, address);
  }
  toString(): string {
    return `allocate(${this.name})`;
  }
}

class ReleaseCommand implements fc.Command<Model, Real> {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  check(model: Readonly<Model>): boolean {
    return model.pods.has(this.name);
  }
  run(model: Model, real: Real): void {
    const uid = model.uids.get(this.name) ?? '';
    expect(real.node.release(pod(this.name, { kind: real.kind, uid }))).toEqual({
      ok: true,
      kept: false,
    });
    model.released.add(model.pods.get(this.name) ?? '');
    model.pods.delete(this.name);
  }
  toString(): string {
    return `release(${this.name})`;
  }
}

/** A pod deleted half a second into its CNI ADD: whatever it got is given back. */
class AbandonCommand implements fc.Command<Model, Real> {
  readonly name: string;
  constructor(name: string) {
    this.name = name;
  }
  check(model: Readonly<Model>): boolean {
    return !model.pods.has(this.name);
  }
  run(model: Model, real: Real): void {
    const uid = `${this.name}-${String(++model.serial)}`;
    model.uids.set(this.name, uid);
    const request = pod(this.name, { kind: real.kind, uid });
    const task = real.world.spawn(real.node.allocate(request));
    real.world.runFor(seconds(0.5));
    real.node.release(request);
    for (let i = 0; i < 300 && !task.finished; i++) real.world.runFor(seconds(1));
    expect(task.finished).toBe(true);
    const held = real.node.snapshot().pods.map((p) => p.key);
    expect(held).not.toContain(`default/${this.name}`);
  }
  toString(): string {
    return `abandon(${this.name})`;
  }
}

class FaultCommand implements fc.Command<Model, Real> {
  readonly method: keyof CloudApi;
  readonly code: CloudErrorCode;
  constructor(method: keyof CloudApi, code: CloudErrorCode) {
    this.method = method;
    this.code = code;
  }
  check(): boolean {
    return true;
  }
  run(model: Model, real: Real): void {
    model.faulted = true;
    real.world.failNext(real.callerId, this.method, this.code);
  }
  toString(): string {
    return `fail(${this.method}, ${this.code})`;
  }
}

class AdvanceCommand implements fc.Command<Model, Real> {
  readonly seconds: number;
  constructor(s: number) {
    this.seconds = s;
  }
  check(): boolean {
    return true;
  }
  run(_model: Model, real: Real): void {
    real.world.runFor(seconds(this.seconds));
  }
  toString(): string {
    return `advance(${this.seconds} s)`;
  }
}

const POD_NAMES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n'] as const;
const names = fc.constantFrom(...POD_NAMES);
const commands = fc.commands(
  [
    names.map((n) => new AllocateCommand(n)),
    names.map((n) => new AllocateCommand(n)),
    names.map((n) => new ReleaseCommand(n)),
    names.map((n) => new AbandonCommand(n)),
    fc
      .tuple(
        fc.constantFrom<keyof CloudApi>(
          'createNetworkInterface',
          'attachNetworkInterface',
          'assignPrivateIpAddresses',
          'unassignPrivateIpAddresses',
          'describeNetworkInterfaces',
        ),
        fc.constantFrom(
          CloudErrorCode.throttling,
          CloudErrorCode.internalError,
          CloudErrorCode.eniPerInstanceLimitExceeded,
          CloudErrorCode.vSwitchIpNotEnough,
        ),
      )
      .map(([method, code]) => new FaultCommand(method, code)),
    fc.integer({ min: 1, max: 400 }).map((s) => new AdvanceCommand(s)),
  ],
  { maxCommands: 30, size: 'max' },
);

function setUp(options: {
  readonly seed: number;
  readonly allocator: 'daemon' | 'centralized' | 'exclusive';
  readonly tight: boolean;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
}): { model: Model; real: Real } {
  // A /28 holds 11 addresses besides the node's own: less than the node's 12.
  const world = new World({
    seed: options.seed,
    cidrBlock: options.tight ? '10.0.0.0/28' : '10.0.0.0/25',
  });
  const exclusive = options.allocator === 'exclusive';
  const node = world.addNode({
    name: 'n1',
    mode: exclusive ? 'exclusive' : 'shared',
    limits: { eniQuantity: 3, ipv4PerEni: 6 },
    config: {
      ipamType: options.allocator === 'centralized' ? 'crd' : 'default',
      maxPoolSize: options.maxPoolSize,
      minPoolSize: Math.min(options.minPoolSize, options.maxPoolSize),
    },
  });
  world.checkEveryEvent();
  const callerId = options.allocator === 'daemon' ? 'node/i-n1' : 'controlplane';
  return {
    // Shared: 2 ENIs × 6 addresses; exclusive: EniQuantity − 1 = 2 pods.
    model: {
      pods: new Map(),
      uids: new Map(),
      serial: 0,
      released: new Set(),
      capacity: exclusive ? 2 : 12,
      faulted: false,
    },
    real: { kind: exclusive ? 'exclusive' : 'shared', world, node, callerId, tight: options.tight },
  };
}

/** After the commands: release everyone, let time pass, and every address must come back. */
function drain(model: Model, real: Real): void {
  for (const name of [...model.pods.keys()]) {
    real.node.release(pod(name, { kind: real.kind, uid: model.uids.get(name) ?? '' }));
    model.released.add(model.pods.get(name) ?? '');
    model.pods.delete(name);
  }
  // Pods whose allocation failed still exist as far as Kubernetes knows (the controlplane keeps
  // serving them): delete every pod that may exist.
  for (const name of POD_NAMES) {
    real.node.release(pod(name, { kind: real.kind, uid: model.uids.get(name) ?? '' }));
  }
  real.world.runFor(seconds(1800));
  const snapshot = real.node.snapshot();
  expect(snapshot.pods).toEqual([]);
  const held = new Set(
    snapshot.enis.flatMap((eni) => eni.ipv4.filter((a) => a.podKey !== null).map((a) => a.address)),
  );
  for (const address of model.released) expect(held.has(address)).toBe(false);
  expect(snapshot.pool.inUse).toBe(0);
  if (real.kind === 'exclusive') {
    // Every pod's ENI was detached and deleted.
    expect(snapshot.enis).toEqual([]);
    expect(real.world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toEqual([]);
  }
}

// 40 runs by default; a swarm run (FC_NUM_RUNS) explores more, capped to keep it in minutes.
const RUNS = Math.min(500, Number(process.env['FC_NUM_RUNS'] ?? '40'));

const settings = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  tight: fc.boolean(),
  maxPoolSize: fc.integer({ min: 0, max: 8 }),
  minPoolSize: fc.integer({ min: 0, max: 4 }),
});

describe('allocator against a simpler model', () => {
  for (const allocator of ['daemon', 'centralized', 'exclusive'] as const) {
    it(`invariant: the ${allocator} allocator never gives an address to two pods nor exceeds capacity, and every released address comes back`, () => {
      fc.assert(
        fc.property(settings, commands, (options, cmds) => {
          const { model, real } = setUp({ ...options, allocator });
          fc.modelRun(() => ({ model, real }), cmds);
          drain(model, real);
        }),
        { numRuns: RUNS },
      );
    });
  }
});
