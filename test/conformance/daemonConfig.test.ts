/**
 * Terway's `daemon/config_test.go` (tag v1.17.5 of AliyunContainerService/terway), with the
 * `getPoolConfig` table of `daemon/builder_test.go` (the max_eni rows), held against enisim's
 * `eni_conf` parse and sizing: `models/eniConf.ts` (`parseEniConf`), `models/poolSizing.ts` (`terwayMaxEni`),
 * `models/capacity.ts`, `models/poolSizing.ts`, and the allocator core's choice of allocator.
 * The figures are Terway's; adapters/daemonConfig.ts turns a `daemon.Config` into its JSON keys.
 *
 * Every test of the file, and what became of it:
 *
 * getPoolConfig
 *   TestGetPoolConfigWithENIMultiIPMode             ported
 *   TestGetPoolConfigWithIPReclaimConfig            ported
 *   TestGetPoolConfigWithInvalidReclaimInterval     ported (enisim refuses it, naming the key)
 *   TestGetPoolConfigWithInvalidReclaimAfter        ported (likewise)
 *   TestGetPoolConfigWithInvalidReclaimFactor       ported (likewise)
 *   TestGetPoolConfigWithPartialIPReclaimConfig     ported in part: ReclaimBatchSize, ReclaimInterval
 *       and ReclaimAfter; not ReclaimFactor 0.0
 *   TestGetPoolConfigWithIPAMTypeCRD                ported
 *   TestGetPoolConfigWithNilIPReclaimConfig         ported in part: ReclaimAfter 0; not
 *       ReclaimBatchSize 0, ReclaimInterval 0, ReclaimFactor 0.0
 *   TestGetPoolConfigWithZeroReclaimBatchSize       not ported (below)
 *   TestGetPoolConfigWithIPReclaimConfigENIOnly     ported
 *   TestGetPoolConfigWithDurationFormats            4 rows ported: seconds, minutes, hours, mixed
 *   TestGetPoolConfigWithFloatJitterFactor          6 rows ported: zero, small, medium, large,
 *       decimal, many_decimals
 *   builder_test.go TestGetPoolConfigBuilder        3 rows ported: "ENI Only mode", "ENI MultiIP
 *       mode", "ENI MultiIP mode with MaxENI limit"
 *   The figures not ported are those of a `daemon.Config` that skipped `Populate()`
 *   (types/daemon/config.go), which Terway's daemon always runs before `getPoolConfig`: it sets
 *   a batch size ≤ 0 to 5, the interval to "10m" and the jitter factor to "0.1". enisim's parse
 *   applies those defaults as it reads the document, so a Config without them cannot be written
 *   (and it refuses `idle_ip_reclaim_batch_size: 0`, which Populate turns into 5). No open issue
 *   or README section covers this: the un-populated Config exists only in Terway's tests.
 *   No test of v1.17.5 sets `min_eni` (`MinENI`): there are no Terway figures to port for it.
 * getENIConfig
 *   TestGetENIConfig                                ported, but for ENITags and ResourceGroupID
 *       (enisim accepts `eni_tags` and `resource_group_id` as known keys and does not model them:
 *       they do not steer allocation; no open issue covers them)
 *   TestGetENIConfigWithDefaultVSwitchSelectionPolicy ported, but for ENITags
 *   TestGetENIConfigWithLeastIPsEniSelectionPolicy  ported
 *   TestGetENIConfigWithDefaultEniSelectionPolicy   ported
 *   TestGetENIConfigWithNoVSwitches                 ported
 *   TestGetENIConfigWithEmptyVSwitchesForZone       ported
 *   TestGetENIConfigWithEmptyVSwitchListForZone     ported
 *   TestGetENIConfigWithOnlyENITrunking             ported
 *   TestGetENIConfigWithOnlyERDMA                   ported (the ERDMA flag; ERDMA ENIs are issue 9)
 *   TestGetENIConfigWithNoFeatures                  ported
 *   TestGetENIConfigWithNilENITags, ...EmptyENITags, ...TagFilter   not ported: ENI tags and tag
 *       filters are not modelled (see TestGetENIConfig)
 *   TestGetENIConfigWithNilSecurityGroups           ported
 *   TestGetENIConfigWithEmptySecurityGroups         ported
 * TestGetDynamicConfig_NoLabel, TestDetDynamicConfig   not ported: the per-node dynamic config is
 *   read from the Kubernetes API; enisim takes a node's resolved configuration from the scenario.
 *
 * The max-ENI formula: the cases are held against `models/poolSizing.ts` `terwayMaxEni`, the one
 * formula the capacity planner and the allocator core share.
 */
