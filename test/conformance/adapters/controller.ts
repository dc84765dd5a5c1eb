/**
 * Terway's centralized IPAM controller (`pkg/controller/multi-ip/node/pool.go`) in the shapes its
 * unit tests use (a Node CR with `spec.pool`, `status.networkInterfaces`, `eniOptions`), mapped
 * onto enisim's allocator core. Every import of the core's controller-side files is here.
 *
 * The adapters translate; they decide nothing that the core decides. Each says where its
 * mapping is not field for field.
 */
import { US_PER_SECOND } from '../../../sim/contracts/clock.js';
import { parseEniConf } from '../../../models/eniConf.js';
import {
  centralizedDemand,
  ECS_BATCH_SIZE,
  eniOptionSlots,
  planEniOptions,
} from '../../../sim/allocator/centralizedDemand.js';
import type { Demand, EniOptionInput } from '../../../sim/allocator/centralizedDemand.js';
import { requeueAfterUs } from '../../../sim/allocator/centralizedPool.js';
import { calculateToDel } from '../../../sim/allocator/reclaim.js';
import { countFamily } from '../../../sim/allocator/sharedPool.js';
import type { EniState } from '../../../sim/allocator/eniRecord.js';
import { NOW_US, ZERO_TIME_US } from './daemon.js';
import { eniWithAddresses, type TerwayIp } from './records.js';

export { agoUs, fromNowUs, NOW_US, ZERO_TIME_US } from './daemon.js';

/** A `Nic` of the Node CR's `status.networkInterfaces`. */
export interface TerwayNic {
  readonly id: string;
  /** `Status`: "InUse", "Attaching", ... */
  readonly status: string;
  readonly ipv4?: readonly TerwayIp[];
  readonly ipv6?: readonly TerwayIp[];
}

/** `spec.pool.reclaim` (`IPReclaimPolicy`), durations in seconds. */
export interface TerwayReclaimPolicy {
  readonly afterS: number;
  readonly intervalS: number;
  readonly batchSize: number;
  /** `JitterFactor`: a string, as in the CR ("" or absent: Terway's 0.1). */
  readonly jitterFactor?: string;
}

/** The parts of a Node CR the pool arithmetic reads. */
export interface TerwayNode {
  readonly enableIpv4: boolean;
  readonly enableIpv6?: boolean;
  readonly maxPoolSize: number;
  readonly minPoolSize: number;
  readonly reclaim?: TerwayReclaimPolicy;
  /** `status.lastModifiedTime` (µs); Go's zero time when not set. */
  readonly lastModifiedTimeUs?: number;
  /** `status.nextIdleIPReclaimTime` (µs); Go's zero time when not set. */
  readonly nextIdleIpReclaimTimeUs?: number;
  readonly networkInterfaces: readonly TerwayNic[];
}

const ENI_STATE: Readonly<Record<string, EniState>> = { InUse: 'InUse', Attaching: 'Attaching' };

/** The node's ENIs as enisim's records, with the fixture's addresses in their states. */
function nodeEnis(node: TerwayNode) {
  return node.networkInterfaces.map((nic) => {
    const status = ENI_STATE[nic.status];
    if (status === undefined) throw new Error(`${nic.id}: ENI status ${nic.status} not mapped`);
    return eniWithAddresses({
      id: nic.id,
      kind: 'secondary',
      status,
      ipv4: nic.ipv4 ?? [],
      ipv6: nic.ipv6 ?? [],
    });
  });
}

/** Idle addresses of the counted family on InUse ENIs (`countTotalIdleIPs`, the idles of `calculateToDel`). */
function idleAddresses(node: TerwayNode): number {
  // Terway counts IPv4 when it is on, else IPv6.
  return countFamily(nodeEnis(node), node.enableIpv4 ? 'ipv4' : 'ipv6').idle;
}

