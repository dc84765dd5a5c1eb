/**
 * The environment an allocator runs in, passed explicitly (TigerBeetle's `ReplicaType(…)`): the
 * clock, the calling process's own cloud client, a random stream, and the counters it reports.
 */
import type { Clock } from '../contracts/clock.js';
import type { CloudApi, CloudApiAction, CloudErrorCode } from '../contracts/cloudApi.js';
import type { RandomStream } from '../contracts/random.js';
import type { Platform } from './limits.js';

/** What an allocator counts about its own work (the cloud keeps its own, wider statistics). */
export interface AllocatorCounters {
  /** Cloud calls made, by API action. */
  readonly calls: Partial<Record<CloudApiAction, number>>;
  /** Failed cloud calls, by error code. */
  readonly errors: Partial<Record<CloudErrorCode, number>>;
  enisCreated: number;
  enisDeleted: number;
  ipv4Assigned: number;
  ipv4Unassigned: number;
  ipv6Assigned: number;
  ipv6Unassigned: number;
  /** Pod requests answered from idle addresses without a cloud call. */
  warmHits: number;
  /** Pod requests that had to wait for the cloud. */
  coldMisses: number;
  /** Pod requests that failed, by reason. */
  readonly failures: Partial<Record<string, number>>;
}

/** Fresh zeroed counters. */
export function newCounters(): AllocatorCounters {
  return {
    calls: {},
    errors: {},
    enisCreated: 0,
    enisDeleted: 0,
    ipv4Assigned: 0,
    ipv4Unassigned: 0,
    ipv6Assigned: 0,
    ipv6Unassigned: 0,
    warmHits: 0,
    coldMisses: 0,
    failures: {},
  };
}

/** Adds one to `counter[key]`. */
export function bump<K extends string>(counter: Partial<Record<K, number>>, key: K): void {
  counter[key] = (counter[key] ?? 0) + 1;
}

/** The environment of one calling process. */
export interface AllocatorEnv {
  readonly clock: Clock;
  /** The caller's own client: a node daemon's, or the cluster controller's. */
  readonly cloud: CloudApi;
  readonly rng: RandomStream;
  readonly counters: AllocatorCounters;
  /** ECS OpenAPI, or the EFLO (LENI) API on Lingjun. */
  readonly platform: Platform;
  /** The instance (or Lingjun node) id the ENIs attach to. */
  readonly instanceId: string;
  /** Address-changing calls in flight, by vSwitch id, for the conservation checker. */
  readonly inFlightByVSwitch: Map<string, number>;
}

/** Marks one address-changing call on `vSwitchId` in flight until the returned function runs. */
export function trackInFlight(env: AllocatorEnv, vSwitchId: string): () => void {
  env.inFlightByVSwitch.set(vSwitchId, (env.inFlightByVSwitch.get(vSwitchId) ?? 0) + 1);
  return () => {
    const left = (env.inFlightByVSwitch.get(vSwitchId) ?? 0) - 1;
    if (left <= 0) env.inFlightByVSwitch.delete(vSwitchId);
    else env.inFlightByVSwitch.set(vSwitchId, left);
  };
}
