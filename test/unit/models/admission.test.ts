import { describe, expect, it } from 'vitest';

import { decideStack, DEFAULT_ENI_CONF, featuresUsed, podCapacity } from '../../../models/index.js';
import { catalogType, codes, conf, ecsType, leniType, plan, version } from './fixtures.js';

describe('admission: ACK pod-quota rules', () => {
  it('a 7-ENI type is refused for an exclusive pool: 6 pods is not more than 6', () => {
    const result = plan('ecs.g6.13xlarge', { mode: 'exclusive' });
    expect(result.containerPods).toBe(6);
    expect(result.admitted).toBe(false);
    expect(codes(result.violations)).toEqual(['EXCLUSIVE_TOO_FEW_ENIS']);
    expect(result.violations[0]?.message).toContain('7 ENIs leave 6 for pods');
    expect(plan('ecs.g6.13xlarge', { mode: 'shared' }).admitted).toBe(true);
  });

  it('an 8-ENI type is admitted (7 > 6)', () => {
    expect(plan('ecs.c7.4xlarge', { mode: 'exclusive' }).admitted).toBe(true);
  });

  it('the shared limit must exceed 11: ecs.g6.large (2 ENIs × 6) holds 6 and is refused', () => {
    const result = plan('ecs.g6.large');
    expect(result.containerPods).toBe(6);
    expect(codes(result.violations)).toEqual(['SHARED_TOO_FEW_PODS']);
    expect(plan(ecsType({ eniQuantity: 2, ipv4PerEni: 12 })).admitted).toBe(true);
    expect(plan(ecsType({ eniQuantity: 2, ipv4PerEni: 11 })).admitted).toBe(false);
  });

  it('Lingjun: a high-density quota of 6 is refused, 7 admitted', () => {
    const six = leniType({ eniQuantity: 1, highDensityQuantity: 6 });
    expect(codes(plan(six, { mode: 'exclusive' }).violations)).toEqual(['EXCLUSIVE_TOO_FEW_ENIS']);
    const seven = leniType({ eniQuantity: 1, highDensityQuantity: 7 });
    expect(plan(seven, { mode: 'exclusive' }).admitted).toBe(true);
  });

  it('Lingjun high density outside exclusive mode is refused', () => {
    const type = leniType({ eniQuantity: 1, highDensityQuantity: 16 });
    expect(codes(plan(type).violations)).toContain('LINGJUN_HIGH_DENSITY_NEEDS_EXCLUSIVE');
  });
});

describe('admission: Terway version gates', () => {
  it('exclusive ECS pools need 1.11.0; older is out of scope and says so', () => {
    const result = plan('ecs.c7.4xlarge', { mode: 'exclusive', terway: version('v1.10.0') });
    expect(codes(result.violations)).toEqual(['TERWAY_VERSION_TOO_OLD']);
    expect(result.violations[0]?.message).toContain(
      'Terway 1.10.0 is too old for exclusive-ENI node pools on ECS: it needs 1.11.0 or later',
    );
    expect(result.violations[0]?.message).toContain('cluster-wide ENI-only mode');
    expect(plan('ecs.c7.4xlarge', { mode: 'exclusive', terway: version('v1.11.0') }).admitted).toBe(
      true,
    );
  });

  it('exclusive Lingjun pools need 1.14.3', () => {
    const type = leniType({ eniQuantity: 12, ipv4PerEni: 10 });
    const old = plan(type, { mode: 'exclusive', terway: version('1.14.2') });
    expect(old.violations.map((v) => v.message)).toEqual([
      'Terway 1.14.2 is too old for exclusive-ENI node pools on Lingjun (LENI and HDENI): it needs 1.14.3 or later',
    ]);
    expect(plan(type, { mode: 'exclusive', terway: version('1.14.3') }).admitted).toBe(true);
  });

  it('ECS-link Lingjun needs 1.15.1; LENI needs 1.8.0', () => {
    const link = leniType({ lingjunApi: 'ecs-link' });
    expect(plan(link, { terway: version('1.15.0') }).violations[0]?.message).toContain('1.15.1');
    expect(plan(leniType(), { terway: version('1.7.9') }).violations[0]?.message).toContain(
      '1.8.0',
    );
  });

  it.each([
    ['trunk', { trunk: true }, 'ecs.g7.xlarge', '1.0.10', '1.1.0'],
    ['dual-stack', { stack: 'dual' as const }, 'ecs.c7.4xlarge', '1.0.10', '1.1.0'],
    ['ERDMA', { erdma: true }, 'ecs.g8a.xlarge', '1.6.9', '1.7.0'],
    ['IP prefix', { ipPrefix: true }, 'ecs.g7.4xlarge', '1.17.0', '1.17.1'],
    [
      'idle reclaim',
      { conf: conf({ idle_ip_reclaim_after: '10m' }) },
      'ecs.g7.4xlarge',
      '1.15.9',
      '1.16.0',
    ],
    ['warm-up', { conf: conf({ ip_warm_up_size: 10 }) }, 'ecs.g7.4xlarge', '1.16.3', '1.16.4'],
    [
      'centralized IPAM',
      { conf: conf({ ipam_type: 'crd' }) },
      'ecs.g7.4xlarge',
      '1.13.3',
      '1.13.4',
    ],
  ])('%s below its version is TERWAY_VERSION_TOO_OLD naming it', (_, extra, id, below, since) => {
    const result = plan(id, { ...extra, terway: version(below) });
    expect(codes(result.violations)).toEqual(['TERWAY_VERSION_TOO_OLD']);
    expect(result.violations[0]?.message).toContain(`Terway ${below} is too old for `);
    expect(result.violations[0]?.message).toContain(`: it needs ${since} or later`);
    expect(plan(id, { ...extra, terway: version(since) }).admitted).toBe(true);
  });

  it('a feature switched off on the node is not gated (IP prefix on an exclusive node)', () => {
    const result = plan('ecs.g7.4xlarge', {
      mode: 'exclusive',
      ipPrefix: true,
      terway: version('1.11.0'),
    });
    expect(result.admitted).toBe(true);
    expect(codes(result.warnings)).toEqual(['IP_PREFIX_EXCLUSIVE']);
  });

  it('lists the features a plan uses', () => {
    const type = catalogType('ecs.g7.xlarge');
    const capacity = podCapacity(type, {
      mode: 'shared',
      trunk: true,
      ipPrefix: false,
      erdma: false,
      conf: DEFAULT_ENI_CONF,
    });
    const stack = decideStack({ type, requested: 'dual', terway: version('1.17.5') });
    expect(
      featuresUsed({
        type,
        mode: 'shared',
        capacity,
        stack,
        terway: version('1.17.5'),
        conf: DEFAULT_ENI_CONF,
      }),
    ).toEqual(['sharedEni', 'dualStack', 'trunk']);
  });

  it('a version newer than the newest known warns', () => {
    expect(codes(plan('ecs.c7.4xlarge', { terway: version('1.18.0') }).warnings)).toEqual([
      'TERWAY_VERSION_NEWER',
    ]);
  });
});

describe('admission: other rules', () => {
  it('ERDMA with dual-stack is refused', () => {
    const result = plan('ecs.g8a.xlarge', { erdma: true, stack: 'dual' });
    expect(codes(result.violations)).toEqual(['ERDMA_NO_DUAL_STACK']);
  });

  it('Lingjun with dual-stack is refused', () => {
    expect(codes(plan(leniType(), { stack: 'dual' }).violations)).toEqual([
      'LINGJUN_NO_DUAL_STACK',
    ]);
  });
});
