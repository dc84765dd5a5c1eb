/**
 * A node as the scheduler sees it: plain readonly data. Usage by scheduled pods is accounted
 * separately, in {@link NodeInfo} (`nodeInfo.ts`).
 */
import { AnnotationKeys, LabelKeys } from '../../models/wellKnownKeys.js';
import { NO_LABELS, labelValue, type Labels } from '../../models/labels.js';
import { assertNoProblems } from '../../models/pod.js';
import type { Taint } from '../../models/taints.js';

/** What a node offers (`status.allocatable`), or what pods already use there. */
export interface NodeResources {
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
  /** Pod slots (kubelet `max-pods`). */
  readonly pods: number;
  /** Extended resources (`aliyun/eni`, `aliyun/member-eni`) as whole counts. */
  readonly extended: Readonly<Record<string, number>>;
}

/**
 * What pods the scheduler does not place (DaemonSet and static pods) already use on the node:
 * the starting point of its accounting.
 */
export interface NodeUsage extends NodeResources {
  /** Pod addresses (counted against `k8s.aliyun.com/max-available-ip`) those pods hold. */
  readonly podAddresses: number;
}

/** A node view. */
export interface NodeView {
  readonly name: string;
  /** Labels, including `topology.kubernetes.io/zone` and `node.kubernetes.io/instance-type`. */
  readonly labels: Labels;
  /** Annotations, including `k8s.aliyun.com/max-available-ip` where Terway has set it. */
  readonly annotations: Labels;
  readonly taints: readonly Taint[];
  /** `spec.unschedulable` (cordoned). */
  readonly unschedulable: boolean;
  readonly allocatable: NodeResources;
  readonly requested: NodeUsage;
}

/** What {@link makeNode} accepts: a name, allocatable, and whatever differs from the defaults. */
export interface NodeInit {
  readonly name: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly taints?: readonly Taint[];
  readonly unschedulable?: boolean;
  readonly allocatable: Partial<NodeResources>;
  readonly requested?: Partial<NodeUsage>;
}

const NO_EXTENDED: Readonly<Record<string, number>> = Object.freeze({});

/** Nothing used. */
export const NO_USAGE: NodeUsage = Object.freeze({
  cpuMilli: 0,
  memoryBytes: 0,
  pods: 0,
  extended: NO_EXTENDED,
  podAddresses: 0,
});

function countProblems(value: number, where: string): string[] {
  return Number.isSafeInteger(value) && value >= 0
    ? []
    : [`${where}: must be a non-negative safe integer, got ${value}`];
}

function resourceProblems(resources: NodeResources, where: string): string[] {
  return [
    ...countProblems(resources.cpuMilli, `${where}.cpuMilli`),
    ...countProblems(resources.memoryBytes, `${where}.memoryBytes`),
    ...countProblems(resources.pods, `${where}.pods`),
    ...Object.entries(resources.extended).flatMap(([name, count]) =>
      countProblems(count, `${where}.extended[${name}]`),
    ),
  ];
}

/**
 * The node's `k8s.aliyun.com/max-available-ip`, or null when it has none (Terway has not
 * reported yet, or does not manage the node). Throws on a value that is not a whole number.
 */
export function maxAvailableIpOf(node: Pick<NodeView, 'name' | 'annotations'>): number | null {
  const text = labelValue(node.annotations, AnnotationKeys.maxAvailableIp);
  if (text === undefined) return null;
  const value = /^[0-9]+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(
      `node ${node.name}: annotation ${AnnotationKeys.maxAvailableIp} must be a whole number, ` +
        `got ${JSON.stringify(text)}`,
    );
  }
  return value;
}

/** Whether the node is an exclusive-ENI node (label `eniOnly`, compared case-insensitively). */
export function isExclusiveEniNode(node: Pick<NodeView, 'labels'>): boolean {
  return labelValue(node.labels, LabelKeys.exclusiveModeEniType)?.toLowerCase() === 'enionly';
}

/** Problems with a node's fields (empty when valid). */
export function nodeProblems(node: NodeView): string[] {
  const where = `node ${node.name}`;
  const problems = [
    ...(node.name.length === 0 ? ['node.name: must not be empty'] : []),
    ...resourceProblems(node.allocatable, `${where}.allocatable`),
    ...resourceProblems(node.requested, `${where}.requested`),
    ...countProblems(node.requested.podAddresses, `${where}.requested.podAddresses`),
  ];
  try {
    maxAvailableIpOf(node);
  } catch (error) {
    problems.push((error as Error).message);
  }
  return problems;
}

/** Builds a node view, validating it (throws RangeError naming the field). */
export function makeNode(init: NodeInit): NodeView {
  const node: NodeView = {
    name: init.name,
    labels: init.labels ?? NO_LABELS,
    annotations: init.annotations ?? NO_LABELS,
    taints: init.taints ?? [],
    unschedulable: init.unschedulable ?? false,
    allocatable: {
      cpuMilli: init.allocatable.cpuMilli ?? 0,
      memoryBytes: init.allocatable.memoryBytes ?? 0,
      pods: init.allocatable.pods ?? 0,
      extended: init.allocatable.extended ?? NO_EXTENDED,
    },
    requested: { ...NO_USAGE, ...init.requested },
  };
  assertNoProblems(nodeProblems(node), 'node');
  return node;
}
