/**
 * A small world for allocator tests: the real engine, seeded rng, simulated cloud and controlplane,
 * with one vSwitch and any number of nodes. Runs coroutines as engine processes and the engine
 * until a time, optionally running every invariant checker after each event.
 */
import { US_PER_SECOND } from '../../../sim/contracts/clock.js';
import type { CloudApi, CloudErrorCode } from '../../../sim/contracts/cloudApi.js';
import type { Coroutine, Operation, Task } from '../../../sim/contracts/operation.js';
import { done, spawn } from '../../../sim/contracts/operation.js';
import { Engine } from '../../../sim/engine/engine.js';
import { createRng } from '../../../sim/engine/rng.js';
import type { RandomStream } from '../../../sim/contracts/random.js';
import { SimCloud } from '../../../sim/cloud/index.js';
import type { SimCloudOverrides } from '../../../sim/cloud/index.js';
import { resolveAllocatorConfig } from '../../../sim/allocator/config.js';
import type { AllocatorConfig } from '../../../sim/allocator/config.js';
import { ControlPlane } from '../../../sim/allocator/controlPlane.js';
import type { NodeLimits } from '../../../sim/allocator/limits.js';
import { createNodeAllocator } from '../../../sim/allocator/nodeAllocator.js';
import type { NodeAllocator } from '../../../sim/allocator/nodeAllocator.js';
import type { CniSequences } from '../../../sim/allocator/cniSequences.js';
import type { PodRequest } from '../../../sim/allocator/podRequest.js';
import { checkAll } from '../../../sim/checkers/runner.js';
import type { CheckerInput } from '../../../sim/checkers/input.js';
import { sharedPoolSizing } from '../../../models/poolSizing.js';

/** Seconds as microseconds. */
export function seconds(s: number): number {
  return Math.round(s * US_PER_SECOND);
}

/** A world's construction options. */
export interface WorldOptions {
  readonly seed: number;
  /** The pod vSwitch's CIDR (default a /24). */
  readonly cidrBlock?: string;
  readonly ipv6CidrBlock?: string;
  readonly cloud?: SimCloudOverrides;
  /**
   * The controlplane's and the nodes' random stream (default: forks of the seed's). A stream
   * that always draws 0 takes the jitter out of Terway's backoffs, for tests that pin time.
   */
  readonly allocatorRng?: RandomStream;
}

/** A node's construction options. */
export interface NodeOptions {
  readonly name: string;
  readonly mode?: 'shared' | 'exclusive';
  readonly limits?: Partial<NodeLimits>;
  readonly config?: Partial<AllocatorConfig>;
  readonly eniTotalQuantity?: number;
  /** What the cloud enforces, when it differs from what the allocator is told. */
  readonly cloudEniQuantity?: number;
  readonly cni?: CniSequences;
}

/** One recorded cloud call. */
export interface RecordedCall {
  readonly callerId: string;
  readonly method: string;
  readonly atUs: number;
  readonly request: unknown;
}

/** The default instance: 8 ENIs × 30 IPv4 (ecs.g7.4xlarge-like). */
export const G7_4XLARGE: NodeLimits = {
  eniQuantity: 8,
  ipv4PerEni: 30,
  ipv6PerEni: 30,
  memberEniLimit: 0,
  platform: 'ecs',
  highDensity: false,
};

/** A simulated cluster for tests. */
export class World {
  readonly engine: Engine;
  readonly cloud: SimCloud;
  readonly controlPlane: ControlPlane;
  readonly nodes = new Map<string, NodeAllocator>();
  readonly vSwitchId = 'vsw-a';
  readonly zoneId = 'cn-hangzhou-k';
  readonly seed: number;
  #checking = false;
  readonly violations: string[] = [];

  constructor(options: WorldOptions) {
    this.seed = options.seed;
    this.engine = new Engine();
    const rng = createRng(options.seed);
    this.cloud = new SimCloud({
      clock: this.engine,
      rng: rng.fork('cloud'),
      ...(options.cloud === undefined ? {} : { options: options.cloud }),
    });
    this.cloud.addVSwitch({
      vSwitchId: this.vSwitchId,
      zoneId: this.zoneId,
      cidrBlock: options.cidrBlock ?? '10.0.0.0/24',
      ...(options.ipv6CidrBlock === undefined ? {} : { ipv6CidrBlock: options.ipv6CidrBlock }),
    });
    this.controlPlane = new ControlPlane({
      clock: this.engine,
      cloud: this.#wrap('controlplane'),
      rng: options.allocatorRng ?? rng.fork('controlplane'),
      parallelism: this.cloud.parallelism,
    });
    this.#rng = rng;
    this.#allocatorRng = options.allocatorRng ?? null;
  }

  readonly #rng: ReturnType<typeof createRng>;
  readonly #allocatorRng: RandomStream | null;
  /** Every cloud call the allocators made, in order. */
  readonly calls: RecordedCall[] = [];
  /** One-shot failures to inject: the next call of `method` by `callerId` fails with `code`. */
  readonly #faults: { callerId: string; method: string; code: CloudErrorCode }[] = [];

