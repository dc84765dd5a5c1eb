import { describe, expect, it } from 'vitest';
import { MemoryDatapath } from '../../../sim/datapath/memoryDatapath.js';
import { RouteProtocol } from '../../../sim/contracts/datapath.js';
import type { NetnsEntry } from '../../../sim/contracts/datapath.js';
import {
  bootNode,
  DEFAULT_RULES,
  HOST_LO_ADDRESSES,
  HOST_MAIN_ROUTES,
  loopback,
  now,
  ok,
  PRIMARY_ADDRESS,
  PRIMARY_LINK,
  route,
} from './harness.js';

function ns(dp: MemoryDatapath, name: string): NetnsEntry {
  const found = dp.snapshot().namespaces.find((entry) => entry.name === name);
  if (found === undefined) throw new Error(`no namespace ${name}`);
  return found;
}

function errnoOf(result: { ok: boolean; errno?: string }): string | undefined {
  return result.ok ? undefined : result.errno;
}

describe('MemoryDatapath: boot state', () => {
  it('a fresh node has the host loopback up with 127.0.0.1/8, ::1/128 and its ::1 route', () => {
    const dp = new MemoryDatapath();
    expect(dp.snapshot()).toStrictEqual({
      namespaces: [
        {
          name: '',
          links: [loopback(true)],
          addresses: HOST_LO_ADDRESSES,
          routeTables: [
            {
              table: 254,
              routes: [
                route({ dst: '::1/128', dev: 'lo', protocol: RouteProtocol.kernel, metric: 256 }),
              ],
            },
          ],
          rules: DEFAULT_RULES,
          neighbours: [],
        },
      ],
    });
  });

  it('the booted node has eth0 with its /24 prefix route and default route', () => {
    const host = ns(bootNode(), '');
    expect(host.links).toStrictEqual([PRIMARY_LINK, loopback(true)]);
    expect(host.addresses).toStrictEqual([PRIMARY_ADDRESS, ...HOST_LO_ADDRESSES]);
    expect(host.routeTables).toStrictEqual([{ table: 254, routes: HOST_MAIN_ROUTES }]);
  });
});

describe('MemoryDatapath: interface indexes', () => {
  it('a new namespace numbers from 1 (lo); a veth pair registers its peer first', () => {
    const dp = bootNode();
    ok(now(dp.netnsAdd('pod')));
    const pair = ok(now(dp.linkAddVeth({ netns: '', name: 'hv', peerNetns: '', peerName: 'hvp' })));
    expect(pair.peer.index).toBe(3);
    expect(pair.link.index).toBe(4);
    const across = ok(
      now(dp.linkAddVeth({ netns: '', name: 'hx', peerNetns: 'pod', peerName: 'eth0' })),
    );
    expect(across.peer).toMatchObject({ netns: 'pod', index: 2, peer: { netns: '', index: 5 } });
    expect(across.link).toMatchObject({ netns: '', index: 5, peer: { netns: 'pod', index: 2 } });
  });

  it('a deleted index is not reused: allocation continues upward', () => {
    const dp = bootNode();
    ok(now(dp.linkAddVeth({ netns: '', name: 'a', peerNetns: '', peerName: 'b' })));
    ok(now(dp.linkDelete({ netns: '', name: 'a' })));
    const next = ok(now(dp.linkAddVeth({ netns: '', name: 'c', peerNetns: '', peerName: 'd' })));
    expect([next.peer.index, next.link.index]).toStrictEqual([5, 6]);
  });

  it('a moved link keeps its index unless the target namespace has it, then takes the next free', () => {
    const dp = bootNode();
    ok(now(dp.netnsAdd('pod')));
    const eni = dp.plugDevice({ mac: '00:16:3e:00:00:02' });
    expect(eni).toMatchObject({ name: 'eth1', index: 3 });
    const moved = ok(now(dp.linkSetNetns({ netns: '', name: 'eth1' }, 'pod')));
    expect(moved.link).toMatchObject({ netns: 'pod', name: 'eth1', index: 3, up: false });
    // The pod's own counter is still at 2; its next link takes 2, then 4 (3 is the ENI's).
    const first = ok(
      now(dp.linkAddVeth({ netns: 'pod', name: 'x', peerNetns: 'pod', peerName: 'y' })),
    );
    expect([first.peer.index, first.link.index]).toStrictEqual([2, 4]);
    // The kernel names a new NIC after the first free eth<n>: eth1 has left the host.
    const clash = dp.plugDevice({ mac: '00:16:3e:00:00:03' });
    expect(clash).toMatchObject({ name: 'eth1', index: 4 });
    ok(now(dp.linkSetName({ netns: '', name: 'eth1' }, 'eth9')));
    const collided = ok(now(dp.linkSetNetns({ netns: '', index: 4 }, 'pod')));
    expect(collided.link.index).toBe(5);
  });
});