import { describe, expect, it } from 'vitest';
import {
  getEniConfig,
  getPoolConfig,
  type TerwayConfig,
  type TerwayLimits,
  type TerwayPoolConfig,
} from './adapters/daemonConfig.js';

const FILE = 'daemon/config_test.go';
const BUILDER = 'daemon/builder_test.go';
const S = 1_000_000;
const MINUTE = 60 * S;
const HOUR = 60 * MINUTE;

/** The `client.Limits` of every getPoolConfig test in config_test.go. */
const LIMIT: TerwayLimits = { Adapters: 10, IPv4PerAdapter: 5, MemberAdapterLimit: 5 };

function poolConfig(cfg: TerwayConfig, mode: 'ENIMultiIP' | 'ENIOnly', limit = LIMIT) {
  const result = getPoolConfig(cfg, mode, limit);
  if (!result.ok) throw new Error(`getPoolConfig refused ${result.keys.join(', ')}`);
  return result.poolConfig;
}

describe(`${FILE} getPoolConfig`, () => {
  it(`${FILE} TestGetPoolConfigWithENIMultiIPMode`, () => {
    const pc = poolConfig(
      { MaxPoolSize: 5, MinPoolSize: 1, EniCapRatio: 1, RegionID: 'foo' },
      'ENIMultiIP',
    );
    expect(pc.MaxPoolSize).toBe(5);
    expect(pc.MinPoolSize).toBe(1);
    expect(pc.MaxIPPerENI).toBe(5);
  });

  it(`${FILE} TestGetPoolConfigWithIPReclaimConfig`, () => {
    const pc = poolConfig(
      {
        MaxPoolSize: 10,
        MinPoolSize: 2,
        EniCapRatio: 1,
        IdleIPReclaimBatchSize: 3,
        IdleIPReclaimInterval: '5m',
        IdleIPReclaimAfter: '30m',
        IdleIPReclaimJitterFactor: '0.2',
      },
      'ENIMultiIP',
    );
    expect(pc.ReclaimBatchSize).toBe(3);
    expect(pc.ReclaimIntervalUs).toBe(5 * MINUTE);
    expect(pc.ReclaimAfterUs).toBe(30 * MINUTE);
    expect(pc.ReclaimFactor).toBe(0.2);
  });

  // prettier-ignore
  const invalid: readonly [string, TerwayConfig, string][] = [
    ['TestGetPoolConfigWithInvalidReclaimInterval', { IdleIPReclaimInterval: 'invalid-duration' }, '$.idle_ip_reclaim_interval'],
    ['TestGetPoolConfigWithInvalidReclaimAfter', { IdleIPReclaimAfter: 'not-a-duration' }, '$.idle_ip_reclaim_after'],
    ['TestGetPoolConfigWithInvalidReclaimFactor', { IdleIPReclaimJitterFactor: 'not-a-number' }, '$.idle_ip_reclaim_jitter_factor'],
  ];
  for (const [name, bad, key] of invalid) {
    it(`${FILE} ${name}`, () => {
      const cfg = { MaxPoolSize: 10, MinPoolSize: 2, EniCapRatio: 1, IdleIPReclaimBatchSize: 3 };
      const result = getPoolConfig({ ...cfg, ...bad }, 'ENIMultiIP', LIMIT);
      // assert.Error: Terway returns an error; enisim refuses the document and names the key.
      expect(result.ok).toBe(false);
      expect(result.ok ? [] : result.keys).toEqual([key]);
    });
  }

  it(`${FILE} TestGetPoolConfigWithPartialIPReclaimConfig (ReclaimBatchSize, ReclaimInterval, ReclaimAfter)`, () => {
    const pc = poolConfig(
      {
        MaxPoolSize: 10,
        MinPoolSize: 2,
        EniCapRatio: 1,
        IdleIPReclaimBatchSize: 5,
        IdleIPReclaimInterval: '10m',
      },
      'ENIMultiIP',
    );
    expect(pc.ReclaimBatchSize).toBe(5);
    expect(pc.ReclaimIntervalUs).toBe(10 * MINUTE);
    expect(pc.ReclaimAfterUs).toBe(0);
  });

  it(`${FILE} TestGetPoolConfigWithIPAMTypeCRD`, () => {
    const pc = poolConfig(
      { MaxPoolSize: 10, MinPoolSize: 2, EniCapRatio: 1, IPAMType: 'crd' },
      'ENIMultiIP',
    );
    expect(pc.MaxPoolSize).toBe(0);
    expect(pc.MinPoolSize).toBe(0);
    expect(pc.Capacity).toBe(45);
  });

  it(`${FILE} TestGetPoolConfigWithNilIPReclaimConfig (ReclaimAfter)`, () => {
    const pc = poolConfig({ MaxPoolSize: 10, MinPoolSize: 2, EniCapRatio: 1 }, 'ENIMultiIP');
    expect(pc.ReclaimAfterUs).toBe(0);
  });

  it(`${FILE} TestGetPoolConfigWithIPReclaimConfigENIOnly`, () => {
    const pc = poolConfig(
      {
        MaxPoolSize: 10,
        MinPoolSize: 2,
        EniCapRatio: 1,
        IdleIPReclaimBatchSize: 2,
        IdleIPReclaimInterval: '3m',
        IdleIPReclaimAfter: '15m',
        IdleIPReclaimJitterFactor: '0.15',
      },
      'ENIOnly',
    );
    expect(pc.ReclaimBatchSize).toBe(2);
    expect(pc.ReclaimIntervalUs).toBe(3 * MINUTE);
    expect(pc.ReclaimAfterUs).toBe(15 * MINUTE);
    expect(pc.ReclaimFactor).toBe(0.15);
    expect(pc.MaxIPPerENI).toBe(1);
    expect(pc.MaxPoolSize).toBe(0);
    expect(pc.MinPoolSize).toBe(0);
  });

  // prettier-ignore
  const durations = [
    { name: 'seconds', interval: '30s', after: '60s', expectedInterval: 30 * S, expectedAfter: 60 * S },
    { name: 'minutes', interval: '5m', after: '10m', expectedInterval: 5 * MINUTE, expectedAfter: 10 * MINUTE },
    { name: 'hours', interval: '1h', after: '2h', expectedInterval: HOUR, expectedAfter: 2 * HOUR },
    { name: 'mixed', interval: '1h30m', after: '2h45m30s',
      expectedInterval: HOUR + 30 * MINUTE, expectedAfter: 2 * HOUR + 45 * MINUTE + 30 * S },
  ];
  for (const tc of durations) {
    it(`${FILE} TestGetPoolConfigWithDurationFormats: "${tc.name}"`, () => {
      const pc = poolConfig(
        {
          MaxPoolSize: 10,
          MinPoolSize: 2,
          EniCapRatio: 1,
          IdleIPReclaimBatchSize: 5,
          IdleIPReclaimInterval: tc.interval,
          IdleIPReclaimAfter: tc.after,
        },
        'ENIMultiIP',
      );
      expect(pc.ReclaimIntervalUs).toBe(tc.expectedInterval);
      expect(pc.ReclaimAfterUs).toBe(tc.expectedAfter);
    });
  }

  const factors: readonly [string, string, number][] = [
    ['zero', '0', 0.0],
    ['small', '0.1', 0.1],
    ['medium', '0.5', 0.5],
    ['large', '1.0', 1.0],
    ['decimal', '0.25', 0.25],
    ['many_decimals', '0.123456', 0.123456],
  ];
  for (const [name, factor, expectedFactor] of factors) {
    it(`${FILE} TestGetPoolConfigWithFloatJitterFactor: "${name}"`, () => {
      const pc = poolConfig(
        {
          MaxPoolSize: 10,
          MinPoolSize: 2,
          EniCapRatio: 1,
          IdleIPReclaimBatchSize: 5,
          IdleIPReclaimJitterFactor: factor,
        },
        'ENIMultiIP',
      );
      // assert.InDelta(..., 0.000001)
      expect(Math.abs(pc.ReclaimFactor - expectedFactor)).toBeLessThanOrEqual(0.000001);
    });
  }
});

