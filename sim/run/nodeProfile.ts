/**
 * What a node of a pool is, from the models: its capacity plan (Capacity, Allocatable, the pod
 * limit of its mode), the limits and Terway configuration its allocator runs with, and what the
 * scheduler sees (allocatable with `aliyun/eni` or `aliyun/member-eni`, and the
 * `k8s.aliyun.com/max-available-ip` annotation Terway writes).
 *
 * One profile serves every node of a pool in a zone (the profile is pure data), so a 1,000-node
 * pool plans its instance type once per zone and Terway version.
 */
import { sharedPoolSizing, type PoolSizing } from '../../models/poolSizing.js';
import {
  allocatorConfigFromEniConf,
  configHas,
  type AllocatorConfig,
  type NodeLimits,
} from '../allocator/index.js';
import { planNodeCapacity, type NodeCapacityPlan } from '../../models/nodeCapacity.js';
import type { IpStack } from '../../models/eniConf.js';
import type { InstanceType } from '../../models/instanceType.js';
import type { ResultWarning } from '../../models/results/document.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import { ResourceNames } from '../../models/wellKnownKeys.js';
import type { NodeResources } from '../placement/node.js';
import type { NodePoolSpec } from '../../scenarios/load/index.js';

/** A node's allocatable cpu or memory when the catalog does not know it: not a limit at all. */
export const UNKNOWN_RESOURCE = Number.MAX_SAFE_INTEGER;

/** One pool's nodes of one instance type in one zone, as the models plan them. */
export interface NodeProfile {
  readonly poolName: string;
  readonly type: InstanceType;
  readonly zone: string;
  readonly mode: 'shared' | 'exclusive';
  readonly plan: NodeCapacityPlan;
  /** The allocator core's view of the instance's ENI quotas. */
  readonly limits: NodeLimits;
  /** The node's Terway configuration (the pool's eni_conf, its zone's pod vSwitches). */
  readonly config: AllocatorConfig;
  /** The pool sizes Terway derives from the limits and the configuration. */
  readonly sizing: PoolSizing;
  /** What Terway annotates as `k8s.aliyun.com/max-available-ip`. */
  readonly maxAvailableIp: number;
  /** Allocatable as the scheduler sees it. */
  readonly allocatable: NodeResources;
  /** The pod limit of the node's mode: `aliyun/eni` when exclusive, else the shared capacity. */
  readonly networkPodLimit: number;
  /** `aliyun/member-eni` (trunk pods), 0 without trunk. */
  readonly memberEniLimit: number;
  readonly kubeletMaxPods: number;
  /** The stack the node runs after Terway's dual-stack parity rule. */
  readonly stack: IpStack;
  /** Why a figure was assumed (unknown cpu or memory). */
  readonly warnings: readonly ResultWarning[];
}

/** Whether the instance type uses high-density interfaces in this profile. */
function highDensity(plan: NodeCapacityPlan): boolean {
  return plan.limits.eniApi === 'hdeni' || plan.limits.eniApi === 'ecs-hdeni';
}

/** Plans a node of `pool` of `type` in `zone` under `terwayVersion`. */
export function nodeProfile(
  pool: NodePoolSpec,
  type: InstanceType,
  options: {
    readonly zone: string;
    readonly terwayVersion: TerwayVersion;
    readonly ipStack: IpStack;
  },
): NodeProfile {
  const plan = planNodeCapacity(type, {
    mode: pool.mode,
    trunk: pool.trunk,
    ipPrefix: false,
    erdma: false,
    stack: options.ipStack,
    terway: options.terwayVersion,
    conf: pool.eniConf,
    reservation: pool.reservationPolicy,
    memoryKi: pool.memTotalKiByType[type.id] ?? null,
    ephemeralKi: pool.ephemeralStorageKi,
    maxPods: pool.maxPods,
  });
  const base = allocatorConfigFromEniConf(pool.eniConf, {
    terwayVersion: options.terwayVersion,
    zoneId: options.zone,
  });
  const config: AllocatorConfig = {
    ...base,
    ipStack: options.ipStack,
    vSwitchIds: pool.podVSwitchIdsByZone[options.zone] ?? base.vSwitchIds,
  };
  const trunk = pool.trunk && configHas(config, 'trunk') && pool.mode === 'shared';
  const limits: NodeLimits = {
    eniQuantity: plan.limits.eniQuantity,
    ipv4PerEni: plan.limits.ipv4PerEni,
    ipv6PerEni: plan.limits.ipv6PerEni ?? 0,
    memberEniLimit: trunk ? (plan.limits.memberEniLimit ?? 0) : 0,
    platform: type.platform,
    highDensity: highDensity(plan),
  };
  const exclusive = pool.mode === 'exclusive';
  const sizing = sharedPoolSizing(limits, config);
  const networkPodLimit = exclusive ? sizing.maxEni : sizing.capacity;
  const extended: Record<string, number> = {};
  if (exclusive) extended[ResourceNames.eni] = networkPodLimit;
  if (limits.memberEniLimit > 0) extended[ResourceNames.memberEni] = limits.memberEniLimit;
  const warnings: ResultWarning[] = [];
  const { cpuMillis, memoryBytes } = plan.allocatable;
  if (cpuMillis === null || memoryBytes === null) {
    warnings.push({
      code: 'UNKNOWN_NODE_RESOURCES',
      pool: pool.name,
      instanceType: type.id,
      message: `pool ${pool.name}: ${type.id} has unknown ${cpuMillis === null ? 'cpu' : 'memory'}; its nodes do not limit pods by it (give CpuCoreCount and MemorySize in spec.catalog)`,
    });
  }
  return {
    poolName: pool.name,
    type,
    zone: options.zone,
    mode: pool.mode,
    plan,
    limits,
    config,
    sizing,
    maxAvailableIp: networkPodLimit,
    allocatable: {
      cpuMilli: cpuMillis ?? UNKNOWN_RESOURCE,
      memoryBytes: memoryBytes ?? UNKNOWN_RESOURCE,
      pods: plan.allocatable.pods,
      extended,
    },
    networkPodLimit,
    memberEniLimit: limits.memberEniLimit,
    kubeletMaxPods: plan.maxPods,
    stack: plan.stack ?? 'ipv4',
    warnings,
  };
}