describe('MemoryDatapath: veth and namespaces', () => {
  it('deleting one end of a veth deletes its peer in another namespace with its routes', () => {
    const dp = bootNode();
    ok(now(dp.netnsAdd('pod')));
    ok(now(dp.linkAddVeth({ netns: '', name: 'hv', peerNetns: 'pod', peerName: 'eth0' })));
    ok(now(dp.linkSetUp({ netns: '', name: 'hv' })));
    ok(now(dp.routeAdd({ netns: '', dst: '10.0.0.5/32', dev: 'hv', scope: 'link' })));
    ok(now(dp.linkDelete({ netns: 'pod', name: 'eth0' })));
    expect(ns(dp, '').links.map((link) => link.name)).toStrictEqual(['eth0', 'lo']);
    expect(ns(dp, '').routeTables).toStrictEqual([{ table: 254, routes: HOST_MAIN_ROUTES }]);
    expect(ns(dp, 'pod').links).toStrictEqual([loopback(false)]);
  });

  it('deleting a namespace destroys its veths and hands a physical device back under its name', () => {
    const dp = bootNode();
    const before = dp.snapshot();
    dp.plugDevice({ mac: '00:16:3e:00:00:02' });
    const withEni = dp.snapshot();
    ok(now(dp.netnsAdd('pod')));
    ok(now(dp.linkSetNetns({ netns: '', name: 'eth1' }, 'pod')));
    ok(now(dp.linkSetName({ netns: 'pod', name: 'eth1' }, 'eth0')));
    ok(now(dp.linkSetUp({ netns: 'pod', name: 'eth0' })));
    ok(now(dp.addrAdd({ netns: 'pod', dev: 'eth0', address: '192.168.1.20/32' })));
    ok(now(dp.linkAddVeth({ netns: '', name: 'hv', peerNetns: 'pod', peerName: 'veth1' })));
    ok(now(dp.netnsDelete('pod')));
    const host = ns(dp, '');
    // The kernel keeps the name the device had in the dying namespace (eth0 is taken: dev3).
    expect(host.links.map((link) => [link.name, link.index, link.up])).toStrictEqual([
      ['dev3', 3, false],
      ['eth0', 2, true],
      ['lo', 1, true],
    ]);
    expect(host.addresses).toStrictEqual(before.namespaces[0]?.addresses);
    ok(now(dp.linkSetName({ netns: '', name: 'dev3' }, 'eth1')));
    expect(dp.snapshot()).toStrictEqual(withEni);
  });

  it('namespace errors: EEXIST, EINVAL, ENOENT', () => {
    const dp = new MemoryDatapath();
    ok(now(dp.netnsAdd('pod')));
    expect(errnoOf(now(dp.netnsAdd('pod')))).toBe('EEXIST');
    expect(errnoOf(now(dp.netnsAdd('a/b')))).toBe('EINVAL');
    expect(errnoOf(now(dp.netnsDelete('nope')))).toBe('ENOENT');
    expect(errnoOf(now(dp.netnsDelete('')))).toBe('EINVAL');
    expect(errnoOf(now(dp.linkSetUp({ netns: 'nope', name: 'lo' })))).toBe('ENOENT');
  });
});

