/**
 * The shared-ENI bring-up and the veth policy-routing sequence against the memory datapath.
 * Expected dumps are written by hand from terway.md §3.4 and `policy_router_linux.go`: host =
 * lo 1, eth0 2, the shared ENI eth1 3 (table 1003), the pod's host veth 4.
 */
import { describe, expect, it } from 'vitest';
import type { PolicyRouteSetUp, SharedEniConfig } from '../../../sim/allocator/cni/cniTypes.js';
import { setUpPolicyRoute, tearDownPolicyRoute } from '../../../sim/allocator/cni/policyRoute.js';
import { setUpSharedEni, tearDownSharedEni } from '../../../sim/allocator/cni/sharedEni.js';
import { RouteProtocol } from '../../../sim/contracts/datapath.js';
import type { LinkEntry, NetnsEntry } from '../../../sim/contracts/datapath.js';
import {
  bootNode,
  DEFAULT_RULES,
  HOST_LO_ADDRESSES,
  HOST_MAIN_ROUTES,
  intercept,
  loopback,
  neighbour,
  NODE_IPV4,
  now,
  ok,
  PRIMARY_ADDRESS,
  PRIMARY_LINK,
  route,
  run,
} from './harness.js';

const ENI_MAC = '00:16:3e:00:00:02';
const GATEWAY = '192.168.1.253';
const HOST_VETH = 'cali31158f8c502'; // hostVethName({ namespace: 'default', name: 'api-0' })
const HOST_VETH_MAC = '02:2c:50:d8:b6:e0'; // derivedMac(`${HOST_VETH}/host`), by sha1sum
const POD_VETH_MAC = '7e:3d:e7:7f:a2:6e'; // derivedMac(`${HOST_VETH}/pod`)

const ENI: SharedEniConfig = {
  eni: { mac: ENI_MAC },
  gateways: { ipv4: GATEWAY },
  mtu: 1500,
  nodeIps: { ipv4: NODE_IPV4 },
};

const ENI_LINK: LinkEntry = {
  name: 'eth1',
  index: 3,
  kind: 'device',
  mtu: 1500,
  mac: ENI_MAC,
  up: true,
};

/** The host once eth1 is brought up (terway.md §3.4 "On the ENI"). */
const HOST_WITH_ENI: NetnsEntry = {
  name: '',
  links: [PRIMARY_LINK, ENI_LINK, loopback(true)],
  addresses: [
    PRIMARY_ADDRESS,
    { dev: 'eth1', family: 4, address: NODE_IPV4, prefixLength: 32, scope: 'universe' },
    ...HOST_LO_ADDRESSES,
  ],
  routeTables: [
    { table: 254, routes: HOST_MAIN_ROUTES },
    {
      table: 1003,
      routes: [route({ dst: '0.0.0.0/0', dev: 'eth1', gateway: GATEWAY, onlink: true })],
    },
  ],
  rules: DEFAULT_RULES,
  neighbours: [],
};

function eniNode(): ReturnType<typeof bootNode> {
  const dp = bootNode();
  dp.plugDevice({ mac: ENI_MAC });
  ok(run(setUpSharedEni(dp, ENI)));
  ok(now(dp.netnsAdd('pod-b')));
  return dp;
}

const POD: PolicyRouteSetUp = {
  ...ENI,
  eni: { index: 3 },
  podNetns: 'pod-b',
  podIps: { ipv4: '192.168.1.21' },
  hostVethName: HOST_VETH,
};

