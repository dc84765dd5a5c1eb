/**
 * One node's plan: for an instance type in a Terway mode, the pods its interfaces hold, what
 * kubelet reports as Capacity and Allocatable, and whether ACK admits it. This is the object
 * `enisim capacity --json` prints (with quantities rendered as strings) and the one the simulator
 * takes a node's limits from.
 *
 * kubelet `pods` is ACK's shared-ENI formula plus 3 host-network pods in every ECS mode: ACK sets
 * max-pods from the instance type, not from the mode (the seed's exclusive node shows pods 213
 * beside `aliyun/eni: 7`). For Lingjun ACK documents no value; we assume the larger of the
 * shared and exclusive limits plus 3, and say so.
 */
import { checkAdmission } from './admission.js';
import {
  allocatable,
  DEFAULT_EPHEMERAL_KI,
  estimateMemTotalKi,
  REFERENCE_MEM_TOTAL,
  type ReservationPolicy,
} from './allocatable.js';
import {
  podCapacity,
  type EniMode,
  type IpamPath,
  type NodeEniLimits,
  type PodCapacity,
} from './capacity.js';
import { diagnostic, DiagnosticCode, type Diagnostic } from './diagnostics.js';
import { decideStack } from './dualStack.js';
import type { EniConf, IpStack } from './eniConf.js';
import type { InstanceType, Platform } from './instanceType.js';
import type { TerwayVersion } from './terwayVersion.js';

/** Pods on the host network that kubelet max-pods leaves room for (ACK: "+3"). */
export const HOST_NETWORK_PODS = 3;

/** What to plan for. */
export interface NodeCapacityOptions {
  readonly mode: EniMode;
  readonly trunk: boolean;
  readonly ipPrefix: boolean;
  readonly erdma: boolean;
  readonly stack: IpStack;
  readonly terway: TerwayVersion;
  readonly conf: EniConf;
  readonly reservation: ReservationPolicy;
  /** The node's real MemTotal in KiB; `null` to estimate it from the nominal size. */
  readonly memoryKi: number | null;
  /** The root filesystem in KiB; `null` for ACK's default 120 GiB system disk. */
  readonly ephemeralKi: number | null;
  /** kubelet max-pods set on the node pool; `null` for ACK's default. */
  readonly maxPods: number | null;
}

/** A node's resources as numbers, in the units Kubernetes counts them. */
export interface NodeResources {
  /** `null` when the vCPU count is unknown. */
  readonly cpuMillis: number | null;
  /** `null` when the memory size is unknown. */
  readonly memoryBytes: number | null;
  readonly ephemeralStorageBytes: number;
  readonly pods: number;
  /** Extended resources Terway advertises: `aliyun/eni`, `aliyun/member-eni`, `aliyun/erdma`. */
  readonly extended: Readonly<Record<string, number>>;
}

/** Where the kubelet max-pods figure came from. */
export type MaxPodsSource = 'ack' | 'assumed' | 'override';

/** The plan for one instance type. */
export interface NodeCapacityPlan {
  readonly instanceType: string;
  readonly platform: Platform;
  readonly mode: EniMode;
  readonly requestedStack: IpStack;
  /** The stack the node runs; `null` when it depends on an unknown IPv6 quota. */
  readonly stack: IpStack | null;
  readonly terway: string;
  readonly ipam: IpamPath;
  readonly trunk: boolean;
  readonly ipPrefix: boolean;
  readonly erdma: boolean;
  /** The interface limits the allocator obeys on this node. */
  readonly limits: NodeEniLimits;
  /** The ENI-limited pod count of the mode; `null` when a needed figure is unknown. */
  readonly containerPods: number | null;
  readonly memberEniPods: number | null;
  readonly erdmaPods: number | null;
  readonly sharedPodLimit: number;
  readonly exclusivePodLimit: number;
  readonly maxPods: number;
  readonly maxPodsSource: MaxPodsSource;
  readonly capacity: NodeResources;
  readonly allocatable: NodeResources;
  readonly reservation: ReservationPolicy;
  readonly reservedCpuMillis: number | null;
  readonly reservedMemoryMiB: number | null;
  readonly evictionMemoryKi: number;
  readonly evictionEphemeralBytes: number;
  readonly memoryEstimated: boolean;
  readonly ephemeralEstimated: boolean;
  readonly admitted: boolean;
  readonly violations: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
  readonly notes: readonly Diagnostic[];
}

