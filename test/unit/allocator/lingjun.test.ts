import { describe, expect, it } from 'vitest';
import { World, pod, seconds } from './harness.js';

const LENI = { platform: 'lingjun' as const, eniQuantity: 4, ipv4PerEni: 8, ipv6PerEni: 0 };

describe('Lingjun nodes on the EFLO LENI API', () => {
  it('the controlplane serves shared addresses one per call, on LENIs', () => {
    const world = new World({ seed: 71 });
    const node = world.addNode({ name: 'l1', limits: LENI, config: { minPoolSize: 0 } });
    world.checkEveryEvent();
    expect(node.sharedAllocator).toBe('centralized');
    const tasks = Array.from({ length: 3 }, (_, i) => world.spawn(node.allocate(pod(`g${i}`))));
    world.runUntil(seconds(110));
    expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
    // One address per call (a new LENI brings its primary), two operations per reconcile: the
    // controller opens LENIs rather than waiting on one, within LeniQuota − 1.
    const creates = world.callsOf('createElasticNetworkInterface', 'controlplane').length;
    const assigns = world.callsOf('assignLeniPrivateIpAddress', 'controlplane').length;
    expect(creates).toBeGreaterThanOrEqual(2);
    expect(creates).toBeLessThanOrEqual(3);
    expect(creates + assigns).toBeGreaterThanOrEqual(3);
    expect(node.snapshot().enis.every((e) => e.ipv4.length <= 8)).toBe(true);
    expect(world.callsOf('createNetworkInterface')).toHaveLength(0);
  });

  it('exclusive LENIs: one per pod, LeniQuota − 1 of them', () => {
    const world = new World({ seed: 72 });
    const node = world.addNode({ name: 'l2', mode: 'exclusive', limits: LENI });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 3 }, (_, i) =>
      world.spawn(node.allocate(pod(`x${i}`, { kind: 'exclusive' }))),
    );
    world.runUntil(seconds(200));
    expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
    expect(node.snapshot().resources.aliyunEni).toEqual({ allocatable: 3, inUse: 3 });
    expect(world.callsOf('attachElasticNetworkInterface', 'controlplane')).toHaveLength(3);
  });
});
