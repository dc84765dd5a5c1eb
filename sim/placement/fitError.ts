/**
 * The message of an unschedulable pod, exactly as kube-scheduler's `FitError.Error()` builds
 * it: `0/N nodes are available: ` then one `count reason` per distinct reason over all rejected
 * nodes, sorted as strings (so "12 …" sorts before "8 …"), joined by ", ", ending in a period.
 * We model no preemption, so the `preemption: …` suffix of the PostFilter is never added.
 */
import type { FailureStatus } from './framework.js';

/** A reason and on how many nodes it was given. */
export interface ReasonCount {
  readonly reason: string;
  readonly count: number;
}

/** The message when the cluster has no nodes at all (`ErrNoNodesAvailable`). */
export const NO_NODES_AVAILABLE_MESSAGE = 'no nodes available to schedule pods';

// Go's sort.Strings compares the strings' UTF-8 bytes.
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** Counts each reason over the rejected nodes, ordered as the message lists them. */
export function reasonHistogram(statuses: Iterable<FailureStatus>): ReasonCount[] {
  const counts = new Map<string, number>();
  for (const status of statuses) {
    for (const reason of status.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  }
  return [...counts]
    .map(([reason, count]) => ({ reason, count, text: `${count} ${reason}` }))
    .sort((a, b) => compareBytes(a.text, b.text))
    .map(({ reason, count }) => ({ reason, count }));
}

/** `0/N nodes are available: …` for a histogram from {@link reasonHistogram}. */
export function fitErrorMessage(numAllNodes: number, histogram: readonly ReasonCount[]): string {
  let message = `0/${numAllNodes} nodes are available:`;
  if (histogram.length > 0) {
    message += ` ${histogram.map(({ reason, count }) => `${count} ${reason}`).join(', ')}.`;
  }
  return message;
}
