/**
 * Where can each workload's pods land? A static look, before any simulation, with the same
 * rules the simulation applies: the Terway webhook (placement's `admitPod`: which PodNetworking
 * matches, which ENI resource is injected, which zones are required), node selectors and
 * affinity, taints, and the extended resources each pool advertises. From it come the findings
 * that need to know who lands where: a PodNetworking no vSwitch can satisfy, PodNetworking on a
 * Lingjun pool, NetworkPolicy or eBPF for exclusive-ENI pods, pods that fit no pool.
 */
import { memberEniLimit } from '../../models/capacity.js';
import { ResourceNames } from '../../models/wellKnownKeys.js';
import { matchesAll, matchesLabelSelector, matchesMapSelector } from '../../models/labels.js';
import type { PodSpec } from '../../models/pod.js';
import { findUntoleratedTaint, isDoNotScheduleTaint } from '../../models/taints.js';
import { admitPod, withZoneAffinity, type WebhookConfig } from '../../models/webhook.js';
import type { LoadContext } from './context.js';
import type { ClusterTerwayConfig } from './eniConfig.js';
import { nodeLabels } from './nodeLabels.js';
import { reportLimitations } from './poolRules.js';
import type { PoolDeclaration, ExistingNodesDeclaration } from './timeline.js';
import type {
  Datapath,
  NamespaceSpec,
  NetworkPolicySpec,
  PodNetworkingSpec,
  VSwitchSpec,
  WorkloadSpec,
} from './types.js';

/** Where one workload's pods can go. */
export interface WorkloadPlacement {
  readonly workload: WorkloadSpec;
  /** The PodNetworking the webhook matched, or null. */
  readonly podNetworking: string | null;
  /** The ENI resource its pods request (injected or written in the template), or null. */
  readonly resource: string | null;
  /** Pools some pod of it can land on. */
  readonly candidates: readonly PoolDeclaration[];
  /** For each other pool, why not. */
  readonly rejections: readonly { readonly pool: string; readonly reason: string }[];
}

/** Everything the checks look at. */
export interface PlacementInput {
  readonly context: LoadContext;
  readonly workloads: readonly WorkloadSpec[];
  readonly pools: readonly PoolDeclaration[];
  readonly existingNodes: readonly ExistingNodesDeclaration[];
  readonly podNetworkings: readonly PodNetworkingSpec[];
  readonly namespaces: readonly NamespaceSpec[];
  readonly networkPolicies: readonly NetworkPolicySpec[];
  readonly vSwitches: ReadonlyMap<string, VSwitchSpec>;
  readonly terway: ClusterTerwayConfig;
  readonly datapath: Datapath;
  readonly region: string | null;
}

/** Runs every placement check; returns each workload's placement. */
export function checkPlacement(input: PlacementInput): WorkloadPlacement[] {
  checkPodNetworkingZones(input);
  const placements = input.workloads.map((workload) => placeWorkload(workload, input));
  for (const placement of placements) reportUnplaceable(placement, input.context);
  checkExclusivePools(placements, input);
  checkLingjunPodNetworking(placements, input);
  checkNetworkPolicies(placements, input);
  checkUnusedPodNetworkings(placements, input);
  return placements;
}

/**
 * The webhook's settings, as the cluster's eni-config implies them: trunk from
 * `enable_eni_trunking`, default vSwitches and security groups from the eni-config.
 */
export function webhookConfigOf(terway: ClusterTerwayConfig): WebhookConfig {
  const kinds = terway.document['custom_stateful_workload_kinds'];
  const custom = Array.isArray(kinds) ? kinds.filter((kind) => typeof kind === 'string') : [];
  return {
    enableTrunk: terway.conf.enableEniTrunking,
    injectResource: true,
    // The controlplane's `ipamType: crd` (every pod gets an ENI) is the cluster-wide ENI mode of
    // old Terway, out of scope; eni_conf's `ipam_type: crd` (centralized IPAM) is another knob.
    ipamType: 'default',
    statefulWorkloadKinds: ['StatefulSet', ...custom],
    defaultVSwitchIds: [...new Set(Object.values(terway.conf.vswitches).flat())],
    defaultSecurityGroupIds: terway.conf.securityGroups,
  };
}

