import { describe, expect, it } from 'vitest';
import type { SimCloudOverrides } from '../../../sim/cloud/index.js';
import type { CloudApi, CloudApiAction } from '../../../sim/contracts/cloudApi.js';
import type { Operation } from '../../../sim/contracts/operation.js';
import { makeCloud, okValue, settle, settleAll } from './helpers.js';

const ZONE = 'cn-wulanchabu-a';

/** A region with one Lingjun LENI node (3 LENIs × 3 secondary addresses) and one ECS vSwitch. */
function region(options: SimCloudOverrides = {}) {
  const { engine, cloud } = makeCloud(options);
  cloud.addVSwitch({ vSwitchId: 'vsw-lj', zoneId: ZONE, cidrBlock: '192.168.0.0/24' });
  cloud.addLingjunNode({
    nodeId: 'e01-leni',
    zoneId: ZONE,
    vSwitchId: 'vsw-lj',
    leniQuota: 3,
    leniSipQuota: 3,
    hdeniQuota: 8,
  });
  return { engine, cloud, api: cloud.clientFor('controlplane') };
}

describe('EFLO ListLeniPrivateIpAddresses', () => {
  it("lists a LENI's secondary addresses with their ipNames, in assignment order", () => {
    const { engine, cloud, api } = region();
    const leni = okValue(
      settle(
        engine,
        api.createElasticNetworkInterface({
          nodeId: 'e01-leni',
          vSwitchId: 'vsw-lj',
          securityGroupId: 'sg-1',
        }),
      ).value,
    ).networkInterfaceId;
    const ref = { networkInterfaceId: leni };
    const list = (filters: { readonly ipName?: string; readonly privateIpAddress?: string } = {}) =>
      okValue(settle(engine, api.listLeniPrivateIpAddresses({ ...ref, ...filters })).value);
    expect(list()).toEqual([]);
    const assigned = [1, 2, 3].map(() =>
      okValue(settle(engine, api.assignLeniPrivateIpAddress(ref)).value),
    );
    // .1 is the node's primary LENI, .2 this LENI's own primary address (never listed).
    expect(assigned.map((ip) => ip.privateIpAddress)).toEqual([
      '192.168.0.3',
      '192.168.0.4',
      '192.168.0.5',
    ]);
    expect(list()).toEqual(assigned);
    const [first, second, third] = assigned as [
      (typeof assigned)[number],
      (typeof assigned)[number],
      (typeof assigned)[number],
    ];
    okValue(
      settle(engine, api.unassignLeniPrivateIpAddress({ ...ref, ipName: second.ipName })).value,
    );
    expect(list()).toEqual([first, third]);
    expect(list({ ipName: third.ipName })).toEqual([third]);
    expect(list({ privateIpAddress: '192.168.0.3' })).toEqual([first]);
    expect(list({ ipName: second.ipName })).toEqual([]);
    expect(list({ ipName: first.ipName, privateIpAddress: '192.168.0.5' })).toEqual([]);
    // The primary LENI has no secondary addresses; every listed address is on this LENI.
    const primary = cloud.instances()[0]!.primaryNetworkInterfaceId;
    expect(list({}).every((ip) => cloud.ownerOf(ip.privateIpAddress) === leni)).toBe(true);
    expect(
      okValue(
        settle(engine, api.listLeniPrivateIpAddresses({ networkInterfaceId: primary })).value,
      ),
    ).toEqual([]);
  });

  it('answers InvalidEniId.NotFound for an unknown LENI and for an ECS ENI', () => {
    const { engine, cloud, api } = region();
    cloud.addVSwitch({ vSwitchId: 'vsw-ecs', zoneId: ZONE, cidrBlock: '10.0.0.0/24' });
    const ecsEni = okValue(
      settle(
        engine,
        api.createNetworkInterface({
          vSwitchId: 'vsw-ecs',
          securityGroupIds: ['sg-1'],
          secondaryPrivateIpAddressCount: 1,
          ipv6AddressCount: 0,
        }),
      ).value,
    ).networkInterfaceId;
    for (const networkInterfaceId of ['leni-none', ecsEni]) {
      expect(
        settle(engine, api.listLeniPrivateIpAddresses({ networkInterfaceId })).value,
      ).toMatchObject({ ok: false, code: 'InvalidEniId.NotFound' });
    }
  });
});

