/**
 * TerwayIPAware: ACK's IP-aware scheduling. Terway annotates each node with how many pod
 * addresses it can hand out there (`k8s.aliyun.com/max-available-ip`: the shared-ENI capacity
 * `(EniQuantity − 1) × EniPrivateIpAddressQuantity`, or the ENI count on an exclusive node). A
 * pod that takes a Terway address needs one free address on the node: addresses in use (every
 * pod on the pod network, except member-ENI pods, whose address is on a member ENI) plus one
 * must not exceed the annotation. Nodes without the annotation are not limited here.
 *
 * It sees the node's address *capacity*, not the vSwitch: a node whose vSwitch has run dry
 * still passes, and its pods then wait in network set-up, as in real clusters. ACK's scheduler
 * is not open source; the reason text below is enisim's.
 */
import { SUCCESS, unschedulable, type FailureStatus, type FilterPlugin } from '../framework.js';
import { PluginNames } from '../names.js';

/** The reason enisim reports for a node with no free pod address. */
export const ERR_REASON_INSUFFICIENT_POD_IPS = 'Insufficient pod IPs';

const rejected: FailureStatus = unschedulable(PluginNames.TerwayIPAware, [
  ERR_REASON_INSUFFICIENT_POD_IPS,
]);

/** The TerwayIPAware filter. */
export const terwayIpAware = {
  name: PluginNames.TerwayIPAware,
  readsNodeUsage: true,
  filter(cycle, _pod, node) {
    if (!cycle.request.consumesPodAddress) return SUCCESS;
    const available = node.availablePodAddresses;
    return available === null || available >= 1 ? SUCCESS : rejected;
  },
} as const satisfies FilterPlugin;
