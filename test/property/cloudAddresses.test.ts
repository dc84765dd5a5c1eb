/**
 * Random call sequences against the simulated cloud, issued concurrently from several callers
 * with faults on, checking after every step that the cloud's address bookkeeping holds.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CloudApi, NetworkInterface } from '../../sim/contracts/cloudApi.js';
import { cloudInvariantViolations, SimCloud } from '../../sim/cloud/index.js';
import { Engine } from '../../sim/engine/engine.js';
import { createRng } from '../../sim/engine/rng.js';

const ZONE = 'cn-hangzhou-k';
const VSWITCHES = ['vsw-a', 'vsw-b'] as const;
const INSTANCES = ['i-1', 'i-2'] as const;

type Step =
  | {
      readonly kind: 'create';
      readonly caller: number;
      readonly vSwitch: number;
      readonly v4: number;
      readonly v6: number;
      readonly trunk: boolean;
    }
  | {
      readonly kind: 'attach';
      readonly caller: number;
      readonly eni: number;
      readonly instance: number;
      readonly member: boolean;
    }
  | { readonly kind: 'detach'; readonly caller: number; readonly eni: number }
  | { readonly kind: 'delete'; readonly caller: number; readonly eni: number }
  | {
      readonly kind: 'assign';
      readonly caller: number;
      readonly eni: number;
      readonly count: number;
      readonly ipv6: boolean;
    }
  | {
      readonly kind: 'unassign';
      readonly caller: number;
      readonly eni: number;
      readonly count: number;
      readonly ipv6: boolean;
    }
  | { readonly kind: 'advance'; readonly us: number };

const caller = fc.nat(2);
const eni = fc.nat(30);
const step: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('create' as const),
    caller,
    vSwitch: fc.nat(1),
    v4: fc.nat(5),
    v6: fc.nat(2),
    trunk: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('attach' as const),
    caller,
    eni,
    instance: fc.nat(1),
    member: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('detach' as const), caller, eni }),
  fc.record({ kind: fc.constant('delete' as const), caller, eni }),
  fc.record({
    kind: fc.constant('assign' as const),
    caller,
    eni,
    count: fc.integer({ min: 1, max: 10 }),
    ipv6: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('unassign' as const),
    caller,
    eni,
    count: fc.integer({ min: 1, max: 4 }),
    ipv6: fc.boolean(),
  }),
  fc.record({ kind: fc.constant('advance' as const), us: fc.integer({ min: 0, max: 5_000_000 }) }),
);

interface World {
  readonly engine: Engine;
  readonly cloud: SimCloud;
  readonly apis: readonly CloudApi[];
}

function build(seed: number): World {
  const engine = new Engine();
  const cloud = new SimCloud({
    clock: engine,
    rng: createRng(seed).fork('cloud'),
    options: {
      faults: {
        all: {
          throttlingProbability: 0.05,
          internalErrorProbability: 0.05,
          conflictProbability: 0.05,
        },
      },
      ipNotEnoughAsQuotaExceededProbability: 0.3,
      accountRateLimits: { AssignPrivateIpAddresses: { perSecond: 3 } },
    },
  });
  cloud.addVSwitch({
    vSwitchId: 'vsw-a',
    zoneId: ZONE,
    cidrBlock: '10.0.0.0/28',
    ipv6CidrBlock: 'fd00::/120',
    ipv4InUseAtStart: 2,
  });
  cloud.addVSwitch({
    vSwitchId: 'vsw-b',
    zoneId: ZONE,
    cidrBlock: '10.0.1.0/29',
    ipv6CidrBlock: 'fd00:1::/124',
  });
  for (const instanceId of INSTANCES) {
    cloud.addInstance({
      instanceId,
      zoneId: ZONE,
      vSwitchId: 'vsw-a',
      eniQuantity: 3,
      eniTotalQuantity: 5,
      eniTrunkSupported: true,
      eniPrivateIpAddressQuantity: 4,
      eniIpv6AddressQuantity: 4,
    });
  }
  const apis = [
    cloud.clientFor('node/i-1'),
    cloud.clientFor('node/i-2'),
    cloud.clientFor('controlplane'),
  ];
  return { engine, cloud, apis };
}

function pick(enis: readonly NetworkInterface[], index: number): NetworkInterface | undefined {
  const candidates = enis.filter((candidate) => candidate.type !== 'Primary');
  return candidates.length === 0 ? undefined : candidates[index % candidates.length];
}

/** Issues one step's call without waiting for it: calls overlap as they would in a cluster. */
function issue(world: World, action: Step): void {
  const { cloud, engine } = world;
  if (action.kind === 'advance') {
    engine.run({ untilUs: engine.nowUs() + action.us, eventsMax: 100_000 });
    return;
  }
  const api = world.apis[action.caller]!;
  const ignore = (): void => {};
  if (action.kind === 'create') {
    api
      .createNetworkInterface({
        vSwitchId: VSWITCHES[action.vSwitch]!,
        securityGroupIds: ['sg-1'],
        instanceType: action.trunk ? 'Trunk' : 'Secondary',
        secondaryPrivateIpAddressCount: action.v4,
        ipv6AddressCount: action.v6,
      })
      .start(ignore);
    return;
  }
  const target = pick(cloud.networkInterfaces(), action.eni);
  if (target === undefined) return;
  const networkInterfaceId = target.networkInterfaceId;
  switch (action.kind) {
    case 'attach': {
      const instanceId = INSTANCES[action.instance]!;
      const trunk = cloud
        .networkInterfaces()
        .find((candidate) => candidate.type === 'Trunk' && candidate.instanceId === instanceId);
      const request =
        action.member && trunk !== undefined
          ? { networkInterfaceId, instanceId, trunkNetworkInterfaceId: trunk.networkInterfaceId }
          : { networkInterfaceId, instanceId };
      api.attachNetworkInterface(request).start(ignore);
      return;
    }
    case 'detach':
      api
        .detachNetworkInterface({ networkInterfaceId, instanceId: target.instanceId ?? 'i-1' })
        .start(ignore);
      return;
    case 'delete':
      api.deleteNetworkInterface({ networkInterfaceId }).start(ignore);
      return;
    case 'assign':
      if (action.ipv6)
        api
          .assignIpv6Addresses({ networkInterfaceId, ipv6AddressCount: action.count })
          .start(ignore);
      else
        api
          .assignPrivateIpAddresses({
            networkInterfaceId,
            secondaryPrivateIpAddressCount: action.count,
          })
          .start(ignore);
      return;
    case 'unassign':
      if (action.ipv6) {
        api
          .unassignIpv6Addresses({
            networkInterfaceId,
            ipv6Addresses: target.ipv6Addresses.slice(0, action.count),
          })
          .start(ignore);
      } else {
        api
          .unassignPrivateIpAddresses({
            networkInterfaceId,
            privateIpAddresses: target.privateIpAddresses.slice(1, 1 + action.count),
          })
          .start(ignore);
      }
      return;
  }
}

