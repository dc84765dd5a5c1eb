import { describe, expect, it } from 'vitest';
import {
  formatIp,
  formatPrefix,
  hasHostBits,
  isIpv6LinkLocal,
  maskPrefix,
  parseIp,
  parsePrefix,
  prefixContains,
} from '../../../models/ipAddress.js';

function canonical(text: string): string | undefined {
  const address = parseIp(text);
  return address === undefined ? undefined : formatIp(address);
}

describe('ipAddress', () => {
  it('prints IPv6 as RFC 5952 does: lower case, no leading zeros, the longest zero run as ::', () => {
    expect(canonical('2001:0DB8:0000:0000:0000:0000:0000:0001')).toBe('2001:db8::1');
    expect(canonical('2001:db8:0:0:1:0:0:1')).toBe('2001:db8::1:0:0:1');
    expect(canonical('2001:db8:0:1:1:1:1:1')).toBe('2001:db8:0:1:1:1:1:1');
    expect(canonical('::')).toBe('::');
    expect(canonical('::1')).toBe('::1');
    expect(canonical('fe80::')).toBe('fe80::');
    expect(canonical('::ffff:10.0.0.1')).toBe('::ffff:10.0.0.1');
    expect(canonical('0:0:0:0:0:0:10.0.0.1')).toBe('::a00:1');
  });

  it('rejects what inet_pton rejects', () => {
    for (const bad of [
      '1.2.3',
      '1.2.3.256',
      '01.2.3.4',
      '1::2::3',
      '1:2:3:4:5:6:7:8:9',
      ':1',
      'g::1',
      '1.2.3.4::',
    ]) {
      expect(parseIp(bad), bad).toBeUndefined();
    }
    expect(parsePrefix('10.0.0.0/33')).toBeUndefined();
    expect(parsePrefix('10.0.0.0')).toBeUndefined();
    expect(parsePrefix('fd00::/129')).toBeUndefined();
  });

  it('masks, detects host bits and containment', () => {
    const prefix = parsePrefix('10.1.2.3/16');
    expect(prefix).toBeDefined();
    if (prefix === undefined) return;
    expect(hasHostBits(prefix)).toBe(true);
    expect(formatPrefix(maskPrefix(prefix))).toBe('10.1.0.0/16');
    const inside = parseIp('10.1.255.255');
    const outside = parseIp('10.2.0.0');
    expect(inside !== undefined && prefixContains(prefix, inside)).toBe(true);
    expect(outside !== undefined && prefixContains(prefix, outside)).toBe(false);
    const linkLocal = parseIp('fe80::1');
    const global = parseIp('fec0::1');
    expect(linkLocal !== undefined && isIpv6LinkLocal(linkLocal)).toBe(true);
    expect(global !== undefined && isIpv6LinkLocal(global)).toBe(false);
  });
});
