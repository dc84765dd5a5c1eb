/**
 * Namespaces (their labels are what PodNetworking namespace selectors match) and
 * NetworkPolicies (which pods they mean to protect).
 */
import type { ManifestObject } from './manifests.js';
import { readSelector } from './podNetworkings.js';
import type { NamespaceSpec, NetworkPolicySpec, WorkloadSpec } from './types.js';

/** The label every namespace carries with its own name (Kubernetes 1.22+). */
export const NAMESPACE_NAME_LABEL = 'kubernetes.io/metadata.name';

/** Every declared or used namespace, sorted by name, with its labels. */
export function readNamespaces(
  objects: readonly ManifestObject[],
  workloads: readonly WorkloadSpec[],
): NamespaceSpec[] {
  const labels = new Map<string, Record<string, string>>();
  for (const object of objects) {
    if (object.kind !== 'Namespace' || object.name === '') continue;
    labels.set(object.name, object.node.get('metadata').get('labels').stringMap());
  }
  const names = new Set([
    ...labels.keys(),
    ...workloads.map((workload) => workload.namespace),
    ...objects.flatMap((object) => (object.namespace === '' ? [] : [object.namespace])),
  ]);
  return [...names].sort().map((name) => ({
    name,
    labels: { ...(labels.get(name) ?? {}), [NAMESPACE_NAME_LABEL]: name },
  }));
}

/** Every NetworkPolicy. */
export function readNetworkPolicies(objects: readonly ManifestObject[]): NetworkPolicySpec[] {
  return objects.flatMap((object) => {
    if (object.kind !== 'NetworkPolicy' || object.name === '') return [];
    const selector = readSelector(object.node.get('spec').get('podSelector'));
    return [
      {
        name: object.name,
        namespace: object.namespace,
        podSelector: selector ?? { matchLabels: {}, matchExpressions: [] },
        source: object.node.position(),
      },
    ];
  });
}
