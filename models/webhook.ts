/**
 * The Terway mutating webhook for pod CREATE (`pkg/controller/webhook/mutating.go`;
 * `terway.md` §4), as a pure function of the pod, its namespace's labels, the PodNetworkings
 * and the controlplane settings.
 *
 * - Not called for namespaces labelled `k8s.aliyun.com/pod-eni: "false"` (the webhook's
 *   namespaceSelector); skips hostNetwork pods and pods labelled
 *   `k8s.aliyun.com/ignore-by-terway: "true"`.
 * - The network comes from, in order: the pod's `k8s.aliyun.com/pod-networks` annotation; its
 *   `k8s.aliyun.com/pod-networks-request` (naming selector-less PodNetworkings); the first Ready
 *   PodNetworking, in name order (the order the API server lists them), whose pod and namespace
 *   selectors match (a missing selector is not checked, but one of the two must be present;
 *   `Fixed` ones are skipped for pods without a fixed name). With no match there is no mutation,
 *   unless the pod is annotated `pod-eni: "true"` or IPAM is `crd` (then the default network).
 * - It requests `aliyun/eni` (when any network's eniType is `ENI`, or trunk is off) or
 *   `aliyun/member-eni` (trunk on), one per network, unless resource injection is off; adds a
 *   required node affinity `topology.kubernetes.io/zone In [...]` for the PodNetworking's vSwitch
 *   zones (and the previous PodENI zone of a Fixed pod) to every node-selector term, except for
 *   DaemonSet pods; and writes `k8s.aliyun.com/pod-networks`, `k8s.aliyun.com/pod-eni: "true"`
 *   and, for a match, `k8s.aliyun.com/pod-networking: <name>`.
 */
import {
  AnnotationKeys,
  LabelKeys,
  NAMESPACE_OPT_OUT_LABEL,
  ResourceNames,
  type TerwayResourceName,
} from './wellKnownKeys.js';
import { labelValue, matchesLabelSelector, type Labels, type Requirement } from './labels.js';
import { isDaemonSetPod, isFixedNamePod, type NodeSelectorTerm, type PodSpec } from './pod.js';
import type { PodNetwork, PodNetworkingView } from './podNetworking.js';
import { parsePodNetworksAnnotation, parsePodNetworksRequest } from './podNetworksAnnotation.js';

/** The controlplane settings the webhook reads. */
export interface WebhookConfig {
  /** `enableTrunk` (code default true; ACK's chart sets false). */
  readonly enableTrunk: boolean;
  /** `enableWebhookInjectResource` (default true). */
  readonly injectResource: boolean;
  /** controlplane `ipamType`; with `crd`, unmatched pods still get the default network. */
  readonly ipamType: 'default' | 'crd';
  /** Kinds whose pods keep their names (`StatefulSet` plus `custom_stateful_workload_kinds`). */
  readonly statefulWorkloadKinds: readonly string[];
  /** eni-config `vswitches`, filled into a network that names none. */
  readonly defaultVSwitchIds: readonly string[];
  /** eni-config `security_groups`, filled into a network that names none. */
  readonly defaultSecurityGroupIds: readonly string[];
}

/** Terway's code defaults: trunk on, injection on, default IPAM, StatefulSet only. */
export const DEFAULT_WEBHOOK_CONFIG: WebhookConfig = Object.freeze({
  enableTrunk: true,
  injectResource: true,
  ipamType: 'default',
  statefulWorkloadKinds: ['StatefulSet'],
  defaultVSwitchIds: [],
  defaultSecurityGroupIds: [],
});

/** One admission review. */
export interface WebhookRequest {
  readonly pod: PodSpec;
  readonly namespaceLabels: Labels;
  /** Every PodNetworking in the cluster (any order; the webhook walks them by name). */
  readonly podNetworkings: readonly PodNetworkingView[];
  readonly config: WebhookConfig;
  /** The zone of the pod's existing PodENI (a Fixed pod recreated), or null. */
  readonly previousZone?: string | null;
}