describe('MemoryDatapath: link errors', () => {
  it('names are at most 15 bytes (EINVAL) and unique in a namespace (EEXIST)', () => {
    const dp = bootNode();
    const long = 'abcdefghijklmnop';
    expect(long).toHaveLength(16);
    const tooLong = now(dp.linkAddVeth({ netns: '', name: long, peerNetns: '', peerName: 'p' }));
    expect(errnoOf(tooLong)).toBe('EINVAL');
    ok(now(dp.linkAddVeth({ netns: '', name: long.slice(0, 15), peerNetns: '', peerName: 'p' })));
    const dup = now(dp.linkAddVeth({ netns: '', name: 'eth0', peerNetns: '', peerName: 'q' }));
    expect(errnoOf(dup)).toBe('EEXIST');
    expect(errnoOf(now(dp.linkSetName({ netns: '', name: 'p' }, 'eth0')))).toBe('EEXIST');
    expect(errnoOf(now(dp.linkSetName({ netns: '', name: 'p' }, 'a:b')))).toBe('EINVAL');
    expect(errnoOf(now(dp.linkSetName({ netns: '', name: 'p' }, 'ä'.repeat(8))))).toBe('EINVAL');
  });

  it('missing links are ENODEV; physical devices and lo cannot be deleted (EOPNOTSUPP)', () => {
    const dp = bootNode();
    expect(errnoOf(now(dp.linkSetUp({ netns: '', name: 'eth7' })))).toBe('ENODEV');
    expect(errnoOf(now(dp.linkGet({ netns: '', index: 42 })))).toBe('ENODEV');
    expect(errnoOf(now(dp.linkGet({ netns: '', mac: '00:16:3e:99:99:99' })))).toBe('ENODEV');
    expect(errnoOf(now(dp.linkDelete({ netns: '', name: 'eth0' })))).toBe('EOPNOTSUPP');
    expect(errnoOf(now(dp.linkDelete({ netns: '', name: 'lo' })))).toBe('EOPNOTSUPP');
    expect(errnoOf(now(dp.linkSetNetns({ netns: '', name: 'lo' }, '')))).toBeUndefined();
    ok(now(dp.netnsAdd('pod')));
    expect(errnoOf(now(dp.linkSetNetns({ netns: '', name: 'lo' }, 'pod')))).toBe('EINVAL');
    expect(errnoOf(now(dp.linkSetNetns({ netns: '', name: 'eth0' }, 'nope')))).toBe('ENOENT');
  });

  it('moving into a namespace where the name is taken is EEXIST and changes nothing', () => {
    const dp = bootNode();
    ok(now(dp.netnsAdd('pod')));
    ok(now(dp.linkAddVeth({ netns: 'pod', name: 'eth0', peerNetns: 'pod', peerName: 'x' })));
    const before = dp.snapshot();
    expect(errnoOf(now(dp.linkSetNetns({ netns: '', name: 'eth0' }, 'pod')))).toBe('EEXIST');
    expect(dp.snapshot()).toStrictEqual(before);
  });

  it('MTU is bounded by the kind (68..65535 for veth, the parent for ipvlan); MACs are checked', () => {
    const dp = bootNode();
    ok(now(dp.linkAddVeth({ netns: '', name: 'a', peerNetns: '', peerName: 'b' })));
    expect(errnoOf(now(dp.linkSetMtu({ netns: '', name: 'a' }, 67)))).toBe('EINVAL');
    expect(errnoOf(now(dp.linkSetMtu({ netns: '', name: 'a' }, 65536)))).toBe('EINVAL');
    expect(ok(now(dp.linkSetMtu({ netns: '', name: 'a' }, 9000))).link.mtu).toBe(9000);
    expect(errnoOf(now(dp.linkSetMac({ netns: '', name: 'a' }, '01:00:5e:00:00:01')))).toBe(
      'EADDRNOTAVAIL',
    );
    expect(errnoOf(now(dp.linkSetMac({ netns: '', name: 'a' }, 'zz')))).toBe('EINVAL');
    const set = ok(now(dp.linkSetMac({ netns: '', name: 'a' }, '02:AA:BB:CC:DD:EE')));
    expect(set.link.mac).toBe('02:aa:bb:cc:dd:ee');
    const slave = ok(
      now(
        dp.linkAddIpvlan({
          parent: { netns: '', name: 'eth0' },
          netns: '',
          name: 'ipvl',
          mode: 'l2',
        }),
      ),
    );
    expect(slave.link).toMatchObject({ kind: 'ipvlan', mtu: 1500, mac: '00:16:3e:00:00:01' });
    expect(slave.link.parent).toStrictEqual({ netns: '', index: 2 });
    expect(errnoOf(now(dp.linkSetMtu({ netns: '', name: 'ipvl' }, 1501)))).toBe('EINVAL');
  });

  it('ipvlan is EOPNOTSUPP on a kernel without the module; slaves go with their parent', () => {
    const without = bootNode({ ipvlanSupported: false });
    const spec = {
      parent: { netns: '', name: 'eth0' },
      netns: '',
      name: 'ipvl',
      mode: 'l2' as const,
    };
    expect(errnoOf(now(without.linkAddIpvlan(spec)))).toBe('EOPNOTSUPP');
    const dp = bootNode();
    dp.plugDevice({ mac: '00:16:3e:00:00:02' });
    ok(now(dp.netnsAdd('pod')));
    ok(now(dp.linkAddIpvlan({ ...spec, parent: { netns: '', name: 'eth1' }, netns: 'pod' })));
    expect(ns(dp, 'pod').links.map((link) => link.name)).toStrictEqual(['ipvl', 'lo']);
    dp.unplugDevice('00:16:3e:00:00:02');
    expect(ns(dp, 'pod').links.map((link) => link.name)).toStrictEqual(['lo']);
  });
});

