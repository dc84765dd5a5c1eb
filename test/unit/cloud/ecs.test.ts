import { describe, expect, it } from 'vitest';
import { CloudErrorCode } from '../../../sim/contracts/cloudApi.js';
import { cloudInvariantViolations, drawLatencyUs } from '../../../sim/cloud/index.js';
import { createRng } from '../../../sim/engine/rng.js';
import { makeCloud, okValue, settle, ZONE } from './helpers.js';

const SG = ['sg-1'];

function clusterWith(options: Parameters<typeof makeCloud>[0] = {}, seed = 42) {
  const { engine, cloud } = makeCloud(options, seed);
  cloud.addVSwitch({ vSwitchId: 'vsw-node', zoneId: ZONE, cidrBlock: '10.0.0.0/24' });
  cloud.addVSwitch({
    vSwitchId: 'vsw-pod',
    zoneId: ZONE,
    cidrBlock: '10.0.1.0/29',
    ipv6CidrBlock: '2408:4002::/64',
  });
  cloud.addInstance({
    instanceId: 'i-1',
    zoneId: ZONE,
    vSwitchId: 'vsw-node',
    eniQuantity: 3,
    eniTotalQuantity: 5,
    eniTrunkSupported: true,
    eniPrivateIpAddressQuantity: 3,
    eniIpv6AddressQuantity: 3,
  });
  const api = cloud.clientFor('node/i-1');
  return { engine, cloud, api };
}

/** Creates an ENI in `vsw-pod` with `secondary` extra IPv4 and `ipv6` IPv6 addresses. */
function createPodEni(
  engine: ReturnType<typeof clusterWith>['engine'],
  api: ReturnType<typeof clusterWith>['api'],
  counts: { readonly secondary: number; readonly ipv6: number },
) {
  return okValue(
    settle(
      engine,
      api.createNetworkInterface({
        vSwitchId: 'vsw-pod',
        securityGroupIds: SG,
        secondaryPrivateIpAddressCount: counts.secondary,
        ipv6AddressCount: counts.ipv6,
      }),
    ).value,
  );
}

describe('ECS: addresses come out of the vSwitch', () => {
  it("takes the node's primary ENI address and every ENI's primary address from the vSwitch", () => {
    const { engine, cloud, api } = clusterWith();
    const node = cloud.networkInterfaces()[0]!;
    expect(node).toMatchObject({ type: 'Primary', status: 'InUse', primaryIpAddress: '10.0.0.1' });
    expect(cloud.vSwitchAccounting()[0]!.ipv4).toMatchObject({ free: 251, nodePrimary: 1 });

    const eni = createPodEni(engine, api, { secondary: 1, ipv6: 1 });
    expect(eni.networkInterfaceId).toMatch(/^eni-/);
    expect(eni.macAddress).toMatch(/^00:16:3e:/);
    expect(eni.privateIpAddresses).toEqual(['10.0.1.1', '10.0.1.2']);
    expect(eni.ipv6Addresses).toEqual(['2408:4002::1']);
    expect(cloud.vSwitchAccounting()[1]!.ipv4).toEqual({
      usable: 4,
      free: 2,
      inUseAtStart: 0,
      assignedToEnis: 2,
      nodePrimary: 0,
      eniPrimary: 1,
      eniSecondary: 1,
    });
    expect(cloudInvariantViolations(cloud)).toEqual([]);
  });

  it('returns InvalidVSwitchId.IpNotEnough when the vSwitch is exhausted, and changes nothing', () => {
    const { engine, cloud, api } = clusterWith();
    const create = (count: number) =>
      settle(
        engine,
        api.createNetworkInterface({
          vSwitchId: 'vsw-pod',
          securityGroupIds: SG,
          secondaryPrivateIpAddressCount: count,
          ipv6AddressCount: 0,
        }),
      ).value;
    const eni = okValue(create(2)); // 3 of the /29's 4 addresses
    const full = create(1); // needs 2
    expect(full).toMatchObject({ ok: false, code: CloudErrorCode.vSwitchIpNotEnough });
    const assign = (count: number) =>
      settle(
        engine,
        api.assignPrivateIpAddresses({
          networkInterfaceId: eni.networkInterfaceId,
          secondaryPrivateIpAddressCount: count,
        }),
      ).value;
    expect(okValue(assign(1))).toEqual(['10.0.1.4']);
    expect(cloud.vSwitchAccounting()[1]!.ipv4.free).toBe(0);
    const ipv4Quota = assign(1); // the ENI is unattached: only the vSwitch limits it
    expect(ipv4Quota).toMatchObject({ ok: false, code: 'InvalidVSwitchId.IpNotEnough' });
  });

  it('returns QuotaExceeded.PrivateIpAddress for an exhausted vSwitch when told to (terway PR #720)', () => {
    const { engine, api } = clusterWith({ ipNotEnoughAsQuotaExceededProbability: 1 });
    const result = settle(
      engine,
      api.createNetworkInterface({
        vSwitchId: 'vsw-pod',
        securityGroupIds: SG,
        secondaryPrivateIpAddressCount: 4,
        ipv6AddressCount: 0,
      }),
    ).value;
    expect(result).toMatchObject({ ok: false, code: CloudErrorCode.privateIpQuotaExceeded });
  });

  it('returns InvalidVSwitchId.NotFound and InvalidEniId.NotFound for unknown ids', () => {
    const { engine, api } = clusterWith();
    expect(
      settle(
        engine,
        api.createNetworkInterface({
          vSwitchId: 'vsw-none',
          securityGroupIds: SG,
          secondaryPrivateIpAddressCount: 0,
          ipv6AddressCount: 0,
        }),
      ).value,
    ).toMatchObject({ ok: false, code: 'InvalidVSwitchId.NotFound' });
    expect(
      settle(engine, api.deleteNetworkInterface({ networkInterfaceId: 'eni-none' })).value,
    ).toMatchObject({ ok: false, code: 'InvalidEniId.NotFound' });
    expect(
      settle(
        engine,
        api.attachNetworkInterface({ networkInterfaceId: 'eni-none', instanceId: 'i-1' }),
      ).value,
    ).toMatchObject({ ok: false, code: 'InvalidEniId.NotFound' });
  });
});

