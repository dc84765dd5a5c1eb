import { describe, expect, it } from 'vitest';
import type { CloudApi } from '../../../sim/contracts/cloudApi.js';
import { wait } from '../../../sim/contracts/operation.js';
import type { Coroutine } from '../../../sim/contracts/operation.js';
import { makeCloud } from './helpers.js';

const ZONE = 'cn-hangzhou-k';

const CREATE = {
  vSwitchId: 'vsw-pod',
  securityGroupIds: ['sg-1'],
  secondaryPrivateIpAddressCount: 4,
  ipv6AddressCount: 0,
};

/** One node's daemon: create an ENI, attach it, poll until InUse, then assign in batches. */
function* daemon(
  api: CloudApi,
  instanceId: string,
  log: string[],
  now: () => number,
): Coroutine<void> {
  let created = yield* wait(api.createNetworkInterface(CREATE));
  for (let attempt = 1; attempt < 10 && !created.ok; attempt++) {
    log.push(`${now()} ${instanceId} create ${created.code}`);
    created = yield* wait(api.createNetworkInterface(CREATE));
  }
  if (!created.ok) throw new Error(created.message);
  const eni = created.value;
  log.push(
    `${now()} ${instanceId} created ${eni.networkInterfaceId} ${eni.privateIpAddresses.join(',')}`,
  );
  const attached = yield* wait(
    api.attachNetworkInterface({ networkInterfaceId: eni.networkInterfaceId, instanceId }),
  );
  log.push(`${now()} ${instanceId} attach ${attached.ok ? 'accepted' : attached.code}`);
  for (let poll = 0; poll < 20; poll++) {
    const described = yield* wait(
      api.describeNetworkInterfaces({ networkInterfaceIds: [eni.networkInterfaceId] }),
    );
    const status = described.ok ? described.value[0]?.status : described.code;
    log.push(`${now()} ${instanceId} poll ${status ?? 'gone'}`);
    if (status === 'InUse') break;
    yield* wait(api.describeVSwitches({})); // some unrelated traffic between polls
  }
  for (let batch = 0; batch < 3; batch++) {
    const assigned = yield* wait(
      api.assignPrivateIpAddresses({
        networkInterfaceId: eni.networkInterfaceId,
        secondaryPrivateIpAddressCount: 3,
      }),
    );
    log.push(
      `${now()} ${instanceId} assign ${assigned.ok ? assigned.value.join(',') : assigned.code}`,
    );
  }
}

function runCluster(seed: number, nodes: number): { log: string[]; traceHash: string } {
  const { engine, cloud } = makeCloud({ faults: { all: { throttlingProbability: 0.1 } } }, seed);
  cloud.addVSwitch({ vSwitchId: 'vsw-node', zoneId: ZONE, cidrBlock: '10.0.0.0/24' });
  cloud.addVSwitch({ vSwitchId: 'vsw-pod', zoneId: ZONE, cidrBlock: '10.1.0.0/20' });
  const log: string[] = [];
  for (let index = 0; index < nodes; index++) {
    const instanceId = `i-${index}`;
    cloud.addInstance({
      instanceId,
      zoneId: ZONE,
      vSwitchId: 'vsw-node',
      eniQuantity: 4,
      eniPrivateIpAddressQuantity: 20,
    });
    engine.process(
      daemon(cloud.clientFor(`node/${instanceId}`), instanceId, log, () => engine.nowUs()),
    );
  }
  engine.run({ eventsMax: 100_000 });
  return { log, traceHash: engine.traceHash() };
}

describe('determinism', () => {
  it('gives the same latencies, addresses and event sequence for the same seed', () => {
    const first = runCluster(11, 5);
    const second = runCluster(11, 5);
    expect(first.log.length).toBeGreaterThan(5 * 6);
    expect(second.log).toEqual(first.log);
    expect(second.traceHash).toBe(first.traceHash);
  });

  it('gives different latencies for a different seed', () => {
    expect(runCluster(12, 5).log).not.toEqual(runCluster(11, 5).log);
  });

  it("keeps one caller's draws independent of other callers", () => {
    const alone = runCluster(11, 1).log.filter((line) => line.includes(' i-0 '));
    const crowded = runCluster(11, 5).log.filter((line) => line.includes(' i-0 '));
    const times = (lines: string[]) => lines.map((line) => line.split(' ')[0]);
    // Addresses differ (others take some first), but every completion time of i-0 is the same.
    expect(times(crowded)).toEqual(times(alone));
  });
});
