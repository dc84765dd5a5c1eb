import { describe, expect, it } from 'vitest';
import type { CloudApi } from '../../../sim/contracts/cloudApi.js';
import type { SimCloudOverrides } from '../../../sim/cloud/index.js';
import { makeCloud, okValue, settle, settleAll, ZONE } from './helpers.js';

const FIXED_LATENCY: NonNullable<SimCloudOverrides['callLatency']> = {
  CreateNetworkInterface: { medianUs: 400_000, sigma: 0 },
  AssignPrivateIpAddresses: { medianUs: 300_000, sigma: 0 },
};

function bigCluster(options: SimCloudOverrides = {}) {
  const { engine, cloud } = makeCloud({ callLatency: FIXED_LATENCY, ...options });
  cloud.addVSwitch({ vSwitchId: 'vsw-big', zoneId: ZONE, cidrBlock: '10.0.0.0/16' });
  return { engine, cloud };
}

function newEni(engine: ReturnType<typeof makeCloud>['engine'], api: CloudApi): string {
  const request = {
    vSwitchId: 'vsw-big',
    securityGroupIds: ['sg-1'],
    secondaryPrivateIpAddressCount: 0,
    ipv6AddressCount: 0,
  };
  return okValue(settle(engine, api.createNetworkInterface(request)).value).networkInterfaceId;
}

describe('client-side token buckets (Terway ratelimit.go: QPS = v/60, burst = v)', () => {
  it('makes the 401st AssignPrivateIpAddresses in one instant wait 60 s / 400 = 150 ms', () => {
    const { engine, cloud } = bigCluster();
    const api = cloud.clientFor('node/a');
    const eni = newEni(engine, api);
    const startUs = engine.nowUs();
    const calls = Array.from({ length: 401 }, () =>
      api.assignPrivateIpAddresses({ networkInterfaceId: eni, secondaryPrivateIpAddressCount: 1 }),
    );
    const results = settleAll(engine, calls);
    expect(results.every((result) => result.value.ok)).toBe(true);
    expect(results.slice(0, 400).every((result) => result.atUs === startUs + 300_000)).toBe(true);
    expect(results[400]!.atUs).toBe(startUs + 150_000 + 300_000);
    const counters = cloud.stats().total.AssignPrivateIpAddresses!;
    expect(counters).toMatchObject({
      calls: 401,
      successes: 401,
      clientWaitUs: 150_000,
      clientWaitedCalls: 1,
      clientWaitUsMax: 150_000,
      clientRateLimitedCalls: 0,
    });
  });

  it('gives each calling process its own buckets: 401 calls split over two callers never wait', () => {
    const { engine, cloud } = bigCluster();
    const a = cloud.clientFor('node/a');
    const b = cloud.clientFor('node/b');
    const eni = newEni(engine, a);
    const calls = Array.from({ length: 401 }, (_, index) =>
      (index % 2 === 0 ? a : b).assignPrivateIpAddresses({
        networkInterfaceId: eni,
        secondaryPrivateIpAddressCount: 1,
      }),
    );
    settleAll(engine, calls);
    expect(cloud.stats().total.AssignPrivateIpAddresses!.clientWaitUs).toBe(0);
    expect(cloud.stats().byCaller.map((caller) => caller.callerId)).toEqual(['node/a', 'node/b']);
  });

  it('takes rate_limit overrides per client: 60 per minute with burst 1 spaces calls 1 s apart', () => {
    const { engine, cloud } = bigCluster();
    const api = cloud.clientFor('controlplane', {
      rateLimits: { AssignPrivateIpAddresses: { perMinute: 60, burst: 1 } },
    });
    const eni = newEni(engine, api);
    const startUs = engine.nowUs();
    const results = settleAll(
      engine,
      [0, 1, 2].map(() =>
        api.assignPrivateIpAddresses({
          networkInterfaceId: eni,
          secondaryPrivateIpAddressCount: 1,
        }),
      ),
    );
    expect(results.map((result) => result.atUs - startUs)).toEqual([300_000, 1_300_000, 2_300_000]);
    expect(api.tokensLeft('AssignPrivateIpAddresses')).toBe(0);
  });

  it('counts a wait of 5 s or more as Terway\'s "client rate limit"', () => {
    const { engine, cloud } = bigCluster();
    const api = cloud.clientFor('node/a', {
      rateLimits: { AssignPrivateIpAddresses: { perMinute: 12, burst: 1 } },
    });
    const eni = newEni(engine, api);
    settleAll(
      engine,
      [0, 1, 2].map(() =>
        api.assignPrivateIpAddresses({
          networkInterfaceId: eni,
          secondaryPrivateIpAddressCount: 1,
        }),
      ),
    );
    expect(cloud.stats().total.AssignPrivateIpAddresses).toMatchObject({
      clientWaitUs: 5_000_000 + 10_000_000,
      clientWaitedCalls: 2,
      clientRateLimitedCalls: 2,
    });
  });
});

