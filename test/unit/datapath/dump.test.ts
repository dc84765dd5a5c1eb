import { describe, expect, it } from 'vitest';
import { RouteProtocol } from '../../../sim/contracts/datapath.js';
import type { DatapathDump } from '../../../sim/contracts/datapath.js';
import { normaliseDump } from '../../../sim/datapath/dump.js';
import { loopback, route } from './harness.js';

describe('normaliseDump', () => {
  it('drops kernel-derived entries and sorts what a kernel dump lists in its own order', () => {
    const kernel = { protocol: RouteProtocol.kernel, metric: 256 };
    const raw: DatapathDump = {
      namespaces: [
        {
          name: 'pod',
          links: [],
          addresses: [],
          routeTables: [{ table: 255, routes: [] }],
          rules: [],
          neighbours: [],
        },
        {
          name: '',
          links: [
            {
              name: 'veth1',
              index: 3,
              kind: 'veth',
              mtu: 1500,
              mac: '02:00:00:00:00:01',
              up: true,
            },
            loopback(true),
          ],
          addresses: [
            { dev: 'veth1', family: 6, address: 'fe80::1', prefixLength: 128, scope: 'link' },
            {
              dev: 'veth1',
              family: 6,
              address: 'fe80::ff:fe00:1',
              prefixLength: 64,
              scope: 'link',
            },
            { dev: 'veth1', family: 4, address: '10.0.0.9', prefixLength: 32, scope: 'universe' },
            { dev: 'lo', family: 4, address: '127.0.0.1', prefixLength: 8, scope: 'host' },
          ],
          routeTables: [
            { table: 255, routes: [route({ dst: '10.0.0.9/32', dev: 'veth1', scope: 'host' })] },
            {
              table: 254,
              routes: [
                route({ dst: 'ff00::/8', dev: 'veth1', ...kernel }),
                route({ dst: 'fe80::/64', dev: 'veth1', ...kernel }),
                route({ dst: 'fe80::1/128', dev: 'veth1', ...kernel }),
                route({ dst: '10.0.0.0/8', dev: 'veth1', gateway: '10.0.0.2', metric: 5 }),
                route({ dst: '10.0.0.0/8', dev: 'veth1', gateway: '10.0.0.1', metric: 5 }),
                route({ dst: '10.0.0.0/8', dev: 'veth1', metric: 1 }),
                route({ dst: '9.0.0.0/8', dev: 'veth1' }),
              ],
            },
            { table: 1003, routes: [route({ dst: 'fe80::/64', dev: 'veth1', ...kernel })] },
          ],
          rules: [
            { family: 6, priority: 0, table: 255 },
            { family: 4, priority: 512, to: '10.0.0.9/32', table: 254 },
            { family: 4, priority: 512, from: '10.0.0.9/32', table: 254 },
            { family: 4, priority: 0, table: 255 },
          ],
          neighbours: [],
        },
      ],
    };
    const normal = normaliseDump(raw);
    expect(normal.namespaces.map((ns) => ns.name)).toStrictEqual(['', 'pod']);
    const host = normal.namespaces[0];
    expect(host?.links.map((link) => link.name)).toStrictEqual(['lo', 'veth1']);
    expect(
      host?.addresses.map((entry) => `${entry.dev} ${entry.address}/${entry.prefixLength}`),
    ).toStrictEqual(['lo 127.0.0.1/8', 'veth1 10.0.0.9/32', 'veth1 fe80::1/128']);
    expect(host?.routeTables.map((table) => table.table)).toStrictEqual([254]);
    expect(
      host?.routeTables[0]?.routes.map(
        (entry) => `${entry.dst} ${entry.gateway ?? '-'} ${entry.metric}`,
      ),
    ).toStrictEqual([
      '9.0.0.0/8 - 0',
      '10.0.0.0/8 - 1',
      '10.0.0.0/8 10.0.0.1 5',
      '10.0.0.0/8 10.0.0.2 5',
      'fe80::1/128 - 256',
    ]);
    expect(host?.rules).toStrictEqual([
      { family: 4, priority: 0, table: 255 },
      { family: 4, priority: 512, to: '10.0.0.9/32', table: 254 },
      { family: 4, priority: 512, from: '10.0.0.9/32', table: 254 },
      { family: 6, priority: 0, table: 255 },
    ]);
    expect(normal.namespaces[1]?.routeTables).toStrictEqual([]);
    expect(normaliseDump(normal)).toStrictEqual(normal);
  });
});
