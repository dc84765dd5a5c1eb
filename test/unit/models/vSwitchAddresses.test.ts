import { describe, expect, it } from 'vitest';

import { vSwitchUsableIpv4, vSwitchUsableIpv6 } from '../../../models/vSwitchAddresses.js';

describe('vSwitch usable addresses (catalog-notes.md §5)', () => {
  it('IPv4: 2^(32 − prefix) − 4, the first and the last three reserved', () => {
    expect(vSwitchUsableIpv4(24)).toBe(252);
    expect(vSwitchUsableIpv4(19)).toBe(8188);
    expect(vSwitchUsableIpv4(29)).toBe(4);
    expect(vSwitchUsableIpv4(16)).toBe(65532);
  });

  it('IPv6: 2^(128 − prefix) − 10, the first and the last nine reserved', () => {
    expect(vSwitchUsableIpv6(64)).toBe(18446744073709551606n);
    expect(vSwitchUsableIpv6(120)).toBe(246n);
  });

  it('refuses a prefix length outside the family', () => {
    expect(() => vSwitchUsableIpv4(33)).toThrow(/prefix length must be 0 to 32, got 33/);
    expect(() => vSwitchUsableIpv6(-1)).toThrow(/prefix length must be 0 to 128, got -1/);
  });
});