/** `calculateToDel(ctx, node)`. */
export function controllerCalculateToDel(node: TerwayNode): number {
  const reclaim = node.reclaim;
  let jitterFactor = 0;
  if (reclaim?.jitterFactor !== undefined && reclaim.jitterFactor !== '') {
    jitterFactor = Number(reclaim.jitterFactor);
  }
  const next = node.nextIdleIpReclaimTimeUs ?? ZERO_TIME_US;
  return calculateToDel({
    idles: idleAddresses(node),
    nowUs: NOW_US,
    lastModifiedUs: node.lastModifiedTimeUs ?? ZERO_TIME_US,
    nextReclaimUs: next === ZERO_TIME_US ? null : next,
    settings: {
      maxIdles: node.maxPoolSize,
      minIdles: node.minPoolSize,
      // No reclaim policy: reclaim off.
      afterUs: (reclaim?.afterS ?? 0) * US_PER_SECOND,
      intervalUs: (reclaim?.intervalS ?? 0) * US_PER_SECOND,
      batchSize: reclaim?.batchSize ?? 0,
      jitterFactor,
    },
    draw: () => 0.5,
  }).toDel;
}

/** A `PodRequest` of `addIP`'s `unSucceedPods`. */
export interface TerwayPodRequest {
  readonly requireIpv4?: boolean;
  readonly requireErdma?: boolean;
}

/** The warm-up fields of the Node CR status. */
export interface TerwayWarmUp {
  readonly warmUpTarget?: number;
  readonly warmUpAllocatedCount?: number;
  readonly warmUpCompleted?: boolean;
}

/** `addIP`'s demand for a node and its pods without an address. */
export function addIpDemand(
  node: TerwayNode & TerwayWarmUp,
  unSucceedPods: readonly TerwayPodRequest[],
): Demand {
  if (unSucceedPods.some((pod) => pod.requireErdma === true)) {
    throw new Error('ERDMA pods are not modelled (issue 9)');
  }
  return centralizedDemand({
    podDemand: unSucceedPods.length,
    totalIdle: idleAddresses(node),
    minPoolSize: node.minPoolSize,
    warmUpTarget: node.warmUpTarget ?? 0,
    warmUpAllocated: node.warmUpAllocatedCount ?? 0,
    warmUpActive: node.warmUpCompleted !== true,
  });
}

/** `eniTypeKey`: secondary, trunk or (not modelled) the high-performance ERDMA ENI. */
export type EniTypeKey = 'secondary' | 'trunk' | 'rdma';

/** The `Nic` an `eniOptions` refers to, as `assignEniWithOptions` reads it. */
export interface TerwayEniRef {
  readonly id: string;
  readonly status: string;
  /** `eniRef.IPv4`, `eniRef.IPv6`: the quota counts every address in them, whatever its state. */
  readonly ipv4?: readonly TerwayIp[];
  readonly ipv6?: readonly TerwayIp[];
}

/** One `eniOptions`. */
export interface TerwayEniOption {
  readonly eniTypeKey: EniTypeKey;
  readonly eniRef?: TerwayEniRef;
}

/** The fields of `eniOptions` `assignEniWithOptions` writes. */
export interface TerwayEniPlan {
  readonly addIPv4N: number;
  readonly addIPv6N: number;
  readonly isFull: boolean;
}

/** A task of the `ENITaskQueue`: what an Attaching ENI's create asked for. */
export interface TerwayTask {
  readonly requestedIpv4Count: number;
  readonly requestedIpv6Count: number;
}

/**
 * `assignEniWithOptions(ctx, node, toAdd, options, taskQueue, filterFunc)` on ECS (batch 10).
 * Options the filter refuses are skipped (Terway's `continue`): the adapter leaves them out of
 * the core's walk and reports their plan as untouched.
 */
