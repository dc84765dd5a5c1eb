/**
 * Invariant: the shared pool keeps its bounds. Right after a pool sync (before any pod or growth
 * changes it), idle addresses are at most `max_pool_size` (plus, on a dual-stack node, those the
 * sync counted as released because an ENI's IPv6 disposals outnumbered its IPv4 ones, as
 * Terway's `Local.Dispose` counts), or the idle ENI primary addresses, which are never released
 * on their own, if those are more. A settled pool (synced since the last
 * pod change, nothing under way, no error) holds at least `min_pool_size` idle addresses where
 * the node's capacity allows: `min(min_pool_size, capacity − inUse − deleting)`.
 */
import type { Checker, Violation } from './input.js';

/** Idle ≤ max_pool_size after a sync; idle ≥ min_pool_size once settled. */
export const poolBounds: Checker = (input) => {
  const violations: Violation[] = [];
  for (const node of input.nodes) {
    const pool = node.pool;
    if (pool.allocator === 'none' || pool.lastSyncUs === null) continue;
    const untouched = pool.lastSyncUs > pool.lastPodChangeUs && pool.lastSyncUs > pool.lastGrowUs;
    const ceiling = Math.max(pool.maxPoolSize + pool.shrinkCreditedByIpv6, pool.idlePrimaries);
    if (untouched && pool.idle > ceiling) {
      violations.push({
        checker: 'poolBounds',
        message: `${node.nodeName}: ${pool.idle} idle addresses after the sync at ${pool.lastSyncUs} µs; max_pool_size ${pool.maxPoolSize}, idle primaries ${pool.idlePrimaries}, counted on IPv6 ${pool.shrinkCreditedByIpv6}`,
      });
    }
    const floor = Math.min(pool.minPoolSize, pool.capacity - pool.inUse - pool.deleting);
    if (pool.settled && pool.idle < floor) {
      violations.push({
        checker: 'poolBounds',
        message: `${node.nodeName}: settled with ${pool.idle} idle addresses; min_pool_size ${pool.minPoolSize} (capacity ${pool.capacity}, in use ${pool.inUse})`,
      });
    }
  }
  return violations;
};
