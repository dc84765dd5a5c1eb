import { describe, expect, it } from 'vitest';
import type { CreateNetworkInterfaceRequest } from '../../../sim/contracts/cloudApi.js';
import type { AllocationResult } from '../../../sim/allocator/podRequest.js';
import type { Task } from '../../../sim/contracts/operation.js';
import { terwayVersion } from '../../../models/terwayVersion.js';
import { World, pod, seconds } from './harness.js';

const NODE = 'node/i-n1';

function results(tasks: readonly Task<AllocationResult>[]): AllocationResult[] {
  return tasks.map((task) => {
    expect(task.finished).toBe(true);
    return task.result as AllocationResult;
  });
}

function okAddresses(list: readonly AllocationResult[]): string[] {
  return list.map((result) => {
    if (!result.ok) throw new Error(`allocation failed: ${result.message}`);
    return result.ipv4 ?? '';
  });
}

describe('daemon pool (per-node IPAM, terway.md §3.1)', () => {
  it('a warm shared pool hands out addresses without cloud calls', () => {
    const world = new World({ seed: 11 });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 10, maxPoolSize: 10 } });
    world.checkEveryEvent();
    world.runUntil(seconds(30));
    expect(node.snapshot().pool.idle).toBe(10);
    const before = world.calls.length;
    const tasks = Array.from({ length: 10 }, (_, i) => world.spawn(node.allocate(pod(`w${i}`))));
    // Answered inside the call: no engine event, no cloud call.
    const answered = results(tasks);
    expect(answered.every((r) => r.ok && r.warm)).toBe(true);
    expect(new Set(okAddresses(answered)).size).toBe(10);
    for (let i = 0; i < 10; i++)
      expect(node.release(pod(`w${i}`))).toEqual({ ok: true, kept: false });
    const again = results([world.spawn(node.allocate(pod('w-again')))]);
    expect(again[0]?.ok).toBe(true);
    expect(world.calls.length).toBe(before);
    expect(node.snapshot().counters.warmHits).toBe(11);
  });

  it('a cold node creates its first ENI with at most 10 addresses, coalescing requests for 300 ms', () => {
    const world = new World({ seed: 12 });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 0 } });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 15 }, (_, i) => world.spawn(node.allocate(pod(`c${i}`))));
    world.runUntil(seconds(100));
    const answered = results(tasks);
    expect(new Set(okAddresses(answered)).size).toBe(15);
    const creates = world.callsOf('createNetworkInterface', NODE);
    expect(creates).toHaveLength(1);
    const create = creates[0]?.request as CreateNetworkInterfaceRequest;
    // 10 addresses: the primary and 9 secondary ones; the request came after the 300 ms wait.
    expect(create.secondaryPrivateIpAddressCount).toBe(9);
    expect(creates[0]?.atUs).toBeGreaterThanOrEqual(300_000);
    const assigns = world.callsOf('assignPrivateIpAddresses', NODE);
    expect(
      assigns.map(
        (c) =>
          (c.request as { secondaryPrivateIpAddressCount: number }).secondaryPrivateIpAddressCount,
      ),
    ).toEqual([5]);
    const eni = node.snapshot().enis[0];
    expect(eni?.status).toBe('InUse');
    expect(eni?.ipv4).toHaveLength(15);
  });

  it('shrinks to max_pool_size at the sync; a released address is Deleting until Unassign returns', () => {
    const world = new World({ seed: 13 });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 0, maxPoolSize: 5 } });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 20 }, (_, i) => world.spawn(node.allocate(pod(`s${i}`))));
    world.runUntil(seconds(60));
    expect(okAddresses(results(tasks))).toHaveLength(20);
    for (let i = 0; i < 20; i++) node.release(pod(`s${i}`));
    const syncBefore = node.snapshot().pool.lastSyncUs;
    let sawDeleting = false;
    // Step until the next sync has marked addresses and their Unassign has returned.
    for (let step = 0; step < 100_000; step++) {
      world.engine.run({ eventsMax: 1, untilUs: seconds(700) });
      world.check();
      const snapshot = node.snapshot();
      if (snapshot.pool.deleting > 0) {
        sawDeleting = true;
        // The cloud still has every Deleting address: only the Unassign call gives them back.
        const eni = snapshot.enis[0];
        const remote = world.cloud
          .networkInterfaces()
          .find((e) => e.networkInterfaceId === eni?.id);
        expect(remote?.privateIpAddresses.length).toBe(eni?.ipv4.length);
        expect(eni?.ipv4.length).toBe(snapshot.pool.idle + snapshot.pool.deleting);
      }
      if (sawDeleting && snapshot.pool.deleting === 0) break;
    }
    expect(sawDeleting).toBe(true);
    const snapshot = node.snapshot();
    expect(snapshot.pool.lastSyncUs).not.toBe(syncBefore);
    expect(snapshot.pool.idle).toBe(5);
    expect(snapshot.enis[0]?.ipv4.some((a) => a.primary && a.status === 'Valid')).toBe(true);
    const remote = world.cloud
      .networkInterfaces()
      .find((e) => e.networkInterfaceId === snapshot.enis[0]?.id);
    expect(remote?.privateIpAddresses).toHaveLength(5);
    expect(world.callsOf('unassignPrivateIpAddresses', NODE).length).toBeGreaterThanOrEqual(2);
  });

  it('never releases a primary address on its own; deletes an ENI only when all of it is idle', () => {
    const world = new World({ seed: 14 });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 0, maxPoolSize: 0 } });
    world.checkEveryEvent();
    const tasks = Array.from({ length: 3 }, (_, i) => world.spawn(node.allocate(pod(`p${i}`))));
    world.runUntil(seconds(30));
    const addresses = okAddresses(results(tasks));
    const primary = node.snapshot().enis[0]?.primaryIpv4 ?? '';
    // Keep the pod on a secondary address; release the others.
    const keep = addresses.findIndex((a) => a !== primary);
    for (let i = 0; i < 3; i++) if (i !== keep) node.release(pod(`p${i}`));
    world.runUntil(seconds(600));
    let eni = node.snapshot().enis[0];
    expect(eni?.ipv4.map((a) => a.address).sort()).toEqual([primary, addresses[keep]].sort());
    node.release(pod(`p${keep}`));
    world.runUntil(seconds(1200));
    eni = node.snapshot().enis[0];
    expect(eni).toBeUndefined();
    expect(world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toHaveLength(0);
    expect(world.callsOf('deleteNetworkInterface', NODE)).toHaveLength(1);
  });

  it('a tiny vSwitch runs dry: allocation blocks for 10 min and SufficientIP goes False', () => {
    // A /28 holds 12 usable addresses; the node's own address takes one.
    const world = new World({ seed: 15, cidrBlock: '10.0.0.0/28' });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 0, maxPoolSize: 20 } });
    world.checkEveryEvent();
    const first = Array.from({ length: 11 }, (_, i) => world.spawn(node.allocate(pod(`t${i}`))));
    world.runUntil(seconds(60));
    expect(okAddresses(results(first))).toHaveLength(11);
    const late = world.spawn(node.allocate(pod('t11')));
    world.runUntil(seconds(200));
    expect(late.result).toMatchObject({ ok: false, reason: 'VSwitchExhausted' });
    expect(node.snapshot().sufficientIp).toBe(false);
    const blockedUntil = node.snapshot().pool.inhibitedUntilUs;
    expect(blockedUntil).toBeGreaterThan(seconds(60) + seconds(599));
    // Within the block the exhausted ENI is not asked again. The next pod goes to a new ENI
    // slot, whose create (the daemon's vSwitch cache still shows free addresses) meets the same
    // error and blocks the vSwitch; after that no address or ENI is asked of the cloud at all.
    const creates = (from: number): string[] =>
      world.calls
        .slice(from)
        .map((c) => c.method)
        .filter((m) => m.startsWith('assign') || m.startsWith('create'));
    const calls = world.calls.length;
    const refused = world.spawn(node.allocate(pod('t12')));
    world.runFor(seconds(120));
    expect(refused.result).toMatchObject({ ok: false, reason: 'VSwitchExhausted' });
    expect(creates(calls)).toEqual(['createNetworkInterface']);
    const quiet = world.calls.length;
    const refusedAgain = world.spawn(node.allocate(pod('t12b')));
    world.runFor(seconds(120));
    expect(refusedAgain.result).toMatchObject({ ok: false, reason: 'VSwitchExhausted' });
    expect(creates(quiet)).toEqual([]);
    // A released address comes back at once, and with it SufficientIP.
    node.release(pod('t0'));
    world.runFor(1);
    expect(node.snapshot().sufficientIp).toBe(true);
    const reuse = world.spawn(node.allocate(pod('t13')));
    expect(reuse.result).toMatchObject({ ok: true, warm: true });
    // After the block the node asks the cloud again.
    world.runUntil(blockedUntil + seconds(1));
    const retry = world.spawn(node.allocate(pod('t14')));
    world.runFor(seconds(200));
    expect(retry.result).toMatchObject({ ok: false, reason: 'VSwitchExhausted' });
    expect(creates(quiet)).toContain('assignPrivateIpAddresses');
  });

  it('EniPerInstanceLimitExceeded inhibits the slot for one minute', () => {
    // The allocator believes in 8 ENIs; the instance takes 2 (eth0 and one more).
    const world = new World({ seed: 16 });
    const node = world.addNode({
      name: 'n1',
      cloudEniQuantity: 2,
      limits: { ipv4PerEni: 10 },
      config: { minPoolSize: 0, maxPoolSize: 50 },
    });
    world.checkEveryEvent();
    const first = Array.from({ length: 10 }, (_, i) => world.spawn(node.allocate(pod(`l${i}`))));
    world.runUntil(seconds(30));
    expect(okAddresses(results(first))).toHaveLength(10);
    const late = world.spawn(node.allocate(pod('l10')));
    world.runUntil(seconds(30) + seconds(118) + seconds(1));
    expect(late.result).toMatchObject({ ok: false, reason: 'EniLimit' });
    // One attempt, a minute's pause, one more: not a tight loop.
    const attaches = world.callsOf('attachNetworkInterface', NODE);
    expect(attaches.length).toBe(3);
    const gaps = attaches.slice(1).map((c, i) => c.atUs - (attaches[i]?.atUs ?? 0));
    expect(gaps[1]).toBeGreaterThanOrEqual(seconds(60));
    // The failed ENIs were deleted again.
    expect(world.cloud.networkInterfaces().filter((e) => e.status === 'Available')).toHaveLength(0);
  });

  it('a stateful pod gets its address back within 5 min; the GC frees it after', () => {
    const world = new World({ seed: 17 });
    const node = world.addNode({ name: 'n1', config: { minPoolSize: 0 } });
    world.checkEveryEvent();
    const sts = pod('web-0', { stateful: true });
    const first = world.spawn(node.allocate(sts));
    world.runUntil(seconds(30));
    const address = first.result?.ok === true ? first.result.ipv4 : null;
    expect(node.release(sts)).toEqual({ ok: true, kept: true });
    world.runUntil(seconds(120));
    const back = world.spawn(node.allocate({ ...sts, uid: 'web-0-second' }));
    expect(back.result).toMatchObject({ ok: true, ipv4: address, reused: true });
    node.release({ ...sts, uid: 'web-0-second' });
    world.runUntil(seconds(1000));
    expect(node.snapshot().pods).toHaveLength(0);
  });

  it('most_ips fills one ENI; least_ips spreads pods over new ENIs', () => {
    const run = (policy: 'most_ips' | 'least_ips'): number => {
      const world = new World({ seed: 18 });
      const node = world.addNode({
        name: 'n1',
        config: { minPoolSize: 0, maxPoolSize: 0, eniSelectionPolicy: policy },
      });
      world.checkEveryEvent();
      for (let i = 0; i < 3; i++) {
        world.spawn(node.allocate(pod(`m${i}`)));
        world.runFor(seconds(30));
      }
      return node.snapshot().enis.length;
    };
    expect(run('most_ips')).toBe(1);
    expect(run('least_ips')).toBe(3);
  });

  it('idle reclaim (1.16.0+) takes an idle pool down to min_pool_size in batches', () => {
    const run = (version: string): number[] => {
      const world = new World({ seed: 19 });
      const node = world.addNode({
        name: 'n1',
        config: {
          terwayVersion: terwayVersion(version),
          minPoolSize: 2,
          maxPoolSize: 20,
          idleIpReclaimAfterUs: seconds(60),
          idleIpReclaimIntervalUs: seconds(120),
          idleIpReclaimBatchSize: 3,
        },
      });
      world.checkEveryEvent();
      const tasks = Array.from({ length: 12 }, (_, i) => world.spawn(node.allocate(pod(`r${i}`))));
      world.runUntil(seconds(30));
      expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
      for (let i = 0; i < 12; i++) node.release(pod(`r${i}`));
      const idle: number[] = [];
      for (let minute = 1; minute <= 40; minute++) {
        world.runUntil(seconds(30 + 60 * minute));
        idle.push(node.snapshot().pool.idle);
      }
      return idle;
    };
    const reclaimed = run('1.16.0');
    expect(reclaimed[0]).toBeGreaterThan(2);
    expect(reclaimed.at(-1)).toBe(2);
    // Each round takes at most the batch.
    for (let i = 1; i < reclaimed.length; i++) {
      expect((reclaimed[i - 1] ?? 0) - (reclaimed[i] ?? 0)).toBeLessThanOrEqual(3);
    }
    // Before 1.16.0 an idle pool below max_pool_size stays as it is.
    const kept = run('1.15.3');
    expect(new Set(kept).size).toBe(1);
  });
});