/** A pod of the workload, as placement's webhook and scheduler see one. */
export function podOf(workload: WorkloadSpec): PodSpec {
  const owner: Record<WorkloadSpec['kind'], string | null> = {
    Deployment: 'ReplicaSet',
    StatefulSet: 'StatefulSet',
    Job: 'Job',
    Pod: null,
  };
  const { template } = workload;
  return {
    namespace: workload.namespace,
    name: workload.kind === 'StatefulSet' ? `${workload.name}-0` : workload.name,
    labels: template.labels,
    annotations: template.annotations,
    ownerKind: owner[workload.kind],
    requests: template.requests,
    nodeSelector: template.nodeSelector,
    requiredNodeAffinity: template.requiredNodeAffinity,
    preferredNodeAffinity: template.preferredNodeAffinity,
    topologySpreadConstraints: template.topologySpreadConstraints,
    podAffinity: template.podAffinity,
    tolerations: template.tolerations,
    hostNetwork: template.hostNetwork,
  };
}

function placeWorkload(workload: WorkloadSpec, input: PlacementInput): WorkloadPlacement {
  const namespaceLabels =
    input.namespaces.find((namespace) => namespace.name === workload.namespace)?.labels ?? {};
  const outcome = admitPod({
    pod: podOf(workload),
    namespaceLabels,
    podNetworkings: input.podNetworkings,
    config: webhookConfigOf(input.terway),
  });
  let pod = outcome.pod;
  let podNetworking: string | null = null;
  if (outcome.kind === 'denied') {
    input.context.findings.error({
      code: 'WEBHOOK_DENIED',
      message: `the Terway webhook refuses pods of ${workload.kind} ${workload.key}: ${outcome.message}`,
      hint: 'fix the pod annotations or the PodNetworking that selects these pods',
      location: workload.source,
    });
  } else if (outcome.kind === 'mutated') {
    podNetworking = outcome.podNetworking;
    pod = {
      ...outcome.pod,
      requiredNodeAffinity: withZoneAffinity(outcome.pod.requiredNodeAffinity, [outcome.zones]),
    };
  }
  const extended = pod.requests.extended;
  const resource =
    (extended[ResourceNames.eni] ?? 0) > 0
      ? ResourceNames.eni
      : (extended[ResourceNames.memberEni] ?? 0) > 0
        ? ResourceNames.memberEni
        : null;
  const candidates: PoolDeclaration[] = [];
  const rejections: { pool: string; reason: string }[] = [];
  for (const pool of input.pools) {
    const reason = whyNot(pod, resource, pool, input.region);
    if (reason === null) candidates.push(pool);
    else rejections.push({ pool: pool.spec.name, reason });
  }
  return { workload, podNetworking, resource, candidates, rejections };
}

/** Why no pod of this shape can land on the pool, or null if one can. */
function whyNot(
  pod: PodSpec,
  resource: string | null,
  { spec: pool }: PoolDeclaration,
  region: string | null,
): string | null {
  const taint = findUntoleratedTaint(pool.taints, pod.tolerations);
  if (taint !== null)
    return `untolerated taint ${taint.key}${taint.value === '' ? '' : `=${taint.value}`}:${taint.effect}`;
  if (resource === ResourceNames.eni && pool.mode !== 'exclusive') {
    return 'no aliyun/eni: a shared-ENI pool does not advertise exclusive ENIs';
  }
  if (resource === ResourceNames.memberEni) {
    if (!pool.trunk) return 'no aliyun/member-eni: trunk is off in this pool';
    if (pool.instanceTypes.every((type) => memberEniLimit(type) === 0)) {
      return 'no aliyun/member-eni: none of its instance types can trunk';
    }
  }
  const fits = pool.zones.some((zone) =>
    pool.instanceTypes.some((type) => {
      const labels = nodeLabels(pool, {
        zone,
        instanceTypeId: type.id,
        nodeName: `${pool.name}-node`,
        region,
      });
      if (!matchesMapSelector(pod.nodeSelector, labels)) return false;
      const terms = pod.requiredNodeAffinity;
      return (
        terms === null ||
        terms.some(
          (term) => term.matchExpressions.length > 0 && matchesAll(labels, term.matchExpressions),
        )
      );
    }),
  );
  if (!fits) return "node selector or affinity does not match the pool's nodes (zones, labels)";
  const big = pool.instanceTypes.some(
    (type) =>
      (type.cpuCores === null || type.cpuCores * 1000 >= pod.requests.cpuMilli) &&
      (type.memoryGiB === null || type.memoryGiB * 2 ** 30 >= pod.requests.memoryBytes),
  );
  return big
    ? null
    : 'Insufficient cpu or memory: the request exceeds every instance type of the pool';
}

