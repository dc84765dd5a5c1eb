import { describe, expect, it } from 'vitest';

import { decideStack, keepsIpv6 } from '../../../models/index.js';
import { catalogType, codes, ecsType, leniType, plan, version } from './fixtures.js';

const latest = version('1.17.5');

describe('dualStack: the parity rule', () => {
  it('IPv6 per ENI = IPv4 per ENI keeps dual stack (ecs.c7.4xlarge 30/30)', () => {
    const decision = decideStack({
      type: catalogType('ecs.c7.4xlarge'),
      requested: 'dual',
      terway: latest,
    });
    expect(decision).toEqual({
      requested: 'dual',
      effective: 'dual',
      warnings: [],
      violations: [],
    });
  });

  it('otherwise the node falls back to IPv4-only with a warning (ecs.c6.4xlarge 20/1)', () => {
    const decision = decideStack({
      type: catalogType('ecs.c6.4xlarge'),
      requested: 'dual',
      terway: latest,
    });
    expect(decision.effective).toBe('ipv4');
    expect(codes(decision.warnings)).toEqual(['DUAL_STACK_FALLBACK']);
    expect(decision.violations).toEqual([]);
  });

  it('there is no min(): more IPv6 than IPv4 also falls back from 1.3.0', () => {
    const type = ecsType({ ipv4PerEni: 10, ipv6PerEni: 20 });
    expect(decideStack({ type, requested: 'dual', terway: latest }).effective).toBe('ipv4');
  });

  it('before 1.3.0 IPv6 stayed on whenever IPv4 ≤ IPv6', () => {
    const type = ecsType({ ipv4PerEni: 10, ipv6PerEni: 20 });
    expect(decideStack({ type, requested: 'dual', terway: version('1.2.0') }).effective).toBe(
      'dual',
    );
    expect(decideStack({ type, requested: 'dual', terway: version('1.3.0') }).effective).toBe(
      'ipv4',
    );
    expect(keepsIpv6({ ipv4PerEni: 20, ipv6PerEni: 10, terway: version('1.2.5') })).toBe(false);
    expect(keepsIpv6({ ipv4PerEni: 10, ipv6PerEni: 0, terway: version('1.2.5') })).toBe(false);
  });

  it('an unknown IPv6 quota leaves the stack unknown: IPV6_QUOTA_UNKNOWN', () => {
    const decision = decideStack({
      type: catalogType('ecs.re8.30xlarge'),
      requested: 'dual',
      terway: latest,
    });
    expect(decision.effective).toBeNull();
    expect(codes(decision.warnings)).toEqual(['IPV6_QUOTA_UNKNOWN']);
  });

  it('Lingjun has no dual-stack: a violation', () => {
    const decision = decideStack({ type: leniType(), requested: 'dual', terway: latest });
    expect(decision.effective).toBe('ipv4');
    expect(codes(decision.violations)).toEqual(['LINGJUN_NO_DUAL_STACK']);
  });

  it('the stack never changes the pod count or max-pods', () => {
    for (const id of ['ecs.c7.4xlarge', 'ecs.c6.4xlarge', 'ecs.re8.30xlarge']) {
      for (const mode of ['shared', 'exclusive'] as const) {
        const ipv4 = plan(id, { mode });
        const dual = plan(id, { mode, stack: 'dual' });
        expect(dual.containerPods).toBe(ipv4.containerPods);
        expect(dual.maxPods).toBe(ipv4.maxPods);
      }
    }
  });
});
