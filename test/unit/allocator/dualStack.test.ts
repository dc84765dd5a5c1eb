import { describe, expect, it } from 'vitest';
import type { AllocationResult } from '../../../sim/allocator/podRequest.js';
import { World, pod, seconds } from './harness.js';

const IPV6 = { ipv6CidrBlock: 'fd00:0:0:1::/64' };

function both(result: AllocationResult | undefined): boolean {
  return result?.ok === true && result.ipv4 !== null && result.ipv6 !== null;
}

describe('dual-stack: a pod gets an IPv4 and an IPv6 address together or neither', () => {
  it('daemon pool: every pod has both families, from the same ENI', () => {
    const world = new World({ seed: 41, ...IPV6 });
    const node = world.addNode({ name: 'n1', config: { ipStack: 'dual', minPoolSize: 0 } });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 25 }, (_, i) => world.spawn(node.allocate(pod(`d${i}`))));
    world.runUntil(seconds(120));
    expect(node.dualStack).toBe(true);
    expect(tasks.every((t) => both(t.result))).toBe(true);
    for (const view of node.snapshot().pods) {
      const eni = node.snapshot().enis.find((e) => e.id === view.eniId);
      expect(eni?.ipv6.some((a) => a.address === view.ipv6)).toBe(true);
    }
  });

  it('centralized IPAM: both families', () => {
    const world = new World({ seed: 42, ...IPV6 });
    const node = world.addNode({
      name: 'n1',
      config: { ipStack: 'dual', ipamType: 'crd', minPoolSize: 0 },
    });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 12 }, (_, i) => world.spawn(node.allocate(pod(`c${i}`))));
    world.runUntil(seconds(118));
    expect(tasks.every((t) => both(t.result))).toBe(true);
  });

  it('exclusive ENI: IPCount 1 and IPv6Count 1', () => {
    const world = new World({ seed: 43, ...IPV6 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive', config: { ipStack: 'dual' } });
    world.checkEveryEvent();
    const task = world.spawn(node.allocate(pod('x', { kind: 'exclusive' })));
    world.runUntil(seconds(60));
    expect(both(task.result)).toBe(true);
    expect(world.callsOf('createNetworkInterface', 'controlplane')[0]?.request).toMatchObject({
      secondaryPrivateIpAddressCount: 0,
      ipv6AddressCount: 1,
    });
  });

  it('a type whose IPv6 per ENI differs from IPv4 per ENI falls back to IPv4 only', () => {
    const world = new World({ seed: 44, ...IPV6 });
    const node = world.addNode({
      name: 'n1',
      limits: { ipv4PerEni: 20, ipv6PerEni: 1 },
      config: { ipStack: 'dual', minPoolSize: 0 },
    });
    world.checkEveryEvent();
    const task = world.spawn(node.allocate(pod('v4')));
    world.runUntil(seconds(60));
    expect(node.dualStack).toBe(false);
    expect(task.result).toMatchObject({ ok: true, ipv6: null });
  });
});

describe('determinism', () => {
  const run = (seed: number): { hash: string; results: string } => {
    const world = new World({ seed, ...IPV6 });
    const shared = world.addNode({ name: 'n1', config: { ipStack: 'dual', minPoolSize: 3 } });
    const central = world.addNode({ name: 'n2', config: { ipamType: 'crd', minPoolSize: 2 } });
    const exclusive = world.addNode({ name: 'x1', mode: 'exclusive' });
    const tasks = [
      ...Array.from({ length: 15 }, (_, i) => world.spawn(shared.allocate(pod(`a${i}`)))),
      ...Array.from({ length: 15 }, (_, i) => world.spawn(central.allocate(pod(`b${i}`)))),
      ...Array.from({ length: 4 }, (_, i) =>
        world.spawn(exclusive.allocate(pod(`c${i}`, { kind: 'exclusive' }))),
      ),
    ];
    world.runUntil(seconds(200));
    for (let i = 0; i < 10; i++) shared.release(pod(`a${i}`));
    world.runUntil(seconds(900));
    return { hash: world.engine.traceHash(), results: JSON.stringify(tasks.map((t) => t.result)) };
  };

  it('the same seed gives the same event sequence and the same results', () => {
    const first = run(7);
    const second = run(7);
    expect(second).toEqual(first);
    expect(run(8).hash).not.toBe(first.hash);
  });
});