/** `TestGetPoolConfigBuilder`'s table. */
const BUILDER_ROWS: readonly {
  name: string;
  config: TerwayConfig;
  mode: 'ENIMultiIP' | 'ENIOnly';
  limit: TerwayLimits;
  expectedCapacity: number;
  expectedMaxENI: number;
}[] = [
  {
    name: 'ENI Only mode',
    config: { EniCapRatio: 1.0, EniCapShift: 0 },
    mode: 'ENIOnly',
    limit: { Adapters: 4 },
    expectedCapacity: 3,
    expectedMaxENI: 3,
  },
  {
    name: 'ENI MultiIP mode',
    config: { EniCapRatio: 1.0, EniCapShift: 0 },
    mode: 'ENIMultiIP',
    limit: { Adapters: 4, IPv4PerAdapter: 10 },
    expectedCapacity: 30,
    expectedMaxENI: 3,
  },
  {
    name: 'ENI MultiIP mode with MaxENI limit',
    config: { EniCapRatio: 1.0, EniCapShift: 0, MaxENI: 2 },
    mode: 'ENIMultiIP',
    limit: { Adapters: 4, IPv4PerAdapter: 10 },
    expectedCapacity: 20,
    expectedMaxENI: 2,
  },
];

describe(`${BUILDER} TestGetPoolConfigBuilder`, () => {
  for (const row of BUILDER_ROWS) {
    it(`${BUILDER} TestGetPoolConfigBuilder: "${row.name}"`, () => {
      const pc: TerwayPoolConfig = poolConfig(row.config, row.mode, row.limit);
      expect(pc.Capacity).toBe(row.expectedCapacity);
      expect(pc.MaxENI).toBe(row.expectedMaxENI);
    });
  }
});