/** Where the pod's network configuration came from. */
export type NetworkSource =
  'podNetworksAnnotation' | 'podNetworksRequest' | 'podNetworking' | 'default';

/** What the webhook did. */
export type WebhookOutcome =
  | {
      readonly kind: 'skipped';
      readonly reason: 'namespaceOptOut' | 'hostNetwork' | 'ignoredByTerway';
      readonly pod: PodSpec;
    }
  | { readonly kind: 'notMatched'; readonly pod: PodSpec }
  | { readonly kind: 'denied'; readonly message: string; readonly pod: PodSpec }
  | {
      readonly kind: 'mutated';
      readonly pod: PodSpec;
      readonly source: NetworkSource;
      /** The matched PodNetworking's name, for `podNetworking`. */
      readonly podNetworking: string | null;
      readonly networks: readonly PodNetwork[];
      /** The injected resource and count, or null with injection off. */
      readonly resource: { readonly name: TerwayResourceName; readonly count: number } | null;
      /** Zones put into the required node affinity (empty: none added). */
      readonly zones: readonly string[];
    };

/** Security groups allowed per network. */
export const SECURITY_GROUPS_MAX = 10;
const DEFAULT_INTERFACE = 'eth0';

function networkOf(pn: PodNetworkingView, interfaceName: string): PodNetwork {
  return {
    interface: interfaceName,
    vSwitchOptions: pn.vSwitchOptions,
    securityGroupIds: pn.securityGroupIds,
    eniType: pn.eniType,
    allocationType: pn.allocationType,
    vSwitchSelectionPolicy: pn.vSwitchSelectionPolicy,
  };
}

function byName(a: PodNetworkingView, b: PodNetworkingView): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** The first Ready PodNetworking (by name) whose selectors match, or null. */
export function matchPodNetworking(request: WebhookRequest): PodNetworkingView | null {
  const { pod, namespaceLabels, config } = request;
  const fixedName = isFixedNamePod(pod, config.statefulWorkloadKinds);
  for (const pn of [...request.podNetworkings].sort(byName)) {
    if (pn.status !== 'Ready') continue;
    if (!fixedName && pn.allocationType.type === 'Fixed') continue;
    if (pn.podSelector === null && pn.namespaceSelector === null) continue;
    if (pn.podSelector !== null && !matchesLabelSelector(pn.podSelector, pod.labels)) continue;
    if (
      pn.namespaceSelector !== null &&
      !matchesLabelSelector(pn.namespaceSelector, namespaceLabels)
    ) {
      continue;
    }
    return pn;
  }
  return null;
}

type Resolved =
  | {
      readonly kind: 'networks';
      readonly source: NetworkSource;
      readonly networks: PodNetwork[];
      readonly podNetworking: string | null;
      readonly zones: readonly string[];
    }
  | { readonly kind: 'denied'; readonly message: string }
  | { readonly kind: 'none' };

function fromRequestAnnotation(request: WebhookRequest, text: string): Resolved {
  const parsed = parsePodNetworksRequest(text);
  if (!parsed.ok) return { kind: 'denied', message: parsed.message };
  const networks: PodNetwork[] = [];
  const zones: string[] = [];
  for (const entry of parsed.value) {
    const pn = request.podNetworkings.find((candidate) => candidate.name === entry.network);
    if (pn?.status !== 'Ready') {
      return {
        kind: 'denied',
        message: `podNetworking ${entry.network} is not found or not Ready`,
      };
    }
    networks.push(networkOf(pn, entry.interfaceName));
    zones.push(...pn.vSwitchZones);
  }
  return { kind: 'networks', source: 'podNetworksRequest', networks, podNetworking: null, zones };
}