describe('eflo-controller DescribeNode and DescribeNodeType', () => {
  it('report the node and node type a LENI node declares', () => {
    const { engine, cloud } = makeCloud();
    cloud.addVSwitch({ vSwitchId: 'vsw-lj', zoneId: ZONE, cidrBlock: '192.168.0.0/24' });
    // The figures of the csi-driver EFLO test fixture (lingjun.md §3), not a published table.
    cloud.addLingjunNode({
      nodeId: 'e01-cn-fixture',
      zoneId: ZONE,
      vSwitchId: 'vsw-lj',
      leniQuota: 12,
      leniSipQuota: 10,
      nodeType: 'standby-v2',
      machineType: 'efg2.C48eNH3ebn',
      hpnZone: 'A4',
      eniIpv6AddressQuantity: 10,
    });
    const api = cloud.clientFor('controlplane');
    expect(okValue(settle(engine, api.describeNode({ nodeId: 'e01-cn-fixture' })).value)).toEqual({
      nodeId: 'e01-cn-fixture',
      nodeType: 'standby-v2',
      machineType: 'efg2.C48eNH3ebn',
      zoneId: ZONE,
      hpnZone: 'A4',
    });
    expect(okValue(settle(engine, api.describeNodeType({ nodeType: 'standby-v2' })).value)).toEqual(
      {
        nodeType: 'standby-v2',
        eniQuantity: 12,
        eniPrivateIpAddressQuantity: 10,
        eniIpv6AddressQuantity: 10,
        eniHighDenseQuantity: 0,
      },
    );
  });

  it("defaults a LENI node's type to its LENI quotas, so both of Terway's paths agree", () => {
    const { engine, api } = region();
    const node = okValue(settle(engine, api.describeNode({ nodeId: 'e01-leni' })).value);
    expect(node).toEqual({
      nodeId: 'e01-leni',
      nodeType: 'sim-e3-ip3-v6-0-hd8',
      machineType: null,
      zoneId: ZONE,
      hpnZone: null,
    });
    const type = okValue(settle(engine, api.describeNodeType({ nodeType: node.nodeType })).value);
    expect(type).toEqual({
      nodeType: 'sim-e3-ip3-v6-0-hd8',
      eniQuantity: 3,
      eniPrivateIpAddressQuantity: 3,
      eniIpv6AddressQuantity: 0,
      eniHighDenseQuantity: 8,
    });
    const leni = okValue(settle(engine, api.getNodeInfoForPod({ nodeId: 'e01-leni' })).value);
    // Shared-mode pods, (Adapters − 1) × IPv4PerAdapter, read either way: 2 × 3.
    expect((type.eniQuantity - 1) * type.eniPrivateIpAddressQuantity).toBe(6);
    expect((leni.leniQuota - 1) * leni.leniSipQuota).toBe(6);
    expect(type.eniHighDenseQuantity).toBe(leni.hdeniQuota);
  });

  it("describes an ECS-link Lingjun instance with its ECS quotas as its node type's", () => {
    const { engine, cloud, api } = region();
    cloud.addInstance({
      instanceId: 'e01-ecslink',
      zoneId: ZONE,
      vSwitchId: 'vsw-lj',
      eniQuantity: 4,
      eniPrivateIpAddressQuantity: 10,
      eniIpv6AddressQuantity: 10,
      lingjunEcsLink: true,
      eniHighDenseQuantity: 2,
      nodeType: 'lingjun-ecs-type',
    });
    const node = okValue(settle(engine, api.describeNode({ nodeId: 'e01-ecslink' })).value);
    expect(node).toEqual({
      nodeId: 'e01-ecslink',
      nodeType: 'lingjun-ecs-type',
      machineType: null,
      zoneId: ZONE,
      hpnZone: null,
    });
    expect(
      okValue(settle(engine, api.describeNodeType({ nodeType: node.nodeType })).value),
    ).toEqual({
      nodeType: 'lingjun-ecs-type',
      eniQuantity: 4,
      eniPrivateIpAddressQuantity: 10,
      eniIpv6AddressQuantity: 10,
      eniHighDenseQuantity: 2,
    });
    // The ECS-link node is not on the LENI API.
    expect(settle(engine, api.getNodeInfoForPod({ nodeId: 'e01-ecslink' })).value).toMatchObject({
      ok: false,
      code: 'InvalidInstanceId.NotFound',
    });
  });

  it('answers InvalidInstanceId.NotFound for an unknown id, a plain ECS instance and a released node', () => {
    const { engine, cloud, api } = region();
    cloud.addInstance({
      instanceId: 'i-ecs',
      zoneId: ZONE,
      vSwitchId: 'vsw-lj',
      eniQuantity: 4,
      eniPrivateIpAddressQuantity: 10,
    });
    const typeName = okValue(
      settle(engine, api.describeNode({ nodeId: 'e01-leni' })).value,
    ).nodeType;
    cloud.removeInstance('e01-leni', { deleteAttachedEnis: true });
    for (const nodeId of ['e01-none', 'i-ecs', 'e01-leni']) {
      expect(settle(engine, api.describeNode({ nodeId })).value).toMatchObject({
        ok: false,
        code: 'InvalidInstanceId.NotFound',
        message: `Lingjun node ${nodeId} does not exist`,
      });
    }
    // A node type outlives its nodes.
    expect(
      okValue(settle(engine, api.describeNodeType({ nodeType: typeName })).value).eniQuantity,
    ).toBe(3);
  });

  it('throws on a node type no node ever had: only a caller bug asks for one', () => {
    const { engine, api } = region();
    expect(() => settle(engine, api.describeNodeType({ nodeType: 'ebs-enhanced' }))).toThrow(
      /DescribeNodeType: no node type "ebs-enhanced"/,
    );
  });

  it('rejects a node type declared twice with other quotas, and node fields on plain ECS', () => {
    const { engine, cloud, api } = region();
    const lingjun = (nodeId: string, leniSipQuota: number) => {
      cloud.addLingjunNode({
        nodeId,
        zoneId: ZONE,
        vSwitchId: 'vsw-lj',
        leniQuota: 3,
        leniSipQuota,
        nodeType: 'shared-type',
      });
    };
    lingjun('e01-a', 3);
    lingjun('e01-b', 3); // same quotas: the same type
    const free = cloud.vSwitchAccounting()[0]!.ipv4.free;
    expect(() => {
      lingjun('e01-c', 4);
    }).toThrow(/node type shared-type is already declared with other quotas/);
    // The refused node took no address and does not exist.
    expect(cloud.vSwitchAccounting()[0]!.ipv4.free).toBe(free);
    expect(settle(engine, api.describeNode({ nodeId: 'e01-c' })).value).toMatchObject({
      ok: false,
      code: 'InvalidInstanceId.NotFound',
    });
    expect(() =>
      cloud.addInstance({
        instanceId: 'i-plain',
        zoneId: ZONE,
        vSwitchId: 'vsw-lj',
        eniQuantity: 4,
        eniPrivateIpAddressQuantity: 10,
        nodeType: 'x',
        eniHighDenseQuantity: 1,
      }),
    ).toThrow(
      'instance i-plain is not a Lingjun node (lingjunEcsLink), yet sets nodeType, eniHighDenseQuantity',
    );
    expect(() =>
      cloud.addLingjunNode({
        nodeId: 'e01-empty',
        zoneId: ZONE,
        vSwitchId: 'vsw-lj',
        leniQuota: 3,
        leniSipQuota: 3,
        nodeType: '',
      }),
    ).toThrow('Lingjun node e01-empty nodeType must not be empty');
    expect(() =>
      cloud.addLingjunNode({
        nodeId: 'e01-bad',
        zoneId: ZONE,
        vSwitchId: 'vsw-lj',
        leniQuota: 3,
        leniSipQuota: 3,
        eniQuantity: 0,
      }),
    ).toThrow('Lingjun node e01-bad eniQuantity must be an integer >= 1, got 0');
  });
});