function reportUnplaceable(placement: WorkloadPlacement, context: LoadContext): void {
  const { workload } = placement;
  if (placement.candidates.length > 0 || workload.replicas === 0) return;
  const reasons = placement.rejections.map((rejection) => `${rejection.pool}: ${rejection.reason}`);
  context.findings.warning({
    code: 'WORKLOAD_FITS_NO_POOL',
    message: `pods of ${workload.kind} ${workload.key} fit no node pool${reasons.length > 0 ? ` — ${reasons.join('; ')}` : ' (there are none)'}`,
    hint:
      placement.resource === ResourceNames.eni
        ? 'exclusive-ENI pods need a pool labelled k8s.aliyun.com/exclusive-mode-eni-type: eniOnly that they tolerate'
        : 'add a pool they tolerate and select, or change their tolerations and affinity (they stay unschedulable)',
    location: workload.source,
  });
}

/**
 * Exclusive pools: one without a NoSchedule taint, shared pods that can land on one (they still
 * get an ENI each from the pod controller, uncounted by the scheduler), and eBPF.
 */
function checkExclusivePools(
  placements: readonly WorkloadPlacement[],
  input: PlacementInput,
): void {
  const { context } = input;
  for (const pool of input.pools) {
    if (pool.spec.mode !== 'exclusive') continue;
    const landing = placements.filter((placement) => placement.candidates.includes(pool));
    if (!pool.spec.taints.some(isDoNotScheduleTaint)) {
      context.findings.warning({
        code: 'EXCLUSIVE_POOL_UNTAINTED',
        message: `exclusive-ENI node pool ${pool.spec.name} has no NoSchedule taint`,
        hint: 'add a NoSchedule taint (any key) that only the pods meant for it tolerate, as ACK advises',
        ...pool.node.get('name').where(),
      });
    }
    for (const placement of landing) {
      if (placement.resource !== null || placement.workload.template.hostNetwork) continue;
      context.findings.warning({
        code: 'EXCLUSIVE_POOL_SHARED_PODS',
        message: `pods of ${placement.workload.kind} ${placement.workload.key} request no aliyun/eni but can land on exclusive-ENI pool ${pool.spec.name}: each still takes an ENI there, uncounted by the scheduler`,
        hint: 'keep them off with the pool taint, or give them a PodNetworking with eniType: ENI',
        location: placement.workload.source,
      });
    }
    const ebpf = input.datapath === 'datapathv2' && landing.length > 0;
    const existing = input.existingNodes.filter(
      (declaration) => declaration.pool.name === pool.spec.name,
    );
    reportLimitations(
      pool.spec,
      { ebpfDatapath: ebpf, customCniChain: pool.spec.customCniChain },
      pool.node.get('name').where(),
      '',
      context,
    );
    for (const declaration of existing) {
      const lost = declaration.event.attachedEnis;
      const detail =
        lost > 0
          ? `${declaration.event.count} × ${declaration.event.instanceType.id} with ${lost} ENI(s) attached each: ${lost} fewer pod ENI(s) per node`
          : '';
      reportLimitations(
        pool.spec,
        { existingNodes: declaration.event.count },
        declaration.node.get('nodePool').where(),
        detail,
        context,
      );
    }
  }
  for (const pool of input.pools) {
    if (pool.spec.mode === 'exclusive' || !pool.spec.customCniChain) continue;
    reportLimitations(
      pool.spec,
      { customCniChain: true },
      pool.node.get('customCniChain').where(),
      '',
      context,
    );
  }
}

function checkLingjunPodNetworking(
  placements: readonly WorkloadPlacement[],
  input: PlacementInput,
): void {
  const reported = new Set<string>();
  for (const placement of placements) {
    if (placement.podNetworking === null) continue;
    const pn = input.podNetworkings.find((candidate) => candidate.name === placement.podNetworking);
    for (const pool of placement.candidates) {
      if (pool.spec.platform !== 'lingjun' || pn === undefined) continue;
      const key = `${pn.name}\u0000${pool.spec.name}`;
      if (reported.has(key)) continue;
      reported.add(key);
      const detail = `PodNetworking ${pn.name} selects ${placement.workload.kind} ${placement.workload.key}, whose pods can land on it`;
      reportLimitations(
        pool.spec,
        { podNetworking: true },
        { location: pn.source, path: null },
        detail,
        input.context,
      );
    }
  }
}

