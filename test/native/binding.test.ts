/**
 * The rtnetlink binding on real network namespaces (root only; skipped, loudly, elsewhere):
 * every verb against the kernel, errors with their code, errno, operation and extack, sync and
 * Promise forms, namespaces interchangeable with `ip netns`, and nothing left behind.
 */
import { execFileSync } from 'node:child_process';
import { openSync, closeSync, readlinkSync } from 'node:fs';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { RtnlHandle } from '../../native/rtnl.js';
import { isNetlinkError, netns, openHandle } from '../../native/rtnl.js';
import {
  listNetns,
  removeNetnsWithPrefix,
  rootSkipReason,
  testPrefix,
  theBinding,
} from '../helpers/nativeGate.js';

const prefix = testPrefix('b');
const handles: RtnlHandle[] = [];
let serial = 0;

function freshNetns(): string {
  serial += 1;
  const name = `${prefix}${serial}`;
  netns.addSync(name, theBinding());
  return name;
}

function open(name: string): RtnlHandle {
  const handle = openHandle(name, theBinding());
  handles.push(handle);
  return handle;
}

function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' });
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}

afterEach(() => {
  for (const handle of handles.splice(0)) handle.close();
  removeNetnsWithPrefix(prefix);
});

afterAll(() => {
  if (rootSkipReason === undefined)
    expect(listNetns().filter((name) => name.startsWith(prefix))).toEqual([]);
});

