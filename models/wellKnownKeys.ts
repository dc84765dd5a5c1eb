/**
 * Well-known label, annotation, taint and resource names that placement reads or writes.
 *
 * Kept in one file so the webhook, the scheduler plugins and the autoscaler agree on spelling;
 * the values are the real keys Kubernetes, Terway and ACK use (`terway.md` §4, §5.2).
 */

/** Node and pod label keys. */
export const LabelKeys = {
  /** The node's zone; the Terway webhook's zone affinity selects on it. */
  zone: 'topology.kubernetes.io/zone',
  /** The node's region; kube-scheduler's node tree groups nodes by region and zone. */
  region: 'topology.kubernetes.io/region',
  /** The node's name as a label; PodTopologySpread counts per node when it is the key. */
  hostname: 'kubernetes.io/hostname',
  /** The node's ECS instance type. */
  instanceType: 'node.kubernetes.io/instance-type',
  /** `eniOnly` marks an exclusive-ENI node (case-insensitive; anything else is shared). */
  exclusiveModeEniType: 'k8s.aliyun.com/exclusive-mode-eni-type',
  /** `"true"` on a pod (or node) makes Terway ignore it. */
  ignoreByTerway: 'k8s.aliyun.com/ignore-by-terway',
} as const;

/** Pod and node annotation keys. */
export const AnnotationKeys = {
  /** `"true"` once the webhook has configured the pod for a dedicated (member or exclusive) ENI. */
  podEni: 'k8s.aliyun.com/pod-eni',
  /** The name of the PodNetworking the webhook matched. */
  podNetworking: 'k8s.aliyun.com/pod-networking',
  /** The pod's network configuration as JSON `{"podNetworks":[...]}`. */
  podNetworks: 'k8s.aliyun.com/pod-networks',
  /** A request for named, selector-less PodNetworkings: JSON `[{"interfaceName","network"}]`. */
  podNetworksRequest: 'k8s.aliyun.com/pod-networks-request',
  /** On a node: how many pod addresses Terway can give out there (the ACK IP-aware scheduler). */
  maxAvailableIp: 'k8s.aliyun.com/max-available-ip',
} as const;

/**
 * On a namespace: `"false"` opts the whole namespace out of the Terway webhook (the webhook's
 * own namespaceSelector is `k8s.aliyun.com/pod-eni NotIn ["false"]`).
 */
export const NAMESPACE_OPT_OUT_LABEL = AnnotationKeys.podEni;

/** The taint kubectl cordon implies; tolerating it also tolerates `spec.unschedulable`. */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** Resource names the scheduler accounts for. */
export const ResourceNames = {
  cpu: 'cpu',
  memory: 'memory',
  pods: 'pods',
  /** Exclusive ENIs, advertised by Terway on eniOnly nodes (or on any node with trunk off). */
  eni: 'aliyun/eni',
  /** Member ENIs on a trunk ENI, advertised by Terway when trunking is on. */
  memberEni: 'aliyun/member-eni',
} as const;

/** An extended resource the Terway webhook injects. */
export type TerwayResourceName = typeof ResourceNames.eni | typeof ResourceNames.memberEni;
