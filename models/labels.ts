/**
 * Label maps and label selectors, written once and used by both the Terway webhook
 * (PodNetworking pod and namespace selectors: `metav1.LabelSelector`) and the scheduler's
 * NodeAffinity filter (`v1.NodeSelectorRequirement`, which adds `Gt` and `Lt`).
 */
import { quoteInput } from './displayText.js';

/** A label (or annotation) map. Keys are compared exactly; values are strings. */
export type Labels = Readonly<Record<string, string>>;

/** The empty label map. */
export const NO_LABELS: Labels = Object.freeze({});

/** A selector operator. `Gt`/`Lt` are valid only in node selectors, not in label selectors. */
export type SelectorOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

/** One requirement: `key operator values`, as in `matchExpressions`. */
export interface Requirement {
  readonly key: string;
  readonly operator: SelectorOperator;
  readonly values: readonly string[];
}

/**
 * A `metav1.LabelSelector`: every `matchLabels` pair and every expression must hold. An empty
 * selector matches everything (a *missing* selector is represented by `null` by its owner).
 */
export interface LabelSelector {
  readonly matchLabels: Labels;
  readonly matchExpressions: readonly Requirement[];
}

/** The value of `key` in `labels`, or undefined; never reads inherited properties. */
export function labelValue(labels: Labels, key: string): string | undefined {
  return Object.hasOwn(labels, key) ? labels[key] : undefined;
}

// Go's strconv.ParseInt(s, 10, 64): an optional sign and decimal digits, within int64.
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
function parseInt64(text: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(text)) return null;
  const value = BigInt(text);
  return value < INT64_MIN || value > INT64_MAX ? null : value;
}

/**
 * Whether `labels` satisfy one requirement, with Kubernetes' semantics: `NotIn` and
 * `DoesNotExist` hold when the key is absent; `Gt`/`Lt` compare the label and the single value
 * as 64-bit integers and fail when either does not parse.
 */
export function matchesRequirement(labels: Labels, requirement: Requirement): boolean {
  const value = labelValue(labels, requirement.key);
  switch (requirement.operator) {
    case 'In':
      return value !== undefined && requirement.values.includes(value);
    case 'NotIn':
      return value === undefined || !requirement.values.includes(value);
    case 'Exists':
      return value !== undefined;
    case 'DoesNotExist':
      return value === undefined;
    case 'Gt':
    case 'Lt': {
      if (value === undefined || requirement.values.length !== 1) return false;
      const have = parseInt64(value);
      const want = parseInt64(requirement.values[0] ?? '');
      if (have === null || want === null) return false;
      return requirement.operator === 'Gt' ? have > want : have < want;
    }
  }
}

/** Whether every requirement holds (an empty list holds). */
export function matchesAll(labels: Labels, requirements: readonly Requirement[]): boolean {
  for (const requirement of requirements) {
    if (!matchesRequirement(labels, requirement)) return false;
  }
  return true;
}

/** Whether `labels` satisfy a label selector (matchLabels AND matchExpressions). */
export function matchesLabelSelector(selector: LabelSelector, labels: Labels): boolean {
  for (const key of Object.keys(selector.matchLabels)) {
    if (labelValue(labels, key) !== selector.matchLabels[key]) return false;
  }
  return matchesAll(labels, selector.matchExpressions);
}

/** Whether every `nodeSelector` pair is present with the same value (a plain map selector). */
export function matchesMapSelector(selector: Labels, labels: Labels): boolean {
  for (const key of Object.keys(selector)) {
    if (labelValue(labels, key) !== selector[key]) return false;
  }
  return true;
}

/**
 * Problems with one requirement, as Kubernetes validation reports them; `where` locates it.
 * `allowNumeric` admits `Gt`/`Lt` (node selectors do, label selectors do not).
 */
export function requirementProblems(
  requirement: Requirement,
  where: string,
  allowNumeric: boolean,
): string[] {
  const { key, operator, values } = requirement;
  const problems: string[] = [];
  if (key.length === 0) problems.push(`${where}.key: must not be empty`);
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) problems.push(`${where}.values: must be non-empty for ${operator}`);
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) problems.push(`${where}.values: must be empty for ${operator}`);
      break;
    case 'Gt':
    case 'Lt':
      if (!allowNumeric) {
        problems.push(`${where}.operator: ${operator} is not valid in a label selector`);
      } else if (values.length !== 1 || parseInt64(values[0] ?? '') === null) {
        problems.push(`${where}.values: ${operator} needs exactly one integer value`);
      }
      break;
    default:
      problems.push(`${where}.operator: unknown operator ${quoteInput(operator)}`);
  }
  return problems;
}

/** Problems with a label selector (empty when it is valid). */
export function labelSelectorProblems(selector: LabelSelector, where: string): string[] {
  return selector.matchExpressions.flatMap((requirement, index) =>
    requirementProblems(requirement, `${where}.matchExpressions[${index}]`, false),
  );
}