describe.skipIf(rootSkipReason !== undefined)('rtnetlink binding on real namespaces', () => {
  it('creates namespaces ip netns lists and deletes, and deletes ones ip netns made', () => {
    const ours = freshNetns();
    expect(listNetns()).toContain(ours);
    ip('netns', 'del', ours);
    expect(listNetns()).not.toContain(ours);

    const theirs = `${prefix}ip`;
    ip('netns', 'add', theirs);
    const handle = open(theirs);
    expect(handle.sync.listLinks().map((link) => link.name)).toEqual(['lo']);
    handle.close();
    netns.deleteSync(theirs, theBinding());
    expect(listNetns()).not.toContain(theirs);
  });

  it('refuses an existing namespace with EEXIST and a missing one with ENOENT', async () => {
    const name = freshNetns();
    const exists = thrown(() => {
      netns.addSync(name, theBinding());
    });
    expect(isNetlinkError(exists) && exists.code).toBe('EEXIST');
    const missing = netns.delete(`${prefix}missing`, theBinding());
    await expect(missing).rejects.toMatchObject({ code: 'ENOENT', operation: 'netnsDelete' });
  });

  it('switches namespaces on its own thread, never on the calling thread', () => {
    const before = readlinkSync('/proc/thread-self/ns/net');
    const handle = open(freshNetns());
    handle.sync.addVeth({ name: 'x0', peerName: 'x1' });
    expect(readlinkSync('/proc/thread-self/ns/net')).toBe(before);
    expect(ip('link', 'show').includes('x0@x1')).toBe(false);
  });

  it('opens a namespace by name, by path and by fd', () => {
    const name = freshNetns();
    const byName = open(name);
    const byPath = open({ path: `/run/netns/${name}` } as never);
    const fd = openSync(`/run/netns/${name}`, 'r');
    const byFd = open({ fd } as never);
    closeSync(fd);
    byName.sync.addVeth({ name: 'a0', peerName: 'a1' });
    expect(byPath.sync.getLink({ dev: 'a0' }).kind).toBe('veth');
    expect(byFd.sync.getLink({ dev: 'a1' }).kind).toBe('veth');
    expect(byFd.nsId).toEqual(byName.nsId);
  });

  it('configures links: veth across namespaces, up/down, MTU, MAC, rename, move', () => {
    const host = freshNetns();
    const pod = freshNetns();
    const h = open(host);
    const p = open(pod);
    const veth = h.sync.addVeth({
      name: 'eni1',
      peerName: 'eni1p',
      peerNetns: pod,
      mtu: 1400,
      mac: '02:00:00:00:00:0a',
      peerMac: '02:00:00:00:00:0b',
    });
    expect(veth).toMatchObject({ name: 'eni1', mtu: 1400, mac: '02:00:00:00:00:0a', kind: 'veth' });
    const peer = p.sync.getLink({ dev: 'eni1p' });
    expect(peer).toMatchObject({ mtu: 1400, mac: '02:00:00:00:00:0b' });
    expect(h.sync.getLink({ dev: 'eni1' }).link).toBe(peer.index);

    expect(h.sync.setLink({ dev: 'eni1' }, { up: true, mtu: 9000 })).toMatchObject({
      up: true,
      mtu: 9000,
    });
    expect(h.sync.setLink({ dev: 'eni1' }, { up: false })?.up).toBe(false);
    expect(h.sync.setLink({ dev: 'eni1' }, { newName: 'eth7' })?.name).toBe('eth7');
    expect(h.sync.setLink({ dev: 'eth7' }, { mac: '02:00:00:00:00:0c' })?.mac).toBe(
      '02:00:00:00:00:0c',
    );
    expect(h.sync.setLink({ dev: 'eth7' }, { netns: pod })).toBeUndefined();
    expect(p.sync.getLink({ dev: 'eth7' }).mac).toBe('02:00:00:00:00:0c');
    expect(ip('-n', pod, '-br', 'link').includes('eth7@eni1p')).toBe(true);
    p.sync.deleteLink({ dev: 'eth7' });
    expect(p.sync.listLinks().map((link) => link.name)).toEqual(['lo']);
  });

  it('adds, replaces and deletes IPv4 and IPv6 addresses (IFA_F_NODAD on request)', () => {
    const h = open(freshNetns());
    h.sync.addVeth({ name: 'v0', peerName: 'v1' });
    h.sync.setLink({ dev: 'v0' }, { up: true });
    h.sync.setLink({ dev: 'v1' }, { up: true });
    h.sync.addAddress({ dev: 'v0', address: '10.1.2.3/32' });
    h.sync.addAddress({ dev: 'v0', address: 'fd00::3/128', nodad: true });
    h.sync.addAddress({ dev: 'v0', address: 'fd00::4/128' });
    h.sync.replaceAddress({ dev: 'v0', address: '10.1.2.3/32' });
    const rows = h.sync.listAddresses().filter((row) => row.index !== 1);
    const nodad = rows.find((row) => row.address === 'fd00::3');
    expect(nodad?.flags).toBeDefined();
    expect((nodad?.flags ?? 0) & 0x02).toBe(0x02); // IFA_F_NODAD
    expect(nodad?.tentative).toBe(false);
    expect(rows.find((row) => row.address === 'fd00::4')?.tentative).toBe(true);
    const duplicate = thrown(() => {
      h.sync.addAddress({ dev: 'v0', address: '10.1.2.3/32' });
    });
    expect(duplicate).toMatchObject({ code: 'EEXIST', errno: -17, operation: 'addAddress' });
    h.sync.deleteAddress({ dev: 'v0', address: '10.1.2.3/32' });
    expect(
      thrown(() => {
        h.sync.deleteAddress({ dev: 'v0', address: '10.1.2.3/32' });
      }),
    ).toMatchObject({ code: 'EADDRNOTAVAIL' });
    expect(
      thrown(() => {
        h.sync.addAddress({ dev: 'nope0', address: '10.1.2.3/32' });
      }),
    ).toMatchObject({ code: 'ENODEV' });
    expect(
      thrown(() => {
        h.sync.addAddress({ dev: 'v0', address: '10.1.2.300/32' });
      }),
    ).toMatchObject({ code: 'EINVAL', syscall: 'parse' });
  });

  it('adds routes in a table with onlink gateways, and reports the kernel extack', () => {
    const name = freshNetns();
    const h = open(name);
    // An onlink gateway must be unicast in the namespace's local table, which exists only once an
    // address does: bring lo up first, as init does on a node.
    h.sync.setLink({ dev: 'lo' }, { up: true });
    h.sync.addVeth({ name: 'eni3', peerName: 'eni3p' });
    h.sync.setLink({ dev: 'eni3' }, { up: true });
    h.sync.setLink({ dev: 'eni3p' }, { up: true });
    h.sync.addRoute({
      dst: '0.0.0.0/0',
      gateway: '10.0.0.253',
      dev: 'eni3',
      table: 1003,
      onlink: true,
    });
    h.sync.addRoute({ dst: '::/0', gateway: 'fd00::1', dev: 'eni3', table: 1003, onlink: true });
    h.sync.replaceRoute({ dst: '10.0.0.9/32', dev: 'eni3', scope: 'link' });
    const routes = h.sync.listRoutes().filter((route) => route.table === 1003);
    expect(routes.map((route) => [route.dst, route.gateway, route.onlink])).toEqual([
      ['0.0.0.0/0', '10.0.0.253', true],
      ['::/0', 'fd00::1', true],
    ]);
    expect(ip('-n', name, 'route', 'show', 'table', '1003')).toContain(
      'default via 10.0.0.253 dev eni3 onlink',
    );
    const unreachable = thrown(() => {
      h.sync.addRoute({ dst: '10.50.0.0/16', gateway: '10.77.0.1', dev: 'eni3', table: 100 });
    });
    expect(unreachable).toMatchObject({ code: 'ENETUNREACH', operation: 'addRoute' });
    expect(isNetlinkError(unreachable) && (unreachable.extack ?? '').length).toBeGreaterThan(0);
    h.sync.deleteRoute({ dst: '0.0.0.0/0', table: 1003 });
    expect(
      thrown(() => {
        h.sync.deleteRoute({ dst: '0.0.0.0/0', table: 1003 });
      }),
    ).toMatchObject({ code: 'ESRCH' });
  });

  it('adds and deletes policy rules and permanent neighbours', () => {
    const name = freshNetns();
    const h = open(name);
    h.sync.addVeth({ name: 'hv0', peerName: 'hv1' });
    h.sync.addRule({ family: 4, to: '10.0.0.9/32', table: 254, priority: 512 });
    h.sync.addRule({ family: 4, from: '10.0.0.9/32', table: 1003, priority: 2048 });
    h.sync.addRule({ family: 6, from: 'fd00::9/128', table: 1003, priority: 2048 });
    expect(
      thrown(() => {
        h.sync.addRule({ family: 4, from: '10.0.0.9/32', table: 1003, priority: 2048 });
      }),
    ).toMatchObject({ code: 'EEXIST' });
    const shown = ip('-n', name, 'rule', 'show');
    expect(shown).toContain('512:\tfrom all to 10.0.0.9 lookup main');
    expect(shown).toContain('2048:\tfrom 10.0.0.9 lookup 1003');
    h.sync.deleteRule({ family: 4, from: '10.0.0.9/32', table: 1003, priority: 2048 });
    expect(
      thrown(() => {
        h.sync.deleteRule({ family: 4, from: '10.0.0.9/32', table: 1003, priority: 2048 });
      }),
    ).toMatchObject({ code: 'ENOENT' });

    h.sync.setNeighbour({ dev: 'hv0', address: '169.254.1.1', mac: 'ee:ff:ff:ff:ff:ff' });
    const neighbour = h.sync.listNeighbours().find((row) => row.address === '169.254.1.1');
    expect(neighbour).toMatchObject({ permanent: true, mac: 'ee:ff:ff:ff:ff:ff' });
    h.sync.deleteNeighbour({ dev: 'hv0', address: '169.254.1.1' });
    expect(
      thrown(() => {
        h.sync.deleteNeighbour({ dev: 'hv0', address: '169.254.1.1' });
      }),
    ).toMatchObject({ code: 'ENOENT' });
  });

  it('answers the same through Promises, rejecting with the same error', async () => {
    const h = open(freshNetns());
    const link = await h.addVeth({ name: 'p0', peerName: 'p1' });
    expect(link.name).toBe('p0');
    await h.addAddress({ dev: 'p0', address: '10.9.0.1/24' });
    const addresses = await h.listAddresses();
    expect(addresses.some((row) => row.address === '10.9.0.1')).toBe(true);
    await expect(h.addAddress({ dev: 'p0', address: '10.9.0.1/24' })).rejects.toMatchObject({
      code: 'EEXIST',
      errno: -17,
      syscall: 'netlink',
    });
    await expect(h.getLink({ dev: 'gone0' })).rejects.toMatchObject({ code: 'ENODEV' });
  });

  it('refuses a link kind this kernel lacks with EOPNOTSUPP-class errors, not a crash', () => {
    // macvlan needs a parent; without one the kernel answers EINVAL (the kind itself exists).
    const h = open(freshNetns());
    const error = thrown(() => {
      h.sync.addVeth({ name: 'this-name-is-too-long', peerName: 'q' });
    });
    expect(error).toMatchObject({ code: 'EINVAL', syscall: 'parse', operation: 'addVeth' });
  });
});
