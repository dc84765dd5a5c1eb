/**
 * A PodNetworking (`network.alibabacloud.com/v1beta1`, cluster-scoped) as the Terway webhook
 * reads it: which pods it selects, how they get their ENI, and the zones of its vSwitches.
 */
import { labelSelectorProblems, type LabelSelector } from './labels.js';
import { assertNoProblems } from './pod.js';

/** `spec.eniOptions.eniType`: `ENI` exclusive ENI, `Trunk` member ENI, `Default` per cluster. */
export type EniAttachType = 'Default' | 'ENI' | 'Trunk';

/** `spec.allocationType`. */
export interface AllocationType {
  /** `Fixed` keeps a StatefulSet pod's address across restarts; default `Elastic`. */
  readonly type: 'Elastic' | 'Fixed';
  /** For `Fixed`: release after a TTL, or never. */
  readonly releaseStrategy: 'TTL' | 'Never' | null;
  /** For `TTL`: a Go duration such as `"5m0s"`. */
  readonly releaseAfter: string | null;
}

/** The default allocation type (`Elastic`). */
export const ELASTIC: AllocationType = Object.freeze({
  type: 'Elastic',
  releaseStrategy: null,
  releaseAfter: null,
});

/**
 * `spec.vSwitchSelectOptions.vSwitchSelectionPolicy`, as the pod controller hands it to
 * `SwitchPool.GetOne` (`pkg/controller/pod/pod_controller_default.go:ParsePodNetworksFromAnnotation`):
 * `ordered` (the CRD's default) takes the first vSwitch in list order that has addresses,
 * `random` shuffles the list first, `most` sorts it by available addresses
 * (`pkg/vswitch/vswitch.go:GetOne`).
 */
export type VSwitchSelectPolicy = 'ordered' | 'random' | 'most';

/** A PodNetworking, with its status as the controller last wrote it. */
export interface PodNetworkingView {
  readonly name: string;
  readonly eniType: EniAttachType;
  readonly allocationType: AllocationType;
  /** `spec.selector.podSelector`, or null when absent. */
  readonly podSelector: LabelSelector | null;
  /** `spec.selector.namespaceSelector`, or null when absent. */
  readonly namespaceSelector: LabelSelector | null;
  /** `spec.vSwitchOptions`. */
  readonly vSwitchOptions: readonly string[];
  /** `spec.securityGroupIDs`. */
  readonly securityGroupIds: readonly string[];
  /** `status.status`: the webhook uses only `Ready` ones; `''` before the first reconcile. */
  readonly status: 'Ready' | 'Fail' | '';
  /** The zones of `status.vSwitches` (one per vSwitch; repeats allowed). */
  readonly vSwitchZones: readonly string[];
  /** `spec.vSwitchSelectOptions.vSwitchSelectionPolicy` (default `ordered`). */
  readonly vSwitchSelectionPolicy: VSwitchSelectPolicy;
}

/** One pod network (an entry of `k8s.aliyun.com/pod-networks`). */
export interface PodNetwork {
  readonly interface: string;
  readonly vSwitchOptions: readonly string[];
  readonly securityGroupIds: readonly string[];
  readonly eniType: EniAttachType;
  readonly allocationType: AllocationType;
  /** `vSwitchSelectOptions.vSwitchSelectionPolicy` (the webhook copies the PodNetworking's). */
  readonly vSwitchSelectionPolicy: VSwitchSelectPolicy;
}

/** What {@link makePodNetworking} accepts. */
export interface PodNetworkingInit {
  readonly name: string;
  readonly eniType?: EniAttachType;
  readonly allocationType?: AllocationType;
  readonly podSelector?: LabelSelector | null;
  readonly namespaceSelector?: LabelSelector | null;
  readonly vSwitchOptions?: readonly string[];
  readonly securityGroupIds?: readonly string[];
  readonly status?: 'Ready' | 'Fail' | '';
  readonly vSwitchZones?: readonly string[];
  readonly vSwitchSelectionPolicy?: VSwitchSelectPolicy;
}

/**
 * The policy a `vSwitchSelectionPolicy` string means to the pod controller: `random` and `most`
 * are themselves, anything else (empty, `ordered`, unknown) is `ordered`
 * (`pod_controller_default.go:ParsePodNetworksFromAnnotation`'s switch).
 */
export function vSwitchSelectionPolicyOf(value: string): VSwitchSelectPolicy {
  return value === 'random' || value === 'most' ? value : 'ordered';
}

/** Problems with a PodNetworking's fields (empty when valid). */
export function podNetworkingProblems(pn: PodNetworkingView): string[] {
  const where = `podNetworking ${pn.name}`;
  const problems: string[] = [];
  if (pn.name.length === 0) problems.push('podNetworking.name: must not be empty');
  if (pn.podSelector !== null) {
    problems.push(...labelSelectorProblems(pn.podSelector, `${where}.selector.podSelector`));
  }
  if (pn.namespaceSelector !== null) {
    const at = `${where}.selector.namespaceSelector`;
    problems.push(...labelSelectorProblems(pn.namespaceSelector, at));
  }
  return problems;
}

/** Builds a PodNetworking (Ready, Elastic, Default ENI type unless told), validating it. */
export function makePodNetworking(init: PodNetworkingInit): PodNetworkingView {
  const pn: PodNetworkingView = {
    name: init.name,
    eniType: init.eniType ?? 'Default',
    allocationType: init.allocationType ?? ELASTIC,
    podSelector: init.podSelector ?? null,
    namespaceSelector: init.namespaceSelector ?? null,
    vSwitchOptions: init.vSwitchOptions ?? [],
    securityGroupIds: init.securityGroupIds ?? [],
    status: init.status ?? 'Ready',
    vSwitchZones: init.vSwitchZones ?? [],
    vSwitchSelectionPolicy: init.vSwitchSelectionPolicy ?? 'ordered',
  };
  assertNoProblems(podNetworkingProblems(pn), 'PodNetworking');
  return pn;
}
