/**
 * Terway's `pkg/controller/multi-ip/node/pool_test.go` (tag v1.17.5 of
 * AliyunContainerService/terway) held against enisim's centralized IPAM (`sim/allocator/
 * centralizedDemand.ts`, `centralizedPool.ts`, `reclaim.ts`): idle release, the `addIP` demand,
 * how a demand is spread over ENIs, the ENI slots, and when a reconcile comes back. The figures
 * are Terway's; adapters/controller.ts reads its Node CR fixtures.
 *
 * Every row of the ported functions, and what became of it:
 *
 * Test_calculateToDel (6 rows, all ported)
 *   "no reclaim policy should use normal logic", "with reclaim policy but not yet time",
 *   "with reclaim policy and time reached", "with reclaim policy and batch size limit",
 *   "reclaim respects min pool size", "reclaim extra"
 * TestAddIPDemandCalculation (5 rows, all ported)
 *   "MinPoolSize satisfied - pool has sufficient idle IPs", "MinPoolSize not satisfied - need
 *   more IPs", "WarmUp in progress - allocate remaining", "WarmUp takes precedence over
 *   MinPoolSize", "Empty pool with no demands"
 * Test_assignEniWithOptions (6 rows, all ported)
 *   "test new eni", "test new trunk", "test new node with trunk enabled", "test exist eni, ipv4
 *   and ipv6 is not equal", "test exist eni, one eni is full", "test exist eni, eni still has
 *   space"
 * Test_assignEniWithOptions_AttachingENI (3 subtests, all ported)
 *   "attaching ENI satisfies full demand", "attaching ENI partially satisfies demand",
 *   "attaching ENI without task queue entry"
 * Test_getEniOptions (5 rows)
 *   "empty node"                                                      ported
 *   "empty node require trunk eni, do not add trunk if flavor tell not" ported
 *   "add trunk"                                                       ported
 *   "multi trunk support"                                             not ported: enisim keeps at
 *       most one trunk ENI per node (a flavor of two trunks); no open issue covers it
 *   "do not modify current eni , if eni is not expected as flavor describe" not ported: the
 *       node holds a high-performance (ERDMA) ENI, issue 9, and two trunks (see above)
 * TestReconcileNode_poolSyncPeriod (5 rows)
 *   "empty user string, use system default", "valid user duration", "valid user duration with
 *   minutes", "user duration overrides system default"                ported
 *   "invalid user duration, use system default"                       not ported: Terway falls
 *       back silently; enisim refuses an unparsable `ip_pool_sync_period` with one message
 *       naming the key (README "Exit codes"; hostile input is issue 12)
 * TestReconcileNode_requeueAfter (8 rows, all ported)
 *   "zero NextSyncOpenAPITime, use poolPeriod", "NextSyncOpenAPITime in future, less than
 *   poolPeriod", "NextSyncOpenAPITime in future, greater than poolPeriod", "NextSyncOpenAPITime in
 *   past", "poolPeriod less than 1s, should enforce minimum 1s", "NextSyncOpenAPITime duration
 *   less than 1s, should enforce minimum 1s", "custom poolSyncPeriod from user config",
 *   "NextSyncOpenAPITime exactly 1s in future"
 *
 * The file's other tests (the Ginkgo reconcile suites, releasePodNotFound, assignIPFromLocalPool,
 * adjustPool, warm-up bookkeeping, stale pods, notify, the backend API) are outside this port.
 */
import { describe, expect, it } from 'vitest';
import {
  addIpDemand,
  agoUs,
  assignEniWithOptions,
  controllerCalculateToDel,
  fromNowUs,
  getEniOptions,
  poolSyncPeriodUs,
  requeueAfter,
  ZERO_TIME_US,
  type TerwayEniOption,
  type TerwayNode,
  type TerwayTask,
  type TerwayWarmUp,
} from './adapters/controller.js';
import type { TerwayIp } from './adapters/records.js';

const FILE = 'pkg/controller/multi-ip/node/pool_test.go';
const S = 1_000_000;
const MINUTE = 60;

/** `192.168.0.1` primary (held by "eni-primary"), `.2` used by pod-1, then `idle` idle ones. */
function calculateToDelIps(idle: number): TerwayIp[] {
  const ips: TerwayIp[] = [
    { ip: '192.168.0.1', status: 'Valid', primary: true, podId: 'eni-primary' },
    { ip: '192.168.0.2', status: 'Valid', podId: 'pod-1' },
  ];
  for (let i = 0; i < idle; i++) ips.push({ ip: `192.168.0.${3 + i}`, status: 'Valid' });
  return ips;
}

