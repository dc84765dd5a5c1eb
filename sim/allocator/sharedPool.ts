/**
 * What the two shared-address allocators (the per-node daemon pool and centralized IPAM) have in
 * common: the interface the node allocator drives, the record of a pod's addresses, and the
 * read-only views of their ENIs.
 */
import { US_PER_SECOND } from '../contracts/clock.js';
import type { Coroutine } from '../contracts/operation.js';
import type { ParallelismLimits } from '../contracts/parallelism.js';
import type { AddressRecord, AddressSet } from './addressSet.js';
import type { AllocatorConfig } from './config.js';
import type { EniRecord } from './eniRecord.js';
import type { AllocatorEnv } from './env.js';
import type { PoolSizing } from '../../models/poolSizing.js';
import type { AllocationResult, PodRequest, ReleaseResult } from './podRequest.js';
import type { AddressView, EniView, PodView, PoolView } from './snapshot.js';
import type { VSwitchPicker } from './vSwitchPicker.js';

/** What every node's shared-address pool is built from, whichever allocator runs it. */
export interface SharedPoolOptions {
  /** The calling process's environment (the node's daemon, or the cluster's controller). */
  readonly env: AllocatorEnv;
  readonly config: AllocatorConfig;
  readonly sizing: PoolSizing;
  readonly nodeName: string;
  readonly dualStack: boolean;
  readonly picker: VSwitchPicker;
  /** Keep a trunk ENI in one slot (`enable_eni_trunking` on a trunk-capable type). */
  readonly trunk: boolean;
  /** Brings a new ENI up on the host (the CNI helper's ENI set-up); may be a no-op. */
  readonly onEniReady: (eni: EniRecord) => Coroutine<void>;
  /** Tears an ENI down on the host before it is detached; may be a no-op. */
  readonly onEniGone: (eni: EniRecord) => Coroutine<void>;
  /** ACK's parallelism limits (shared mode: nodes allocating at once); absent = unlimited. */
  readonly parallelism: ParallelismLimits | null;
}

/** A shared-address allocator of one node. */
export interface SharedPool {
  /** Starts the background loops (pool sync, workers, reconcile). */
  start(): void;
  /** Stops the loops at their next wake-up. */
  stop(): void;
  /** Gives the pod its addresses (one per family), waiting for the cloud if it must. */
  allocate(pod: PodRequest): Coroutine<AllocationResult>;
  /** Takes the pod's addresses back (a stateful pod's are kept for a while). */
  release(pod: {
    readonly namespace: string;
    readonly name: string;
    readonly uid: string;
  }): ReleaseResult;
  /** ENIs the pool manages. */
  enis(): readonly EniRecord[];
  /** Pods holding (or keeping) addresses. */
  pods(): readonly PodView[];
  /** The addresses an active pod holds, if any. */
  podRecord(key: string): SharedPodRecord | undefined;
  /** The pool's figures. */
  poolView(): PoolView;
  /** The `SufficientIP` condition. */
  sufficientIp(): boolean;
}

/** The addresses one pod holds from the shared pool. */
export interface SharedPodRecord {
  readonly key: string;
  uid: string;
  readonly stateful: boolean;
  readonly eni: EniRecord;
  readonly ipv4: AddressRecord | null;
  readonly ipv6: AddressRecord | null;
  /** `kept`: a stateful pod went away; its addresses wait for it until `keptUntilUs`. */
  state: 'active' | 'kept';
  keptUntilUs: number;
}

/** `defaultStickTimeForSts`: how long a stateful pod's shared address is kept. */
export const STATEFUL_STICK_TIME_US = 300 * US_PER_SECOND;
/** The daemon's GC period, which frees kept addresses whose time is up. */
export const DAEMON_GC_PERIOD_US = 300 * US_PER_SECOND;
/** The daemon RPC's timeout: how long a CNI ADD waits for an address. */
export const DAEMON_RPC_TIMEOUT_US = 118 * US_PER_SECOND;

function addressViews(set: AddressSet): AddressView[] {
  const views: AddressView[] = [];
  for (const record of set.records()) {
    views.push({
      address: record.address,
      family: record.family,
      primary: record.primary,
      status: record.status,
      podKey: record.podKey,
    });
  }
  return views;
}

/** A copy of an ENI record for readers. */
export function eniView(eni: EniRecord): EniView {
  return {
    id: eni.id,
    kind: eni.kind,
    status: eni.status,
    vSwitchId: eni.vSwitchId,
    primaryIpv4: eni.primaryIpv4,
    trunkEniId: eni.trunkEniId,
    ipv4: addressViews(eni.ipv4),
    ipv6: addressViews(eni.ipv6),
  };
}

/** A copy of a shared pod record for readers. */
export function sharedPodView(record: SharedPodRecord): PodView {
  return {
    key: record.key,
    uid: record.uid,
    kind: 'shared',
    ipv4: record.ipv4?.address ?? null,
    ipv6: record.ipv6?.address ?? null,
    eniId: record.eni.id,
    state: record.state,
  };
}

/** Idle, idle-primary, in-use and deleting counts of one family over the InUse ENIs. */
export function countFamily(
  enis: Iterable<EniRecord>,
  family: 'ipv4' | 'ipv6',
): { idle: number; idlePrimaries: number; inUse: number; deleting: number } {
  let idle = 0;
  let idlePrimaries = 0;
  let inUse = 0;
  let deleting = 0;
  for (const eni of enis) {
    const set = family === 'ipv4' ? eni.ipv4 : eni.ipv6;
    deleting += set.deletingCount;
    if (eni.status !== 'InUse') continue;
    idle += set.idleCount;
    inUse += set.inUseCount;
    if (family === 'ipv4') {
      const primary = set.get(eni.primaryIpv4);
      if (primary !== undefined && primary.status === 'Valid' && primary.podKey === null) {
        idlePrimaries++;
      }
    }
  }
  return { idle, idlePrimaries, inUse, deleting };
}