describe('MemoryDatapath: addresses and kernel routes', () => {
  it('a /24 gets a main-table prefix route while the link is up; a /32 gets none', () => {
    const dp = bootNode();
    dp.plugDevice({ mac: '00:16:3e:00:00:02' });
    ok(now(dp.addrAdd({ netns: '', dev: 'eth1', address: '10.1.0.5/24' })));
    ok(now(dp.addrAdd({ netns: '', dev: 'eth1', address: '10.2.0.5/32' })));
    const kernelRoute = route({
      dst: '10.1.0.0/24',
      dev: 'eth1',
      scope: 'link',
      protocol: RouteProtocol.kernel,
      src: '10.1.0.5',
    });
    expect(ns(dp, '').routeTables[0]?.routes).not.toContainEqual(kernelRoute);
    ok(now(dp.linkSetUp({ netns: '', name: 'eth1' })));
    const routes = ns(dp, '').routeTables[0]?.routes ?? [];
    expect(routes).toContainEqual(kernelRoute);
    expect(routes.filter((entry) => entry.dev === 'eth1')).toHaveLength(1);
  });

  it('an IPv6 /128 gets a `proto kernel metric 256` route; its scope follows the address', () => {
    const dp = bootNode();
    ok(now(dp.addrAdd({ netns: '', dev: 'eth0', address: 'fd00:1::20/128', scope: 'host' })));
    ok(now(dp.addrAdd({ netns: '', dev: 'eth0', address: 'FE80::1/128' })));
    const host = ns(dp, '');
    expect(
      host.addresses.filter((entry) => entry.family === 6 && entry.dev === 'eth0'),
    ).toStrictEqual([
      { dev: 'eth0', family: 6, address: 'fd00:1::20', prefixLength: 128, scope: 'universe' },
      { dev: 'eth0', family: 6, address: 'fe80::1', prefixLength: 128, scope: 'link' },
    ]);
    const routes = host.routeTables[0]?.routes ?? [];
    const kernel = { dev: 'eth0', protocol: RouteProtocol.kernel, metric: 256 };
    expect(routes).toContainEqual(route({ dst: 'fd00:1::20/128', ...kernel }));
    expect(routes).toContainEqual(route({ dst: 'fe80::1/128', ...kernel }));
  });

  it('duplicates are EEXIST for add and accepted by replace; deleting an absent one is EADDRNOTAVAIL', () => {
    const dp = bootNode();
    const spec = { netns: '', dev: 'eth0', address: '192.168.0.10/24' };
    expect(errnoOf(now(dp.addrAdd(spec)))).toBe('EEXIST');
    ok(now(dp.addrReplace(spec)));
    ok(now(dp.addrAdd({ ...spec, address: '192.168.0.10/32' })));
    expect(errnoOf(now(dp.addrDelete({ ...spec, address: '192.168.0.11/24' })))).toBe(
      'EADDRNOTAVAIL',
    );
    expect(errnoOf(now(dp.addrAdd({ ...spec, address: '192.168.0.10/33' })))).toBe('EINVAL');
    expect(errnoOf(now(dp.addrAdd({ ...spec, dev: 'eth9' })))).toBe('ENODEV');
  });

  it('deleting an address drops its prefix route and routes that used it as source', () => {
    const dp = bootNode();
    ok(
      now(
        dp.routeAdd({
          netns: '',
          dst: '10.9.0.0/16',
          dev: 'eth0',
          gateway: '192.168.0.1',
          src: '192.168.0.10',
        }),
      ),
    );
    ok(now(dp.addrDelete({ netns: '', dev: 'eth0', address: '192.168.0.10/24' })));
    const routes = ns(dp, '').routeTables[0]?.routes ?? [];
    expect(routes.map((entry) => entry.dst)).toStrictEqual(['0.0.0.0/0', '::1/128']);
  });

  it('a secondary address has no prefix route; deleting the primary promotes it', () => {
    const dp = bootNode();
    ok(now(dp.addrAdd({ netns: '', dev: 'eth0', address: '192.168.0.11/24' })));
    const prefixRoutes = (): string[] =>
      (ns(dp, '').routeTables[0]?.routes ?? [])
        .filter((entry) => entry.protocol === RouteProtocol.kernel && entry.family === 4)
        .map((entry) => `${entry.dst} src ${entry.src ?? ''}`);
    expect(prefixRoutes()).toStrictEqual(['192.168.0.0/24 src 192.168.0.10']);
    ok(now(dp.addrDelete({ netns: '', dev: 'eth0', address: '192.168.0.10/24' })));
    expect(prefixRoutes()).toStrictEqual(['192.168.0.0/24 src 192.168.0.11']);
    const scoped = now(
      dp.addrAdd({ netns: '', dev: 'eth0', address: '192.168.0.12/24', scope: 'link' }),
    );
    expect(errnoOf(scoped)).toBe('EINVAL');
  });
});

