import { describe, expect, it } from 'vitest';

import {
  cidrsOverlap,
  parseCidr,
  vSwitchUsableIpv4,
  vSwitchUsableIpv6,
  type Cidr,
} from '../../../scenarios/load/cidr.js';

function cidr(text: string, family: 4 | 6): Cidr {
  const parsed = parseCidr(text, family);
  if (!parsed.ok) throw new Error(parsed.reason);
  return parsed.cidr;
}

describe('vSwitch CIDR blocks', () => {
  // catalog-notes §5: usable = 2^(32−p) − 4 (the first and the last three are reserved).
  it.each([
    ['192.168.1.0/24', 252],
    ['10.0.0.0/19', 8188],
    ['10.0.0.0/29', 4],
    ['172.16.0.0/16', 65532],
  ])('%s offers %i addresses', (text, usable) => {
    expect(vSwitchUsableIpv4(cidr(text, 4))).toBe(usable);
  });

  it('an IPv6 /64 offers 2^64 − 10 addresses', () => {
    expect(vSwitchUsableIpv6(cidr('2408:4005:39c:100::/64', 6))).toBe(2n ** 64n - 10n);
  });

  it('refuses host bits and suggests the block that was meant', () => {
    expect(parseCidr('172.16.64.1/19', 4)).toEqual({
      ok: false,
      reason: '"172.16.64.1/19" has host bits set (the block starts at 172.16.64.0/19)',
      suggestion: '172.16.64.0/19',
    });
  });

  it.each(['172.16.0.0', '300.1.1.0/24', '172.16.0.0/33', '10.0.0.0/x', '::1/64'])(
    'refuses %j as an IPv4 block',
    (text) => {
      expect(parseCidr(text, 4).ok).toBe(false);
    },
  );

  it('reads compressed IPv6 blocks and normalises them', () => {
    expect(cidr('2408:4005:39c:100::/64', 6).text).toBe('2408:4005:39c:100::/64');
    expect(cidr('2408:4005:039C:0100:0:0:0:0/64', 6).text).toBe('2408:4005:39c:100::/64');
    expect(parseCidr('::ffff:10.0.0.0/120', 6).ok).toBe(false);
    expect(parseCidr('2408:4005:39c:100::1/64', 6).ok).toBe(false);
  });

  it('finds overlaps between blocks of one family only', () => {
    expect(cidrsOverlap(cidr('10.0.0.0/16', 4), cidr('10.0.8.0/24', 4))).toBe(true);
    expect(cidrsOverlap(cidr('10.0.0.0/24', 4), cidr('10.0.1.0/24', 4))).toBe(false);
    expect(cidrsOverlap(cidr('10.0.0.0/16', 4), cidr('2408::/64', 6))).toBe(false);
  });
});