export function assignEniWithOptions(input: {
  readonly ipv4PerAdapter: number;
  readonly ipv6PerAdapter: number;
  readonly enableIpv4: boolean;
  readonly enableIpv6: boolean;
  readonly toAdd: number;
  readonly options: readonly TerwayEniOption[];
  readonly taskQueue?: ReadonlyMap<string, TerwayTask>;
  readonly filter: (option: TerwayEniOption) => boolean;
}): TerwayEniPlan[] {
  const kept = input.options.filter(input.filter);
  const inputs: EniOptionInput[] = kept.map((option) => {
    if (option.eniTypeKey === 'rdma') throw new Error('ERDMA ENIs are not modelled (issue 9)');
    const ref = option.eniRef;
    if (ref === undefined) return { kind: 'new', trunk: option.eniTypeKey === 'trunk' };
    const task = input.taskQueue?.get(ref.id);
    return {
      kind: 'existing',
      // assignEniWithOptions treats an Attaching ENI apart and any other like one in use.
      status: ref.status === 'Attaching' ? 'Attaching' : 'InUse',
      ipv4Count: ref.ipv4?.length ?? 0,
      ipv6Count: ref.ipv6?.length ?? 0,
      requestedIpv4: task?.requestedIpv4Count ?? null,
      requestedIpv6: task?.requestedIpv6Count ?? null,
      skip: false,
    };
  });
  const plans = planEniOptions({
    toAdd: input.toAdd,
    ipv4: input.enableIpv4,
    ipv6: input.enableIpv6,
    ipv4PerEni: input.ipv4PerAdapter,
    ipv6PerEni: input.ipv6PerAdapter,
    batchSize: ECS_BATCH_SIZE,
    options: inputs,
  });
  let next = 0;
  return input.options.map((option) => {
    if (!input.filter(option)) return { addIPv4N: 0, addIPv6N: 0, isFull: false };
    const plan = plans[next++];
    if (plan === undefined) throw new Error('planEniOptions returned fewer plans than options');
    return { addIPv4N: plan.addIpv4, addIPv6N: plan.addIpv6, isFull: plan.isFull };
  });
}

/** A `Flavor` of the Node CR spec. */
export interface TerwayFlavor {
  readonly networkInterfaceType: 'Secondary' | 'Trunk';
  readonly networkInterfaceTrafficMode: 'Standard' | 'HighPerformance';
  readonly count: number;
}

/**
 * `getEniOptions(node)` for a node with no ENIs yet. Terway's flavor becomes enisim's slot
 * count (the flavor total) and its single trunk (a trunk in the flavor, with `EnableTrunk`);
 * enisim has no flavor with several trunks or ERDMA ENIs, and the adapter refuses them.
 */
export function getEniOptions(node: {
  readonly enableTrunk: boolean;
  readonly flavor: readonly TerwayFlavor[];
}): { readonly eniTypeKey: EniTypeKey; readonly eniRef: null }[] {
  let total = 0;
  let trunks = 0;
  for (const flavor of node.flavor) {
    if (flavor.networkInterfaceTrafficMode !== 'Standard') {
      throw new Error('high-performance (ERDMA) ENIs are not modelled (issue 9)');
    }
    total += flavor.count;
    if (flavor.networkInterfaceType === 'Trunk') trunks += flavor.count;
  }
  if (trunks > 1) throw new Error('enisim models one trunk ENI per node');
  const slots = eniOptionSlots<never>({
    total,
    wantTrunk: node.enableTrunk && trunks === 1,
    enis: [],
    isTrunk: () => false,
  });
  return slots.map((slot) => {
    if (slot.kind !== 'new') throw new Error('a node with no ENIs got an existing slot');
    return { eniTypeKey: slot.trunk ? 'trunk' : 'secondary', eniRef: null };
  });
}

/**
 * `n.poolSyncPeriod(user)` with the controller's `gcPeriod`: the period of the user's
 * `ip_pool_sync_period` as enisim parses it (`models/eniConf.ts`), else the system default.
 * enisim has one default of its own (120 s); the test's `gcPeriod` stands in for it here.
 * A period enisim cannot parse is refused with the key named, where Terway falls back.
 */
export function poolSyncPeriodUs(
  user: string,
  gcPeriodUs: number,
): { ok: true; periodUs: number } | { ok: false; message: string } {
  if (user === '') return { ok: true, periodUs: gcPeriodUs };
  const parsed = parseEniConf({ ip_pool_sync_period: user });
  if (!parsed.ok) {
    return { ok: false, message: parsed.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  }
  return { ok: true, periodUs: parsed.conf.ipPoolSyncPeriodUs };
}

/** `n.requeueAfter(node)`. */
export function requeueAfter(input: {
  readonly poolSyncPeriod: string;
  /** `status.nextSyncOpenAPITime` (µs); Go's zero time when not set. */
  readonly nextSyncOpenApiTimeUs: number;
  readonly gcPeriodUs: number;
}): number {
  const period = poolSyncPeriodUs(input.poolSyncPeriod, input.gcPeriodUs);
  if (!period.ok) throw new Error(period.message);
  return requeueAfterUs({
    poolSyncPeriodUs: period.periodUs,
    nextOpenApiSyncUs: input.nextSyncOpenApiTimeUs,
    nowUs: NOW_US,
  });
}
