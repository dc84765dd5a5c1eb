/**
 * The cluster's Terway controlplane as the allocator core needs it: one cloud client for the
 * whole cluster (so its token buckets are shared by every node it serves), the PodENI controller
 * of exclusive and trunk-member pods, and the per-node environments centralized IPAM runs in.
 */
import type { Clock } from '../contracts/clock.js';
import type { CloudApi } from '../contracts/cloudApi.js';
import type { ParallelismLimits } from '../contracts/parallelism.js';
import type { RandomStream } from '../contracts/random.js';
import type { TerwayControlPlaneSettings } from '../../models/terwayControlPlane.js';
import { newCounters } from './env.js';
import type { AllocatorCounters, AllocatorEnv } from './env.js';
import type { Platform } from './limits.js';
import { PodEniController } from './podEniController.js';
import type { ControlPlaneSnapshot } from './snapshot.js';
import { CONTROLLER_VSWITCH_TTL_US, VSwitchPool } from './vSwitchPicker.js';

/** What the controlplane is built from. */
export interface ControlPlaneOptions {
  readonly clock: Clock;
  /** The controller's own client (`SimCloud.clientFor('controlplane')` in the simulator). */
  readonly cloud: CloudApi;
  readonly rng: RandomStream;
  /** ACK's parallelism limits; null where nothing limits (a real node, or a unit test). */
  readonly parallelism: ParallelismLimits | null;
  /** The controlplane's concurrency and client limits (default: Terway's defaults). */
  readonly settings?: TerwayControlPlaneSettings;
}

/** The cluster controlplane. */
export class ControlPlane {
  readonly clock: Clock;
  readonly cloud: CloudApi;
  readonly parallelism: ParallelismLimits | null;
  readonly podEnis: PodEniController;
  readonly counters: AllocatorCounters = newCounters();
  readonly #rng: RandomStream;
  readonly #inFlight = new Map<string, number>();
  readonly #envs = new Map<string, AllocatorEnv>();
  /** The controller's vSwitch cache, shared by every node (one `vswpool` per controller). */
  readonly vSwitches: VSwitchPool;
  #started = false;

  constructor(options: ControlPlaneOptions) {
    this.clock = options.clock;
    this.cloud = options.cloud;
    this.parallelism = options.parallelism;
    this.#rng = options.rng;
    this.podEnis = new PodEniController({
      clock: options.clock,
      parallelism: options.parallelism,
      ...(options.settings === undefined ? {} : { settings: options.settings }),
    });
    this.vSwitches = new VSwitchPool({ clock: options.clock, ttlUs: CONTROLLER_VSWITCH_TTL_US });
  }

  /** Starts the controllers' background loops (idempotent). */
  start(): void {
    if (this.#started) return;
    this.#started = true;
    this.podEnis.start();
  }

  /**
   * The controller's environment for one node: the shared client, counters and in-flight map,
   * the node's instance and platform, and a random stream of its own.
   */
  envFor(node: {
    readonly name: string;
    readonly instanceId: string;
    readonly platform: Platform;
  }): AllocatorEnv {
    const existing = this.#envs.get(node.name);
    if (existing !== undefined) return existing;
    const env: AllocatorEnv = {
      clock: this.clock,
      cloud: this.cloud,
      rng: this.#rng.fork(`node/${node.name}`),
      counters: this.counters,
      platform: node.platform,
      instanceId: node.instanceId,
      inFlightByVSwitch: this.#inFlight,
    };
    this.#envs.set(node.name, env);
    return env;
  }

  /** The state that belongs to no node. */
  snapshot(): ControlPlaneSnapshot {
    return {
      reserved: this.podEnis.reserved(),
      inFlightByVSwitch: Object.fromEntries(this.#inFlight),
      counters: structuredClone(this.counters),
    };
  }
}