function resolveNetworks(request: WebhookRequest): Resolved {
  const { pod, config } = request;
  const annotation = labelValue(pod.annotations, AnnotationKeys.podNetworks);
  const requestText = labelValue(pod.annotations, AnnotationKeys.podNetworksRequest);
  const named = labelValue(pod.annotations, AnnotationKeys.podNetworking);
  const set = [annotation, requestText, named].filter(
    (value) => value !== undefined && value !== '',
  );
  if (set.length > 1) {
    return { kind: 'denied', message: 'can not use pod annotation and podNetworking at same time' };
  }
  if (annotation !== undefined && annotation !== '') {
    const parsed = parsePodNetworksAnnotation(annotation);
    if (!parsed.ok) return { kind: 'denied', message: parsed.message };
    const networks = [...parsed.value];
    return {
      kind: 'networks',
      source: 'podNetworksAnnotation',
      networks,
      podNetworking: null,
      zones: [],
    };
  }
  if (requestText !== undefined && requestText !== '')
    return fromRequestAnnotation(request, requestText);
  const pn = matchPodNetworking(request);
  if (pn !== null) {
    const networks = [networkOf(pn, DEFAULT_INTERFACE)];
    return {
      kind: 'networks',
      source: 'podNetworking',
      networks,
      podNetworking: pn.name,
      zones: pn.vSwitchZones,
    };
  }
  const podEni = labelValue(pod.annotations, AnnotationKeys.podEni);
  if (podEni?.toLowerCase() !== 'true' && config.ipamType !== 'crd') return { kind: 'none' };
  const network: PodNetwork = {
    interface: DEFAULT_INTERFACE,
    vSwitchOptions: [],
    securityGroupIds: [],
    eniType: 'Default',
    allocationType: { type: 'Elastic', releaseStrategy: null, releaseAfter: null },
    vSwitchSelectionPolicy: 'ordered',
  };
  return {
    kind: 'networks',
    source: 'default',
    networks: [network],
    podNetworking: null,
    zones: [],
  };
}

function validateNetworks(networks: readonly PodNetwork[], fixedName: boolean): string | null {
  const interfaces = new Set<string>();
  for (const network of networks) {
    if (network.securityGroupIds.length > SECURITY_GROUPS_MAX) {
      return `security group can not more than ${SECURITY_GROUPS_MAX}`;
    }
    if (network.interface.length <= 0 || network.interface.length >= 6) {
      return 'interface name should >0 and <6 ';
    }
    if (interfaces.has(network.interface)) return 'duplicated interface';
    interfaces.add(network.interface);
    if (network.allocationType.type === 'Fixed' && !fixedName) {
      return 'allocationType Fixed is only allowed for fixed-name (StatefulSet) pods';
    }
  }
  return null;
}

/** The resource the webhook injects for these networks. */
export function injectedResourceName(
  networks: readonly PodNetwork[],
  enableTrunk: boolean,
): TerwayResourceName {
  const exclusive = networks.some((network) => network.eniType === 'ENI');
  return exclusive || !enableTrunk ? ResourceNames.eni : ResourceNames.memberEni;
}

/**
 * Adds `zone In values` for each non-empty zone list to every term (creating one term if there
 * are none), as Terway's `setNodeAffinityByZones` does.
 */
export function withZoneAffinity(
  terms: readonly NodeSelectorTerm[] | null,
  zoneLists: readonly (readonly string[])[],
): readonly NodeSelectorTerm[] | null {
  const requirements: Requirement[] = zoneLists
    .filter((zones) => zones.length > 0)
    .map((zones) => ({ key: LabelKeys.zone, operator: 'In', values: zones }));
  if (requirements.length === 0) return terms;
  const base = terms === null || terms.length === 0 ? [{ matchExpressions: [] }] : terms;
  return base.map((term) => ({ matchExpressions: [...term.matchExpressions, ...requirements] }));
}

function sortedUnique(values: readonly string[]): string[] {
  return [...new Set(values.filter((value) => value !== ''))].sort();
}

