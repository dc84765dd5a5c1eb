import { describe, expect, it } from 'vitest';
import { World, pod, seconds } from './harness.js';

describe('a pod deleted while its CNI ADD waits', () => {
  for (const ipamType of ['default', 'crd'] as const) {
    it(`${ipamType === 'crd' ? 'centralized IPAM' : 'daemon pool'}: the ADD ends Cancelled and nothing stays held`, () => {
      const world = new World({ seed: 81 });
      const node = world.addNode({
        name: 'n1',
        config: { ipamType, minPoolSize: 0, maxPoolSize: 0 },
      });
      world.checkEveryEvent();
      const waiting = world.spawn(node.allocate(pod('slow')));
      world.runFor(seconds(0.1));
      expect(waiting.finished).toBe(false);
      expect(node.release(pod('slow'))).toEqual({ ok: true, kept: false });
      world.runFor(seconds(600));
      expect(waiting.result).toMatchObject({ ok: false, reason: 'Cancelled' });
      const snapshot = node.snapshot();
      expect(snapshot.pods).toEqual([]);
      expect(snapshot.pool.inUse).toBe(0);
      expect(snapshot.pool.pending).toBe(0);
    });
  }

  it('exclusive ENI: the ENI set up for it is torn down and deleted', () => {
    const world = new World({ seed: 82 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    world.checkEveryEvent();
    const waiting = world.spawn(node.allocate(pod('slow', { kind: 'exclusive' })));
    world.runFor(seconds(1));
    expect(node.release(pod('slow', { kind: 'exclusive' }))).toEqual({ ok: true, kept: false });
    world.runFor(seconds(300));
    expect(waiting.result).toMatchObject({ ok: false, reason: 'Cancelled' });
    expect(node.snapshot().enis).toEqual([]);
    expect(world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toEqual([]);
    expect([...world.controlPlane.podEnis.store.values()]).toEqual([]);
  });

  it('exclusive ENI: a pod of the same name back during the set-up takes the ENI over', () => {
    const world = new World({ seed: 83 });
    const node = world.addNode({ name: 'x1', mode: 'exclusive' });
    world.checkEveryEvent();
    const first = pod('web', { kind: 'exclusive' });
    world.spawn(node.allocate(first));
    world.runFor(seconds(1));
    node.release(first);
    const second = world.spawn(node.allocate({ ...first, uid: 'web-2' }));
    world.runFor(seconds(120));
    expect(second.result).toMatchObject({ ok: true, kind: 'exclusive' });
    expect(world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toHaveLength(1);
  });
});