function checkNetworkPolicies(
  placements: readonly WorkloadPlacement[],
  input: PlacementInput,
): void {
  for (const policy of input.networkPolicies) {
    const protectedPlacements = placements.filter(
      (placement) =>
        placement.workload.namespace === policy.namespace &&
        matchesLabelSelector(policy.podSelector, placement.workload.template.labels),
    );
    if (input.terway.networkPolicyDisabled && protectedPlacements.length > 0) {
      input.context.findings.warning({
        code: 'NETWORK_POLICY_DISABLED',
        message: `NetworkPolicy ${policy.namespace}/${policy.name} is not enforced: the eni-config sets disable_network_policy: "true"`,
        hint: 'remove disable_network_policy from the eni-config to enforce NetworkPolicy on shared-ENI pods',
        location: policy.source,
      });
    }
    const reported = new Set<string>();
    for (const placement of protectedPlacements) {
      for (const pool of placement.candidates) {
        if (pool.spec.mode !== 'exclusive' || reported.has(pool.spec.name)) continue;
        reported.add(pool.spec.name);
        const detail = `NetworkPolicy ${policy.namespace}/${policy.name} selects ${placement.workload.kind} ${placement.workload.key}, whose pods can land on it`;
        reportLimitations(
          pool.spec,
          { networkPolicy: true },
          { location: policy.source, path: null },
          detail,
          input.context,
        );
      }
    }
  }
}

/**
 * A PodNetworking no vSwitch can satisfy: none of its vSwitches is in a zone where any pool
 * has nodes, or all of them are full. Its pods would never get an ENI (or never be scheduled,
 * since the webhook pins them to those zones).
 */
function checkPodNetworkingZones(input: PlacementInput): void {
  const poolZones = new Set(input.pools.flatMap((pool) => pool.spec.zones));
  for (const pn of input.podNetworkings) {
    if (pn.vSwitchOptions.length === 0) continue;
    const vSwitches = pn.vSwitchOptions.flatMap((id) => input.vSwitches.get(id) ?? []);
    const reachable = vSwitches.filter((vSwitch) => poolZones.has(vSwitch.zone));
    const withRoom = reachable.filter((vSwitch) => vSwitch.ipv4FreeAddresses > 0);
    if (withRoom.length > 0) continue;
    const zones = [...new Set(vSwitches.map((vSwitch) => vSwitch.zone))].join(', ');
    input.context.findings.error({
      code: 'PODNETWORKING_UNSATISFIABLE',
      message:
        reachable.length === 0
          ? `no vSwitch of PodNetworking ${pn.name} can serve its pods: they are in ${zones}, where no node pool has nodes (pools are in ${[...poolZones].join(', ') || 'no zone'})`
          : `no vSwitch of PodNetworking ${pn.name} can serve its pods: ${reachable.map((vSwitch) => vSwitch.id).join(', ')} have no free addresses`,
      hint:
        reachable.length === 0
          ? "add a vSwitch in a pool's zone to vSwitchOptions, or a pool in the vSwitches' zone"
          : 'add a vSwitch with free addresses to vSwitchOptions',
      location: pn.source,
    });
  }
}

function checkUnusedPodNetworkings(
  placements: readonly WorkloadPlacement[],
  input: PlacementInput,
): void {
  for (const pn of input.podNetworkings) {
    if (pn.podSelector === null && pn.namespaceSelector === null) continue;
    if (placements.some((placement) => placement.podNetworking === pn.name)) continue;
    const shadowed = placements.some(
      (placement) =>
        placement.podNetworking !== null &&
        pn.podSelector !== null &&
        matchesLabelSelector(pn.podSelector, placement.workload.template.labels),
    );
    input.context.findings.warning({
      code: 'PODNETWORKING_UNUSED',
      message: shadowed
        ? `PodNetworking ${pn.name} selects pods another PodNetworking (earlier by name) already claims`
        : `PodNetworking ${pn.name} selects no pod of the scenario's workloads`,
      hint: shadowed
        ? 'the webhook takes the first match in name order: make the selectors disjoint'
        : pn.allocationType.type === 'Fixed'
          ? 'a Fixed PodNetworking serves only StatefulSet pods: check the selector and the workload kind'
          : 'check its podSelector and namespaceSelector against the pod labels',
      location: pn.source,
    });
  }
}
