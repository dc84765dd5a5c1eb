import { describe, expect, it } from 'vitest';
import { resolveAllocatorConfig } from '../../../sim/allocator/config.js';
import {
  checkNodeLimits,
  effectiveDualStack,
  exclusiveEniCapacity,
  sharedPoolSizing,
} from '../../../sim/allocator/limits.js';
import type { NodeLimits } from '../../../sim/allocator/limits.js';
import { chooseSharedAllocator } from '../../../sim/allocator/nodeAllocator.js';
import { terwayVersion } from '../../../models/terwayVersion.js';

const g7: NodeLimits = {
  eniQuantity: 8,
  ipv4PerEni: 30,
  ipv6PerEni: 30,
  memberEniLimit: 0,
  platform: 'ecs',
  highDensity: false,
};
const config = (overrides = {}) => resolveAllocatorConfig(overrides);

describe('pool sizing (getPoolConfig, terway.md §1.3.1)', () => {
  it('ecs.g7.4xlarge: 7 ENIs × 30 = 210 shared addresses; max_pool_size 5 by default', () => {
    expect(sharedPoolSizing(g7, config())).toEqual({
      maxEni: 7,
      ipPerEni: 30,
      capacity: 210,
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

  it('dual-stack needs IPv6 per ENI = IPv4 per ENI in shared mode (no min), and never on Lingjun', () => {
    const dual = config({ ipStack: 'dual' });
    expect(effectiveDualStack(g7, dual, 'shared')).toBe(true);
    expect(effectiveDualStack({ ...g7, ipv6PerEni: 10 }, dual, 'shared')).toBe(false);
    expect(effectiveDualStack({ ...g7, ipv6PerEni: 10 }, dual, 'exclusive')).toBe(true);
    expect(effectiveDualStack({ ...g7, platform: 'lingjun' }, dual, 'shared')).toBe(false);
    expect(effectiveDualStack(g7, config(), 'shared')).toBe(false);
  });

  it('refuses limits that cannot be', () => {
    expect(() => {
      checkNodeLimits({ ...g7, eniQuantity: 0 });
    }).toThrow(/eniQuantity/);
    expect(() => {
      checkNodeLimits({ ...g7, ipv4PerEni: 1.5 });
    }).toThrow(/ipv4PerEni/);
  });
});

describe('choosing the allocator', () => {
  it('centralized from 1.13.4 with ipam_type crd, always on Lingjun; none on exclusive nodes', () => {
    const choose = (overrides: object, limits = g7, mode: 'shared' | 'exclusive' = 'shared') =>
      chooseSharedAllocator({ config: config(overrides), limits, mode });
    expect(choose({ ipamType: 'crd' })).toBe('centralized');
    expect(choose({ ipamType: 'crd', terwayVersion: terwayVersion('1.13.3') })).toBe('daemon');
    expect(choose({})).toBe('daemon');
    expect(choose({}, { ...g7, platform: 'lingjun' })).toBe('centralized');
    expect(choose({ ipamType: 'crd' }, g7, 'exclusive')).toBe('none');
  });
});

describe('configuration boundary', () => {
  it('names the offending key and value', () => {
    expect(() => config({ maxPoolSize: -1 })).toThrow(
      /max_pool_size must be a non-negative integer, got -1/,
    );
    expect(() => config({ ipPoolSyncPeriodUs: 0 })).toThrow(/ip_pool_sync_period must be positive/);
    expect(() => config({ idleIpReclaimJitterFactor: Number.NaN })).toThrow(/jitter_factor/);
    expect(() => config({ securityGroupIds: Array(11).fill('sg') })).toThrow(/at most 10/);
  });
});