describe('account-level flow limit (server side, all callers)', () => {
  it('fails calls beyond the limit with Throttling instead of making them wait', () => {
    const { engine, cloud } = bigCluster({
      accountRateLimits: { AssignPrivateIpAddresses: { perSecond: 5 } },
    });
    const a = cloud.clientFor('node/a');
    const b = cloud.clientFor('node/b');
    const eni = newEni(engine, a);
    const assign = (api: CloudApi) =>
      api.assignPrivateIpAddresses({ networkInterfaceId: eni, secondaryPrivateIpAddressCount: 1 });
    const results = settleAll(engine, [a, b, a, b, a, b, a, b, a, b].map(assign));
    const codes = results.map((result) => (result.value.ok ? 'ok' : result.value.code));
    expect(codes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', ...Array<string>(5).fill('Throttling')]);
    const total = cloud.stats().total.AssignPrivateIpAddresses!;
    expect(total).toMatchObject({ calls: 10, successes: 5, throttled: 5, errors: 0 });
    expect(total.errorsByCode).toEqual({ Throttling: 5 });
    expect(cloud.vSwitchAccounting()[0]!.ipv4.eniSecondary).toBe(5);
    // One second later the bucket has refilled.
    engine.run({ untilUs: engine.nowUs() + 1_000_000, eventsMax: 100 });
    expect(settle(engine, assign(b)).value.ok).toBe(true);
  });
});

describe('injected faults', () => {
  it('fails every call with InternalError at probability 1 and changes nothing', () => {
    const { engine, cloud } = bigCluster({ faults: { all: { internalErrorProbability: 1 } } });
    const api = cloud.clientFor('node/a');
    const result = settle(
      engine,
      api.createNetworkInterface({
        vSwitchId: 'vsw-big',
        securityGroupIds: [],
        secondaryPrivateIpAddressCount: 3,
        ipv6AddressCount: 0,
      }),
    ).value;
    expect(result).toMatchObject({ ok: false, code: 'InternalError' });
    expect(cloud.networkInterfaces()).toEqual([]);
    expect(cloud.vSwitchAccounting()[0]!.ipv4.free).toBe(65532);
  });

  it('draws Operation.Conflict per call at its probability, from the seed', () => {
    const { engine, cloud } = bigCluster({
      faults: { byAction: { DescribeNetworkInterfaces: { conflictProbability: 0.3 } } },
    });
    const api = cloud.clientFor('node/a');
    const results = settleAll(
      engine,
      Array.from({ length: 700 }, () => api.describeNetworkInterfaces({})),
    );
    const conflicts = results.filter((result) => !result.value.ok).length;
    expect(conflicts).toBeGreaterThan(170);
    expect(conflicts).toBeLessThan(250);
    expect(cloud.stats().total.DescribeNetworkInterfaces!.errorsByCode).toEqual({
      'Operation.Conflict': conflicts,
    });
  });

  it('rejects probabilities outside [0, 1] and sums above 1, naming the field', () => {
    expect(() => makeCloud({ faults: { all: { throttlingProbability: 1.5 } } })).toThrow(
      /throttlingProbability must be in \[0, 1\], got 1.5/,
    );
    expect(() =>
      makeCloud({ faults: { all: { throttlingProbability: 0.6, internalErrorProbability: 0.6 } } }),
    ).toThrow(/sum of the probabilities/);
  });
});

describe('statistics over time', () => {
  it('counts calls per 10 s bucket of simulated time', () => {
    const { engine, cloud } = bigCluster();
    const api = cloud.clientFor('node/a');
    settle(engine, api.describeNetworkInterfaces({}));
    engine.run({ untilUs: 15_000_000, eventsMax: 10 });
    settle(engine, api.describeNetworkInterfaces({}));
    settle(engine, api.describeNetworkInterfaces({}));
    const { series, bucketUs } = cloud.stats();
    expect(bucketUs).toBe(10_000_000);
    expect(series).toEqual([
      {
        startUs: 0,
        action: 'DescribeNetworkInterfaces',
        calls: 1,
        successes: 1,
        throttled: 0,
        errors: 0,
      },
      {
        startUs: 10_000_000,
        action: 'DescribeNetworkInterfaces',
        calls: 2,
        successes: 2,
        throttled: 0,
        errors: 0,
      },
    ]);
  });
});
