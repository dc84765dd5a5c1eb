/**
 * A pod's `topologySpreadConstraints` (core/v1 `TopologySpreadConstraint`) and the checks the
 * API server's validation applies to them (`ValidateTopologySpreadConstraints` in
 * `pkg/apis/core/validation/validation.go`). The scheduler's use of them lives in
 * `sim/placement/plugins/podTopologySpread.ts`.
 */
import { labelSelectorProblems, type LabelSelector } from './labels.js';

/** What the scheduler does when no node satisfies the constraint. */
export type UnsatisfiableConstraintAction = 'DoNotSchedule' | 'ScheduleAnyway';

/** Whether a node's affinity or taints decide whether it counts towards the spread. */
export type NodeInclusionPolicy = 'Honor' | 'Ignore';

/** One spread constraint, with the API defaults already applied. */
export interface TopologySpreadConstraint {
  /** How far the matching-pod count of one domain may exceed the global minimum (≥ 1). */
  readonly maxSkew: number;
  /** The node label whose values are the domains (`topology.kubernetes.io/zone`, …). */
  readonly topologyKey: string;
  readonly whenUnsatisfiable: UnsatisfiableConstraintAction;
  /** Which pods are counted; null (absent) counts none (`labels.Nothing()`). */
  readonly labelSelector: LabelSelector | null;
  /** Pod label keys whose values (from the incoming pod) are ANDed into the selector. */
  readonly matchLabelKeys: readonly string[];
  /**
   * With `DoNotSchedule` only: while fewer domains than this are eligible, the global minimum
   * is taken as 0. null when unset (the scheduler treats it as 1).
   */
  readonly minDomains: number | null;
  /** Default `Honor`: nodes the pod's nodeSelector/required affinity excludes do not count. */
  readonly nodeAffinityPolicy: NodeInclusionPolicy;
  /** Default `Ignore`: tainted nodes count even if the pod does not tolerate them. */
  readonly nodeTaintsPolicy: NodeInclusionPolicy;
}

/** The API defaults for the optional fields. */
export const SPREAD_CONSTRAINT_DEFAULTS = {
  minDomains: null,
  nodeAffinityPolicy: 'Honor',
  nodeTaintsPolicy: 'Ignore',
  matchLabelKeys: [] as readonly string[],
} as const;

/** Problems with a pod's spread constraints, as the API server's validation words them. */
export function topologySpreadProblems(
  constraints: readonly TopologySpreadConstraint[],
  where: string,
): string[] {
  const problems: string[] = [];
  const seen = new Set<string>();
  constraints.forEach((constraint, index) => {
    const at = `${where}[${index}]`;
    if (!Number.isSafeInteger(constraint.maxSkew) || constraint.maxSkew < 1) {
      problems.push(`${at}.maxSkew: must be greater than zero, got ${constraint.maxSkew}`);
    }
    if (constraint.topologyKey.length === 0) problems.push(`${at}.topologyKey: must not be empty`);
    if (constraint.minDomains !== null) {
      if (!Number.isSafeInteger(constraint.minDomains) || constraint.minDomains < 1) {
        problems.push(`${at}.minDomains: must be greater than zero, got ${constraint.minDomains}`);
      } else if (constraint.whenUnsatisfiable !== 'DoNotSchedule') {
        problems.push(`${at}.minDomains: can only be set with whenUnsatisfiable DoNotSchedule`);
      }
    }
    // The API server refuses two constraints with the same key and action.
    const pair = `${constraint.topologyKey}\x00${constraint.whenUnsatisfiable}`;
    if (seen.has(pair)) {
      problems.push(
        `${at}: a second constraint on ${constraint.topologyKey} with ${constraint.whenUnsatisfiable}`,
      );
    }
    seen.add(pair);
    if (constraint.labelSelector !== null) {
      problems.push(...labelSelectorProblems(constraint.labelSelector, `${at}.labelSelector`));
      for (const key of constraint.matchLabelKeys) {
        if (Object.hasOwn(constraint.labelSelector.matchLabels, key)) {
          problems.push(`${at}.matchLabelKeys: ${key} is also in labelSelector.matchLabels`);
        }
      }
    }
  });
  return problems;
}
