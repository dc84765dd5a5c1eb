/**
 * A pod as the scheduler and the Terway webhook see it: plain readonly data.
 *
 * Requests are already summed over the pod's containers (the scenario loader does that, as
 * kube-scheduler's `computePodResourceRequest` does); extended resources such as `aliyun/eni`
 * are whole counts.
 */
import { NO_LABELS, requirementProblems, type Labels, type Requirement } from './labels.js';
import { podAffinityProblems, type PodAffinityRules } from './podAffinity.js';
import type { Toleration } from './taints.js';
import { topologySpreadProblems, type TopologySpreadConstraint } from './topologySpread.js';

/** One term of a required node affinity: every expression must hold. */
export interface NodeSelectorTerm {
  readonly matchExpressions: readonly Requirement[];
}

/** A preferred node-affinity term and its weight (1–100): `PreferredSchedulingTerm`. */
export interface PreferredSchedulingTerm {
  readonly weight: number;
  readonly preference: NodeSelectorTerm;
}

/** A pod's resource requests. */
export interface PodResources {
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
  /** Extended resources (`aliyun/eni`, `aliyun/member-eni`, …) as whole counts. */
  readonly extended: Readonly<Record<string, number>>;
}

/** A pod spec as placement sees it. */
export interface PodSpec {
  readonly namespace: string;
  readonly name: string;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** The controller's kind (`StatefulSet`, `ReplicaSet`, `DaemonSet`, `Job`), or null. */
  readonly ownerKind: string | null;
  readonly requests: PodResources;
  /** `spec.nodeSelector`. */
  readonly nodeSelector: Labels;
  /**
   * `requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms` (ORed), or null when the
   * pod has no required node affinity.
   */
  readonly requiredNodeAffinity: readonly NodeSelectorTerm[] | null;
  /** `preferredDuringSchedulingIgnoredDuringExecution` of the node affinity (a score). */
  readonly preferredNodeAffinity: readonly PreferredSchedulingTerm[];
  /** `spec.topologySpreadConstraints`. */
  readonly topologySpreadConstraints: readonly TopologySpreadConstraint[];
  /** `affinity.podAffinity` and `affinity.podAntiAffinity`, or null when the pod has neither. */
  readonly podAffinity: PodAffinityRules | null;
  readonly tolerations: readonly Toleration[];
  readonly hostNetwork: boolean;
}

/** What {@link makePod} accepts: a name and whatever differs from the defaults. */
export interface PodInit {
  readonly name: string;
  readonly namespace?: string;
  readonly labels?: Labels;
  readonly annotations?: Labels;
  readonly ownerKind?: string | null;
  readonly requests?: Partial<PodResources>;
  readonly nodeSelector?: Labels;
  readonly requiredNodeAffinity?: readonly NodeSelectorTerm[] | null;
  readonly preferredNodeAffinity?: readonly PreferredSchedulingTerm[];
  readonly topologySpreadConstraints?: readonly TopologySpreadConstraint[];
  readonly podAffinity?: PodAffinityRules | null;
  readonly tolerations?: readonly Toleration[];
  readonly hostNetwork?: boolean;
}

const NO_LABELS_NUMBERS: Readonly<Record<string, number>> = Object.freeze({});
// Shared, so that pods built with defaults share their scheduling signature by reference.
const NO_TOLERATIONS: readonly Toleration[] = Object.freeze([]);
/** No preferred node affinity (shared, like every empty default). */
export const NO_PREFERRED_NODE_AFFINITY: readonly PreferredSchedulingTerm[] = Object.freeze([]);
/** No spread constraints. */
export const NO_SPREAD_CONSTRAINTS: readonly TopologySpreadConstraint[] = Object.freeze([]);

/** The pod's identity, `namespace/name`. */
export function podKey(pod: Pick<PodSpec, 'namespace' | 'name'>): string {
  return `${pod.namespace}/${pod.name}`;
}

/** The kinds whose pods keep their name across restarts (Terway's `IsStsPod`). */
export const DEFAULT_STATEFUL_KINDS: readonly string[] = ['StatefulSet'];

/**
 * Whether the pod has a fixed name: it belongs to a StatefulSet (or another kind listed in
 * `custom_stateful_workload_kinds`). Only such pods may use a `Fixed` PodNetworking.
 */
