/**
 * Terway's vSwitch pool (`pkg/vswitch`, terway.md §3.1): a cache of DescribeVSwitches answers
 * (each entry lives 10 min in the daemon's `NewSwitchPool(100, "10m")`, 20 min in the
 * controlplane's `vSwitchCacheTTL`), and the choice of the vSwitch a new ENI comes from.
 *
 * `GetOne` (`pkg/vswitch/vswitch.go`) skips vSwitches whose cached `AvailableIpAddressCount` is
 * 0; `random` shuffles the usable ones, `most` takes the most available first, `ordered` the
 * first in list order. The daemon and the centralized pool map eni-config's `ordered` to `most`
 * (`daemon/config.go:getConfig`, `pkg/eni/node_reconcile.go`); the pod controller passes the
 * PodNetworking's policy, `ordered` by default (`pod_controller_default.go`). A vSwitch
 * that answers "no address left" is blocked: its cached count is set to 0 for a full TTL. The
 * cached counts are not updated as addresses are taken: a pick may land on a vSwitch that has
 * meanwhile run dry, and the create call's error blocks it, as in Terway.
 *
 * Like Terway's `GetOne(ctx, client, zone, ids)`, a pick only takes vSwitches in the node's own
 * zone: a PodNetworking's `vSwitchOptions` may span zones, and an ENI cannot attach across them.
 */
import type { Clock } from '../contracts/clock.js';
import { US_PER_SECOND } from '../contracts/clock.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import type { RandomStream } from '../contracts/random.js';
import type { VSwitchSelectionPolicy } from './config.js';
import type { VSwitchSelectPolicy } from '../../models/podNetworking.js';
import { bump } from './env.js';
import type { AllocatorEnv } from './env.js';

/** The daemon's vSwitch cache TTL, which is also how long a block lasts. */
export const DAEMON_VSWITCH_TTL_US = 600 * US_PER_SECOND;
/** The controlplane's `vSwitchCacheTTL`. */
export const CONTROLLER_VSWITCH_TTL_US = 1200 * US_PER_SECOND;

interface CacheEntry {
  available: number;
  readonly expiresAtUs: number;
}

/** One process's vSwitch cache (the controlplane shares one among all nodes). */
export class VSwitchPool {
  readonly #clock: Clock;
  readonly #ttlUs: number;
  readonly #entries = new Map<string, CacheEntry>();
  /** Each described vSwitch's zone; a vSwitch never changes zone, so this does not expire. */
  readonly #zones = new Map<string, string>();

  constructor(options: { readonly clock: Clock; readonly ttlUs: number }) {
    this.#clock = options.clock;
    this.#ttlUs = options.ttlUs;
  }

  #fresh(id: string): CacheEntry | undefined {
    const entry = this.#entries.get(id);
    if (entry === undefined || entry.expiresAtUs <= this.#clock.nowUs()) return undefined;
    return entry;
  }

  /** The cached free count of `id`, or undefined when not cached (or expired). */
  available(id: string): number | undefined {
    return this.#fresh(id)?.available;
  }

  /** The zone of `id` once it has been described, else undefined. */
  zoneOf(id: string): string | undefined {
    return this.#zones.get(id);
  }

  /** True while `id` is cached with no free address (blocked or seen empty). */
  isBlocked(id: string): boolean {
    return this.#fresh(id)?.available === 0;
  }

  /** `Block(vsw)`: treat `id` as empty for a full TTL. */
  block(id: string): void {
    this.#entries.set(id, { available: 0, expiresAtUs: this.#clock.nowUs() + this.#ttlUs });
  }

  /** Describes the candidates the cache does not hold (one DescribeVSwitches call). */
  *refresh(env: AllocatorEnv, ids: readonly string[]): Coroutine<void> {
    const stale = ids.filter((id) => this.#fresh(id) === undefined);
    if (stale.length === 0) return;
    bump(env.counters.calls, 'DescribeVSwitches');
    const result = yield* wait(env.cloud.describeVSwitches({ vSwitchIds: stale }));
    if (!result.ok) {
      // Without an answer the candidates stay uncached and are tried as they are.
      bump(env.counters.errors, result.code);
      return;
    }
    const expiresAtUs = this.#clock.nowUs() + this.#ttlUs;
    for (const info of result.value) {
      this.#entries.set(info.vSwitchId, { available: info.availableIpAddressCount, expiresAtUs });
      this.#zones.set(info.vSwitchId, info.zoneId);
    }
  }
}

/** Chooses vSwitches for new ENIs from a node's candidates, by its policy. */
export class VSwitchPicker {
  readonly #ids: readonly string[];
  readonly #zoneId: string;
  readonly #policy: VSwitchSelectPolicy;
  readonly #pool: VSwitchPool;
  readonly #rng: RandomStream;

  constructor(options: {
    readonly vSwitchIds: readonly string[];
    /** The node's zone: only its vSwitches can serve the node's ENIs. */
    readonly zoneId: string;
    /** eni-config's `vswitch_selection_policy`: `ordered` means `most` to this picker. */
    readonly policy: VSwitchSelectionPolicy;
    readonly pool: VSwitchPool;
    readonly rng: RandomStream;
  }) {
    this.#ids = options.vSwitchIds;
    this.#zoneId = options.zoneId;
    this.#policy = options.policy === 'ordered' ? 'most' : 'random';
    this.#pool = options.pool;
    this.#rng = options.rng;
  }

  /** The node's configured vSwitches, in order. */
  get ids(): readonly string[] {
    return this.#ids;
  }

  /** True while `id` is blocked or cached empty. */
  isBlocked(id: string): boolean {
    return this.#pool.isBlocked(id);
  }

  /** `Block(vsw)`. */
  block(id: string): void {
    this.#pool.block(id);
  }

  /** True when some candidate is not known to be empty (no cloud call). */
  hasUsable(candidates: readonly string[] = this.#ids): boolean {
    return candidates.some((id) => !this.#pool.isBlocked(id));
  }

  /**
   * `GetOne`: a usable vSwitch by the policy (the node's unless `policy` is given, as the pod
   * controller gives a PodNetworking's), or null when every candidate is empty.
   */
  *pick(
    env: AllocatorEnv,
    candidates: readonly string[] = this.#ids,
    policy: VSwitchSelectPolicy = this.#policy,
  ): Coroutine<string | null> {
    yield* this.#pool.refresh(env, candidates);
    // A vSwitch whose describe failed has no known zone; it is tried, and the cloud judges.
    const usable = candidates.filter((id) => {
      const zoneId = this.#pool.zoneOf(id);
      return (zoneId === undefined || zoneId === this.#zoneId) && !this.#pool.isBlocked(id);
    });
    if (usable.length === 0) return null;
    if (policy === 'ordered') return usable[0] ?? null;
    if (policy === 'most') {
      // "most": the most free addresses first; uncached ones last, in the configured order.
      const ranked = [...usable].sort(
        (a, b) => (this.#pool.available(b) ?? -1) - (this.#pool.available(a) ?? -1),
      );
      return ranked[0] ?? null;
    }
    return usable[Math.floor(this.#rng.float() * usable.length)] ?? null;
  }
}