describe('shared ENI bring-up', () => {
  it('sets the ENI up with the node address and its table 1003 default route', () => {
    const dp = bootNode();
    dp.plugDevice({ mac: ENI_MAC });
    const result = ok(run(setUpSharedEni(dp, ENI)));
    expect(result.table).toBe(1003);
    expect(dp.snapshot().namespaces).toStrictEqual([HOST_WITH_ENI]);
  });

  it('is idempotent: a second run issues no change', () => {
    const dp = bootNode();
    dp.plugDevice({ mac: ENI_MAC });
    ok(run(setUpSharedEni(dp, ENI)));
    const { datapath, calls } = intercept(dp);
    ok(run(setUpSharedEni(datapath, ENI)));
    expect(dp.snapshot().namespaces).toStrictEqual([HOST_WITH_ENI]);
    expect(calls.map((call) => call.method)).toStrictEqual([
      'linkGet',
      'addrReplace',
      'routeReplace',
    ]);
  });

  it('dual-stack adds GW/128 scope link in main and ::/0 in the ENI table', () => {
    const dp = bootNode();
    dp.plugDevice({ mac: ENI_MAC });
    const dual = { ...ENI, gateways: { ipv4: GATEWAY, ipv6: 'fd00:1::1' } };
    ok(run(setUpSharedEni(dp, dual)));
    const tables = dp.snapshot().namespaces[0]?.routeTables;
    expect(tables?.[0]?.routes).toContainEqual(route({ dst: 'fd00:1::1/128', dev: 'eth1' }));
    expect(tables?.[1]).toStrictEqual({
      table: 1003,
      routes: [
        route({ dst: '0.0.0.0/0', dev: 'eth1', gateway: GATEWAY, onlink: true }),
        route({ dst: '::/0', dev: 'eth1', gateway: 'fd00:1::1', onlink: true }),
      ],
    });
  });

  it('tear-down (or the detach) returns the host to its dump before the ENI came', () => {
    const dp = bootNode();
    const beforePlug = dp.snapshot();
    dp.plugDevice({ mac: ENI_MAC });
    const plugged = dp.snapshot();
    ok(run(setUpSharedEni(dp, ENI)));
    ok(run(tearDownSharedEni(dp, { ...ENI, restoreMtu: 1500 })));
    expect(dp.snapshot()).toStrictEqual(plugged);
    ok(run(setUpSharedEni(dp, ENI)));
    dp.unplugDevice(ENI_MAC);
    expect(dp.snapshot()).toStrictEqual(beforePlug);
  });
});