describe(`${FILE} Test_calculateToDel`, () => {
  const reclaim = (batchSize: number) => ({
    afterS: 30 * MINUTE,
    intervalS: 10 * MINUTE,
    batchSize,
  });
  const rows: readonly (TerwayNode & { name: string; want: number })[] = [
    {
      name: 'no reclaim policy should use normal logic',
      enableIpv4: true,
      maxPoolSize: 5,
      minPoolSize: 1,
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(4) }],
      want: -1,
    },
    {
      name: 'with reclaim policy but not yet time',
      enableIpv4: true,
      maxPoolSize: 5,
      minPoolSize: 1,
      reclaim: reclaim(2),
      lastModifiedTimeUs: agoUs(10 * MINUTE),
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(4) }],
      want: -1,
    },
    {
      name: 'with reclaim policy and time reached',
      enableIpv4: true,
      maxPoolSize: 5,
      minPoolSize: 1,
      reclaim: reclaim(2),
      lastModifiedTimeUs: agoUs(40 * MINUTE),
      nextIdleIpReclaimTimeUs: agoUs(40 * MINUTE),
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(4) }],
      want: 2,
    },
    {
      name: 'with reclaim policy and batch size limit',
      enableIpv4: true,
      maxPoolSize: 10,
      minPoolSize: 5,
      reclaim: reclaim(3),
      lastModifiedTimeUs: agoUs(40 * MINUTE),
      nextIdleIpReclaimTimeUs: agoUs(40 * MINUTE),
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(6) }],
      want: 1,
    },
    {
      name: 'reclaim respects min pool size',
      enableIpv4: true,
      maxPoolSize: 10,
      minPoolSize: 2,
      reclaim: reclaim(5),
      lastModifiedTimeUs: agoUs(40 * MINUTE),
      nextIdleIpReclaimTimeUs: agoUs(40 * MINUTE),
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(3) }],
      want: 1,
    },
    {
      name: 'reclaim extra',
      enableIpv4: true,
      maxPoolSize: 5,
      minPoolSize: 2,
      reclaim: reclaim(5),
      lastModifiedTimeUs: agoUs(40 * MINUTE),
      nextIdleIpReclaimTimeUs: agoUs(40 * MINUTE),
      networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: calculateToDelIps(5) }],
      want: 3,
    },
  ];
  for (const row of rows) {
    it(`${FILE} Test_calculateToDel: "${row.name}"`, () => {
      expect(controllerCalculateToDel(row)).toBe(row.want);
    });
  }
});

describe(`${FILE} TestAddIPDemandCalculation`, () => {
  /** `10.0.0.1` primary (held by "primary"), then `idle` idle addresses `10.0.0.2`… */
  function demandIps(idle: number): TerwayIp[] {
    const ips: TerwayIp[] = [{ ip: '10.0.0.1', primary: true, status: 'Valid', podId: 'primary' }];
    for (let i = 0; i < idle; i++) ips.push({ ip: `10.0.0.${2 + i}`, status: 'Valid' });
    return ips;
  }
  const pods = (n: number) => Array.from({ length: n }, () => ({ requireIpv4: true }));
  const rows: readonly {
    name: string;
    node: TerwayNode & TerwayWarmUp;
    unSucceedPods: number;
    minPool: number;
    warmUp: number;
    allocation: number;
  }[] = [
    {
      name: 'MinPoolSize satisfied - pool has sufficient idle IPs',
      node: {
        enableIpv4: true,
        minPoolSize: 5,
        maxPoolSize: 10,
        networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: demandIps(9) }],
      },
      unSucceedPods: 2,
      minPool: 0,
      warmUp: 0,
      allocation: 2,
    },
    {
      name: 'MinPoolSize not satisfied - need more IPs',
      node: {
        enableIpv4: true,
        minPoolSize: 5,
        maxPoolSize: 10,
        networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: demandIps(2) }],
      },
      unSucceedPods: 2,
      minPool: 5,
      warmUp: 0,
      allocation: 7,
    },
    {
      name: 'WarmUp in progress - allocate remaining',
      node: {
        enableIpv4: true,
        minPoolSize: 3,
        maxPoolSize: 10,
        warmUpTarget: 10,
        warmUpAllocatedCount: 5,
        warmUpCompleted: false,
        networkInterfaces: [{ id: 'eni-1', status: 'InUse', ipv4: demandIps(5) }],
      },
      unSucceedPods: 0,
      minPool: 0,
      warmUp: 5,
      allocation: 5,
    },
    {
      name: 'WarmUp takes precedence over MinPoolSize',
      node: {
        enableIpv4: true,
        minPoolSize: 3,
        maxPoolSize: 20,
        warmUpTarget: 10,
        warmUpAllocatedCount: 0,
        warmUpCompleted: false,
        networkInterfaces: [],
      },
      unSucceedPods: 1,
      minPool: 4,
      warmUp: 10,
      allocation: 11,
    },
    {
      name: 'Empty pool with no demands',
      node: {
        enableIpv4: true,
        minPoolSize: 0,
        maxPoolSize: 10,
        warmUpCompleted: true,
        networkInterfaces: [],
      },
      unSucceedPods: 0,
      minPool: 0,
      warmUp: 0,
      allocation: 0,
    },
  ];
  for (const row of rows) {
    it(`${FILE} TestAddIPDemandCalculation: "${row.name}"`, () => {
      const demand = addIpDemand(row.node, pods(row.unSucceedPods));
      expect(demand.minPoolDemand).toBe(row.minPool);
      expect(demand.warmUpDemand).toBe(row.warmUp);
      expect(demand.allocationDemand).toBe(row.allocation);
    });
  }
});

