import { describe, expect, it } from 'vitest';
import {
  AddressUse,
  VSwitchState,
  usableIpv4Addresses,
  usableIpv6Addresses,
} from '../../../sim/cloud/index.js';
import { formatIpv6, parseIpv6 } from '../../../sim/cloud/ipv6.js';
import { ZONE } from './helpers.js';

function vSwitch(
  cidrBlock: string,
  extra: Partial<{ ipv6CidrBlock: string; ipv4InUseAtStart: number }> = {},
) {
  return new VSwitchState({ vSwitchId: 'vsw-test', zoneId: ZONE, cidrBlock, ...extra });
}

describe('vSwitch address space', () => {
  it('reserves the first and the last three IPv4 addresses: /24 → 252, /29 → 4, /19 → 8188, /16 → 65532', () => {
    expect(usableIpv4Addresses(24)).toBe(252);
    expect(usableIpv4Addresses(29)).toBe(4);
    expect(usableIpv4Addresses(19)).toBe(8188);
    expect(usableIpv4Addresses(16)).toBe(65532);
    expect(vSwitch('192.168.1.0/24').accounting().ipv4).toEqual({
      usable: 252,
      free: 252,
      inUseAtStart: 0,
      assignedToEnis: 0,
      nodePrimary: 0,
      eniPrimary: 0,
      eniSecondary: 0,
    });
  });

  it('accepts masks /16 to /29 only', () => {
    expect(() => vSwitch('10.0.0.0/15')).toThrow(/\/16 to \/29, got \/15/);
    expect(() => vSwitch('10.0.0.0/30')).toThrow(/\/16 to \/29, got \/30/);
    expect(() => vSwitch('10.0.0.1/24')).toThrow(/host bits/);
    expect(() => vSwitch('10.0.0/24')).toThrow(/not an IPv4 address/);
  });

  it('reserves the first and the last nine IPv6 addresses of a /64: 2^64 − 10 usable', () => {
    expect(usableIpv6Addresses(64)).toBe(2n ** 64n - 10n);
    const state = vSwitch('10.0.0.0/24', { ipv6CidrBlock: '2408:4002:10c4:4e00::/64' });
    expect(state.accounting().ipv6).toEqual({
      usable: 18446744073709551606n,
      free: 18446744073709551606n,
      inUseAtStart: 0,
      assignedToEnis: 0,
    });
    expect(state.allocateIpv6()).toBe('2408:4002:10c4:4e00::1');
  });

  it('hands out an IPv6 /120 as 246 addresses, never the first or the last nine', () => {
    const state = vSwitch('10.0.0.0/24', { ipv6CidrBlock: 'fd00::/120' });
    const addresses: string[] = [];
    for (let index = 0; index < 300; index++) {
      const address = state.allocateIpv6();
      if (address === null) break;
      addresses.push(address);
    }
    expect(addresses).toHaveLength(246);
    expect(addresses[0]).toBe('fd00::1');
    expect(addresses.at(-1)).toBe('fd00::f6');
    expect(state.ipv6Free).toBe(0n);
  });

  it('hands out the lowest free IPv4 address and never a reserved one', () => {
    const state = vSwitch('192.168.1.0/29');
    const taken = [1, 2, 3, 4].map(() => state.allocateIpv4(AddressUse.eniSecondary));
    expect(taken).toEqual(['192.168.1.1', '192.168.1.2', '192.168.1.3', '192.168.1.4']);
    expect(state.allocateIpv4(AddressUse.eniSecondary)).toBeNull();
    state.releaseIpv4('192.168.1.2', AddressUse.eniSecondary);
    expect(state.ipv4Free).toBe(1);
    expect(state.allocateIpv4(AddressUse.eniPrimary)).toBe('192.168.1.2');
    expect(state.accounting().ipv4).toMatchObject({ free: 0, eniPrimary: 1, eniSecondary: 3 });
  });

  it('keeps the .253, .254 and .255 of a /24 reserved', () => {
    const state = vSwitch('10.1.2.0/24', { ipv4InUseAtStart: 250 });
    expect(state.allocateIpv4(AddressUse.nodePrimary)).toBe('10.1.2.251');
    expect(state.allocateIpv4(AddressUse.nodePrimary)).toBe('10.1.2.252');
    expect(state.allocateIpv4(AddressUse.nodePrimary)).toBeNull();
    expect(state.accounting().ipv4).toEqual({
      usable: 252,
      free: 0,
      inUseAtStart: 250,
      assignedToEnis: 2,
      nodePrimary: 2,
      eniPrimary: 0,
      eniSecondary: 0,
    });
  });

  it('refuses more addresses in use at start than the block holds', () => {
    expect(() => vSwitch('10.0.0.0/29', { ipv4InUseAtStart: 5 })).toThrow(/exceeds the 4 usable/);
  });

  it('throws when an address is released under the wrong use (a bookkeeping bug)', () => {
    const state = vSwitch('10.0.0.0/24');
    const address = state.allocateIpv4(AddressUse.eniSecondary)!;
    expect(() => {
      state.releaseIpv4(address, AddressUse.eniPrimary);
    }).toThrow(/releasing 10.0.0.1/);
  });
});

describe('IPv6 text form', () => {
  it('formats in RFC 5952 canonical form', () => {
    expect(formatIpv6(parseIpv6('2001:0db8:0000:0000:0000:0000:0000:0001', 't'))).toBe(
      '2001:db8::1',
    );
    expect(formatIpv6(parseIpv6('2001:db8:0:1:0:0:0:1', 't'))).toBe('2001:db8:0:1::1');
    expect(formatIpv6(parseIpv6('2001:db8:0:0:1:0:0:1', 't'))).toBe('2001:db8::1:0:0:1');
    expect(formatIpv6(parseIpv6('2001:db8:1:2:3:4:0:5', 't'))).toBe('2001:db8:1:2:3:4:0:5');
    expect(formatIpv6(0n)).toBe('::');
    expect(() => parseIpv6('1::2::3', 't')).toThrow(/"1::2::3" is not an IPv6 address/);
  });
});
