/**
 * NodeUnschedulable: a cordoned node (`spec.unschedulable`) takes no pods, unless the pod
 * tolerates the `node.kubernetes.io/unschedulable:NoSchedule` taint cordoning implies.
 */
import { unresolvable, SUCCESS, type FailureStatus, type FilterPlugin } from '../framework.js';
import { TAINT_NODE_UNSCHEDULABLE } from '../../../models/wellKnownKeys.js';
import { PluginNames } from '../names.js';
import { tolerationsTolerateTaint, type Taint } from '../../../models/taints.js';

/** The reason kube-scheduler reports. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const cordonTaint: Taint = { key: TAINT_NODE_UNSCHEDULABLE, value: '', effect: 'NoSchedule' };
const rejected: FailureStatus = unresolvable(PluginNames.NodeUnschedulable, [
  ERR_REASON_UNSCHEDULABLE,
]);

/** The NodeUnschedulable filter. */
export const nodeUnschedulable = {
  name: PluginNames.NodeUnschedulable,
  readsNodeUsage: false,
  filter(_cycle, pod, node) {
    if (!node.node.unschedulable) return SUCCESS;
    return tolerationsTolerateTaint(pod.tolerations, cordonTaint) ? SUCCESS : rejected;
  },
} as const satisfies FilterPlugin;
