/**
 * The exclusive-ENI sequence against the memory datapath. Expected dumps are written by hand from
 * terway.md §3.3 step 6 and `exclusive_eni_linux.go`: host = lo 1, eth0 2, the pod's ENI eth1 3.
 */
import { describe, expect, it } from 'vitest';
import {
  setUpExclusiveEni,
  tearDownExclusiveEni,
} from '../../../sim/allocator/cni/exclusiveEni.js';
import type { ExclusiveEniSetUp } from '../../../sim/allocator/cni/cniTypes.js';
import { RouteProtocol } from '../../../sim/contracts/datapath.js';
import type { DatapathDump } from '../../../sim/contracts/datapath.js';
import {
  bootNode,
  DEFAULT_RULES,
  HOST_LO_ADDRESSES,
  HOST_MAIN_ROUTES,
  intercept,
  loopback,
  neighbour,
  now,
  ok,
  PRIMARY_ADDRESS,
  PRIMARY_LINK,
  route,
  run,
} from './harness.js';

const ENI_MAC = '00:16:3e:00:00:02';
const HOST_VETH = 'cali0d7763386da'; // hostVethName({ namespace: 'default', name: 'web-0' })
const HOST_VETH_MAC = '0e:7a:08:99:3d:09'; // derivedMac(`${HOST_VETH}/host`)
const POD_VETH_MAC = 'ce:7e:31:33:37:c6'; // derivedMac(`${HOST_VETH}/pod`)

function podNode(): ReturnType<typeof bootNode> {
  const dp = bootNode();
  dp.plugDevice({ mac: ENI_MAC });
  ok(now(dp.netnsAdd('pod-a')));
  return dp;
}

const IPV4_POD: ExclusiveEniSetUp = {
  podNetns: 'pod-a',
  eni: { index: 3 },
  podIps: { ipv4: '192.168.1.20' },
  gateways: { ipv4: '192.168.1.253' },
  mtu: 1500,
  hostVethName: HOST_VETH,
  serviceCidrs: { ipv4: '172.16.0.0/16' },
};

const EXPECTED_IPV4: DatapathDump = {
  namespaces: [
    {
      name: '',
      links: [
        {
          name: HOST_VETH,
          index: 4,
          kind: 'veth',
          mtu: 1500,
          mac: HOST_VETH_MAC,
          up: true,
          peer: { netns: 'pod-a', index: 2 },
        },
        PRIMARY_LINK,
        loopback(true),
      ],
      addresses: [
        { dev: HOST_VETH, family: 4, address: '169.254.1.1', prefixLength: 32, scope: 'universe' },
        PRIMARY_ADDRESS,
        ...HOST_LO_ADDRESSES,
      ],
      routeTables: [
        {
          table: 254,
          routes: [
            HOST_MAIN_ROUTES[0]!,
            HOST_MAIN_ROUTES[1]!,
            route({ dst: '192.168.1.20/32', dev: HOST_VETH, scope: 'link' }),
            HOST_MAIN_ROUTES[2]!,
          ],
        },
      ],
      rules: DEFAULT_RULES,
      neighbours: [],
    },
    {
      name: 'pod-a',
      links: [
        { name: 'eth0', index: 3, kind: 'device', mtu: 1500, mac: ENI_MAC, up: true },
        loopback(false),
        {
          name: 'veth1',
          index: 2,
          kind: 'veth',
          mtu: 1500,
          mac: POD_VETH_MAC,
          up: true,
          peer: { netns: '', index: 4 },
        },
      ],
      addresses: [
        { dev: 'eth0', family: 4, address: '192.168.1.20', prefixLength: 32, scope: 'universe' },
        { dev: 'veth1', family: 4, address: '192.168.1.20', prefixLength: 32, scope: 'universe' },
      ],
      routeTables: [
        {
          table: 254,
          routes: [
            route({ dst: '0.0.0.0/0', dev: 'eth0', gateway: '192.168.1.253', onlink: true }),
            route({ dst: '169.254.1.1/32', dev: 'veth1', scope: 'link' }),
            route({ dst: '172.16.0.0/16', dev: 'veth1', gateway: '169.254.1.1', onlink: true }),
          ],
        },
      ],
      rules: DEFAULT_RULES,
      neighbours: [neighbour('veth1', '169.254.1.1', HOST_VETH_MAC)],
    },
  ],
};

