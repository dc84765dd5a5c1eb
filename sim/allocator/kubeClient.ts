/**
 * The Terway controlplane's Kubernetes client, as far as it costs time: every write waits for a
 * token of its kind's client-go bucket (`kubeClientQPS`, `kubeClientBurst`; one bucket per kind,
 * since controller-runtime builds one REST client per GroupVersionKind and Terway sets no shared
 * `RateLimiter`), then takes the API server's write latency. Reads come from the informer cache
 * and cost nothing; `cacheWait` is `common.WaitCreated` / `common.WaitRVChanged`.
 */
import type { Clock } from '../contracts/clock.js';
import { US_PER_SECOND } from '../contracts/clock.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import {
  CACHE_WAIT_POLL_US,
  KUBE_WRITE_LATENCY_US,
  type TerwayControlPlaneSettings,
} from '../../models/terwayControlPlane.js';
import { TokenBucket } from './rateLimiter.js';

/** The kinds the ENI controllers write. */
export type KubeKind = 'NetworkInterface' | 'PodENI';

/** The controlplane's client. */
export class KubeClient {
  readonly #clock: Clock;
  readonly #buckets = new Map<KubeKind, TokenBucket>();
  readonly #intervalUs: number;
  readonly #burst: number;
  /** Writes made, by kind (a run's record of the controllers' API traffic). */
  readonly writes: Record<KubeKind, number> = { NetworkInterface: 0, PodENI: 0 };

  constructor(clock: Clock, settings: TerwayControlPlaneSettings) {
    this.#clock = clock;
    this.#intervalUs = Math.max(1, Math.round(US_PER_SECOND / settings.kubeClientQPS));
    this.#burst = settings.kubeClientBurst;
  }

  /** One write (create, update, status update or patch) of an object of `kind`. */
  *write(kind: KubeKind): Coroutine<void> {
    let bucket = this.#buckets.get(kind);
    if (bucket === undefined) {
      bucket = new TokenBucket({ intervalUs: this.#intervalUs, burst: this.#burst });
      this.#buckets.set(kind, bucket);
    }
    this.writes[kind]++;
    const delayUs = bucket.reserve(this.#clock.nowUs());
    yield* wait(this.#clock.sleep(delayUs + KUBE_WRITE_LATENCY_US));
  }

  /** `WaitCreated` / `WaitRVChanged` after a write: the cache has it at the second look. */
  *cacheWait(): Coroutine<void> {
    yield* wait(this.#clock.sleep(CACHE_WAIT_POLL_US));
  }
}
