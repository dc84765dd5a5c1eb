/**
 * The labels a pool's nodes carry: the pool's own, plus those Kubernetes and ACK put on every
 * node. Validation uses them to tell where a workload's pods can land.
 */
import { LabelKeys } from '../../models/wellKnownKeys.js';
import type { Labels } from '../../models/labels.js';
import type { NodePoolSpec } from './types.js';

/** Node label keys a scenario reads or that every node gets. */
export const NodeLabel = {
  zone: LabelKeys.zone,
  region: LabelKeys.region,
  instanceType: LabelKeys.instanceType,
  exclusiveMode: LabelKeys.exclusiveModeEniType,
  hostname: 'kubernetes.io/hostname',
  os: 'kubernetes.io/os',
  /** `"true"` marks a Lingjun node (`types.LingJunNodeLabelKey`). */
  lingjunWorker: 'alibabacloud.com/lingjun-worker',
  /** Names a kube-system ConfigMap whose eni_conf is merged over eni-config (dynamic config). */
  terwayConfig: 'terway-config',
} as const;

/** The labels of one node of `pool` in `zone`, of `instanceTypeId`, named `nodeName`. */
export function nodeLabels(
  pool: Pick<NodePoolSpec, 'labels' | 'terwayConfigName'>,
  node: {
    readonly zone: string;
    readonly instanceTypeId: string;
    readonly nodeName: string;
    readonly region: string | null;
  },
): Labels {
  const labels: Record<string, string> = {
    ...pool.labels,
    [NodeLabel.zone]: node.zone,
    [NodeLabel.instanceType]: node.instanceTypeId,
    [NodeLabel.hostname]: node.nodeName,
    [NodeLabel.os]: 'linux',
  };
  if (node.region !== null) labels[NodeLabel.region] = node.region;
  if (pool.terwayConfigName !== null) labels[NodeLabel.terwayConfig] = pool.terwayConfigName;
  return labels;
}
