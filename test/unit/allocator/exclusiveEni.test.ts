import { describe, expect, it } from 'vitest';
import type { CreateNetworkInterfaceRequest } from '../../../sim/contracts/cloudApi.js';
import type { AllocationResult } from '../../../sim/allocator/podRequest.js';
import { World, pod, seconds } from './harness.js';

const exclusive = (name: string, extra = {}) => pod(name, { kind: 'exclusive', ...extra });

describe('exclusive ENI mode (one ENI per pod, terway.md §3.3)', () => {
  it('gives each pod its own ENI; the 8th pod on an 8-ENI node fails with the ENI limit', () => {
    const world = new World({ seed: 31 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    world.checkEveryEvent();
    const seven = Array.from({ length: 7 }, (_, i) =>
      world.spawn(node.allocate(exclusive(`e${i}`))),
    );
    world.runUntil(seconds(120));
    const results = seven.map((t) => t.result as AllocationResult);
    expect(results.every((r) => r.ok && r.kind === 'exclusive')).toBe(true);
    const enis = new Set(results.map((r) => (r.ok ? r.eniId : '')));
    expect(enis.size).toBe(7);
    // Each ENI was created with one address (IPCount 1) and no IPv6 on an IPv4 cluster.
    const creates = world.callsOf('createNetworkInterface', 'controlplane');
    expect(
      creates.map(
        (c) => (c.request as CreateNetworkInterfaceRequest).secondaryPrivateIpAddressCount,
      ),
    ).toEqual(Array(7).fill(0));
    const snapshot = node.snapshot();
    expect(snapshot.resources.aliyunEni).toEqual({ allocatable: 7, inUse: 7 });
    const attachesBefore = world.callsOf('attachNetworkInterface', 'controlplane').length;
    const eighth = world.spawn(node.allocate(exclusive('e7')));
    world.runUntil(seconds(300));
    // The NetworkInterface controller's failed attach fails its reconcile, which is retried
    // (pkg/controller/eni/eni.go:attach returns the error; the ENI is not set Deleting), so the
    // daemon's wait_podeni_status (2 s + ~1 s × 100) runs out first.
    expect(eighth.result).toMatchObject({ ok: false, reason: 'Timeout' });
    const attaches = world.callsOf('attachNetworkInterface', 'controlplane').length;
    expect(attaches - attachesBefore).toBeGreaterThan(1);
    // Once the PodENI controller's wait ran out, the ENI created for it was rolled back.
    const attached = world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary');
    expect(attached).toHaveLength(7);
    expect(attached.every((e) => e.status === 'InUse')).toBe(true);
  });

  it('a released pod’s ENI is detached and deleted', () => {
    const world = new World({ seed: 32 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    world.checkEveryEvent();
    const task = world.spawn(node.allocate(exclusive('gone')));
    world.runUntil(seconds(60));
    const eniId = task.result?.ok === true ? task.result.eniId : '';
    expect(node.release(exclusive('gone'))).toEqual({ ok: true, kept: false });
    world.runUntil(seconds(180));
    expect(world.cloud.networkInterfaces().some((e) => e.networkInterfaceId === eniId)).toBe(false);
    expect(world.callsOf('detachNetworkInterface', 'controlplane')).toHaveLength(1);
    expect(node.snapshot().enis).toHaveLength(0);
  });

  it("has no per-node attach limit: ecsMaxConcurrentAttach is the centralized pool's only", () => {
    const world = new World({ seed: 33 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive', limits: { eniQuantity: 16 } });
    let attachingMax = 0;
    const tasks = Array.from({ length: 12 }, (_, i) =>
      world.spawn(node.allocate(exclusive(`c${i}`))),
    );
    for (let step = 0; step < 200_000 && !tasks.every((t) => t.finished); step++) {
      world.engine.run({ eventsMax: 1, untilUs: seconds(600) });
      const attaching = world.cloud
        .networkInterfaces()
        .filter((e) => e.type !== 'Primary' && e.status === 'Attaching').length;
      attachingMax = Math.max(attachingMax, attaching);
    }
    expect(tasks.every((t) => t.result?.ok === true)).toBe(true);
    // Twelve pods, ten PodENI workers (podENIMaxConcurrent): ten attach at once.
    expect(attachingMax).toBe(10);
  });

  it('a Fixed-IP pod keeps its ENI while away and gets it back on another node', () => {
    const world = new World({ seed: 34 });
    const a = world.addNode({ name: 'x1', mode: 'exclusive' });
    const b = world.addNode({ name: 'x2', mode: 'exclusive' });
    world.checkEveryEvent();
    const fixed = { releaseStrategy: 'TTL' as const, releaseAfterUs: seconds(600) };
    const first = exclusive('db-0', { stateful: true, fixedIp: fixed });
    const task = world.spawn(a.allocate(first));
    world.runUntil(seconds(60));
    expect(task.result).toMatchObject({ ok: true, reused: false });
    const address = task.result?.ok === true ? task.result.ipv4 : null;
    expect(a.release(first)).toEqual({ ok: true, kept: true });
    world.runUntil(seconds(180));
    const reserved = world.controlPlane.snapshot().reserved;
    expect(reserved).toHaveLength(1);
    expect(reserved[0]).toMatchObject({ podKey: 'default/db-0', ipv4: address });
    const back = world.spawn(b.allocate({ ...first, uid: 'db-0-second' }));
    world.runUntil(seconds(300));
    expect(back.result).toMatchObject({ ok: true, ipv4: address, reused: true });
    expect(b.snapshot().pods.map((p) => p.key)).toEqual(['default/db-0']);
    expect(a.snapshot().enis).toHaveLength(0);
  });

  it('a Fixed TTL runs out: the kept ENI is deleted', () => {
    const world = new World({ seed: 35 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    world.checkEveryEvent();
    const fixed = { releaseStrategy: 'TTL' as const, releaseAfterUs: seconds(300) };
    const sts = exclusive('db-1', { stateful: true, fixedIp: fixed });
    world.spawn(node.allocate(sts));
    world.runUntil(seconds(60));
    node.release(sts);
    world.runUntil(seconds(60 + 200));
    expect(world.controlPlane.snapshot().reserved).toHaveLength(1);
    world.runUntil(seconds(60 + 300 + 120));
    expect(world.controlPlane.snapshot().reserved).toHaveLength(0);
    expect(world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toHaveLength(0);
  });

  it('refuses Fixed IP for a pod without a fixed name, and TTLs under 5 min', () => {
    const world = new World({ seed: 36 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    const fixed = { releaseStrategy: 'TTL' as const, releaseAfterUs: seconds(600) };
    expect(() => world.spawn(node.allocate(exclusive('x', { fixedIp: fixed })))).toThrow(
      /fixed name/,
    );
    const short = { releaseStrategy: 'TTL' as const, releaseAfterUs: seconds(60) };
    expect(() =>
      world.spawn(node.allocate(exclusive('y', { stateful: true, fixedIp: short }))),
    ).toThrow(/5m/);
  });

  it('trunk member pods ride member ENIs on the trunk, up to EniTotalQuantity − EniQuantity', () => {
    const world = new World({ seed: 37 });
    const node = world.addNode({
      name: 'n1',
      limits: { memberEniLimit: 3 },
      config: { enableEniTrunking: true, minPoolSize: 0 },
    });
    world.checkEveryEvent();
    world.runUntil(seconds(30));
    const trunk = node.snapshot().enis.find((e) => e.kind === 'trunk');
    expect(trunk?.status).toBe('InUse');
    const members = Array.from({ length: 3 }, (_, i) =>
      world.spawn(node.allocate(pod(`m${i}`, { kind: 'member' }))),
    );
    world.runUntil(seconds(120));
    expect(members.every((t) => t.result?.ok === true && t.result.kind === 'member')).toBe(true);
    const attaches = world.callsOf('attachNetworkInterface', 'controlplane');
    expect(
      attaches.every(
        (c) =>
          (c.request as { trunkNetworkInterfaceId?: string }).trunkNetworkInterfaceId === trunk?.id,
      ),
    ).toBe(true);
    expect(node.snapshot().resources.memberEni).toEqual({ allocatable: 3, inUse: 3 });
    const fourth = world.spawn(node.allocate(pod('m3', { kind: 'member' })));
    world.runUntil(seconds(300));
    expect(fourth.result).toMatchObject({ ok: false });
  });

  it('a member pod on a node without trunking is unsupported', () => {
    const world = new World({ seed: 38 });
    const node = world.addNode({ name: 'n1' });
    const task = world.spawn(node.allocate(pod('m', { kind: 'member' })));
    expect(task.result).toMatchObject({ ok: false, reason: 'Unsupported' });
  });
});

describe("a PodNetworking's vSwitches across zones", () => {
  it("creates the pod's ENI only in a vSwitch of the node's own zone, as Terway's GetOne does", () => {
    for (const seed of [41, 42, 43, 44, 45]) {
      const world = new World({ seed });
      // Another zone's vSwitch, listed first so a zone-blind pick would often take it.
      world.cloud.addVSwitch({
        vSwitchId: 'vsw-other-zone',
        zoneId: 'cn-hangzhou-j',
        cidrBlock: '10.9.0.0/24',
      });
      const node = world.addNode({ name: 'x1', mode: 'exclusive' });
      world.checkEveryEvent();
      const task = world.spawn(
        node.allocate(exclusive('zoned', { vSwitchIds: ['vsw-other-zone', world.vSwitchId] })),
      );
      world.runUntil(seconds(120));
      expect(task.result).toMatchObject({ ok: true, vSwitchId: world.vSwitchId });
      const creates = world.callsOf('createNetworkInterface', 'controlplane');
      expect(creates.map((c) => (c.request as CreateNetworkInterfaceRequest).vSwitchId)).toEqual([
        world.vSwitchId,
      ]);
    }
  });
});
