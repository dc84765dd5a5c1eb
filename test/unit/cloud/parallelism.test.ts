import { describe, expect, it } from 'vitest';
import type { ParallelismLease } from '../../../sim/contracts/parallelism.js';
import { ParallelismKind } from '../../../sim/contracts/parallelism.js';
import { makeCloud } from './helpers.js';

function acquireMany(
  cloud: ReturnType<typeof makeCloud>['cloud'],
  kind: ParallelismKind,
  holders: readonly string[],
): (ParallelismLease | undefined)[] {
  const leases: (ParallelismLease | undefined)[] = holders.map(() => undefined);
  holders.forEach((holderId, index) => {
    cloud.parallelism.acquire(kind, holderId).start((lease) => {
      leases[index] = lease;
    });
  });
  return leases;
}

describe("ACK's parallelism limits", () => {
  it('lets at most 500 nodes allocate at once in shared ENI mode; the 501st waits for a release', () => {
    const { engine, cloud } = makeCloud();
    const nodes = Array.from({ length: 501 }, (_, index) => `node-${index}`);
    const leases = acquireMany(cloud, ParallelismKind.sharedEniNode, nodes);
    expect(leases.filter((lease) => lease !== undefined)).toHaveLength(500);
    expect(leases[500]).toBeUndefined();
    expect(cloud.parallelism.stats().sharedEniNode).toMatchObject({
      capacity: 500,
      inUse: 500,
      queued: 1,
    });

    engine.run({ untilUs: 3_000_000, eventsMax: 10 });
    leases[7]!.release();
    expect(leases[500]).toBeUndefined(); // resumed by an engine event, not inside release()
    engine.run({ eventsMax: 10 });
    expect(leases[500]).toMatchObject({ kind: 'sharedEniNode', holderId: 'node-500' });
    expect(cloud.parallelism.stats().sharedEniNode).toMatchObject({
      inUse: 500,
      inUseMax: 500,
      queued: 0,
      queuedMax: 1,
      grants: 501,
      waitedGrants: 1,
      waitUsTotal: 3_000_000,
      waitUsMax: 3_000_000,
    });
  });

  it('lets at most 100 exclusive or trunk pods be set up at once, FIFO among waiters', () => {
    const { engine, cloud } = makeCloud();
    const pods = Array.from({ length: 103 }, (_, index) => `default/pod-${index}`);
    const leases = acquireMany(cloud, ParallelismKind.eniPod, pods);
    expect(leases.filter((lease) => lease !== undefined)).toHaveLength(100);
    leases[0]!.release();
    leases[1]!.release();
    engine.run({ eventsMax: 10 });
    expect(leases.slice(100).map((lease) => lease?.holderId)).toEqual([
      'default/pod-100',
      'default/pod-101',
      undefined,
    ]);
  });

  it("runs at most eniMaxConcurrent (300) of the controller's ENI reconciles at once", () => {
    const { cloud } = makeCloud();
    const enis = Array.from({ length: 301 }, (_, index) => `eni-${index}`);
    const leases = acquireMany(cloud, ParallelismKind.controllerEni, enis);
    expect(leases.filter((lease) => lease !== undefined)).toHaveLength(300);
    expect(cloud.parallelism.stats().controllerEni).toMatchObject({ capacity: 300, queued: 1 });
  });

  it('shares one slot among the leases of one holder, and frees it after the last release', () => {
    const { engine, cloud } = makeCloud({ parallelism: { sharedEniNodesMax: 1 } });
    const [first, second, other] = acquireMany(cloud, ParallelismKind.sharedEniNode, [
      'node-a',
      'node-a',
      'node-b',
    ]);
    expect(first).toBeDefined();
    expect(second).toBeDefined();
    expect(other).toBeUndefined();
    first!.release();
    engine.run({ eventsMax: 10 });
    expect(cloud.parallelism.holders(ParallelismKind.sharedEniNode)).toEqual(['node-a']);
    second!.release();
    expect(() => {
      second!.release();
    }).toThrow(/released twice/);
    engine.run({ eventsMax: 10 });
    expect(cloud.parallelism.holders(ParallelismKind.sharedEniNode)).toEqual(['node-b']);
  });

  it('rejects a limit that is not a positive integer', () => {
    expect(() => makeCloud({ parallelism: { eniPodsMax: 0 } })).toThrow(
      /parallelism.eniPodsMax must be a positive integer, got 0/,
    );
  });
});
