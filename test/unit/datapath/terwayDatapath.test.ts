import { describe, expect, it } from 'vitest';
import {
  derivedMac,
  hostVethName,
  routeTableForEni,
  temporaryLinkName,
} from '../../../sim/allocator/cni/terwayDatapath.js';

describe('Terway datapath names', () => {
  it('host veth: prefix + the first 11 hex digits of SHA-1 over "namespace.name"', () => {
    // printf default.web-0 | sha1sum → 0d7763386da…
    expect(hostVethName({ namespace: 'default', name: 'web-0' })).toBe('cali0d7763386da');
    expect(hostVethName({ namespace: 'default', name: 'web-0', ifName: 'eth0' })).toBe(
      'cali0d7763386da',
    );
    expect(hostVethName({ namespace: 'shop', name: 'cart-1' })).toBe('caliacbb63ef3db');
    expect(hostVethName({ namespace: 'default', name: 'web-0', prefix: 'veth' })).toHaveLength(15);
    expect(() => hostVethName({ namespace: 'a', name: 'b', prefix: 'toolong' })).toThrow(
      RangeError,
    );
  });

  it('derived MACs are locally administered unicast; temporary names are veth + 8 hex digits', () => {
    // printf mac/cali0d7763386da/host | sha1sum → 0f7a08993d09…; 0x0f | 0x02 & 0xfe = 0x0e
    expect(derivedMac('cali0d7763386da/host')).toBe('0e:7a:08:99:3d:09');
    expect(derivedMac('cali0d7763386da/pod')).toBe('ce:7e:31:33:37:c6');
    // printf tmp/pod-a/cali0d7763386da | sha1sum → 2634f08c…
    expect(temporaryLinkName('pod-a/cali0d7763386da')).toBe('veth2634f08c');
  });

  it('an ENI policy table is 1000 + its ifindex', () => {
    expect(routeTableForEni(3)).toBe(1003);
    expect(() => routeTableForEni(0)).toThrow(RangeError);
  });
});
