/**
 * Pods as the API server stores them: a workload's template through the Terway webhook, then
 * stamped with each pod's name.
 *
 * The webhook is a pure function of the pod's labels, annotations, owner kind and namespace (and,
 * for a Fixed-IP pod, the zone of its previous ENI); never of its name. So it runs once per
 * workload and previous zone, and every pod of the workload shares the mutated template's
 * tolerations, node selector and affinity objects. That is what lets the scheduler's static
 * filter cache recognise pods of one template by reference (see `placement/scheduler.ts`).
 */
import type { FixedIpPolicy } from '../allocator/index.js';
import { ResourceNames, type TerwayResourceName } from '../../models/wellKnownKeys.js';
import type { PodSpec } from '../../models/pod.js';
import type { VSwitchSelectPolicy } from '../../models/podNetworking.js';
import { admitPod, type WebhookConfig } from '../../models/webhook.js';
import type {
  NamespaceSpec,
  PodNetworkingSpec,
  Scenario,
  WorkloadSpec,
} from '../../scenarios/load/index.js';

/** A workload's pod template after admission. */
export interface AdmittedTemplate {
  readonly workload: WorkloadSpec;
  /** The mutated pod (named after the workload; each pod gets its own name). */
  readonly pod: PodSpec;
  /** What the webhook did: the API server refuses the pod when it is `denied`. */
  readonly outcome: 'skipped' | 'notMatched' | 'mutated' | 'denied';
  readonly deniedMessage: string | null;
  /** The PodNetworking the webhook matched, or null. */
  readonly podNetworking: PodNetworkingSpec | null;
  /** The ENI resource the pod requests (injected or written in the template), or null. */
  readonly resource: TerwayResourceName | null;
  /** The Fixed-IP policy of a Fixed PodNetworking, or null. */
  readonly fixedIp: FixedIpPolicy | null;
  /** The network's vSwitches (PodNetworking or pod annotation), or null for the node's. */
  readonly vSwitchIds: readonly string[] | null;
  readonly securityGroupIds: readonly string[] | null;
  /** How the pod controller picks the ENI's vSwitch (the network's policy, else `ordered`). */
  readonly vSwitchSelectionPolicy: VSwitchSelectPolicy;
  readonly hostNetwork: boolean;
}

const OWNER_KIND: Readonly<Record<WorkloadSpec['kind'], string | null>> = {
  Deployment: 'ReplicaSet',
  StatefulSet: 'StatefulSet',
  Job: 'Job',
  Pod: null,
};

function requestedResource(pod: PodSpec): TerwayResourceName | null {
  if ((pod.requests.extended[ResourceNames.memberEni] ?? 0) > 0) return ResourceNames.memberEni;
  if ((pod.requests.extended[ResourceNames.eni] ?? 0) > 0) return ResourceNames.eni;
  return null;
}

function fixedIpOf(pn: PodNetworkingSpec | null): FixedIpPolicy | null {
  if (pn?.allocationType.type !== 'Fixed') return null;
  const strategy = pn.allocationType.releaseStrategy ?? 'TTL';
  return { releaseStrategy: strategy, releaseAfterUs: pn.releaseAfterUs ?? 0 };
}

/** Admits workload templates (memoised) and stamps pods from them. */
export class PodFactory {
  readonly #podNetworkings: readonly PodNetworkingSpec[];
  readonly #namespaces: ReadonlyMap<string, NamespaceSpec>;
  readonly #config: WebhookConfig;
  readonly #admitted = new Map<WorkloadSpec, Map<string, AdmittedTemplate>>();

  constructor(scenario: Scenario) {
    this.#podNetworkings = scenario.podNetworkings;
    this.#namespaces = new Map(scenario.namespaces.map((namespace) => [namespace.name, namespace]));
    this.#config = scenario.cluster.webhook;
  }

  /**
   * The workload's template after the webhook, for a pod whose previous ENI was in
   * `previousZone` (a Fixed-IP pod recreated), or null.
   *
   * Equivalent to: the API server calling the Terway mutating webhook on pod CREATE.
   */
  admitted(workload: WorkloadSpec, previousZone: string | null): AdmittedTemplate {
    let byZone = this.#admitted.get(workload);
    if (byZone === undefined) {
      byZone = new Map();
      this.#admitted.set(workload, byZone);
    }
    const zoneKey = previousZone ?? '';
    let admitted = byZone.get(zoneKey);
    if (admitted === undefined) {
      admitted = this.#admit(workload, previousZone);
      byZone.set(zoneKey, admitted);
    }
    return admitted;
  }

  #admit(workload: WorkloadSpec, previousZone: string | null): AdmittedTemplate {
    const { template } = workload;
    const pod: PodSpec = {
      namespace: workload.namespace,
      name: workload.name,
      labels: template.labels,
      annotations: template.annotations,
      ownerKind: OWNER_KIND[workload.kind],
      requests: template.requests,
      nodeSelector: template.nodeSelector,
      requiredNodeAffinity: template.requiredNodeAffinity,
      preferredNodeAffinity: template.preferredNodeAffinity,
      topologySpreadConstraints: template.topologySpreadConstraints,
      podAffinity: template.podAffinity,
      tolerations: template.tolerations,
      hostNetwork: template.hostNetwork,
    };
    const outcome = admitPod({
      pod,
      namespaceLabels: this.#namespaces.get(workload.namespace)?.labels ?? {},
      podNetworkings: this.#podNetworkings,
      config: this.#config,
      previousZone,
    });
    const base = {
      workload,
      hostNetwork: template.hostNetwork,
      deniedMessage: null,
      podNetworking: null,
      fixedIp: null,
      vSwitchIds: null,
      securityGroupIds: null,
      vSwitchSelectionPolicy: 'ordered' as const,
    };
    switch (outcome.kind) {
      case 'skipped':
      case 'notMatched':
        return { ...base, pod, outcome: outcome.kind, resource: requestedResource(pod) };
      case 'denied':
        return {
          ...base,
          pod,
          outcome: 'denied',
          deniedMessage: outcome.message,
          resource: null,
        };
      case 'mutated': {
        const pn =
          this.#podNetworkings.find((candidate) => candidate.name === outcome.podNetworking) ??
          null;
        const [network] = outcome.networks;
        const vSwitches = network?.vSwitchOptions ?? [];
        const groups = network?.securityGroupIds ?? [];
        return {
          ...base,
          pod: outcome.pod,
          outcome: 'mutated',
          podNetworking: pn,
          resource: requestedResource(outcome.pod),
          fixedIp: fixedIpOf(pn),
          vSwitchIds: vSwitches.length > 0 ? vSwitches : null,
          securityGroupIds: groups.length > 0 ? groups : null,
          vSwitchSelectionPolicy: network?.vSwitchSelectionPolicy ?? 'ordered',
        };
      }
    }
  }
}

/** The pod `name` of an admitted template (sharing the template's selector objects). */
export function stampPod(template: AdmittedTemplate, name: string): PodSpec {
  return { ...template.pod, name };
}
