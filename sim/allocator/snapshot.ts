/**
 * The allocator's state as others may read it: the invariant checkers, the forecast, a debugging
 * dump. Plain readonly data, copied out of the live state, so a reader can neither change the
 * allocator nor see it change under it.
 */
import type { AddressStatus, Family } from './addressSet.js';
import type { AllocatorCounters } from './env.js';
import type { EniKind, EniState } from './eniRecord.js';
import type { NodeLimits } from './limits.js';
import type { PodNetworkKind } from './podRequest.js';

/** One address on an ENI. */
export interface AddressView {
  readonly address: string;
  readonly family: Family;
  readonly primary: boolean;
  readonly status: AddressStatus;
  /** The pod holding it (`namespace/name`), or null when idle. */
  readonly podKey: string | null;
}

/** One ENI the allocator manages (eth0 is never listed). */
export interface EniView {
  readonly id: string;
  readonly kind: EniKind;
  readonly status: EniState;
  readonly vSwitchId: string;
  readonly primaryIpv4: string;
  readonly trunkEniId: string | null;
  readonly ipv4: readonly AddressView[];
  readonly ipv6: readonly AddressView[];
}

/** One pod the allocator has served. */
export interface PodView {
  readonly key: string;
  readonly uid: string;
  readonly kind: PodNetworkKind;
  readonly ipv4: string | null;
  readonly ipv6: string | null;
  readonly eniId: string;
  /** `active`: the pod runs; `kept`: a stateful pod's address kept after it went. */
  readonly state: 'active' | 'kept';
}

/** The shared address pool of a node. */
export interface PoolView {
  /** Which allocator runs the pool; `none` on an exclusive-ENI node. */
  readonly allocator: 'daemon' | 'centralized' | 'none';
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  /** Shared addresses the node can hold at most (`maxENI × IPv4PerAdapter`). */
  readonly capacity: number;
  /** Valid addresses no pod holds, on InUse ENIs (the first family the node runs). */
  readonly idle: number;
  /** Of `idle`, ENI primary addresses (never released on their own). */
  readonly idlePrimaries: number;
  /**
   * Addresses the last sync counted as released on the strength of IPv6 disposals: Terway's
   * `Local.Dispose` (pkg/eni/local.go) returns max(IPv4, IPv6) disposed, so on a dual-stack ENI
   * with more idle IPv6 than IPv4 the shrink stops with IPv4 idle above `max_pool_size` by this
   * many. 0 on single-stack nodes and for the centralized IPAM.
   */
  readonly shrinkCreditedByIpv6: number;
  readonly inUse: number;
  readonly deleting: number;
  /** When the last pool sync (shrink and top-up decision) ran; null before the first. */
  readonly lastSyncUs: number | null;
  /** When a pod last took or returned an address (−1: never). */
  readonly lastPodChangeUs: number;
  /** When addresses were last added to the pool. */
  readonly lastGrowUs: number;
  /** Requests (pods and top-ups) waiting for addresses. */
  readonly pending: number;
  /** Allocation is inhibited until then after a quota error (0 if not). */
  readonly inhibitedUntilUs: number;
  /** Failed cloud calls since the last sync. */
  readonly errorsSinceSync: number;
  /**
   * The pool has synced since the last pod change and has no work left: no request waiting, no
   * cloud call or ENI change under way, no error since the sync, no inhibition. A settled pool
   * holds at least `min(min_pool_size, capacity − inUse − deleting)` idle addresses.
   */
  readonly settled: boolean;
}

/** An extended resource a device plugin advertises. */
export interface ResourceView {
  readonly allocatable: number;
  readonly inUse: number;
}

/** A node allocator's whole state. */
export interface NodeAllocatorSnapshot {
  readonly nodeName: string;
  readonly instanceId: string;
  readonly mode: 'shared' | 'exclusive';
  /** The node runs dual-stack (after Terway's parity rule). */
  readonly dualStack: boolean;
  readonly limits: NodeLimits;
  readonly enis: readonly EniView[];
  readonly pods: readonly PodView[];
  readonly pool: PoolView;
  /** The `SufficientIP` node condition. */
  readonly sufficientIp: boolean;
  /** `aliyun/eni` and `aliyun/member-eni`. */
  readonly resources: { readonly aliyunEni: ResourceView; readonly memberEni: ResourceView };
  /** Address-changing cloud calls in flight, by vSwitch. */
  readonly inFlightByVSwitch: Readonly<Record<string, number>>;
  readonly counters: AllocatorCounters;
}

/** An ENI a Fixed-IP pod keeps while it is away from every node (PodENI phase Unbind). */
export interface ReservedEniView {
  readonly podKey: string;
  readonly eniId: string;
  readonly vSwitchId: string;
  readonly ipv4: string;
  readonly ipv6: string | null;
  /** When it is released (null under `Never`). */
  readonly releaseAtUs: number | null;
}

/** The cluster controlplane's state that belongs to no node. */
export interface ControlPlaneSnapshot {
  readonly reserved: readonly ReservedEniView[];
  /** Address-changing cloud calls in flight on the controller's client, by vSwitch. */
  readonly inFlightByVSwitch: Readonly<Record<string, number>>;
  readonly counters: AllocatorCounters;
}
