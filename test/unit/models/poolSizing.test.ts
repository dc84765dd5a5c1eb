import { describe, expect, it } from 'vitest';

import { DEFAULT_ENI_CONF, type EniConf } from '../../../models/eniConf.js';
import {
  exclusiveEniCapacity,
  sharedPoolSizing,
  type EniQuota,
} from '../../../models/poolSizing.js';

const g7: EniQuota = { eniQuantity: 8, ipv4PerEni: 30, highDensity: false };
const config = (overrides: Partial<EniConf> = {}): EniConf => ({
  ...DEFAULT_ENI_CONF,
  ...overrides,
});

describe('pool sizing (getPoolConfig, terway.md §1.3.1)', () => {
  it('ecs.g7.4xlarge: 7 ENIs × 30 = 210 shared addresses; max_pool_size 5 by default', () => {
    expect(sharedPoolSizing(g7, config())).toEqual({
      maxEni: 7,
      quotaMaxEni: 7,
      quotaBelowEniCap: false,
      ipPerEni: 30,
      capacity: 210,
      reachableCapacity: 210,
      maxPoolSize: 5,
      minPoolSize: 0,
    });
  });

  it('ecs.c6.4xlarge (8 × 20): 140', () => {
    expect(sharedPoolSizing({ ...g7, ipv4PerEni: 20 }, config()).capacity).toBe(140);
  });

  it('max_eni caps the ENIs; eni_cap_ratio and eni_cap_shift scale them', () => {
    expect(sharedPoolSizing(g7, config({ maxEni: 3 })).capacity).toBe(90);
    expect(sharedPoolSizing(g7, config({ maxEni: 20 })).maxEni).toBe(7);
    expect(sharedPoolSizing(g7, config({ eniCapRatio: 0.5 })).maxEni).toBe(3);
    expect(sharedPoolSizing(g7, config({ eniCapShift: -2 })).maxEni).toBe(5);
    expect(sharedPoolSizing({ ...g7, eniQuantity: 7 }, config({ eniCapRatio: 0.5 })).maxEni).toBe(
      2,
    );
    expect(sharedPoolSizing({ ...g7, eniQuantity: 2 }, config({ eniCapShift: -5 })).maxEni).toBe(0);
  });

  it('min_eni turns into min_eni × IPv4 per ENI, and the minimum never exceeds the maximum', () => {
    expect(sharedPoolSizing(g7, config({ minEni: 1, maxPoolSize: 50 })).minPoolSize).toBe(30);
    expect(sharedPoolSizing(g7, config({ minPoolSize: 10, maxPoolSize: 4 })).minPoolSize).toBe(4);
    expect(sharedPoolSizing(g7, config({ maxPoolSize: 500 })).maxPoolSize).toBe(210);
  });

  it('exclusive mode: aliyun/eni = EniQuantity − 1; a high-density node has no minus one', () => {
    expect(exclusiveEniCapacity(g7, config())).toBe(7);
    expect(exclusiveEniCapacity({ ...g7, eniQuantity: 12, highDensity: true }, config())).toBe(12);
  });

  it('Terway does not cap maxENI by the ENI quota (daemon/config.go:91): eni_cap_shift 1 on 8 ENIs sizes 8, the node reaches 7', () => {
    const sizing = sharedPoolSizing(g7, config({ eniCapShift: 1 }));
    expect(sizing.maxEni).toBe(8);
    expect(sizing.capacity).toBe(240);
    expect(sizing.quotaMaxEni).toBe(7);
    expect(sizing.quotaBelowEniCap).toBe(true);
    expect(sizing.reachableCapacity).toBe(210);
    expect(exclusiveEniCapacity(g7, config({ eniCapRatio: 2 }))).toBe(15);
  });
});
