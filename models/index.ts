/**
 * The models: instance types, Terway versions and configuration, capacity and admission, IP
 * addresses and the vSwitch address figures.
 */
export * from './admission.js';
export * from './allocatable.js';
export * from './capacity.js';
export * from './catalog.js';
export * from './diagnostics.js';
export * from './dualStack.js';
export * from './eniConf.js';
export * from './inputIssue.js';
export * from './instanceType.js';
export * from './ipAddress.js';
export * from './nodeCapacity.js';
export * from './nodePool.js';
export * from './quantity.js';
export * from './terwayVersion.js';
export * from './vSwitchAddresses.js';