  /** Makes the next `method` call by `callerId` fail with `code` (an injected API error). */
  failNext(callerId: string, method: keyof CloudApi, code: CloudErrorCode): void {
    this.#faults.push({ callerId, method, code });
  }

  /** Recorded calls of `method` (by `callerId` if given). */
  callsOf(method: keyof CloudApi, callerId?: string): RecordedCall[] {
    return this.calls.filter(
      (call) => call.method === method && (callerId === undefined || call.callerId === callerId),
    );
  }

  #wrap(callerId: string): CloudApi {
    const client = this.cloud.clientFor(callerId);
    const engine = this.engine;
    const calls = this.calls;
    const faults = this.#faults;
    return new Proxy(client, {
      get(target, property, receiver): unknown {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        const method = String(property);
        return (request: unknown): Operation<unknown> => {
          calls.push({ callerId, method, atUs: engine.nowUs(), request });
          const index = faults.findIndex((f) => f.callerId === callerId && f.method === method);
          if (index >= 0) {
            const [fault] = faults.splice(index, 1);
            return done({ ok: false, code: fault?.code, message: 'injected by the test' });
          }
          return (value as (r: unknown) => Operation<unknown>).call(target, request);
        };
      },
    });
  }

  /** Adds an instance to the cloud and an allocator for it; starts the allocator. */
  addNode(options: NodeOptions): NodeAllocator {
    const limits = { ...G7_4XLARGE, ...options.limits };
    const lingjun = limits.platform === 'lingjun';
    const instanceId = lingjun ? `e01-${options.name}` : `i-${options.name}`;
    if (lingjun) {
      this.cloud.addLingjunNode({
        nodeId: instanceId,
        zoneId: this.zoneId,
        vSwitchId: this.vSwitchId,
        leniQuota: limits.eniQuantity,
        leniSipQuota: limits.ipv4PerEni,
      });
    } else {
      this.cloud.addInstance({
        instanceId,
        zoneId: this.zoneId,
        vSwitchId: this.vSwitchId,
        eniQuantity: options.cloudEniQuantity ?? limits.eniQuantity,
        eniPrivateIpAddressQuantity: limits.ipv4PerEni,
        eniIpv6AddressQuantity: limits.ipv6PerEni,
        eniTotalQuantity: options.eniTotalQuantity ?? limits.eniQuantity + limits.memberEniLimit,
        eniTrunkSupported: limits.memberEniLimit > 0,
      });
    }
    const config = resolveAllocatorConfig({ vSwitchIds: [this.vSwitchId], ...options.config });
    const allocator = createNodeAllocator({
      clock: this.engine,
      cloud: this.#wrap(`node/${instanceId}`),
      rng: this.#allocatorRng ?? this.#rng.fork(`node/${options.name}`),
      limits,
      config,
      sizing: sharedPoolSizing(limits, config),
      node: { name: options.name, instanceId, zoneId: this.zoneId, mode: options.mode ?? 'shared' },
      controlPlane: this.controlPlane,
      ...(options.cni === undefined ? {} : { cni: options.cni }),
    });
    this.nodes.set(options.name, allocator);
    allocator.start();
    return allocator;
  }

  /** Starts a coroutine as a process. */
  spawn<T>(coroutine: Coroutine<T>): Task<T> {
    return spawn(coroutine);
  }

  /** Runs the engine until `untilUs` (absolute), checking invariants after each event if on. */
  runUntil(untilUs: number, eventsMax = 2_000_000): void {
    if (!this.#checking) {
      this.engine.run({ untilUs, eventsMax });
      return;
    }
    let left = eventsMax;
    while (left > 0) {
      const result = this.engine.run({ untilUs, eventsMax: 1 });
      left -= result.events;
      this.check();
      if (result.reason !== 'eventsMax') return;
    }
  }

  /** Runs for `deltaUs` more. */
  runFor(deltaUs: number, eventsMax = 2_000_000): void {
    this.runUntil(this.engine.nowUs() + deltaUs, eventsMax);
  }

  /** Turns on invariant checking after every event. */
  checkEveryEvent(): void {
    this.#checking = true;
  }

  /** What the checkers see. */
  checkerInput(): CheckerInput {
    return {
      nowUs: this.engine.nowUs(),
      nodes: [...this.nodes.values()].map((node) => node.snapshot()),
      controlPlane: this.controlPlane.snapshot(),
      vSwitches: this.cloud.vSwitchAccounting(),
    };
  }

  /** Runs every checker now; throws with the seed on a violation. */
  check(): void {
    checkAll(this.checkerInput(), { seed: this.seed });
  }
}

/** A plain shared pod. */
export function pod(name: string, extra: Partial<PodRequest> = {}): PodRequest {
  return { namespace: 'default', name, uid: `${name}-uid`, kind: 'shared', ...extra };
}
