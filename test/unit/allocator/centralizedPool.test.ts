import { describe, expect, it } from 'vitest';
import { terwayVersion } from '../../../models/terwayVersion.js';
import { CloudErrorCode } from '../../../sim/contracts/cloudApi.js';
import type { CreateNetworkInterfaceRequest } from '../../../sim/contracts/cloudApi.js';
import { World, pod, seconds } from './harness.js';

const CONTROLLER = 'controlplane';

describe('centralized IPAM (controlplane, terway.md §3.2)', () => {
  it('is chosen from 1.13.4 with ipam_type crd; the daemon pool otherwise', () => {
    const world = new World({ seed: 21 });
    const crd = world.addNode({ name: 'a', config: { ipamType: 'crd' } });
    const old = world.addNode({
      name: 'b',
      config: { ipamType: 'crd', terwayVersion: terwayVersion('1.13.3') },
    });
    const plain = world.addNode({ name: 'c' });
    expect([crd.sharedAllocator, old.sharedAllocator, plain.sharedAllocator]).toEqual([
      'centralized',
      'daemon',
      'daemon',
    ]);
  });

  it('serves pods with one create-or-assign per reconcile, at most one reconcile per second', () => {
    const world = new World({ seed: 22 });
    const node = world.addNode({ name: 'n1', config: { ipamType: 'crd', minPoolSize: 0 } });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 40 }, (_, i) => world.spawn(node.allocate(pod(`p${i}`))));
    world.runUntil(seconds(118));
    expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
    const ops = [
      ...world.callsOf('createNetworkInterface', CONTROLLER),
      ...world.callsOf('assignPrivateIpAddresses', CONTROLLER),
    ].sort((a, b) => a.atUs - b.atUs);
    // Each call starts its own reconcile: at least a second after the previous one started.
    for (let i = 1; i < ops.length; i++) {
      expect((ops[i]?.atUs ?? 0) - (ops[i - 1]?.atUs ?? 0)).toBeGreaterThanOrEqual(seconds(1));
    }
    const create = ops[0]?.request as CreateNetworkInterfaceRequest;
    expect(create.secondaryPrivateIpAddressCount).toBe(9);
    for (const op of ops.slice(1)) {
      expect(
        (op.request as { secondaryPrivateIpAddressCount: number }).secondaryPrivateIpAddressCount,
      ).toBeLessThanOrEqual(10);
    }
    // The node daemon asked the cloud for nothing: the controller's client did it all.
    expect(world.calls.filter((c) => c.callerId !== CONTROLLER)).toEqual([]);
  });

  it('keeps min_pool_size idle addresses without any pod', () => {
    const world = new World({ seed: 23 });
    const node = world.addNode({
      name: 'n1',
      config: { ipamType: 'crd', minPoolSize: 5, maxPoolSize: 8 },
    });
    world.checkEveryEvent();
    world.runUntil(seconds(300));
    const snapshot = node.snapshot();
    expect(snapshot.pool.idle).toBeGreaterThanOrEqual(5);
    expect(snapshot.pool.settled).toBe(true);
  });

  it('warms a new node up once with ip_warm_up_size (1.16.4+)', () => {
    const world = new World({ seed: 24 });
    const node = world.addNode({
      name: 'n1',
      config: { ipamType: 'crd', minPoolSize: 0, maxPoolSize: 40, ipWarmUpSize: 25 },
    });
    world.checkEveryEvent();
    world.runUntil(seconds(120));
    expect(node.snapshot().pool.idle).toBeGreaterThanOrEqual(25);
    const old = new World({ seed: 24 });
    const before = old.addNode({
      name: 'n1',
      config: {
        ipamType: 'crd',
        minPoolSize: 0,
        maxPoolSize: 40,
        ipWarmUpSize: 25,
        terwayVersion: terwayVersion('1.16.3'),
      },
    });
    old.runUntil(seconds(120));
    expect(before.snapshot().pool.idle).toBe(0);
  });

  it('creates the trunk ENI with no demand, and it serves shared addresses', () => {
    const world = new World({ seed: 25 });
    const node = world.addNode({
      name: 'n1',
      limits: { memberEniLimit: 4 },
      config: { ipamType: 'crd', minPoolSize: 0, maxPoolSize: 0, enableEniTrunking: true },
    });
    world.checkEveryEvent();
    world.runUntil(seconds(30));
    const trunk = node.snapshot().enis.find((e) => e.kind === 'trunk');
    expect(trunk?.status).toBe('InUse');
    const shared = world.spawn(node.allocate(pod('s0')));
    world.runUntil(seconds(60));
    expect(shared.result).toMatchObject({ ok: true, eniId: trunk?.id });
    expect(node.snapshot().resources.memberEni.allocatable).toBe(4);
    node.release(pod('s0'));
    world.runUntil(seconds(900));
    // max_pool_size 0 releases every idle address but never the trunk itself.
    expect(node.snapshot().enis.find((e) => e.kind === 'trunk')?.status).toBe('InUse');
  });

  it('returns a released pod’s address at the next reconcile and shrinks to max_pool_size', () => {
    const world = new World({ seed: 26 });
    const node = world.addNode({
      name: 'n1',
      config: { ipamType: 'crd', minPoolSize: 0, maxPoolSize: 3 },
    });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 12 }, (_, i) => world.spawn(node.allocate(pod(`r${i}`))));
    world.runUntil(seconds(60));
    expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
    for (let i = 0; i < 12; i++) node.release(pod(`r${i}`));
    world.runUntil(seconds(400));
    const snapshot = node.snapshot();
    expect(snapshot.pods).toHaveLength(0);
    expect(snapshot.pool.idle).toBeLessThanOrEqual(Math.max(3, snapshot.pool.idlePrimaries));
    expect(world.callsOf('unassignPrivateIpAddresses', CONTROLLER).length).toBeGreaterThan(0);
  });

  it('backs off a failing node 1 s, 2 s, 4 s … when no event wakes it', () => {
    const world = new World({ seed: 27 });
    const node = world.addNode({
      name: 'n1',
      config: { ipamType: 'crd', minPoolSize: 1, maxPoolSize: 5 },
    });
    // Every create fails with an error Terway does not retry; the node then retries on its own.
    for (let i = 0; i < 40; i++) {
      world.failNext(CONTROLLER, 'createNetworkInterface', CloudErrorCode.vSwitchNotFound);
    }
    world.runUntil(seconds(40));
    const tries = world.callsOf('createNetworkInterface', CONTROLLER).map((c) => c.atUs);
    const gaps = tries.slice(1).map((t, i) => t - (tries[i] ?? 0));
    expect(gaps.slice(0, 5).map((g) => Math.round(g / seconds(1)))).toEqual([1, 2, 4, 8, 16]);
    expect(node.snapshot().pool.idle).toBe(0);
  });
});