describe('ECS: attach is asynchronous', () => {
  it('goes Attaching → InUse after the drawn attach latency, then Detaching → Available, then delete frees its addresses', () => {
    const fixed = { sigma: 0 };
    const { engine, cloud, api } = clusterWith({
      callLatency: {
        AttachNetworkInterface: { medianUs: 200_000, ...fixed },
        DescribeNetworkInterfaces: { medianUs: 100_000, ...fixed },
      },
      attachLatency: { ecs: { medianUs: 2_000_000, ...fixed } },
      detachLatency: { ecs: { medianUs: 1_500_000, ...fixed } },
    });
    const eni = createPodEni(engine, api, { secondary: 1, ipv6: 0 });
    const id = eni.networkInterfaceId;
    expect(eni.status).toBe('Available');
    const accepted = settle(
      engine,
      api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }),
    );
    expect(accepted.value).toEqual({ ok: true, value: undefined });
    const statusOf = () =>
      okValue(
        settle(engine, api.describeNetworkInterfaces({ networkInterfaceIds: [id] })).value,
      )[0]!;
    const polled = statusOf(); // 100 ms after acceptance
    expect(polled).toMatchObject({ status: 'Attaching', instanceId: 'i-1' });
    engine.run({ untilUs: accepted.atUs + 2_000_000 - 1, eventsMax: 100 });
    expect(cloud.networkInterfaces().find((n) => n.networkInterfaceId === id)!.status).toBe(
      'Attaching',
    );
    engine.run({ untilUs: accepted.atUs + 2_000_000, eventsMax: 100 });
    expect(cloud.networkInterfaces().find((n) => n.networkInterfaceId === id)!.status).toBe(
      'InUse',
    );

    const deleteAttached = settle(
      engine,
      api.deleteNetworkInterface({ networkInterfaceId: id }),
    ).value;
    expect(deleteAttached).toMatchObject({ ok: false, code: 'InvalidOperation.InvalidEniState' });

    const detached = settle(
      engine,
      api.detachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }),
    );
    expect(statusOf().status).toBe('Detaching');
    engine.run({ untilUs: detached.atUs + 1_500_000, eventsMax: 100 });
    expect(statusOf()).toMatchObject({ status: 'Available', instanceId: null });
    expect(cloud.vSwitchAccounting()[1]!.ipv4.free).toBe(2);
    okValue(settle(engine, api.deleteNetworkInterface({ networkInterfaceId: id })).value);
    expect(cloud.vSwitchAccounting()[1]!.ipv4).toMatchObject({ free: 4, assignedToEnis: 0 });
    expect(cloud.networkInterfaces()).toHaveLength(1);
  });

  it("draws the attach latency from the client's own async stream (exact time, default distribution)", () => {
    const { engine, cloud, api } = clusterWith({}, 7);
    const id = createPodEni(engine, api, { secondary: 0, ipv6: 0 }).networkInterfaceId;
    const accepted = settle(
      engine,
      api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }),
    );
    const expectedUs = drawLatencyUs(
      cloud.options.attachLatency.ecs,
      createRng(7).fork('cloud').fork('client/node/i-1').fork('async'),
    );
    let becameInUseAtUs = -1;
    for (let step = 0; step < 100 && becameInUseAtUs < 0; step++) {
      engine.run({ eventsMax: 1 });
      if (cloud.networkInterfaces().find((n) => n.networkInterfaceId === id)!.status === 'InUse')
        becameInUseAtUs = engine.nowUs();
    }
    expect(becameInUseAtUs - accepted.atUs).toBe(expectedUs);
  });
});

