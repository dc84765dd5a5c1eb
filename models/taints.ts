/**
 * Taints and tolerations, with `k8s.io/api/core/v1` `Toleration.ToleratesTaint` semantics.
 */

/** A taint's effect. */
export type TaintEffect = 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute';

/** A node taint. An absent value is the empty string. */
export interface Taint {
  readonly key: string;
  readonly value: string;
  readonly effect: TaintEffect;
}

/**
 * A pod toleration. An empty `key` (with `Exists`) matches every key; an empty `effect` matches
 * every effect. `tolerationSeconds` is not modelled: NoExecute eviction is not simulated.
 */
export interface Toleration {
  readonly key: string;
  readonly operator: 'Equal' | 'Exists';
  readonly value: string;
  readonly effect: TaintEffect | '';
}

/** Whether one toleration tolerates one taint. */
export function toleratesTaint(toleration: Toleration, taint: Taint): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  return toleration.operator === 'Exists' || toleration.value === taint.value;
}

/** Whether any of `tolerations` tolerates `taint`. */
export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[],
  taint: Taint,
): boolean {
  for (const toleration of tolerations) {
    if (toleratesTaint(toleration, taint)) return true;
  }
  return false;
}

/** Whether a taint keeps pods that do not tolerate it off the node (NoSchedule, NoExecute). */
export function isDoNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** The first NoSchedule/NoExecute taint the tolerations do not tolerate, or null. */
export function findUntoleratedTaint(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): Taint | null {
  for (const taint of taints) {
    if (isDoNotScheduleTaint(taint) && !tolerationsTolerateTaint(tolerations, taint)) return taint;
  }
  return null;
}

/**
 * How many PreferNoSchedule taints the pod does not tolerate. Only tolerations whose effect is
 * empty or PreferNoSchedule count, as in kube-scheduler's TaintToleration score.
 */
export function countIntolerablePreferNoSchedule(
  taints: readonly Taint[],
  tolerations: readonly Toleration[],
): number {
  let count = 0;
  for (const taint of taints) {
    if (taint.effect !== 'PreferNoSchedule') continue;
    let tolerated = false;
    for (const toleration of tolerations) {
      if (toleration.effect !== '' && toleration.effect !== 'PreferNoSchedule') continue;
      if (toleratesTaint(toleration, taint)) {
        tolerated = true;
        break;
      }
    }
    if (!tolerated) count++;
  }
  return count;
}