describe('limits on the new EFLO calls', () => {
  it("rate-limits each at Terway's default 500/min: the 501st call in an instant waits 120 ms", () => {
    const { engine, cloud } = region({
      callLatency: {
        ListLeniPrivateIpAddresses: { medianUs: 200_000, sigma: 0 },
        DescribeNode: { medianUs: 200_000, sigma: 0 },
        DescribeNodeType: { medianUs: 200_000, sigma: 0 },
      },
    });
    const primary = cloud.instances()[0]!.primaryNetworkInterfaceId;
    type Call = (api: CloudApi) => Operation<{ readonly ok: boolean }>;
    const makers: Partial<Record<CloudApiAction, Call>> = {
      ListLeniPrivateIpAddresses: (api) =>
        api.listLeniPrivateIpAddresses({ networkInterfaceId: primary }),
      DescribeNode: (api) => api.describeNode({ nodeId: 'e01-leni' }),
      DescribeNodeType: (api) => api.describeNodeType({ nodeType: 'sim-e3-ip3-v6-0-hd8' }),
    };
    for (const [action, make] of Object.entries(makers) as [CloudApiAction, Call][]) {
      const api = cloud.clientFor(`caller/${action}`);
      const startUs = engine.nowUs();
      const results = settleAll(
        engine,
        Array.from({ length: 501 }, () => make(api)),
      );
      expect(results.every((result) => result.value.ok)).toBe(true);
      expect(results.slice(0, 500).every((result) => result.atUs === startUs + 200_000)).toBe(true);
      expect(results[500]!.atUs).toBe(startUs + 120_000 + 200_000);
      expect(cloud.stats().total[action]).toMatchObject({
        calls: 501,
        successes: 501,
        clientWaitUs: 120_000,
        clientWaitedCalls: 1,
      });
    }
  });

  it("take the cloud's injected faults and account limits like every other call", () => {
    const { engine, api } = region({
      faults: { byAction: { DescribeNode: { throttlingProbability: 1 } } },
      accountRateLimits: { DescribeNodeType: { perSecond: 1, burst: 1 } },
    });
    expect(settle(engine, api.describeNode({ nodeId: 'e01-leni' })).value).toMatchObject({
      ok: false,
      code: 'Throttling',
    });
    const both = settleAll(engine, [
      api.describeNodeType({ nodeType: 'sim-e3-ip3-v6-0-hd8' }),
      api.describeNodeType({ nodeType: 'sim-e3-ip3-v6-0-hd8' }),
    ]);
    expect(both.map((result) => (result.value.ok ? 'ok' : result.value.code))).toEqual([
      'ok',
      'Throttling',
    ]);
  });
});