describe('policy routing: IPv4 pod', () => {
  it('set-up yields the dump terway.md describes', () => {
    const dp = eniNode();
    const result = ok(run(setUpPolicyRoute(dp, POD)));
    expect(result.table).toBe(1003);
    const hostVethMac = HOST_VETH_MAC;
    const podMac = POD_VETH_MAC;
    expect(dp.snapshot()).toStrictEqual({
      namespaces: [
        {
          ...HOST_WITH_ENI,
          links: [
            {
              name: HOST_VETH,
              index: 4,
              kind: 'veth',
              mtu: 1500,
              mac: hostVethMac,
              up: true,
              peer: { netns: 'pod-b', index: 2 },
            },
            ...HOST_WITH_ENI.links,
          ],
          routeTables: [
            {
              table: 254,
              routes: [
                HOST_MAIN_ROUTES[0]!,
                HOST_MAIN_ROUTES[1]!,
                route({ dst: '192.168.1.21/32', dev: HOST_VETH, scope: 'link' }),
                HOST_MAIN_ROUTES[2]!,
              ],
            },
            HOST_WITH_ENI.routeTables[1]!,
          ],
          rules: [
            { family: 4, priority: 0, table: 255 },
            { family: 4, priority: 512, to: '192.168.1.21/32', table: 254 },
            { family: 4, priority: 2048, from: '192.168.1.21/32', table: 1003 },
            ...DEFAULT_RULES.slice(1),
          ],
        },
        {
          name: 'pod-b',
          links: [
            {
              name: 'eth0',
              index: 2,
              kind: 'veth',
              mtu: 1500,
              mac: podMac,
              up: true,
              peer: { netns: '', index: 4 },
            },
            loopback(false),
          ],
          addresses: [
            {
              dev: 'eth0',
              family: 4,
              address: '192.168.1.21',
              prefixLength: 32,
              scope: 'universe',
            },
          ],
          routeTables: [
            {
              table: 254,
              routes: [
                route({ dst: '0.0.0.0/0', dev: 'eth0', gateway: '169.254.1.1', onlink: true }),
              ],
            },
          ],
          rules: DEFAULT_RULES,
          neighbours: [neighbour('eth0', '169.254.1.1', hostVethMac)],
        },
      ],
    });
  });

  it('tear-down returns the node to its dump before the pod', () => {
    const dp = eniNode();
    const before = dp.snapshot();
    ok(run(setUpPolicyRoute(dp, POD)));
    ok(run(tearDownPolicyRoute(dp, POD)));
    expect(dp.snapshot()).toStrictEqual(before);
    ok(run(tearDownPolicyRoute(dp, POD)));
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('replaces a stale from-rule pointing at another table (EnsureIPRule)', () => {
    const dp = eniNode();
    const stale = { netns: '', family: 4 as const, from: '192.168.1.21/32', table: 1099 };
    ok(now(dp.ruleAdd({ ...stale, priority: 2048 })));
    ok(run(setUpPolicyRoute(dp, POD)));
    const rules = dp.snapshot().namespaces[0]?.rules.filter((rule) => rule.priority === 2048);
    expect(rules).toStrictEqual([
      { family: 4, priority: 2048, from: '192.168.1.21/32', table: 1003 },
    ]);
  });

  it('a leftover host veth of the same name is replaced', () => {
    const dp = eniNode();
    ok(now(dp.linkAddVeth({ netns: '', name: HOST_VETH, peerNetns: '', peerName: 'old' })));
    ok(run(setUpPolicyRoute(dp, POD)));
    const names = dp.snapshot().namespaces[0]?.links.map((link) => link.name);
    expect(names).toStrictEqual([HOST_VETH, 'eth0', 'eth1', 'lo']);
  });

  it('a missing ENI fails with ENODEV before anything changes', () => {
    const dp = eniNode();
    const before = dp.snapshot();
    const result = run(setUpPolicyRoute(dp, { ...POD, eni: { index: 7 } }));
    expect(result).toMatchObject({ ok: false, errno: 'ENODEV', step: 'LinkBy index 7' });
    expect(dp.snapshot()).toStrictEqual(before);
  });
});

describe('policy routing: dual-stack pod', () => {
  const DUAL: PolicyRouteSetUp = {
    ...POD,
    podIps: { ipv4: '192.168.1.21', ipv6: 'fd00:1::21' },
    gateways: { ipv4: GATEWAY, ipv6: 'fd00:1::1' },
  };

  it('adds the IPv6 twin of every IPv4 entry', () => {
    const dp = eniNode();
    ok(run(setUpSharedEni(dp, { ...ENI, gateways: DUAL.gateways })));
    const result = ok(run(setUpPolicyRoute(dp, DUAL)));
    const [host, pod] = dp.snapshot().namespaces;
    expect(host?.rules.filter((rule) => rule.family === 6)).toStrictEqual([
      { family: 6, priority: 0, table: 255 },
      { family: 6, priority: 512, to: 'fd00:1::21/128', table: 254 },
      { family: 6, priority: 2048, from: 'fd00:1::21/128', table: 1003 },
      { family: 6, priority: 32766, table: 254 },
    ]);
    expect(host?.routeTables[0]?.routes).toContainEqual(
      route({ dst: 'fd00:1::21/128', dev: HOST_VETH }),
    );
    expect(pod?.routeTables).toStrictEqual([
      {
        table: 254,
        routes: [
          route({ dst: '0.0.0.0/0', dev: 'eth0', gateway: '169.254.1.1', onlink: true }),
          route({ dst: '::/0', dev: 'eth0', gateway: 'fe80::1', onlink: true }),
          route({
            dst: 'fd00:1::21/128',
            dev: 'eth0',
            protocol: RouteProtocol.kernel,
            metric: 256,
          }),
        ],
      },
    ]);
    expect(pod?.neighbours).toStrictEqual([
      neighbour('eth0', '169.254.1.1', result.hostVeth.mac),
      neighbour('eth0', 'fe80::1', result.hostVeth.mac),
    ]);
  });

  it('both families or neither: a failed IPv6 rule rolls the pod back', () => {
    const node = eniNode();
    ok(run(setUpSharedEni(node, { ...ENI, gateways: DUAL.gateways })));
    const before = node.snapshot();
    const { datapath } = intercept(node, (call) => {
      const spec = call.args[0] as { family?: number; from?: string } | undefined;
      return call.method === 'ruleAdd' && spec?.family === 6 && spec.from !== undefined
        ? 'EINVAL'
        : undefined;
    });
    const result = run(setUpPolicyRoute(datapath, DUAL));
    expect(result).toMatchObject({ ok: false, errno: 'EINVAL' });
    expect(node.snapshot()).toStrictEqual(before);
  });
});