export function isFixedNamePod(
  pod: PodSpec,
  statefulKinds: readonly string[] = DEFAULT_STATEFUL_KINDS,
): boolean {
  return pod.ownerKind !== null && statefulKinds.includes(pod.ownerKind);
}

/** Whether a DaemonSet owns the pod (the webhook then adds no zone affinity). */
export function isDaemonSetPod(pod: PodSpec): boolean {
  return pod.ownerKind === 'DaemonSet';
}

function quantityProblems(value: number, where: string): string[] {
  return Number.isSafeInteger(value) && value >= 0
    ? []
    : [`${where}: must be a non-negative safe integer, got ${value}`];
}

/** Problems with a pod's fields (empty when valid); paths are relative to `where`. */
export function podProblems(pod: PodSpec, where: string): string[] {
  const problems: string[] = [];
  if (pod.name.length === 0) problems.push(`${where}.name: must not be empty`);
  if (pod.namespace.length === 0) problems.push(`${where}.namespace: must not be empty`);
  problems.push(...quantityProblems(pod.requests.cpuMilli, `${where}.requests.cpuMilli`));
  problems.push(...quantityProblems(pod.requests.memoryBytes, `${where}.requests.memoryBytes`));
  for (const [name, count] of Object.entries(pod.requests.extended)) {
    problems.push(...quantityProblems(count, `${where}.requests.extended[${name}]`));
  }
  pod.requiredNodeAffinity?.forEach((term, termIndex) => {
    term.matchExpressions.forEach((requirement, index) => {
      const at = `${where}.requiredNodeAffinity[${termIndex}].matchExpressions[${index}]`;
      problems.push(...requirementProblems(requirement, at, true));
    });
  });
  if (pod.requiredNodeAffinity?.length === 0) {
    problems.push(`${where}.requiredNodeAffinity: must have at least one term (or be null)`);
  }
  pod.preferredNodeAffinity.forEach(({ weight, preference }, termIndex) => {
    const at = `${where}.preferredNodeAffinity[${termIndex}]`;
    if (!Number.isSafeInteger(weight) || weight < 1 || weight > 100) {
      problems.push(`${at}.weight: must be in the range 1-100, got ${weight}`);
    }
    preference.matchExpressions.forEach((requirement, index) => {
      problems.push(...requirementProblems(requirement, `${at}.matchExpressions[${index}]`, true));
    });
  });
  problems.push(
    ...topologySpreadProblems(pod.topologySpreadConstraints, `${where}.topologySpreadConstraints`),
  );
  if (pod.podAffinity !== null) problems.push(...podAffinityProblems(pod.podAffinity, where));
  return problems;
}

/** Throws a RangeError listing every problem, if there are any. */
export function assertNoProblems(problems: readonly string[], what: string): void {
  if (problems.length > 0) throw new RangeError(`invalid ${what}: ${problems.join('; ')}`);
}

/** Builds a pod from a name and overrides, validating it (throws RangeError naming the field). */
export function makePod(init: PodInit): PodSpec {
  const pod: PodSpec = {
    namespace: init.namespace ?? 'default',
    name: init.name,
    labels: init.labels ?? NO_LABELS,
    annotations: init.annotations ?? NO_LABELS,
    ownerKind: init.ownerKind ?? null,
    requests: {
      cpuMilli: init.requests?.cpuMilli ?? 0,
      memoryBytes: init.requests?.memoryBytes ?? 0,
      extended: init.requests?.extended ?? NO_LABELS_NUMBERS,
    },
    nodeSelector: init.nodeSelector ?? NO_LABELS,
    requiredNodeAffinity: init.requiredNodeAffinity ?? null,
    preferredNodeAffinity: init.preferredNodeAffinity ?? NO_PREFERRED_NODE_AFFINITY,
    topologySpreadConstraints: init.topologySpreadConstraints ?? NO_SPREAD_CONSTRAINTS,
    podAffinity: init.podAffinity ?? null,
    tolerations: init.tolerations ?? NO_TOLERATIONS,
    hostNetwork: init.hostNetwork ?? false,
  };
  assertNoProblems(podProblems(pod, `pod ${podKey(pod)}`), 'pod');
  return pod;
}
