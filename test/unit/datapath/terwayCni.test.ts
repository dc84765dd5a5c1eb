import { describe, expect, it } from 'vitest';
import { createTerwayCni, podNetnsName } from '../../../sim/allocator/cni/terwayCni.js';
import type { PodNetwork } from '../../../sim/allocator/cniSequences.js';
import { newEniRecord } from '../../../sim/allocator/eniRecord.js';
import type { EniRecord } from '../../../sim/allocator/eniRecord.js';
import { bootNode, NODE_IPV4, run } from './harness.js';

function eni(kind: EniRecord['kind'], mac: string, primaryIpv4: string): EniRecord {
  return newEniRecord({
    id: `eni-${mac.slice(-2)}`,
    kind,
    status: 'InUse',
    vSwitchId: 'vsw-a',
    macAddress: mac,
    primaryIpv4,
    trunkEniId: null,
    ipv4Addresses: [primaryIpv4],
    ipv6Addresses: [],
  });
}

const CONFIG = {
  gatewaysOf: (vSwitchId: string) => {
    if (vSwitchId !== 'vsw-a') throw new Error(`unknown vSwitch ${vSwitchId}`);
    return { ipv4: '192.168.1.253' };
  },
  mtu: 1500,
  nodeIps: { ipv4: NODE_IPV4 },
  serviceCidrs: { ipv4: '172.16.0.0/16' },
};

describe('createTerwayCni', () => {
  it('drives shared and exclusive pods through the datapath and leaves the node as it found it', () => {
    const dp = bootNode();
    const before = dp.snapshot();
    const sharedEni = eni('secondary', '00:16:3e:00:00:02', '192.168.1.10');
    const ownEni = eni('exclusive', '00:16:3e:00:00:03', '192.168.1.30');
    dp.plugDevice({ mac: sharedEni.macAddress });
    dp.plugDevice({ mac: ownEni.macAddress });
    const plugged = dp.snapshot();
    const cni = createTerwayCni(dp, CONFIG);
    expect(run(cni.setUpEni(sharedEni))).toStrictEqual({ ok: true });
    expect(run(cni.setUpEni(ownEni))).toStrictEqual({ ok: true });
    const shared: PodNetwork = {
      podKey: 'default/api-0',
      kind: 'shared',
      ipv4: '192.168.1.21',
      ipv6: null,
      eni: sharedEni,
    };
    const exclusive: PodNetwork = {
      podKey: 'default/db-0',
      kind: 'exclusive',
      ipv4: '192.168.1.30',
      ipv6: null,
      eni: ownEni,
    };
    expect(run(cni.setUpPod(shared))).toStrictEqual({ ok: true });
    expect(run(cni.setUpPod(exclusive))).toStrictEqual({ ok: true });
    const namespaces = dp.snapshot().namespaces.map((ns) => ns.name);
    expect(namespaces).toStrictEqual(
      ['', podNetnsName('default/api-0'), podNetnsName('default/db-0')].sort(),
    );
    const host = dp.snapshot().namespaces[0];
    expect(host?.rules).toContainEqual({
      family: 4,
      priority: 2048,
      from: '192.168.1.21/32',
      table: 1003,
    });
    expect(host?.links.map((link) => link.name)).toStrictEqual([
      'cali31158f8c502',
      expect.stringMatching(/^cali[0-9a-f]{11}$/),
      'eth0',
      'eth1',
      'lo',
    ]);
    expect(run(cni.tearDownPod(exclusive))).toStrictEqual({ ok: true });
    expect(run(cni.tearDownPod(shared))).toStrictEqual({ ok: true });
    expect(run(cni.tearDownEni(sharedEni))).toStrictEqual({ ok: true });
    // The ENI is down again; its MTU never changed. Only the detach is left to do.
    expect(dp.snapshot()).toStrictEqual(plugged);
    dp.unplugDevice(sharedEni.macAddress);
    dp.unplugDevice(ownEni.macAddress);
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('reports a datapath failure with the step, e.g. an ENI whose device never appeared', () => {
    const dp = bootNode();
    const cni = createTerwayCni(dp, CONFIG);
    const missing = eni('secondary', '00:16:3e:00:00:09', '192.168.1.11');
    const result = run(cni.setUpEni(missing));
    expect(result).toStrictEqual({
      ok: false,
      message:
        'LinkBy address 00:16:3e:00:00:09: link with address 00:16:3e:00:00:09: no such device',
    });
  });
});