describe(`${FILE} getENIConfig`, () => {
  const base: TerwayConfig = { SecurityGroups: ['sg1'] };

  it(`${FILE} TestGetENIConfig (all but ENITags, ResourceGroupID)`, () => {
    const eniConfig = getEniConfig(
      {
        SecurityGroups: ['sg1', 'sg2'],
        VSwitchSelectionPolicy: 'ordered',
        EniSelectionPolicy: 'most_ips',
        EnableENITrunking: true,
        EnableERDMA: true,
        VSwitches: { zoneID: ['vswitch1', 'vswitch2'] },
      },
      'zoneID',
    );
    expect(eniConfig.SecurityGroupIDs).toEqual(['sg1', 'sg2']);
    expect(eniConfig.VSwitchSelectionPolicy).toBe('most');
    expect(eniConfig.EniSelectionPolicy).toBe('most_ips');
    expect(eniConfig.EniTypeAttr).toBe(3);
    expect(eniConfig.VSwitchOptions).toEqual(['vswitch1', 'vswitch2']);
  });

  it(`${FILE} TestGetENIConfigWithDefaultVSwitchSelectionPolicy (all but ENITags)`, () => {
    const eniConfig = getEniConfig({ ...base, EniSelectionPolicy: 'most_ips' }, 'zoneID');
    expect(eniConfig.VSwitchSelectionPolicy).toBe('random');
    expect(eniConfig.EniSelectionPolicy).toBe('most_ips');
    expect(eniConfig.ZoneID).toBe('zoneID');
  });

  it(`${FILE} TestGetENIConfigWithLeastIPsEniSelectionPolicy`, () => {
    const eniConfig = getEniConfig(
      { ...base, VSwitchSelectionPolicy: 'random', EniSelectionPolicy: 'least_ips' },
      'zoneID',
    );
    expect(eniConfig.VSwitchSelectionPolicy).toBe('random');
    expect(eniConfig.EniSelectionPolicy).toBe('least_ips');
  });

  it(`${FILE} TestGetENIConfigWithDefaultEniSelectionPolicy`, () => {
    const eniConfig = getEniConfig({ ...base, VSwitchSelectionPolicy: 'ordered' }, 'zoneID');
    expect(eniConfig.EniSelectionPolicy).toBe('most_ips');
  });

  it(`${FILE} TestGetENIConfigWithNoVSwitches`, () => {
    expect(getEniConfig(base, 'zoneID').VSwitchOptions).toBeNull();
  });

  it(`${FILE} TestGetENIConfigWithEmptyVSwitchesForZone`, () => {
    const cfg = { ...base, VSwitches: { otherZoneID: ['vswitch1', 'vswitch2'] } };
    expect(getEniConfig(cfg, 'zoneID').VSwitchOptions).toBeNull();
  });

  it(`${FILE} TestGetENIConfigWithEmptyVSwitchListForZone`, () => {
    const cfg = { ...base, VSwitches: { zoneID: [] } };
    expect(getEniConfig(cfg, 'zoneID').VSwitchOptions).toBeNull();
  });

  it(`${FILE} TestGetENIConfigWithOnlyENITrunking`, () => {
    const cfg = { ...base, EnableENITrunking: true, EnableERDMA: false };
    expect(getEniConfig(cfg, 'zoneID').EniTypeAttr).toBe(1);
  });

  it(`${FILE} TestGetENIConfigWithOnlyERDMA`, () => {
    const cfg = { ...base, EnableENITrunking: false, EnableERDMA: true };
    expect(getEniConfig(cfg, 'zoneID').EniTypeAttr).toBe(2);
  });

  it(`${FILE} TestGetENIConfigWithNoFeatures`, () => {
    const cfg = { ...base, EnableENITrunking: false, EnableERDMA: false };
    expect(getEniConfig(cfg, 'zoneID').EniTypeAttr).toBe(0);
  });

  it(`${FILE} TestGetENIConfigWithNilSecurityGroups`, () => {
    expect(getEniConfig({}, 'zoneID').SecurityGroupIDs).not.toBeNull();
  });

  it(`${FILE} TestGetENIConfigWithEmptySecurityGroups`, () => {
    expect(getEniConfig({ SecurityGroups: [] }, 'zoneID').SecurityGroupIDs).toHaveLength(0);
  });
});
