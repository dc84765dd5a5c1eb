/**
 * Placement: a kube-scheduler-shaped scheduler and the cluster
 * autoscaler's decisions. Everything here is deterministic: randomness only from an injected
 * RandomStream, no clock (the caller passes `nowUs` where time matters).
 */
export * from './node.js';
export * from './podRequest.js';
export * from './nodeInfo.js';
export * from './clusterState.js';
export * from './names.js';
export * from './framework.js';
export * from './registry.js';
export * from './percentage.js';
export * from './fitError.js';
export * from './scheduler.js';
export * from './nodePool.js';
export * from './binpacking.js';
export * from './expander.js';
export * from './autoscaler.js';
export * from './plugins/nodeUnschedulable.js';
export * from './plugins/taintToleration.js';
export * from './plugins/nodeAffinity.js';
export * from './plugins/nodeResourcesFit.js';
export * from './plugins/terwayIpAware.js';
export * from './plugins/resourceScores.js';