describe('ECS: instance quotas', () => {
  it('returns EniPerInstanceLimitExceeded beyond EniQuantity, the primary ENI included', () => {
    const { engine, api } = clusterWith();
    const results = [1, 2, 3].map(() => {
      const id = okValue(
        settle(
          engine,
          api.createNetworkInterface({
            vSwitchId: 'vsw-node',
            securityGroupIds: SG,
            secondaryPrivateIpAddressCount: 0,
            ipv6AddressCount: 0,
          }),
        ).value,
      ).networkInterfaceId;
      return settle(
        engine,
        api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }),
      ).value;
    });
    expect(results.map((result) => (result.ok ? 'ok' : result.code))).toEqual([
      'ok',
      'ok',
      'EniPerInstanceLimitExceeded',
    ]);
    const onNode = okValue(
      settle(engine, api.describeNetworkInterfaces({ instanceId: 'i-1' })).value,
    );
    expect(onNode.map((eni) => eni.type)).toEqual(['Primary', 'Secondary', 'Secondary']);
    expect(onNode.every((eni) => eni.instanceId === 'i-1')).toBe(true);
    const onePage = okValue(
      settle(engine, api.describeNetworkInterfaces({ instanceId: 'i-1', maxResults: 2 })).value,
    );
    expect(onePage).toHaveLength(2);
  });

  it('returns EniPerInstanceLimitExceeded beyond EniTotalQuantity − EniQuantity member ENIs', () => {
    const { engine, cloud, api } = clusterWith();
    const create = (instanceType: 'Secondary' | 'Trunk') =>
      okValue(
        settle(
          engine,
          api.createNetworkInterface({
            vSwitchId: 'vsw-node',
            securityGroupIds: SG,
            instanceType,
            secondaryPrivateIpAddressCount: 0,
            ipv6AddressCount: 0,
          }),
        ).value,
      ).networkInterfaceId;
    const trunk = create('Trunk');
    const early = create('Secondary');
    okValue(
      settle(engine, api.attachNetworkInterface({ networkInterfaceId: trunk, instanceId: 'i-1' }))
        .value,
    );
    // The trunk is still Attaching: a member cannot ride on it yet.
    expect(
      settle(
        engine,
        api.attachNetworkInterface({
          networkInterfaceId: early,
          instanceId: 'i-1',
          trunkNetworkInterfaceId: trunk,
        }),
      ).value,
    ).toMatchObject({ ok: false, code: 'InvalidOperation.InvalidEniState' });
    engine.run({ untilUs: engine.nowUs() + 200_000_000, eventsMax: 1000 });
    const outcomes = [early, create('Secondary'), create('Secondary')].map((id) => {
      const result = settle(
        engine,
        api.attachNetworkInterface({
          networkInterfaceId: id,
          instanceId: 'i-1',
          trunkNetworkInterfaceId: trunk,
        }),
      ).value;
      return result.ok ? 'ok' : result.code;
    });
    expect(outcomes).toEqual(['ok', 'ok', 'EniPerInstanceLimitExceeded']);
    engine.run({ untilUs: engine.nowUs() + 200_000_000, eventsMax: 1000 });
    const members = cloud.networkInterfaces().filter((eni) => eni.type === 'Member');
    expect(members).toHaveLength(2);
    expect(
      members.every((eni) => eni.trunkNetworkInterfaceId === trunk && eni.status === 'InUse'),
    ).toBe(true);
    // A trunk carrying members cannot be detached.
    expect(
      settle(engine, api.detachNetworkInterface({ networkInterfaceId: trunk, instanceId: 'i-1' }))
        .value,
    ).toMatchObject({ ok: false, code: 'InvalidOperation.InvalidEniState' });
    expect(cloudInvariantViolations(cloud)).toEqual([]);
  });

  it('returns QuotaExceeded.PrivateIpAddress when assigning beyond EniPrivateIpAddressQuantity on an attached ENI', () => {
    const { engine, api } = clusterWith();
    const id = okValue(
      settle(
        engine,
        api.createNetworkInterface({
          vSwitchId: 'vsw-node',
          securityGroupIds: SG,
          secondaryPrivateIpAddressCount: 1,
          ipv6AddressCount: 0,
        }),
      ).value,
    ).networkInterfaceId;
    okValue(
      settle(engine, api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }))
        .value,
    );
    // Address changes conflict with the attach in progress.
    expect(
      settle(
        engine,
        api.assignPrivateIpAddresses({ networkInterfaceId: id, secondaryPrivateIpAddressCount: 1 }),
      ).value,
    ).toMatchObject({ ok: false, code: 'Operation.Conflict' });
    engine.run({ untilUs: engine.nowUs() + 200_000_000, eventsMax: 1000 });
    const assign = (count: number) =>
      settle(
        engine,
        api.assignPrivateIpAddresses({
          networkInterfaceId: id,
          secondaryPrivateIpAddressCount: count,
        }),
      ).value;
    expect(assign(2)).toMatchObject({ ok: false, code: 'QuotaExceeded.PrivateIpAddress' }); // 2 + 2 > 3
    expect(okValue(assign(1))).toHaveLength(1); // 3 of 3
    expect(assign(1)).toMatchObject({ ok: false, code: 'QuotaExceeded.PrivateIpAddress' });
  });

  it('unassigns secondary addresses back to the vSwitch and skips ones the ENI does not hold', () => {
    const { engine, cloud, api } = clusterWith();
    const eni = createPodEni(engine, api, { secondary: 2, ipv6: 2 });
    const [, first, second] = eni.privateIpAddresses;
    okValue(
      settle(
        engine,
        api.unassignPrivateIpAddresses({
          networkInterfaceId: eni.networkInterfaceId,
          privateIpAddresses: [first!, '10.9.9.9'],
        }),
      ).value,
    );
    okValue(
      settle(
        engine,
        api.unassignIpv6Addresses({
          networkInterfaceId: eni.networkInterfaceId,
          ipv6Addresses: [eni.ipv6Addresses[0]!],
        }),
      ).value,
    );
    const after = cloud
      .networkInterfaces()
      .find((n) => n.networkInterfaceId === eni.networkInterfaceId)!;
    expect(after.privateIpAddresses).toEqual([eni.primaryIpAddress, second]);
    expect(after.ipv6Addresses).toEqual([eni.ipv6Addresses[1]]);
    expect(cloud.ownerOf(first!)).toBeNull();
    expect(cloud.vSwitchAccounting()[1]!.ipv6).toMatchObject({ assignedToEnis: 1 });
    expect(cloudInvariantViolations(cloud)).toEqual([]);
  });

  it('returns the same ENI for a retried create with the same clientToken', () => {
    const { engine, cloud, api } = clusterWith();
    const request = {
      vSwitchId: 'vsw-pod',
      securityGroupIds: SG,
      secondaryPrivateIpAddressCount: 0,
      ipv6AddressCount: 0,
      clientToken: 'tok-1',
    };
    const first = okValue(settle(engine, api.createNetworkInterface(request)).value);
    const retry = okValue(settle(engine, api.createNetworkInterface(request)).value);
    expect(retry.networkInterfaceId).toBe(first.networkInterfaceId);
    expect(cloud.networkInterfaces()).toHaveLength(2);
  });

  it('releases a removed instance: primary deleted, other ENIs detached (and deleted on request)', () => {
    const { engine, cloud, api } = clusterWith();
    const id = createPodEni(engine, api, { secondary: 0, ipv6: 0 }).networkInterfaceId;
    okValue(
      settle(engine, api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }))
        .value,
    );
    cloud.removeInstance('i-1', { deleteAttachedEnis: false });
    engine.run({ eventsMax: 1000 });
    expect(cloud.networkInterfaces()).toEqual([
      expect.objectContaining({ networkInterfaceId: id, status: 'Available', instanceId: null }),
    ]);
    expect(cloud.vSwitchAccounting()[0]!.ipv4.nodePrimary).toBe(0);
    expect(
      settle(engine, api.attachNetworkInterface({ networkInterfaceId: id, instanceId: 'i-1' }))
        .value,
    ).toMatchObject({ ok: false, code: 'InvalidInstanceId.NotFound' });
  });

  it('describes the vSwitches with their free addresses', () => {
    const { engine, api } = clusterWith();
    expect(okValue(settle(engine, api.describeVSwitches({ zoneId: ZONE })).value)).toEqual([
      {
        vSwitchId: 'vsw-node',
        zoneId: ZONE,
        cidrBlock: '10.0.0.0/24',
        ipv6CidrBlock: null,
        availableIpAddressCount: 251,
      },
      {
        vSwitchId: 'vsw-pod',
        zoneId: ZONE,
        cidrBlock: '10.0.1.0/29',
        ipv6CidrBlock: '2408:4002::/64',
        availableIpAddressCount: 4,
      },
    ]);
  });

  it('throws for a vSwitch that overlaps another, naming both', () => {
    const { cloud } = clusterWith();
    expect(() => {
      cloud.addVSwitch({ vSwitchId: 'vsw-x', zoneId: ZONE, cidrBlock: '10.0.0.0/16' });
    }).toThrow(/overlaps vsw-node/);
  });
});