describe(`${FILE} Test_assignEniWithOptions`, () => {
  const trunkNew: TerwayEniOption = { eniTypeKey: 'trunk' };
  const secondaryNew: TerwayEniOption = { eniTypeKey: 'secondary' };
  const secondaryOrTrunk = (o: TerwayEniOption) =>
    o.eniTypeKey === 'secondary' || o.eniTypeKey === 'trunk';
  const dual = (perAdapter: number) => ({
    ipv4PerAdapter: perAdapter,
    ipv6PerAdapter: perAdapter,
    enableIpv4: true,
    enableIpv6: true,
  });
  const untouched = { addIPv4N: 0, addIPv6N: 0, isFull: false };
  // eni-1 of "test exist eni, eni still has space": one address held by pod foo, two Deleting.
  const threeIps = {
    ipv4: [
      { ip: '127.0.0.1', status: 'Valid', podId: 'foo' },
      { ip: '127.0.0.2', status: 'Deleting' },
      { ip: '127.0.0.3', status: 'Deleting' },
    ],
    ipv6: [
      { ip: 'fd00::1', status: 'Valid', podId: 'foo' },
      { ip: 'fd00::2', status: 'Deleting' },
      { ip: 'fd00::3', status: 'Deleting' },
    ],
  } as const;
  // eni-1 of "test exist eni, one eni is full": the same and one idle Valid address.
  const fourIps = {
    ipv4: [...threeIps.ipv4, { ip: '127.0.0.4', status: 'Valid' }],
    ipv6: [...threeIps.ipv6, { ip: 'fd00::4', status: 'Valid' }],
  } as const;

  it(`${FILE} Test_assignEniWithOptions: "test new eni"`, () => {
    const plans = assignEniWithOptions({
      ...dual(10),
      toAdd: 2,
      options: [trunkNew, secondaryNew],
      filter: (o) => o.eniTypeKey === 'secondary',
    });
    expect(plans).toEqual([untouched, { addIPv4N: 2, addIPv6N: 2, isFull: false }]);
  });

  it(`${FILE} Test_assignEniWithOptions: "test new trunk"`, () => {
    const plans = assignEniWithOptions({
      ...dual(10),
      toAdd: 2,
      options: [trunkNew, secondaryNew],
      filter: secondaryOrTrunk,
    });
    expect(plans).toEqual([{ addIPv4N: 2, addIPv6N: 2, isFull: false }, untouched]);
  });

  it(`${FILE} Test_assignEniWithOptions: "test new node with trunk enabled"`, () => {
    const plans = assignEniWithOptions({
      ...dual(10),
      toAdd: 0,
      options: [trunkNew, secondaryNew],
      filter: secondaryOrTrunk,
    });
    expect(plans).toEqual([{ addIPv4N: 1, addIPv6N: 1, isFull: false }, untouched]);
  });

  it(`${FILE} Test_assignEniWithOptions: "test exist eni, ipv4 and ipv6 is not equal"`, () => {
    const plans = assignEniWithOptions({
      ...dual(4),
      toAdd: 1,
      options: [
        {
          eniTypeKey: 'trunk',
          eniRef: {
            id: 'eni-1',
            status: 'Available',
            ipv4: [{ ip: '127.0.0.1', status: 'Valid', podId: 'foo' }],
            ipv6: [{ ip: 'fd00::1', status: 'Valid' }],
          },
        },
        secondaryNew,
      ],
      filter: secondaryOrTrunk,
    });
    expect(plans[0]?.addIPv4N).toBe(1);
    expect(plans[0]?.addIPv6N).toBe(1);
  });

  it(`${FILE} Test_assignEniWithOptions: "test exist eni, one eni is full"`, () => {
    const plans = assignEniWithOptions({
      ...dual(4),
      toAdd: 3,
      options: [
        { eniTypeKey: 'trunk', eniRef: { id: 'eni-1', status: 'Available', ...fourIps } },
        secondaryNew,
      ],
      filter: secondaryOrTrunk,
    });
    expect(plans[0]?.addIPv4N).toBe(0);
    expect(plans[0]?.addIPv6N).toBe(0);
    expect(plans[1]?.addIPv4N).toBe(3);
    expect(plans[1]?.addIPv6N).toBe(3);
  });

  it(`${FILE} Test_assignEniWithOptions: "test exist eni, eni still has space"`, () => {
    const plans = assignEniWithOptions({
      ...dual(4),
      toAdd: 3,
      options: [
        { eniTypeKey: 'trunk', eniRef: { id: 'eni-1', status: 'Available', ...threeIps } },
        secondaryNew,
      ],
      filter: secondaryOrTrunk,
    });
    expect(plans[0]?.addIPv4N).toBe(1);
    expect(plans[0]?.addIPv6N).toBe(1);
    expect(plans[1]?.addIPv4N).toBe(2);
    expect(plans[1]?.addIPv6N).toBe(2);
  });
});