function withDefaults(network: PodNetwork, config: WebhookConfig): PodNetwork {
  if (network.interface !== DEFAULT_INTERFACE) return network;
  return {
    ...network,
    vSwitchOptions:
      network.vSwitchOptions.length > 0 ? network.vSwitchOptions : config.defaultVSwitchIds,
    securityGroupIds:
      network.securityGroupIds.length > 0
        ? network.securityGroupIds
        : config.defaultSecurityGroupIds,
  };
}

/** The JSON Terway writes to `k8s.aliyun.com/pod-networks`. */
export function podNetworksJson(networks: readonly PodNetwork[]): string {
  return JSON.stringify({
    podNetworks: networks.map((network) => ({
      interface: network.interface,
      vSwitchOptions: network.vSwitchOptions,
      securityGroupIDs: network.securityGroupIds,
      eniOptions: { eniType: network.eniType },
      allocationType: {
        type: network.allocationType.type,
        ...(network.allocationType.releaseStrategy === null
          ? {}
          : { releaseStrategy: network.allocationType.releaseStrategy }),
        ...(network.allocationType.releaseAfter === null
          ? {}
          : { releaseAfter: network.allocationType.releaseAfter }),
      },
      vSwitchSelectOptions: { vSwitchSelectionPolicy: network.vSwitchSelectionPolicy },
    })),
  });
}

function skipReason(
  request: WebhookRequest,
): 'namespaceOptOut' | 'hostNetwork' | 'ignoredByTerway' | null {
  if (labelValue(request.namespaceLabels, NAMESPACE_OPT_OUT_LABEL) === 'false')
    return 'namespaceOptOut';
  if (request.pod.hostNetwork) return 'hostNetwork';
  if (labelValue(request.pod.labels, LabelKeys.ignoreByTerway) === 'true') return 'ignoredByTerway';
  return null;
}

/**
 * Runs the webhook on one pod. The input pod is never modified; a mutated copy is returned.
 *
 * Equivalent to: the `terway-controlplane` MutatingWebhook on pod CREATE (`podWebhook`).
 */
export function admitPod(request: WebhookRequest): WebhookOutcome {
  const { pod, config } = request;
  const skip = skipReason(request);
  if (skip !== null) return { kind: 'skipped', reason: skip, pod };
  const resolved = resolveNetworks(request);
  if (resolved.kind === 'none') return { kind: 'notMatched', pod };
  if (resolved.kind === 'denied') return { kind: 'denied', message: resolved.message, pod };
  const fixedName = isFixedNamePod(pod, config.statefulWorkloadKinds);
  const problem = validateNetworks(resolved.networks, fixedName);
  if (problem !== null) return { kind: 'denied', message: problem, pod };
  const networks = resolved.networks.map((network) => withDefaults(network, config));
  const fixed = networks.some((network) => network.allocationType.type === 'Fixed');
  const previousZone = fixed && request.previousZone ? [request.previousZone] : [];
  const zones = sortedUnique(resolved.zones);
  const resource = config.injectResource
    ? { name: injectedResourceName(networks, config.enableTrunk), count: networks.length }
    : null;
  const mutated: PodSpec = {
    ...pod,
    annotations: {
      ...pod.annotations,
      ...(resolved.podNetworking === null
        ? {}
        : { [AnnotationKeys.podNetworking]: resolved.podNetworking }),
      [AnnotationKeys.podNetworks]: podNetworksJson(networks),
      [AnnotationKeys.podEni]: 'true',
    },
    requests:
      resource === null
        ? pod.requests
        : {
            ...pod.requests,
            extended: { ...pod.requests.extended, [resource.name]: resource.count },
          },
    requiredNodeAffinity: isDaemonSetPod(pod)
      ? pod.requiredNodeAffinity
      : withZoneAffinity(pod.requiredNodeAffinity, [previousZone, zones]),
  };
  const addedZones = isDaemonSetPod(pod) ? [] : sortedUnique([...previousZone, ...zones]);
  return {
    kind: 'mutated',
    pod: mutated,
    source: resolved.source,
    podNetworking: resolved.podNetworking,
    networks,
    resource,
    zones: addedZones,
  };
}