function kubeletMaxPods(
  type: InstanceType,
  options: NodeCapacityOptions,
  limits: { sharedPodLimit: number; exclusivePodLimit: number },
): { maxPods: number; source: MaxPodsSource } {
  if (options.maxPods !== null) return { maxPods: options.maxPods, source: 'override' };
  if (type.platform === 'ecs') {
    return { maxPods: limits.sharedPodLimit + HOST_NETWORK_PODS, source: 'ack' };
  }
  const larger = Math.max(limits.sharedPodLimit, limits.exclusivePodLimit);
  return { maxPods: larger + HOST_NETWORK_PODS, source: 'assumed' };
}

function memoryOf(
  type: InstanceType,
  options: NodeCapacityOptions,
  notes: Diagnostic[],
): { memoryKi: number | null; estimated: boolean } {
  if (options.memoryKi !== null) return { memoryKi: options.memoryKi, estimated: false };
  if (type.memoryGiB === null) return { memoryKi: null, estimated: false };
  const memoryKi = estimateMemTotalKi(type.memoryGiB);
  const ratio = ((REFERENCE_MEM_TOTAL.memTotalKi / (32 * 1024 * 1024)) * 100).toFixed(2);
  const text = `memory is MemTotal estimated as ${ratio}% of the nominal ${type.memoryGiB} GiB (the ratio measured on a ${REFERENCE_MEM_TOTAL.nominalGiB} GiB ecs.c7.4xlarge: ${REFERENCE_MEM_TOTAL.memTotalKi}Ki)`;
  notes.push(diagnostic(DiagnosticCode.memoryEstimated, text));
  return { memoryKi, estimated: true };
}

function extendedResources(
  mode: EniMode,
  pods: { containerPods: number | null; memberEniPods: number | null; erdmaPods: number | null },
): Record<string, number> {
  const extended: Record<string, number> = {};
  if (mode === 'exclusive' && pods.containerPods !== null) {
    extended['aliyun/eni'] = pods.containerPods;
  }
  if (pods.memberEniPods !== null && pods.memberEniPods > 0) {
    extended['aliyun/member-eni'] = pods.memberEniPods;
  }
  if (pods.erdmaPods !== null && pods.erdmaPods > 0) extended['aliyun/erdma'] = pods.erdmaPods;
  return extended;
}

/** The warnings about max-pods and unknown resources, appended to `warnings`. */
function planWarnings(
  type: InstanceType,
  pods: PodCapacity,
  kubelet: { maxPods: number; source: MaxPodsSource },
  memoryKi: number | null,
): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const { maxPods } = kubelet;
  if (kubelet.source === 'assumed') {
    const text = `ACK documents no kubelet max-pods for Lingjun; assumed max(shared ${pods.sharedPodLimit}, exclusive ${pods.exclusivePodLimit}) + ${HOST_NETWORK_PODS} = ${maxPods}`;
    warnings.push(diagnostic(DiagnosticCode.maxPodsAssumed, text));
  }
  const networkPods = (pods.containerPods ?? 0) + (pods.memberEniPods ?? 0);
  if (networkPods + HOST_NETWORK_PODS > maxPods) {
    const text = `kubelet max-pods ${maxPods} caps the node below the ${networkPods} pods its ENIs hold (+${HOST_NETWORK_PODS} host-network)`;
    warnings.push(diagnostic(DiagnosticCode.maxPodsBelowNetworkPods, text));
  }
  const missing = [
    type.cpuCores === null ? 'CpuCoreCount' : null,
    memoryKi === null ? 'MemorySize' : null,
  ].filter((name) => name !== null);
  if (missing.length > 0) {
    const text = `${type.id}: ${missing.join(' and ')} unknown, so cpu/memory Capacity and Allocatable are unknown`;
    warnings.push(diagnostic(DiagnosticCode.resourcesUnknown, text));
  }
  return warnings;
}