describe('MemoryDatapath: link down and up', () => {
  it('down flushes routes through the link and its IPv6 addresses; up restores only kernel routes', () => {
    const dp = bootNode();
    ok(now(dp.addrAdd({ netns: '', dev: 'eth0', address: 'fd00::10/64' })));
    ok(
      now(
        dp.routeAdd({
          netns: '',
          table: 1002,
          dst: '0.0.0.0/0',
          dev: 'eth0',
          gateway: '192.168.0.253',
          onlink: true,
        }),
      ),
    );
    ok(
      now(
        dp.neighSet({ netns: '', dev: 'eth0', address: '192.168.0.253', mac: 'ee:ff:ff:ff:ff:ff' }),
      ),
    );
    ok(now(dp.linkSetDown({ netns: '', name: 'eth0' })));
    let host = ns(dp, '');
    expect(host.addresses).toStrictEqual([PRIMARY_ADDRESS, ...HOST_LO_ADDRESSES]);
    expect(host.routeTables).toStrictEqual([{ table: 254, routes: [HOST_MAIN_ROUTES[2]] }]);
    expect(host.neighbours).toStrictEqual([]);
    ok(now(dp.linkSetUp({ netns: '', name: 'eth0' })));
    host = ns(dp, '');
    expect(host.routeTables).toStrictEqual([
      { table: 254, routes: [HOST_MAIN_ROUTES[1], HOST_MAIN_ROUTES[2]] },
    ]);
  });

  it('routes through a down link are ENETDOWN', () => {
    const dp = bootNode();
    dp.plugDevice({ mac: '00:16:3e:00:00:02' });
    const spec = { netns: '', dst: '10.0.0.0/8', dev: 'eth1', scope: 'link' as const };
    expect(errnoOf(now(dp.routeAdd(spec)))).toBe('ENETDOWN');
  });
});

