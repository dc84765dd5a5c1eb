import { describe, expect, it } from 'vitest';
import { cloudInvariantViolations } from '../../../sim/cloud/index.js';
import { makeCloud, okValue, settle } from './helpers.js';

const ZONE = 'cn-wulanchabu-c';

function lingjun() {
  const { engine, cloud } = makeCloud({
    attachLatency: { leni: { medianUs: 15_000_000, sigma: 0 } },
  });
  cloud.addVSwitch({ vSwitchId: 'vsw-lj', zoneId: ZONE, cidrBlock: '192.168.0.0/24' });
  cloud.addLingjunNode({
    nodeId: 'e01-node1',
    zoneId: ZONE,
    vSwitchId: 'vsw-lj',
    leniQuota: 3,
    leniSipQuota: 2,
    hdeniQuota: 8,
  });
  return { engine, cloud, api: cloud.clientFor('controlplane') };
}

describe('EFLO (Lingjun LENIs)', () => {
  it("reports the node's quotas through GetNodeInfoForPod", () => {
    const { engine, api } = lingjun();
    expect(okValue(settle(engine, api.getNodeInfoForPod({ nodeId: 'e01-node1' })).value)).toEqual({
      nodeId: 'e01-node1',
      zoneId: ZONE,
      leniQuota: 3,
      leniSipQuota: 2,
      hdeniQuota: 8,
    });
    expect(settle(engine, api.getNodeInfoForPod({ nodeId: 'e01-none' })).value).toMatchObject({
      ok: false,
      code: 'InvalidInstanceId.NotFound',
    });
  });

  it('creates leni- interfaces, attaches them after the LENI latency and caps them at LeniQuota', () => {
    const { engine, cloud, api } = lingjun();
    const create = () =>
      okValue(
        settle(
          engine,
          api.createElasticNetworkInterface({
            nodeId: 'e01-node1',
            vSwitchId: 'vsw-lj',
            securityGroupId: 'sg-1',
          }),
        ).value,
      ).networkInterfaceId;
    const attach = (id: string) =>
      settle(
        engine,
        api.attachElasticNetworkInterface({ networkInterfaceId: id, instanceId: 'e01-node1' }),
      );
    const first = create();
    expect(first).toMatch(/^leni-/);
    const accepted = attach(first);
    expect(accepted.value.ok).toBe(true);
    engine.run({ untilUs: accepted.atUs + 15_000_000 - 1, eventsMax: 100 });
    const statusOf = (id: string) =>
      cloud.networkInterfaces().find((eni) => eni.networkInterfaceId === id)!.status;
    expect(statusOf(first)).toBe('Attaching');
    engine.run({ untilUs: accepted.atUs + 15_000_000, eventsMax: 100 });
    expect(statusOf(first)).toBe('InUse');
    // The node's primary LENI is one of the three.
    expect(attach(create()).value.ok).toBe(true);
    expect(attach(create()).value).toMatchObject({
      ok: false,
      code: 'EniPerInstanceLimitExceeded',
    });
    // ECS calls do not see LENIs.
    expect(
      settle(engine, api.deleteNetworkInterface({ networkInterfaceId: first })).value,
    ).toMatchObject({
      ok: false,
      code: 'InvalidEniId.NotFound',
    });
    const listed = okValue(
      settle(engine, api.listElasticNetworkInterfaces({ instanceId: 'e01-node1' })).value,
    );
    expect(listed.map((eni) => eni.type)).toEqual(['Primary', 'Secondary', 'Secondary']);
  });

  it('assigns one address per call with an ipName, up to LeniSipQuota, and unassigns by ipName', () => {
    const { engine, cloud, api } = lingjun();
    const leni = okValue(
      settle(
        engine,
        api.createElasticNetworkInterface({
          nodeId: 'e01-node1',
          vSwitchId: 'vsw-lj',
          securityGroupId: 'sg-1',
        }),
      ).value,
    );
    expect(leni.primaryIpAddress).toBe('192.168.0.2'); // .1 is the node's primary LENI
    const assign = () =>
      settle(
        engine,
        api.assignLeniPrivateIpAddress({ networkInterfaceId: leni.networkInterfaceId }),
      ).value;
    const first = okValue(assign());
    expect(first).toEqual({
      ipName: expect.stringMatching(/^ip-/) as unknown,
      privateIpAddress: '192.168.0.3',
    });
    okValue(assign());
    expect(assign()).toMatchObject({ ok: false, code: 'QuotaExceeded.PrivateIpAddress' });
    okValue(
      settle(
        engine,
        api.unassignLeniPrivateIpAddress({
          networkInterfaceId: leni.networkInterfaceId,
          ipName: first.ipName,
        }),
      ).value,
    );
    expect(cloud.ownerOf('192.168.0.3')).toBeNull();
    expect(cloud.vSwitchAccounting()[0]!.ipv4).toMatchObject({
      nodePrimary: 1,
      eniPrimary: 1,
      eniSecondary: 1,
      free: 249,
    });
    expect(cloudInvariantViolations(cloud)).toEqual([]);
  });
});
