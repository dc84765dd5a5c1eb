/**
 * The placement rules of a pod template beyond node selection: `topologySpreadConstraints`
 * (PodTopologySpread) and `affinity.podAffinity` / `affinity.podAntiAffinity`
 * (InterPodAffinity). The schema has checked the shapes; here the API defaults are applied and
 * the API server's semantic checks refuse what Kubernetes would refuse, each at its field.
 */
import type { LabelSelector, Labels, Requirement } from '../../models/labels.js';
import {
  podAffinityProblems,
  type PodAffinityRules,
  type PodAffinityTerm,
  type WeightedPodAffinityTerm,
} from '../../models/podAffinity.js';
import {
  SPREAD_CONSTRAINT_DEFAULTS,
  topologySpreadProblems,
  type NodeInclusionPolicy,
  type TopologySpreadConstraint,
} from '../../models/topologySpread.js';
import type { LoadContext } from './context.js';
import { readSelector } from './podNetworkings.js';
import type { RawNode } from './rawNode.js';

const REQUIRED = 'requiredDuringSchedulingIgnoredDuringExecution';
const PREFERRED = 'preferredDuringSchedulingIgnoredDuringExecution';

function policy(node: RawNode, fallback: NodeInclusionPolicy): NodeInclusionPolicy {
  const text = node.string();
  return text === 'Honor' || text === 'Ignore' ? text : fallback;
}

function strings(node: RawNode): string[] {
  return node.items().flatMap((item) => (typeof item.value === 'string' ? [item.value] : []));
}

/**
 * Reads `topologySpreadConstraints`, reporting what the API server would refuse. Their
 * `matchLabelKeys` stay as written: the scheduler merges them with the pod's labels
 * (`filterTopologySpreadConstraints`).
 */
export function readSpreadConstraints(
  node: RawNode,
  context: LoadContext,
): readonly TopologySpreadConstraint[] {
  const constraints = node.items().map((item): TopologySpreadConstraint => ({
    maxSkew: item.get('maxSkew').integer() ?? 1,
    topologyKey: item.get('topologyKey').string() ?? '',
    whenUnsatisfiable:
      item.get('whenUnsatisfiable').string() === 'ScheduleAnyway'
        ? 'ScheduleAnyway'
        : 'DoNotSchedule',
    labelSelector: readSelector(item.get('labelSelector')),
    matchLabelKeys: strings(item.get('matchLabelKeys')),
    minDomains: item.get('minDomains').integer() ?? SPREAD_CONSTRAINT_DEFAULTS.minDomains,
    nodeAffinityPolicy: policy(
      item.get('nodeAffinityPolicy'),
      SPREAD_CONSTRAINT_DEFAULTS.nodeAffinityPolicy,
    ),
    nodeTaintsPolicy: policy(
      item.get('nodeTaintsPolicy'),
      SPREAD_CONSTRAINT_DEFAULTS.nodeTaintsPolicy,
    ),
  }));
  for (const problem of topologySpreadProblems(constraints, 'topologySpreadConstraints')) {
    context.findings.error({
      code: 'BAD_SPREAD_CONSTRAINT',
      message: problem,
      hint: 'the API server refuses such a pod; see the TopologySpreadConstraint reference',
      ...node.where({ atKey: true }),
    });
  }
  return constraints;
}

/**
 * A term's selector with `matchLabelKeys` (`key In (value)`) and `mismatchLabelKeys`
 * (`key NotIn (value)`) added from the pod's labels, as the API server merges them on pod
 * creation (KEP-3633); keys the pod lacks are skipped.
 */
function mergedSelector(term: RawNode, podLabels: Labels): LabelSelector | null {
  const selector = readSelector(term.get('labelSelector'));
  const added: Requirement[] = [];
  for (const [field, operator] of [
    ['matchLabelKeys', 'In'],
    ['mismatchLabelKeys', 'NotIn'],
  ] as const) {
    for (const key of strings(term.get(field))) {
      const value = Object.hasOwn(podLabels, key) ? podLabels[key] : undefined;
      if (value !== undefined) added.push({ key, operator, values: [value] });
    }
  }
  if (added.length === 0 || selector === null) return selector;
  return { ...selector, matchExpressions: [...selector.matchExpressions, ...added] };
}

function readAffinityTerm(term: RawNode, podLabels: Labels): PodAffinityTerm {
  return {
    labelSelector: mergedSelector(term, podLabels),
    namespaces: strings(term.get('namespaces')),
    namespaceSelector: readSelector(term.get('namespaceSelector')),
    topologyKey: term.get('topologyKey').string() ?? '',
  };
}

function readWeighted(node: RawNode, podLabels: Labels): WeightedPodAffinityTerm[] {
  return node.items().map((item) => ({
    weight: item.get('weight').integer() ?? 1,
    term: readAffinityTerm(item.get('podAffinityTerm'), podLabels),
  }));
}

/** Reads `affinity.podAffinity` and `affinity.podAntiAffinity`; null when both are absent. */
export function readPodAffinity(
  affinity: RawNode,
  podLabels: Labels,
  context: LoadContext,
): PodAffinityRules | null {
  const positive = affinity.get('podAffinity');
  const negative = affinity.get('podAntiAffinity');
  if (!positive.present() && !negative.present()) return null;
  const rules: PodAffinityRules = {
    requiredAffinity: positive
      .get(REQUIRED)
      .items()
      .map((t) => readAffinityTerm(t, podLabels)),
    preferredAffinity: readWeighted(positive.get(PREFERRED), podLabels),
    requiredAntiAffinity: negative
      .get(REQUIRED)
      .items()
      .map((t) => readAffinityTerm(t, podLabels)),
    preferredAntiAffinity: readWeighted(negative.get(PREFERRED), podLabels),
  };
  for (const problem of podAffinityProblems(rules, 'affinity')) {
    context.findings.error({
      code: 'BAD_POD_AFFINITY',
      message: problem,
      hint: 'the API server refuses such a pod; see the PodAffinityTerm reference',
      ...(positive.present() ? positive : negative).where({ atKey: true }),
    });
  }
  return rules;
}