describe(`${FILE} Test_assignEniWithOptions_AttachingENI`, () => {
  // One task queue for the three subtests, as in Terway's test.
  const taskQueue = new Map<string, TerwayTask>([
    ['eni-attaching', { requestedIpv4Count: 5, requestedIpv6Count: 0 }],
  ]);
  const ipv4Only = { ipv4PerAdapter: 10, ipv6PerAdapter: 10, enableIpv4: true, enableIpv6: false };
  const attaching = (id: string): TerwayEniOption => ({
    eniTypeKey: 'secondary',
    eniRef: { id, status: 'Attaching' },
  });
  const all = () => true;

  it(`${FILE} Test_assignEniWithOptions_AttachingENI: "attaching ENI satisfies full demand"`, () => {
    const plans = assignEniWithOptions({
      ...ipv4Only,
      toAdd: 3,
      options: [attaching('eni-attaching'), { eniTypeKey: 'secondary' }],
      taskQueue,
      filter: all,
    });
    expect(plans[0]?.addIPv4N).toBe(0);
    expect(plans[1]?.addIPv4N).toBe(0);
  });

  it(`${FILE} Test_assignEniWithOptions_AttachingENI: "attaching ENI partially satisfies demand"`, () => {
    taskQueue.set('eni-partial', { requestedIpv4Count: 3, requestedIpv6Count: 0 });
    const plans = assignEniWithOptions({
      ...ipv4Only,
      toAdd: 5,
      options: [attaching('eni-partial'), { eniTypeKey: 'secondary' }],
      taskQueue,
      filter: all,
    });
    expect(plans[0]?.addIPv4N).toBe(0);
    expect(plans[1]?.addIPv4N).toBe(2);
  });

  it(`${FILE} Test_assignEniWithOptions_AttachingENI: "attaching ENI without task queue entry"`, () => {
    const plans = assignEniWithOptions({
      ...ipv4Only,
      toAdd: 3,
      options: [attaching('eni-unknown'), { eniTypeKey: 'secondary' }],
      taskQueue,
      filter: all,
    });
    expect(plans[0]?.addIPv4N).toBe(0);
    expect(plans[1]?.addIPv4N).toBe(3);
  });
});

describe(`${FILE} Test_getEniOptions`, () => {
  const secondary = (count: number) =>
    ({
      networkInterfaceType: 'Secondary',
      networkInterfaceTrafficMode: 'Standard',
      count,
    }) as const;
  const trunk = (count: number) =>
    ({ networkInterfaceType: 'Trunk', networkInterfaceTrafficMode: 'Standard', count }) as const;
  const newSlot = (eniTypeKey: 'trunk' | 'secondary') => ({ eniTypeKey, eniRef: null });

  it(`${FILE} Test_getEniOptions: "empty node"`, () => {
    const options = getEniOptions({ enableTrunk: false, flavor: [secondary(2)] });
    expect(options).toEqual([newSlot('secondary'), newSlot('secondary')]);
  });

  it(`${FILE} Test_getEniOptions: "empty node require trunk eni, do not add trunk if flavor tell not"`, () => {
    const options = getEniOptions({ enableTrunk: true, flavor: [secondary(2)] });
    expect(options).toEqual([newSlot('secondary'), newSlot('secondary')]);
  });

  it(`${FILE} Test_getEniOptions: "add trunk"`, () => {
    const options = getEniOptions({ enableTrunk: true, flavor: [secondary(2), trunk(1)] });
    expect(options).toEqual([newSlot('trunk'), newSlot('secondary'), newSlot('secondary')]);
  });
});