/** Runs the steps, calling `check` after each one and after the calls have drained. */
function runSteps(seed: number, steps: readonly Step[], check: (world: World) => void): void {
  const world = build(seed);
  for (const action of steps) {
    issue(world, action);
    check(world);
  }
  world.engine.run({ eventsMax: 1_000_000 });
  check(world);
}

const scenario = fc.tuple(
  fc.nat(1_000_000),
  fc.array(step, { minLength: 10, maxLength: 80, size: 'max' }),
);

describe('simulated cloud addresses', () => {
  it('invariant: vSwitch addresses are conserved', () => {
    fc.assert(
      fc.property(scenario, ([seed, steps]) => {
        runSteps(seed, steps, ({ cloud }) => {
          const enis = cloud.networkInterfaces();
          for (const entry of cloud.vSwitchAccounting()) {
            const onEnis = enis.filter((candidate) => candidate.vSwitchId === entry.vSwitchId);
            const ipv4 = onEnis.reduce(
              (sum, candidate) => sum + candidate.privateIpAddresses.length,
              0,
            );
            const ipv6 = onEnis.reduce((sum, candidate) => sum + candidate.ipv6Addresses.length, 0);
            expect(entry.ipv4.free + entry.ipv4.inUseAtStart + ipv4).toBe(entry.ipv4.usable);
            expect(entry.ipv6!.free + BigInt(entry.ipv6!.inUseAtStart + ipv6)).toBe(
              entry.ipv6!.usable,
            );
          }
          expect(cloudInvariantViolations(cloud)).toEqual([]);
        });
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: no address is on two ENIs', () => {
    fc.assert(
      fc.property(scenario, ([seed, steps]) => {
        runSteps(seed, steps, ({ cloud }) => {
          const seen = new Set<string>();
          for (const candidate of cloud.networkInterfaces()) {
            for (const address of [...candidate.privateIpAddresses, ...candidate.ipv6Addresses]) {
              expect(seen.has(address), `${address} appears twice`).toBe(false);
              seen.add(address);
              expect(cloud.ownerOf(address)).toBe(candidate.networkInterfaceId);
            }
          }
        });
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: attached ENIs stay within EniQuantity and member ENIs within EniTotalQuantity − EniQuantity', () => {
    fc.assert(
      fc.property(scenario, ([seed, steps]) => {
        runSteps(seed, steps, ({ cloud }) => {
          const enis = cloud.networkInterfaces();
          for (const instance of cloud.instances()) {
            const on = enis.filter((candidate) => candidate.instanceId === instance.instanceId);
            expect(
              on.filter((candidate) => candidate.type !== 'Member').length,
            ).toBeLessThanOrEqual(3);
            expect(
              on.filter((candidate) => candidate.type === 'Member').length,
            ).toBeLessThanOrEqual(2);
          }
        });
      }),
      { numRuns: 100 },
    );
  });
});
