/**
 * The simulated region: vSwitches, ECS instances and Lingjun nodes, their ENIs, and a
 * {@link CloudApi} per calling process.
 *
 * ```ts
 * const cloud = new SimCloud({ clock: engine, rng: rng.fork('cloud') });
 * cloud.addVSwitch({ vSwitchId: 'vsw-a', zoneId: 'cn-hangzhou-k', cidrBlock: '10.0.0.0/24' });
 * cloud.addInstance({ instanceId: 'i-1', zoneId: 'cn-hangzhou-k', vSwitchId: 'vsw-a',
 *   eniQuantity: 4, eniPrivateIpAddressQuantity: 15 });
 * const api = cloud.clientFor('node/i-1');          // the node daemon's own token buckets
 * const lease = yield* wait(cloud.parallelism.acquire('sharedEniNode', 'i-1'));
 * ```
 */
import type { Clock } from '../contracts/clock.js';
import type { CloudApiAction, NetworkInterface } from '../contracts/cloudApi.js';
import type { RandomStream } from '../contracts/random.js';
import type { CloudCallObserver } from './callObserver.js';
import { SimCloudClient } from './client.js';
import type { EcsInstanceSpec, InstanceView, LingjunNodeSpec } from './instance.js';
import { applyRateLimitOverrides, resolveCloudOptions } from './options.js';
import type { CloudOptions, RateLimitOverride, SimCloudOverrides } from './options.js';
import { SimParallelismLimits } from './parallelism.js';
import { CloudStats } from './stats.js';
import type { CloudStatsSnapshot } from './stats.js';
import { TokenBucket } from './tokenBucket.js';
import type { VSwitchAccounting, VSwitchSpec } from './vSwitch.js';
import { CloudWorld } from './world.js';

/** What {@link SimCloud} is built from. */
export interface SimCloudInit {
  /** The simulated clock (the engine). */
  readonly clock: Clock;
  /** The cloud's random stream (fork it from the run's root: `rng.fork('cloud')`). */
  readonly rng: RandomStream;
  /** Overrides of the documented defaults (`cloudDefaults` in `options.ts`). */
  readonly options?: SimCloudOverrides;
}

/** Options of one calling process's client. */
export interface ClientOptions {
  /** This process's `rate_limit` (daemon) or `rateLimit` (controlplane) overrides. */
  readonly rateLimits?: Partial<Record<CloudApiAction, RateLimitOverride>>;
  /** Told of this client's create, attach and assign calls (where pods' cloud waits go). */
  readonly observer?: CloudCallObserver;
}

/** The simulated cloud. */
export class SimCloud {
  /** The resolved options (defaults with the overrides applied). */
  readonly options: CloudOptions;
  /** ACK's parallelism limits, for the allocator core (`ParallelismLimits` contract). */
  readonly parallelism: SimParallelismLimits;
  readonly #clock: Clock;
  readonly #rng: RandomStream;
  readonly #world: CloudWorld;
  readonly #stats: CloudStats;
  readonly #accountBuckets = new Map<CloudApiAction, TokenBucket>();
  readonly #clients = new Map<string, SimCloudClient>();

  constructor(init: SimCloudInit) {
    this.options = resolveCloudOptions(init.options);
    this.#clock = init.clock;
    this.#rng = init.rng;
    this.#world = new CloudWorld(init.clock);
    this.#stats = new CloudStats(this.options.statsBucketUs);
    this.parallelism = new SimParallelismLimits(this.options.parallelism, init.clock);
    for (const [action, rate] of Object.entries(this.options.accountRateLimits)) {
      this.#accountBuckets.set(
        action as CloudApiAction,
        new TokenBucket(rate, `account limit for ${action}`),
      );
    }
  }

  /** Adds a vSwitch; throws a RangeError for a bad mask, a duplicate or an overlap. */
  addVSwitch(spec: VSwitchSpec): void {
    this.#world.addVSwitch(spec);
  }

  /** Adds an ECS instance (a node) with its primary ENI, whose address comes from its vSwitch. */
  addInstance(spec: EcsInstanceSpec): InstanceView {
    return this.#world.addEcsInstance(spec);
  }

  /** Adds a Lingjun node reached through the EFLO API, with its primary LENI. */
  addLingjunNode(spec: LingjunNodeSpec): InstanceView {
    return this.#world.addLingjunNode(spec);
  }

  /**
   * Releases a machine (scale-in): its primary ENI is deleted and its other ENIs detached at
   * once, and deleted too with `deleteAttachedEnis` (DeleteENIOnECSRelease).
   */
  removeInstance(instanceId: string, options: { readonly deleteAttachedEnis: boolean }): void {
    this.#world.removeInstance(instanceId, options);
  }

  /**
   * The {@link CloudApi} of one calling process, with its own client-side token buckets
   * (Terway's per-minute table, then this cloud's `clientRateLimits`, then `options.rateLimits`).
   * Each process gets one client: a second call with the same id throws.
   */
  clientFor(callerId: string, options: ClientOptions = {}): SimCloudClient {
    if (callerId.length === 0) throw new RangeError('clientFor: callerId must not be empty');
    if (this.#clients.has(callerId)) {
      throw new RangeError(`clientFor: caller ${callerId} already has a client`);
    }
    const rates = applyRateLimitOverrides(
      this.options.clientRateLimits,
      options.rateLimits,
      `client ${callerId}`,
    );
    const client = new SimCloudClient(
      callerId,
      {
        clock: this.#clock,
        world: this.#world,
        options: this.options,
        stats: this.#stats,
        accountBuckets: this.#accountBuckets,
        observer: options.observer ?? null,
      },
      rates,
      this.#rng.fork(`client/${callerId}`),
    );
    this.#clients.set(callerId, client);
    return client;
  }

  /** Call statistics per API, per caller and over time. */
  stats(): CloudStatsSnapshot {
    return this.#stats.snapshot();
  }

  /** Address accounting per vSwitch, for the conservation checker and the forecast. */
  vSwitchAccounting(): readonly VSwitchAccounting[] {
    return this.#world.vSwitchAccounting();
  }

  /** Every ENI and LENI as DescribeNetworkInterfaces shows it, without limits or latency. */
  networkInterfaces(): readonly NetworkInterface[] {
    return this.#world.networkInterfaces();
  }

  /** Every machine's quotas. */
  instances(): readonly InstanceView[] {
    return this.#world.instances();
  }

  /** The ENI that holds `address`, or null. */
  ownerOf(address: string): string | null {
    return this.#world.ownerOf(address);
  }
}
