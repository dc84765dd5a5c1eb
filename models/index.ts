/**
 * The models: instance types, Terway versions and configuration, capacity and admission, IP
 * addresses and the vSwitch address figures, and the Kubernetes and Terway vocabulary the loader
 * and the simulator share (labels, taints, pods, PodNetworkings, the webhook's decision, delay
 * distributions, the cloud API's names).
 */
export * from './admission.js';
export * from './allocatable.js';
export * from './capacity.js';
export * from './catalog.js';
export * from './cloudApiNames.js';
export * from './delayDistribution.js';
export * from './diagnostics.js';
export * from './dualStack.js';
export * from './eniConf.js';
export * from './inputIssue.js';
export * from './instanceType.js';
export * from './ipAddress.js';
export * from './labels.js';
export * from './nodeCapacity.js';
export * from './nodePool.js';
export * from './pod.js';
export * from './podNetworking.js';
export * from './podNetworksAnnotation.js';
export * from './poolSizing.js';
export * from './quantity.js';
export * from './taints.js';
export * from './terwayVersion.js';
export * from './vSwitchAddresses.js';
export * from './webhook.js';
export * from './wellKnownKeys.js';
