/**
 * A pod template reduced to what the scheduler and the Terway webhook read: labels, the pod's
 * effective resource request, node selector and affinity, tolerations, host network.
 *
 * The effective request is kube-scheduler's (`computePodResourceRequest`): per resource, the
 * larger of the containers' sum and the largest init container, plus the pod overhead. A
 * container that sets a limit but no request requests its limit, as the API server defaults it.
 */
import { parseQuantity, parseQuantityMillis } from '../../models/quantity.js';
import type { LoadContext } from './context.js';
import type { RawNode } from './rawNode.js';
import type { Requirement, SelectorOperator } from '../../models/labels.js';
import type { NodeSelectorTerm } from '../../models/pod.js';
import type { TaintEffect, Toleration } from '../../models/taints.js';
import type { PodTemplateSpec, ResourceRequests } from './types.js';
import { quoteInput } from '../../models/displayText.js';
import { readPodAffinity, readSpreadConstraints } from './podPlacementRules.js';

type Amounts = Record<string, number>;

/** Reads a pod template (`spec.template` of a workload, or a Pod's own metadata and spec). */
export function readPodTemplate(
  metadata: RawNode,
  spec: RawNode,
  context: LoadContext,
): PodTemplateSpec {
  const labels = metadata.get('labels').stringMap();
  const affinity = spec.get('affinity').get('nodeAffinity');
  const required = affinity.get('requiredDuringSchedulingIgnoredDuringExecution');
  return {
    labels,
    annotations: metadata.get('annotations').stringMap(),
    requests: podRequests(spec, context),
    nodeSelector: spec.get('nodeSelector').stringMap(),
    requiredNodeAffinity: required.present()
      ? required
          .get('nodeSelectorTerms')
          .items()
          .map((term) => readTerm(term, context))
      : null,
    preferredNodeAffinity: affinity
      .get('preferredDuringSchedulingIgnoredDuringExecution')
      .items()
      .map((item) => ({
        weight: item.get('weight').integer() ?? 1,
        preference: readTerm(item.get('preference'), context),
      })),
    topologySpreadConstraints: readSpreadConstraints(
      spec.get('topologySpreadConstraints'),
      context,
    ),
    podAffinity: readPodAffinity(spec.get('affinity'), labels, context),
    tolerations: spec.get('tolerations').items().map(readToleration),
    hostNetwork: spec.get('hostNetwork').boolean() ?? false,
  };
}

function podRequests(spec: RawNode, context: LoadContext): ResourceRequests {
  const sum: Amounts = {};
  for (const container of spec.get('containers').items()) {
    for (const [name, amount] of Object.entries(containerRequests(container, context))) {
      sum[name] = (sum[name] ?? 0) + amount;
    }
  }
  for (const init of spec.get('initContainers').items()) {
    for (const [name, amount] of Object.entries(containerRequests(init, context))) {
      sum[name] = Math.max(sum[name] ?? 0, amount);
    }
  }
  for (const [name, node] of spec.get('overhead').entries()) {
    const amount = readAmount(name, node, context);
    if (amount !== undefined) sum[name] = (sum[name] ?? 0) + amount;
  }
  const { cpu = 0, memory = 0, 'ephemeral-storage': ephemeral = 0, ...extended } = sum;
  return { cpuMilli: cpu, memoryBytes: memory, ephemeralStorageBytes: ephemeral, extended };
}

/** One container's requests, with limits standing in for requests it does not set. */
function containerRequests(container: RawNode, context: LoadContext): Amounts {
  const resources = container.get('resources');
  const amounts: Amounts = {};
  for (const [name, node] of resources.get('limits').entries()) {
    const amount = readAmount(name, node, context);
    if (amount !== undefined) amounts[name] = amount;
  }
  for (const [name, node] of resources.get('requests').entries()) {
    const amount = readAmount(name, node, context);
    if (amount !== undefined) amounts[name] = amount;
  }
  return amounts;
}

/** A quantity in the resource's unit: millicores for cpu, bytes for memory, units otherwise. */
function readAmount(name: string, node: RawNode, context: LoadContext): number | undefined {
  const raw = node.value;
  if (typeof raw !== 'string' && typeof raw !== 'number') return undefined;
  const text = String(raw);
  let amount: number;
  try {
    amount = name === 'cpu' ? parseQuantityMillis(text) : parseQuantity(text);
  } catch {
    context.findings.error({
      code: 'BAD_QUANTITY',
      message: `${quoteInput(text)} is not a Kubernetes quantity`,
      hint: name === 'cpu' ? 'write cpu as "500m" or "2"' : 'write e.g. "512Mi", "2Gi" or "1"',
      ...node.where(),
    });
    return undefined;
  }
  if (amount < 0) {
    context.findings.error({
      code: 'BAD_QUANTITY',
      message: `${name} ${text} is negative`,
      hint: 'requests and limits are zero or more',
      ...node.where(),
    });
    return undefined;
  }
  const extended = name !== 'cpu' && name !== 'memory' && name !== 'ephemeral-storage';
  if (extended && parseQuantityMillis(text) % 1000 !== 0) {
    context.findings.error({
      code: 'BAD_QUANTITY',
      message: `extended resource ${name} must be a whole number, got ${text}`,
      hint: 'Kubernetes allocates extended resources such as aliyun/eni in whole units',
      ...node.where(),
    });
    return undefined;
  }
  return amount;
}

function readTerm(term: RawNode, context: LoadContext): NodeSelectorTerm {
  const fields = term.get('matchFields');
  if (fields.items().length > 0) {
    context.findings.warning({
      code: 'NOT_SIMULATED',
      message: 'matchFields (node names) is not simulated: the term is read without it',
      hint: 'select nodes by labels instead',
      ...fields.where({ atKey: true }),
    });
  }
  return { matchExpressions: term.get('matchExpressions').items().map(readRequirement) };
}

/** Reads one selector requirement (label or node selector). */
export function readRequirement(node: RawNode): Requirement {
  const operator = node.get('operator').string();
  const known: readonly SelectorOperator[] = ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'];
  return {
    key: node.get('key').string() ?? '',
    operator: known.find((candidate) => candidate === operator) ?? 'In',
    values: node
      .get('values')
      .items()
      .flatMap((value) => (typeof value.value === 'string' ? [value.value] : [])),
  };
}

function readToleration(node: RawNode): Toleration {
  const effect = node.get('effect').string();
  const effects: readonly TaintEffect[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  return {
    key: node.get('key').string() ?? '',
    operator: node.get('operator').string() === 'Exists' ? 'Exists' : 'Equal',
    value: node.get('value').string() ?? '',
    effect: effects.find((candidate) => candidate === effect) ?? '',
  };
}