describe(`${FILE} TestReconcileNode_poolSyncPeriod`, () => {
  // prettier-ignore
  const rows = [
    { name: 'empty user string, use system default', user: '', gcPeriodS: 30, wantS: 30 },
    { name: 'valid user duration', user: '60s', gcPeriodS: 30, wantS: 60 },
    { name: 'valid user duration with minutes', user: '5m', gcPeriodS: 30, wantS: 5 * MINUTE },
    { name: 'user duration overrides system default', user: '2m', gcPeriodS: MINUTE, wantS: 2 * MINUTE },
  ];
  for (const row of rows) {
    it(`${FILE} TestReconcileNode_poolSyncPeriod: "${row.name}"`, () => {
      expect(poolSyncPeriodUs(row.user, row.gcPeriodS * S)).toEqual({
        ok: true,
        periodUs: row.wantS * S,
      });
    });
  }
});

describe(`${FILE} TestReconcileNode_requeueAfter`, () => {
  // prettier-ignore
  const rows: readonly {
    name: string;
    poolSyncPeriod: string;
    nextSyncOpenApiTimeUs: number;
    gcPeriodUs: number;
    wantUs?: number;
    wantMinUs?: number;
    wantMaxUs?: number;
  }[] = [
    { name: 'zero NextSyncOpenAPITime, use poolPeriod', poolSyncPeriod: '',
      nextSyncOpenApiTimeUs: ZERO_TIME_US, gcPeriodUs: 30 * S, wantUs: 30 * S },
    { name: 'NextSyncOpenAPITime in future, less than poolPeriod', poolSyncPeriod: '60s',
      nextSyncOpenApiTimeUs: fromNowUs(20), gcPeriodUs: 30 * S, wantMinUs: 19 * S, wantMaxUs: 21 * S },
    { name: 'NextSyncOpenAPITime in future, greater than poolPeriod', poolSyncPeriod: '30s',
      nextSyncOpenApiTimeUs: fromNowUs(60), gcPeriodUs: 30 * S, wantUs: 30 * S },
    { name: 'NextSyncOpenAPITime in past', poolSyncPeriod: '',
      nextSyncOpenApiTimeUs: agoUs(10), gcPeriodUs: 30 * S, wantUs: 30 * S },
    { name: 'poolPeriod less than 1s, should enforce minimum 1s', poolSyncPeriod: '500ms',
      nextSyncOpenApiTimeUs: ZERO_TIME_US, gcPeriodUs: 500_000, wantUs: S },
    { name: 'NextSyncOpenAPITime duration less than 1s, should enforce minimum 1s', poolSyncPeriod: '60s',
      nextSyncOpenApiTimeUs: fromNowUs(0.5), gcPeriodUs: 30 * S, wantUs: S },
    { name: 'custom poolSyncPeriod from user config', poolSyncPeriod: '2m',
      nextSyncOpenApiTimeUs: fromNowUs(90), gcPeriodUs: 30 * S, wantMinUs: 89 * S, wantMaxUs: 91 * S },
    { name: 'NextSyncOpenAPITime exactly 1s in future', poolSyncPeriod: '60s',
      nextSyncOpenApiTimeUs: fromNowUs(1), gcPeriodUs: 30 * S, wantMinUs: 999_000, wantMaxUs: 1_001_000 },
  ];
  for (const row of rows) {
    it(`${FILE} TestReconcileNode_requeueAfter: "${row.name}"`, () => {
      const got = requeueAfter(row);
      // Terway's check: an exact figure when given, else a range, else at least 1 s.
      if (row.wantUs !== undefined) {
        expect(got).toBe(row.wantUs);
      } else if (row.wantMinUs !== undefined && row.wantMaxUs !== undefined) {
        expect(got).toBeGreaterThanOrEqual(row.wantMinUs);
        expect(got).toBeLessThanOrEqual(row.wantMaxUs);
      } else {
        expect(got).toBeGreaterThanOrEqual(S);
      }
    });
  }
});
