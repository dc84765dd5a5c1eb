import { describe, expect, it } from 'vitest';

import {
  DEFAULT_ENI_CONF,
  eniConfFeatures,
  parseEniConf,
  parseGoDurationUs,
} from '../../../models/index.js';
import { conf } from './fixtures.js';

describe('eniConf: Go durations in microseconds', () => {
  it.each([
    ['10m', 600_000_000],
    ['120s', 120_000_000],
    ['2m', 120_000_000],
    ['1h30m', 5_400_000_000],
    ['1.5h', 5_400_000_000],
    ['300ms', 300_000],
    ['250us', 250],
    ['250µs', 250],
    ['1500ns', 2],
    ['0', 0],
    ['+5s', 5_000_000],
  ])('%s → %i µs', (text, us) => {
    expect(parseGoDurationUs(text)).toBe(us);
  });

  it.each(['', '10', '-5m', '5x', 'm', '1h 30m', '1.2.3s', '+'])('refuses %j', (text) => {
    expect(parseGoDurationUs(text)).toBeNull();
  });
});

describe('eniConf: parsing and defaults', () => {
  it('an empty eni_conf is Terway with its defaults', () => {
    const parsed = parseEniConf({});
    expect(parsed).toEqual({ ok: true, conf: DEFAULT_ENI_CONF });
    expect(DEFAULT_ENI_CONF.maxPoolSize).toBe(5);
    expect(DEFAULT_ENI_CONF.ipPoolSyncPeriodUs).toBe(120_000_000);
    expect(DEFAULT_ENI_CONF.idleIpReclaimIntervalUs).toBe(600_000_000);
    expect(DEFAULT_ENI_CONF.idleIpReclaimJitterFactor).toBe(0.1);
    expect(DEFAULT_ENI_CONF.idleIpReclaimAfterUs).toBeNull();
  });

  it('reads every pool and allocator key', () => {
    const result = conf({
      max_pool_size: 20,
      min_pool_size: 10,
      ip_warm_up_size: 30,
      ip_pool_sync_period: '90s',
      idle_ip_reclaim_after: '30m',
      idle_ip_reclaim_batch_size: 3,
      idle_ip_reclaim_interval: '5m',
      idle_ip_reclaim_jitter_factor: '0.2',
      min_eni: 1,
      max_eni: 4,
      eni_cap_ratio: 0.5,
      eni_cap_shift: 1,
      eni_selection_policy: 'least_ips',
      vswitch_selection_policy: 'ordered',
      ip_stack: 'dual',
      enable_eni_trunking: true,
      enable_erdma: true,
      ipam_type: 'crd',
      enable_ip_prefix: true,
      vswitches: { 'cn-hangzhou-i': ['vsw-a', 'vsw-b'] },
      security_group: 'sg-1',
      security_groups: ['sg-1', 'sg-2'],
      region_id: 'cn-hangzhou',
    });
    expect(result).toMatchObject({
      maxPoolSize: 20,
      minPoolSize: 10,
      ipWarmUpSize: 30,
      ipPoolSyncPeriodUs: 90_000_000,
      idleIpReclaimAfterUs: 1_800_000_000,
      idleIpReclaimBatchSize: 3,
      idleIpReclaimIntervalUs: 300_000_000,
      idleIpReclaimJitterFactor: 0.2,
      minEni: 1,
      maxEni: 4,
      eniCapRatio: 0.5,
      eniCapShift: 1,
      eniSelectionPolicy: 'least_ips',
      vswitchSelectionPolicy: 'ordered',
      ipStack: 'dual',
      enableEniTrunking: true,
      enableErdma: true,
      ipamType: 'crd',
      enableIpPrefix: true,
      vswitches: { 'cn-hangzhou-i': ['vsw-a', 'vsw-b'] },
      securityGroups: ['sg-1', 'sg-2'],
      unknownKeys: [],
    });
    expect(eniConfFeatures(result)).toEqual([
      'centralizedIpam',
      'eniSelectionPolicy',
      'ipPoolSyncPeriod',
      'idleIpReclaim',
      'ipWarmUp',
    ]);
  });

  it('max_eni 0 means no cap, and unknown keys are listed', () => {
    const result = conf({ max_eni: 0, max_pool_szie: 3 });
    expect(result.maxEni).toBeNull();
    expect(result.unknownKeys).toEqual(['max_pool_szie']);
  });

  it.each([
    [{ max_pool_size: -1 }, '$.max_pool_size', 'must be a whole number ≥ 0, got -1'],
    [{ max_pool_size: '5' }, '$.max_pool_size', 'must be a whole number ≥ 0, got "5"'],
    [{ ip_stack: 'ipv6' }, '$.ip_stack', 'must be one of "ipv4", "dual", got "ipv6"'],
    [{ idle_ip_reclaim_after: 600 }, '$.idle_ip_reclaim_after', 'Go duration string'],
    [{ ip_pool_sync_period: '0' }, '$.ip_pool_sync_period', 'Go duration string'],
    [{ eni_cap_ratio: 0 }, '$.eni_cap_ratio', 'must be a number > 0'],
    [{ idle_ip_reclaim_jitter_factor: '2' }, '$.idle_ip_reclaim_jitter_factor', '≤ 1'],
    [{ enable_eni_trunking: 'true' }, '$.enable_eni_trunking', 'must be true or false'],
    [{ eni_cap_shift: 1.5 }, '$.eni_cap_shift', 'must be a whole number'],
    [{ vswitches: ['vsw-a'] }, '$.vswitches', 'zone'],
    [
      { security_groups: Array.from({ length: 11 }, (_, i) => `sg-${i}`) },
      '$.security_groups',
      'at most 10',
    ],
  ])('reports %j at its path', (document, path, message) => {
    const parsed = parseEniConf(document);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.issues[0]?.path).toBe(path);
    expect(parsed.issues[0]?.message).toContain(message);
  });

  it('refuses a document that is not an object', () => {
    expect(parseEniConf([1])).toMatchObject({ ok: false, issues: [{ path: '$' }] });
  });
});
