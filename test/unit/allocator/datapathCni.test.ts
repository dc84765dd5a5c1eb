import { describe, expect, it } from 'vitest';
import { MemoryDatapath } from '../../../sim/datapath/memoryDatapath.js';
import { createDatapathCni, podNetnsName } from '../../../sim/allocator/datapathCni.js';
import { World, pod, seconds } from './harness.js';

/** A node's memory datapath, its ENIs plugged in as the cloud attaches them. */
function nodeDatapath(): { dp: MemoryDatapath; cni: ReturnType<typeof createDatapathCni> } {
  const dp = new MemoryDatapath();
  dp.plugDevice({ mac: '00:16:3e:ff:00:01' });
  const cni = createDatapathCni({
    datapath: dp,
    // 10.0.0.0/24: the vSwitch gateway is the first of the three reserved tail addresses.
    gateways: () => ({ ipv4: '10.0.0.253' }),
    onDeviceAttached: (eni) => dp.plugDevice({ mac: eni.macAddress }),
    onDeviceDetached: (eni) => {
      dp.unplugDevice(eni.macAddress);
    },
  });
  return { dp, cni };
}

describe('CNI ADD/DEL through the datapath sequences', () => {
  it('a shared pod: the new ENI gets its table, the pod its veth and policy rules', () => {
    const world = new World({ seed: 51 });
    const { dp, cni } = nodeDatapath();
    const node = world.addNode({ name: 'n1', cni, config: { minPoolSize: 0 } });
    world.checkEveryEvent();
    const web = pod('web');
    const added = world.spawn(node.cniAdd(web));
    world.runUntil(seconds(30));
    expect(added.result).toMatchObject({ ok: true });
    const address = added.result?.ok === true ? added.result.ipv4 : '';
    const dump = dp.snapshot();
    const host = dump.namespaces.find((ns) => ns.name === '');
    const inPod = dump.namespaces.find((ns) => ns.name === podNetnsName('default/web'));
    expect(inPod?.addresses.map((a) => `${a.dev} ${a.address}/${a.prefixLength}`)).toEqual([
      `eth0 ${String(address)}/32`,
    ]);
    // `from POD lookup <ENI table>` at 2048 and `to POD lookup main` at 512.
    const rules = host?.rules.filter(
      (r) => r.from === `${String(address)}/32` || r.to === `${String(address)}/32`,
    );
    expect(rules?.map((r) => r.priority).sort()).toEqual([2048, 512]);
    const eniTable = rules?.find((r) => r.priority === 2048)?.table ?? 0;
    expect(eniTable).toBeGreaterThan(1000);
    expect(host?.routeTables.some((t) => t.table === eniTable)).toBe(true);
    const deleted = world.spawn(node.cniDel(web));
    world.runFor(seconds(1));
    expect(deleted.result).toEqual({ ok: true, kept: false });
    const after = dp.snapshot();
    expect(after.namespaces.some((ns) => ns.name === podNetnsName('default/web'))).toBe(false);
    expect(after.namespaces[0]?.rules.some((r) => r.from === `${String(address)}/32`)).toBe(false);
  });

  it('an exclusive pod: its ENI moves into the pod as eth0 and back out on DEL', () => {
    const world = new World({ seed: 52 });
    const { dp, cni } = nodeDatapath();
    const node = world.addNode({ name: 'x1', mode: 'exclusive', cni });
    world.checkEveryEvent();
    const db = pod('db', { kind: 'exclusive' });
    const added = world.spawn(node.cniAdd(db));
    world.runUntil(seconds(60));
    expect(added.result).toMatchObject({ ok: true, kind: 'exclusive' });
    const address = added.result?.ok === true ? added.result.ipv4 : '';
    const inPod = dp.snapshot().namespaces.find((ns) => ns.name === podNetnsName('default/db'));
    const eth0 = inPod?.links.find((l) => l.name === 'eth0');
    expect(eth0?.kind).toBe('device');
    expect(inPod?.addresses.some((a) => a.dev === 'eth0' && a.address === address)).toBe(true);
    world.spawn(node.cniDel(db));
    world.runUntil(seconds(200));
    const after = dp.snapshot();
    expect(after.namespaces.some((ns) => ns.name === podNetnsName('default/db'))).toBe(false);
    // The ENI is detached and deleted: its device is gone from the host too.
    expect(after.namespaces[0]?.links.filter((l) => l.kind === 'device')).toHaveLength(1);
    expect(world.cloud.networkInterfaces().filter((e) => e.type !== 'Primary')).toHaveLength(0);
  });
});
