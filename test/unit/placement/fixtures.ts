/** Builders shared by the placement tests. */
import type { RandomStream } from '../../../sim/contracts/random.js';
import { AnnotationKeys, LabelKeys } from '../../../models/wellKnownKeys.js';
import { makeNode, type NodeInit, type NodeView } from '../../../sim/placement/node.js';
import type { Taint, Toleration } from '../../../models/taints.js';

export const GiB = 1024 ** 3;
export const MiB = 1024 ** 2;

/** A node in `zone` with the given allocatable; extras override. */
export function node(
  name: string,
  allocatable: NodeInit['allocatable'],
  extras: Omit<Partial<NodeInit>, 'name' | 'allocatable'> & { zone?: string; maxIps?: number } = {},
): NodeView {
  const { zone, maxIps, ...rest } = extras;
  return makeNode({
    name,
    allocatable: { pods: 110, ...allocatable },
    ...rest,
    labels: { ...(zone === undefined ? {} : { [LabelKeys.zone]: zone }), ...rest.labels },
    annotations: {
      ...(maxIps === undefined ? {} : { [AnnotationKeys.maxAvailableIp]: String(maxIps) }),
      ...rest.annotations,
    },
  });
}

export const eniOnlyTaint: Taint = { key: 'dedicated', value: 'eni', effect: 'NoSchedule' };
export const tolerateEniOnly: Toleration = {
  key: 'dedicated',
  operator: 'Equal',
  value: 'eni',
  effect: 'NoSchedule',
};

/** A stream that always returns `value` (for pinning tie-breaks). */
export function constantStream(value: number): RandomStream {
  const stream: RandomStream = { float: () => value, fork: () => stream };
  return stream;
}

/** A stream that fails the test if it is drawn from. */
export const forbiddenStream: RandomStream = {
  float: () => {
    throw new Error('the rng must not be drawn here');
  },
  fork: () => forbiddenStream,
};
