/**
 * Terway's `pkg/eni/sync_pool_test.go` (tag v1.17.5 of AliyunContainerService/terway) held against
 * enisim's daemon pool sync (`sim/allocator/poolSync.ts`): what it disposes of and how many
 * top-up requests it makes for given idle / in-use / min / max / total figures. The figures are
 * Terway's; its stand-in interfaces (`mockNetworkInterface`) are rebuilt in adapters/daemon.ts.
 *
 * Every row of the file, and what became of it:
 *
 * TestManager_SyncPool_ToDel                                       ported
 * TestManager_SyncPool_ToAdd                                       ported
 * TestManager_SyncPool_OtherPaths
 *   "idles+inuses >= m.total"                                      ported
 *   "usage returns error"                                          not ported: no such path in
 *       enisim. A slot's Usage is read from memory and cannot fail; the row asserts only that
 *       syncPool logs the error and goes on.
 *   "allocate returns error"                                       not ported: the row asserts
 *       only that a failed top-up `Allocate` does not panic; enisim's top-up failures come from
 *       the simulated cloud, and injecting them as a fault profile is issue 13 (swarm/faults).
 *   "ni does not implement Usage"                                  not ported: no such shape in
 *       enisim. Every daemon slot reports its usage; the row asserts only that one that cannot is
 *       skipped.
 */
import { describe, expect, it } from 'vitest';
import { managerSyncPool, MockNetworkInterface } from './adapters/daemon.js';

const FILE = 'pkg/eni/sync_pool_test.go';

describe(FILE, () => {
  it(`${FILE} TestManager_SyncPool_ToDel`, () => {
    const ni = new MockNetworkInterface({ priority: 10, idle: 20, inuse: 5, disposeReturn: 5 });
    managerSyncPool({ networkInterfaces: [ni], maxIdles: 10, selectionPolicy: 'least_ips' });
    expect(ni.disposeCalled).toBeGreaterThan(0);
  });

  it(`${FILE} TestManager_SyncPool_ToAdd`, () => {
    const ni = new MockNetworkInterface({ priority: 10, idle: 2, inuse: 5 });
    const allocateCalled = managerSyncPool({
      networkInterfaces: [ni],
      minIdles: 10,
      total: 20,
      selectionPolicy: 'most_ips',
    });
    // toAdd = minIdles (10) - idle (2) = 8
    expect(allocateCalled).toBe(8);
  });

  it(`${FILE} TestManager_SyncPool_OtherPaths: "idles+inuses >= m.total"`, () => {
    const ni = new MockNetworkInterface({ idle: 10, inuse: 10 });
    const allocateCalled = managerSyncPool({ networkInterfaces: [ni], total: 20, minIdles: 15 });
    expect(allocateCalled > 0).toBe(false);
  });
});
