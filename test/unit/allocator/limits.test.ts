import { describe, expect, it } from 'vitest';
import { resolveAllocatorConfig } from '../../../sim/allocator/config.js';
import { checkNodeLimits, effectiveDualStack } from '../../../sim/allocator/limits.js';
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

describe('node limits', () => {
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
