/**
 * Inter-pod affinity and anti-affinity terms (core/v1 `PodAffinityTerm`) and when a pod matches
 * one, as kube-scheduler decides it (`framework.AffinityTerm.Matches` in
 * `pkg/scheduler/framework/types.go`, with the namespaces of `getNamespacesFromPodAffinityTerm`).
 */
import {
  labelSelectorProblems,
  matchesLabelSelector,
  type LabelSelector,
  type Labels,
} from './labels.js';

/** One term: pods matching `labelSelector` in the term's namespaces, on a `topologyKey` domain. */
export interface PodAffinityTerm {
  /** Which pods; null (absent) matches none (`labels.Nothing()`), an empty one matches all. */
  readonly labelSelector: LabelSelector | null;
  /** Namespaces named outright. */
  readonly namespaces: readonly string[];
  /** Namespaces by label; null when absent, an empty selector selects every namespace. */
  readonly namespaceSelector: LabelSelector | null;
  /** The node label that defines the domain (`kubernetes.io/hostname`, a zone, …). */
  readonly topologyKey: string;
}

/** A preferred term and its weight (1–100). */
export interface WeightedPodAffinityTerm {
  readonly weight: number;
  readonly term: PodAffinityTerm;
}

/** A pod's `affinity.podAffinity` and `affinity.podAntiAffinity`. */
export interface PodAffinityRules {
  readonly requiredAffinity: readonly PodAffinityTerm[];
  readonly preferredAffinity: readonly WeightedPodAffinityTerm[];
  readonly requiredAntiAffinity: readonly PodAffinityTerm[];
  readonly preferredAntiAffinity: readonly WeightedPodAffinityTerm[];
}

/** The pod a term is checked against: its namespace and labels. */
export interface AffinityCandidate {
  readonly namespace: string;
  readonly labels: Labels;
}

/**
 * Whether `candidate` matches a term owned by a pod in `ownerNamespace`. The term's namespaces
 * are those listed, or the owner's own when neither a list nor a namespace selector is given;
 * a namespace selector adds every namespace whose labels it matches (`candidateNamespaceLabels`
 * are the labels of the candidate's namespace).
 */
export function affinityTermMatches(
  term: PodAffinityTerm,
  ownerNamespace: string,
  candidate: AffinityCandidate,
  candidateNamespaceLabels: Labels,
): boolean {
  if (term.labelSelector === null) return false;
  const implicit = term.namespaces.length === 0 && term.namespaceSelector === null;
  const inNamespaces = implicit
    ? candidate.namespace === ownerNamespace
    : term.namespaces.includes(candidate.namespace) ||
      (term.namespaceSelector !== null &&
        matchesLabelSelector(term.namespaceSelector, candidateNamespaceLabels));
  return inNamespaces && matchesLabelSelector(term.labelSelector, candidate.labels);
}

/** Whether the pod has any inter-pod affinity or anti-affinity term. */
export function hasAnyAffinityTerm(rules: PodAffinityRules | null): boolean {
  return (
    rules !== null &&
    (rules.requiredAffinity.length > 0 ||
      rules.preferredAffinity.length > 0 ||
      rules.requiredAntiAffinity.length > 0 ||
      rules.preferredAntiAffinity.length > 0)
  );
}

function termProblems(term: PodAffinityTerm, where: string): string[] {
  const problems: string[] = [];
  if (term.topologyKey.length === 0) problems.push(`${where}.topologyKey: must not be empty`);
  if (term.labelSelector !== null) {
    problems.push(...labelSelectorProblems(term.labelSelector, `${where}.labelSelector`));
  }
  if (term.namespaceSelector !== null) {
    problems.push(...labelSelectorProblems(term.namespaceSelector, `${where}.namespaceSelector`));
  }
  return problems;
}

function weightedProblems(terms: readonly WeightedPodAffinityTerm[], where: string): string[] {
  return terms.flatMap(({ weight, term }, index) => [
    ...(Number.isSafeInteger(weight) && weight >= 1 && weight <= 100
      ? []
      : [`${where}[${index}].weight: must be in the range 1-100, got ${weight}`]),
    ...termProblems(term, `${where}[${index}].podAffinityTerm`),
  ]);
}

/** Problems with a pod's affinity rules, as the API server's validation words them. */
export function podAffinityProblems(rules: PodAffinityRules, where: string): string[] {
  return [
    ...rules.requiredAffinity.flatMap((term, index) =>
      termProblems(term, `${where}.podAffinity.required[${index}]`),
    ),
    ...weightedProblems(rules.preferredAffinity, `${where}.podAffinity.preferred`),
    ...rules.requiredAntiAffinity.flatMap((term, index) =>
      termProblems(term, `${where}.podAntiAffinity.required[${index}]`),
    ),
    ...weightedProblems(rules.preferredAntiAffinity, `${where}.podAntiAffinity.preferred`),
  ];
}