describe('exclusive ENI: IPv4', () => {
  it('set-up yields the dump terway.md describes', () => {
    const dp = podNode();
    const result = ok(run(setUpExclusiveEni(dp, IPV4_POD)));
    expect(result).toMatchObject({
      eniMac: ENI_MAC,
      eniHostName: 'eth1',
      eniMtu: 1500,
      eniUp: false,
    });
    expect(dp.snapshot()).toStrictEqual(EXPECTED_IPV4);
  });

  it('runs Terway steps in order: down, rename, move, eth0, address, up, default route, veth1', () => {
    const { datapath, calls } = intercept(podNode());
    ok(run(setUpExclusiveEni(datapath, IPV4_POD)));
    expect(calls.map((call) => call.method)).toStrictEqual([
      'linkGet',
      'linkSetDown',
      'linkSetName',
      'linkSetNetns',
      'linkSetName',
      'addrReplace',
      'linkSetUp',
      'routeReplace',
      'linkGet',
      'linkAddVeth',
      'linkSetName',
      'linkGet',
      'addrReplace',
      'linkSetUp',
      'neighSet',
      'routeReplace',
      'routeReplace',
      'addrReplace',
      'linkSetUp',
      'routeReplace',
    ]);
    expect(calls[2]?.args[1]).toMatch(/^veth[0-9a-f]{8}$/);
    expect(calls[4]?.args[1]).toBe('eth0');
  });

  it('tear-down hands the NIC back and returns the node to its previous dump', () => {
    const dp = podNode();
    const before = dp.snapshot();
    const done = ok(run(setUpExclusiveEni(dp, IPV4_POD)));
    ok(run(tearDownExclusiveEni(dp, { podNetns: 'pod-a', ...done })));
    expect(dp.snapshot()).toStrictEqual(before);
    // A second DEL finds nothing to do and still succeeds.
    ok(run(tearDownExclusiveEni(dp, { podNetns: 'pod-a', ...done })));
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('a missing ENI is ENODEV at the first step and changes nothing', () => {
    const dp = podNode();
    const before = dp.snapshot();
    const result = run(setUpExclusiveEni(dp, { ...IPV4_POD, eni: { index: 9 } }));
    expect(result).toMatchObject({ ok: false, errno: 'ENODEV', step: 'LinkBy index 9' });
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('a taken host veth name fails the rename (EEXIST) and the set-up is rolled back', () => {
    const dp = podNode();
    ok(now(dp.linkAddVeth({ netns: '', name: HOST_VETH, peerNetns: '', peerName: 'stale' })));
    const before = dp.snapshot();
    const result = run(setUpExclusiveEni(dp, IPV4_POD));
    expect(result).toMatchObject({ ok: false, errno: 'EEXIST' });
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('a pod interface other than eth0 gets no veth1', () => {
    const dp = podNode();
    const result = ok(run(setUpExclusiveEni(dp, { ...IPV4_POD, containerIfName: 'net1' })));
    expect(result.hostVeth).toBeUndefined();
    const pod = dp.snapshot().namespaces[1];
    expect(pod?.links.map((link) => link.name)).toStrictEqual(['lo', 'net1']);
  });

  it('bad input throws at the boundary', () => {
    const dp = podNode();
    expect(() => run(setUpExclusiveEni(dp, { ...IPV4_POD, podIps: {} }))).toThrow(RangeError);
    expect(() => run(setUpExclusiveEni(dp, { ...IPV4_POD, gateways: {} }))).toThrow(RangeError);
    const swapped = { ...IPV4_POD, podIps: { ipv4: 'fd00::1' } };
    expect(() => run(setUpExclusiveEni(dp, swapped))).toThrow(RangeError);
  });
});

const DUAL_POD: ExclusiveEniSetUp = {
  ...IPV4_POD,
  podIps: { ipv4: '192.168.1.20', ipv6: 'fd00:1::20' },
  gateways: { ipv4: '192.168.1.253', ipv6: 'fd00:1::1' },
  serviceCidrs: { ipv4: '172.16.0.0/16', ipv6: 'fd00:ff::/112' },
  mtu: 9000,
};

describe('exclusive ENI: dual-stack', () => {
  it('configures both families, with the IPv6 gateway route and fe80::1 towards the host', () => {
    const dp = podNode();
    ok(run(setUpExclusiveEni(dp, DUAL_POD)));
    const [host, pod] = dp.snapshot().namespaces;
    const kernel6 = { protocol: RouteProtocol.kernel, metric: 256 };
    expect(host?.links.find((link) => link.name === HOST_VETH)?.mtu).toBe(9000);
    expect(host?.addresses.filter((entry) => entry.dev === HOST_VETH)).toStrictEqual([
      { dev: HOST_VETH, family: 4, address: '169.254.1.1', prefixLength: 32, scope: 'universe' },
      { dev: HOST_VETH, family: 6, address: 'fe80::1', prefixLength: 128, scope: 'link' },
    ]);
    expect(host?.routeTables).toStrictEqual([
      {
        table: 254,
        routes: [
          HOST_MAIN_ROUTES[0]!,
          HOST_MAIN_ROUTES[1]!,
          route({ dst: '192.168.1.20/32', dev: HOST_VETH, scope: 'link' }),
          HOST_MAIN_ROUTES[2]!,
          route({ dst: 'fd00:1::20/128', dev: HOST_VETH }),
          route({ dst: 'fe80::1/128', dev: HOST_VETH, ...kernel6 }),
        ],
      },
    ]);
    expect(pod?.links.map((link) => [link.name, link.mtu])).toStrictEqual([
      ['eth0', 9000],
      ['lo', 65536],
      ['veth1', 9000],
    ]);
    expect(pod?.addresses).toStrictEqual([
      { dev: 'eth0', family: 4, address: '192.168.1.20', prefixLength: 32, scope: 'universe' },
      { dev: 'eth0', family: 6, address: 'fd00:1::20', prefixLength: 128, scope: 'universe' },
      { dev: 'veth1', family: 4, address: '192.168.1.20', prefixLength: 32, scope: 'universe' },
      { dev: 'veth1', family: 6, address: 'fd00:1::20', prefixLength: 128, scope: 'universe' },
    ]);
    expect(pod?.routeTables).toStrictEqual([
      {
        table: 254,
        routes: [
          route({ dst: '0.0.0.0/0', dev: 'eth0', gateway: '192.168.1.253', onlink: true }),
          route({ dst: '169.254.1.1/32', dev: 'veth1', scope: 'link' }),
          route({ dst: '172.16.0.0/16', dev: 'veth1', gateway: '169.254.1.1', onlink: true }),
          route({ dst: '::/0', dev: 'eth0', gateway: 'fd00:1::1', onlink: true }),
          route({ dst: 'fd00:1::1/128', dev: 'eth0' }),
          route({ dst: 'fd00:1::20/128', dev: 'eth0', ...kernel6 }),
          route({ dst: 'fd00:1::20/128', dev: 'veth1', ...kernel6 }),
          route({ dst: 'fd00:ff::/112', dev: 'veth1', gateway: 'fe80::1', onlink: true }),
          route({ dst: 'fe80::1/128', dev: 'veth1' }),
        ],
      },
    ]);
    expect(pod?.neighbours).toStrictEqual([
      neighbour('veth1', '169.254.1.1', HOST_VETH_MAC),
      neighbour('veth1', 'fe80::1', HOST_VETH_MAC),
    ]);
  });

  it('tear-down restores the host, the NIC MTU included', () => {
    const dp = podNode();
    const before = dp.snapshot();
    const done = ok(run(setUpExclusiveEni(dp, DUAL_POD)));
    ok(run(tearDownExclusiveEni(dp, { podNetns: 'pod-a', ...done })));
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('both families or neither: a failed IPv6 default route rolls the whole pod back', () => {
    const node = podNode();
    const before = node.snapshot();
    const { datapath } = intercept(node, (call) => {
      const spec = call.args[0] as { dst?: string } | undefined;
      return call.method === 'routeReplace' && spec?.dst === '::/0' ? 'ENETUNREACH' : undefined;
    });
    const result = run(setUpExclusiveEni(datapath, DUAL_POD));
    expect(result).toMatchObject({ ok: false, errno: 'ENETUNREACH' });
    expect(result.ok ? '' : result.step).toContain('::/0');
    expect(node.snapshot()).toStrictEqual(before);
  });
});