/** Capacity and Allocatable as numbers, with the reservations that separate them. */
function nodeResources(
  type: InstanceType,
  options: NodeCapacityOptions,
  figures: { memoryKi: number | null; ephemeralKi: number; maxPods: number },
  extended: Readonly<Record<string, number>>,
) {
  const cpuMillis = type.cpuCores === null ? null : type.cpuCores * 1000;
  const alloc = allocatable(
    {
      cpuMillis,
      memoryKi: figures.memoryKi,
      ephemeralKi: figures.ephemeralKi,
      pods: figures.maxPods,
    },
    options.reservation,
  );
  return {
    capacity: {
      cpuMillis,
      memoryBytes: figures.memoryKi === null ? null : figures.memoryKi * 1024,
      ephemeralStorageBytes: figures.ephemeralKi * 1024,
      pods: figures.maxPods,
      extended,
    },
    allocatable: {
      cpuMillis: alloc.cpuMillis,
      memoryBytes: alloc.memoryKi === null ? null : alloc.memoryKi * 1024,
      ephemeralStorageBytes: alloc.ephemeralBytes,
      pods: alloc.pods,
      extended,
    },
    reservedCpuMillis: alloc.reservedCpuMillis,
    reservedMemoryMiB: alloc.reservedMemoryMiB,
    evictionMemoryKi: alloc.evictionMemoryKi,
    evictionEphemeralBytes: alloc.evictionEphemeralBytes,
  };
}

/** Plans one instance type. Pure: the same type and options give the same plan. */
export function planNodeCapacity(
  type: InstanceType,
  options: NodeCapacityOptions,
): NodeCapacityPlan {
  const pods = podCapacity(type, options);
  const stack = decideStack({ type, requested: options.stack, terway: options.terway });
  const admission = checkAdmission({ type, ...options, capacity: pods, stack });
  const notes: Diagnostic[] = [...pods.notes];
  const kubelet = kubeletMaxPods(type, options, pods);
  const memory = memoryOf(type, options, notes);
  const ephemeralKi = options.ephemeralKi ?? DEFAULT_EPHEMERAL_KI;
  if (options.ephemeralKi === null) {
    const text = `ephemeral-storage assumes ACK's default 120 GiB system disk (${DEFAULT_EPHEMERAL_KI}Ki, as the seed's node reports it)`;
    notes.push(diagnostic(DiagnosticCode.ephemeralEstimated, text));
  }
  const resources = nodeResources(
    type,
    options,
    { memoryKi: memory.memoryKi, ephemeralKi, maxPods: kubelet.maxPods },
    extendedResources(options.mode, pods),
  );
  return {
    instanceType: type.id,
    platform: type.platform,
    mode: options.mode,
    requestedStack: options.stack,
    stack: stack.effective,
    terway: options.terway.text,
    ipam: pods.ipam,
    trunk: pods.trunk,
    ipPrefix: pods.ipPrefix,
    erdma: pods.erdma,
    limits: pods.limits,
    containerPods: pods.containerPods,
    memberEniPods: pods.memberEniPods,
    erdmaPods: pods.erdmaPods,
    sharedPodLimit: pods.sharedPodLimit,
    exclusivePodLimit: pods.exclusivePodLimit,
    maxPods: kubelet.maxPods,
    maxPodsSource: kubelet.source,
    ...resources,
    reservation: options.reservation,
    memoryEstimated: memory.estimated,
    ephemeralEstimated: options.ephemeralKi === null,
    admitted: admission.admitted,
    violations: admission.violations,
    warnings: [
      ...pods.warnings,
      ...stack.warnings,
      ...admission.warnings,
      ...planWarnings(type, pods, kubelet, memory.memoryKi),
    ],
    notes,
  };
}