describe('MemoryDatapath: routes', () => {
  it('a gateway must be reachable by a link route unless onlink (ENETUNREACH / EHOSTUNREACH)', () => {
    const dp = bootNode();
    const far = { netns: '', table: 1002, dst: '0.0.0.0/0', dev: 'eth0', gateway: '10.0.0.1' };
    expect(errnoOf(now(dp.routeAdd(far)))).toBe('ENETUNREACH');
    ok(now(dp.routeAdd({ ...far, onlink: true })));
    const nearby = { ...far, table: 1003, gateway: '192.168.0.1' };
    ok(now(dp.routeAdd(nearby)));
    const v6 = { netns: '', dst: '::/0', dev: 'eth0', gateway: 'fd00::1' };
    expect(errnoOf(now(dp.routeAdd(v6)))).toBe('EHOSTUNREACH');
    ok(now(dp.routeAdd({ ...v6, gateway: 'fe80::1' })));
    expect(errnoOf(now(dp.routeAdd({ ...far, gateway: '192.168.0.10', onlink: true })))).toBe(
      'EINVAL',
    );
  });

  it('the same destination and metric is EEXIST for add and replaced by replace', () => {
    const dp = bootNode();
    const spec = { netns: '', dst: '10.0.0.0/8', dev: 'eth0', gateway: '192.168.0.1' };
    ok(now(dp.routeAdd(spec)));
    expect(errnoOf(now(dp.routeAdd({ ...spec, gateway: '192.168.0.2' })))).toBe('EEXIST');
    ok(now(dp.routeReplace({ ...spec, gateway: '192.168.0.2' })));
    ok(now(dp.routeAdd({ ...spec, metric: 100 })));
    const routes = (ns(dp, '').routeTables[0]?.routes ?? []).filter(
      (entry) => entry.dst === '10.0.0.0/8',
    );
    expect(routes.map((entry) => [entry.gateway, entry.metric])).toStrictEqual([
      ['192.168.0.2', 0],
      ['192.168.0.1', 100],
    ]);
  });

  it('malformed requests are EINVAL; deleting an absent route is ESRCH', () => {
    const dp = bootNode();
    const base = { netns: '', dev: 'eth0' };
    expect(errnoOf(now(dp.routeAdd({ ...base, dst: '10.0.0.1/8', scope: 'link' })))).toBe('EINVAL');
    const linkGateway = {
      ...base,
      dst: '10.0.0.0/8',
      gateway: '192.168.0.1',
      scope: 'link' as const,
    };
    expect(errnoOf(now(dp.routeAdd(linkGateway)))).toBe('EINVAL');
    expect(errnoOf(now(dp.routeAdd({ ...base, dst: '10.0.0.0/8', gateway: 'fd00::1' })))).toBe(
      'EINVAL',
    );
    expect(errnoOf(now(dp.routeAdd({ ...base, dst: '10.0.0.0/8', src: '10.0.0.1' })))).toBe(
      'EINVAL',
    );
    expect(errnoOf(now(dp.routeDelete({ netns: '', dst: '10.0.0.0/8' })))).toBe('ESRCH');
    expect(errnoOf(now(dp.routeDelete({ netns: '', dst: '0.0.0.0/0', table: 1002 })))).toBe(
      'ESRCH',
    );
    ok(now(dp.routeDelete({ netns: '', dst: '0.0.0.0/0' })));
  });

  it('IPv6 routes are stored with scope universe and masked; IPv6 metric defaults to 1024', () => {
    const dp = bootNode();
    ok(now(dp.routeAdd({ netns: '', dst: 'fd00:9::5/64', dev: 'eth0', scope: 'link' })));
    expect(ns(dp, '').routeTables[0]?.routes).toContainEqual(
      route({ dst: 'fd00:9::/64', dev: 'eth0' }),
    );
  });
});

describe('MemoryDatapath: rules and neighbours', () => {
  it('rules: EEXIST for an identical one, default priority below the second rule, ENOENT on delete', () => {
    const dp = bootNode();
    const spec = {
      netns: '',
      family: 4 as const,
      from: '10.0.0.5/32',
      table: 1003,
      priority: 2048,
    };
    ok(now(dp.ruleAdd(spec)));
    expect(errnoOf(now(dp.ruleAdd(spec)))).toBe('EEXIST');
    ok(now(dp.ruleAdd({ ...spec, table: 1004 })));
    ok(now(dp.ruleAdd({ netns: '', family: 4, to: '10.0.0.6/32', table: 254 })));
    const rules = ns(dp, '').rules.filter((rule) => rule.family === 4);
    expect(rules.map((rule) => rule.priority)).toStrictEqual([0, 2047, 2048, 2048, 32766, 32767]);
    ok(now(dp.ruleDelete({ netns: '', family: 4, from: '10.0.0.5/32' })));
    ok(now(dp.ruleDelete({ netns: '', family: 4, from: '10.0.0.5/32' })));
    expect(errnoOf(now(dp.ruleDelete({ netns: '', family: 4, from: '10.0.0.5/32' })))).toBe(
      'ENOENT',
    );
    expect(errnoOf(now(dp.ruleAdd({ ...spec, from: 'fd00::1/128' })))).toBe('EINVAL');
  });

  it('neighbours: replace is idempotent, deleting an absent one is ENOENT', () => {
    const dp = bootNode();
    const spec = { netns: '', dev: 'eth0', address: '192.168.0.253', mac: 'EE:FF:FF:FF:FF:FF' };
    ok(now(dp.neighSet(spec)));
    ok(now(dp.neighSet({ ...spec, mac: 'ee:ff:ff:ff:ff:fe' })));
    expect(ns(dp, '').neighbours).toStrictEqual([
      {
        dev: 'eth0',
        family: 4,
        address: '192.168.0.253',
        mac: 'ee:ff:ff:ff:ff:fe',
        state: 'permanent',
      },
    ]);
    ok(now(dp.neighDelete(spec)));
    expect(errnoOf(now(dp.neighDelete(spec)))).toBe('ENOENT');
    expect(errnoOf(now(dp.neighSet({ ...spec, dev: 'eth5' })))).toBe('ENODEV');
  });
});
