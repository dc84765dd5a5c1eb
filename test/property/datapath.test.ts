import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { setUpExclusiveEni, tearDownExclusiveEni } from '../../sim/allocator/cni/exclusiveEni.js';
import type { ExclusiveEniRestore } from '../../sim/allocator/cni/cniTypes.js';
import { setUpPolicyRoute, tearDownPolicyRoute } from '../../sim/allocator/cni/policyRoute.js';
import { setUpSharedEni } from '../../sim/allocator/cni/sharedEni.js';
import { hostVethName } from '../../sim/allocator/cni/terwayDatapath.js';
import type { DatapathDump, NodeDatapath } from '../../sim/contracts/datapath.js';
import type { MemoryDatapath } from '../../sim/datapath/memoryDatapath.js';
import { bootNode, now, ok, run } from '../unit/datapath/harness.js';

interface PodPlan {
  readonly kind: 'exclusive' | 'shared';
  readonly dual: boolean;
  /** Where the pod comes in the tear-down order. */
  readonly teardownRank: number;
}

const podPlan: fc.Arbitrary<PodPlan> = fc.record({
  kind: fc.constantFrom('exclusive' as const, 'shared' as const),
  dual: fc.boolean(),
  teardownRank: fc.integer({ min: 0, max: 1000 }),
});

const GATEWAYS = { ipv4: '192.168.1.253', ipv6: 'fd00:1::1' };
const SHARED_ENI_MAC = '00:16:3e:00:00:02';

function exclusiveMac(i: number): string {
  return `00:16:3e:00:01:${i.toString(16).padStart(2, '0')}`;
}

/** A node with a shared ENI up and one spare NIC and one namespace per pod. */
function prepareNode(pods: readonly PodPlan[]): MemoryDatapath {
  const dp = bootNode();
  dp.plugDevice({ mac: SHARED_ENI_MAC });
  const eni = { eni: { mac: SHARED_ENI_MAC }, gateways: GATEWAYS, mtu: 1500 };
  ok(run(setUpSharedEni(dp, eni)));
  pods.forEach((pod, i) => {
    if (pod.kind === 'exclusive') dp.plugDevice({ mac: exclusiveMac(i) });
    ok(now(dp.netnsAdd(`pod-${i}`)));
  });
  return dp;
}

function podIps(pod: PodPlan, i: number): { ipv4: string; ipv6?: string } {
  const ipv4 = `192.168.1.${20 + i}`;
  return pod.dual ? { ipv4, ipv6: `fd00:1::${(0x20 + i).toString(16)}` } : { ipv4 };
}

/** Sets a pod up; returns what its tear-down needs. */
function setUp(dp: NodeDatapath, pod: PodPlan, i: number): ExclusiveEniRestore | undefined {
  const common = {
    podNetns: `pod-${i}`,
    podIps: podIps(pod, i),
    gateways: GATEWAYS,
    mtu: 1500,
    hostVethName: hostVethName({ namespace: 'default', name: `pod-${i}` }),
  };
  if (pod.kind === 'shared') {
    ok(run(setUpPolicyRoute(dp, { ...common, eni: { mac: SHARED_ENI_MAC } })));
    return undefined;
  }
  const serviceCidrs = { ipv4: '172.16.0.0/16', ipv6: 'fd00:ff::/112' };
  const input = { ...common, eni: { mac: exclusiveMac(i) }, serviceCidrs };
  return ok(run(setUpExclusiveEni(dp, input)));
}

function tearDown(dp: NodeDatapath, pod: PodPlan, i: number, restore?: ExclusiveEniRestore): void {
  if (restore === undefined) {
    const hostVeth = hostVethName({ namespace: 'default', name: `pod-${i}` });
    ok(run(tearDownPolicyRoute(dp, { hostVethName: hostVeth, podIps: podIps(pod, i) })));
    return;
  }
  ok(run(tearDownExclusiveEni(dp, { podNetns: `pod-${i}`, ...restore })));
}

/** The dump with veth indexes removed: those depend on creation order, as in the kernel. */
function withoutVethIndexes(dump: DatapathDump): unknown {
  return dump.namespaces.map((ns) => ({
    ...ns,
    links: ns.links.map((link) => {
      if (link.kind !== 'veth') return link;
      return { name: link.name, mtu: link.mtu, mac: link.mac, up: link.up, peer: link.peer?.netns };
    }),
  }));
}

describe('datapath properties', () => {
  it('invariant: set-up then tear-down restores the dump', () => {
    fc.assert(
      fc.property(fc.array(podPlan, { minLength: 1, maxLength: 6 }), (pods) => {
        const dp = prepareNode(pods);
        const before = dp.snapshot();
        const restores = pods.map((pod, i) => setUp(dp, pod, i));
        const order = pods
          .map((pod, i) => ({ pod, i }))
          .sort((a, b) => a.pod.teardownRank - b.pod.teardownRank);
        for (const { pod, i } of order) tearDown(dp, pod, i, restores[i]);
        expect(dp.snapshot()).toStrictEqual(before);
      }),
      { numRuns: 60 },
    );
  });

  it('invariant: dump order does not depend on operation order (pods set up in any order)', () => {
    fc.assert(
      fc.property(
        fc.array(podPlan, { minLength: 2, maxLength: 5 }),
        fc.func(fc.integer()),
        (pods, key) => {
          const inOrder = prepareNode(pods);
          pods.forEach((pod, i) => setUp(inOrder, pod, i));
          const shuffled = prepareNode(pods);
          const order = pods
            .map((pod, i) => ({ pod, i, rank: key(i) }))
            .sort((a, b) => a.rank - b.rank);
          for (const { pod, i } of order) setUp(shuffled, pod, i);
          expect(withoutVethIndexes(shuffled.snapshot())).toStrictEqual(
            withoutVethIndexes(inOrder.snapshot()),
          );
        },
      ),
      { numRuns: 40 },
    );
  });

  it('invariant: dump order does not depend on operation order (independent changes permuted)', () => {
    const links = ['eth0', 'a0', 'b0', 'c0'];
    const change = fc.record({
      kind: fc.constantFrom('address4', 'address6', 'route', 'rule', 'neighbour'),
      link: fc.constantFrom(...links),
      table: fc.constantFrom(254, 1003, 1004),
      priority: fc.constantFrom(100, 200, 300),
      mac: fc.constantFrom('02:00:00:00:00:01', '02:00:00:00:00:02'),
    });
    type Change = typeof change extends fc.Arbitrary<infer T> ? T : never;
    const apply = (dp: NodeDatapath, item: Change, i: number): void => {
      const netns = '';
      switch (item.kind) {
        case 'address4':
          ok(now(dp.addrAdd({ netns, dev: item.link, address: `10.${i}.0.1/24` })));
          return;
        case 'address6':
          ok(now(dp.addrAdd({ netns, dev: item.link, address: `fd00:${i + 1}::1/64` })));
          return;
        case 'route': {
          const spec = { netns, table: item.table, dst: `10.200.${i}.0/24`, dev: item.link };
          ok(now(dp.routeAdd({ ...spec, gateway: '10.99.0.1', onlink: true })));
          return;
        }
        case 'rule': {
          const spec = { netns, family: 4 as const, from: `10.50.${i}.0/24`, table: item.table };
          ok(now(dp.ruleAdd({ ...spec, priority: item.priority })));
          return;
        }
        case 'neighbour':
          ok(now(dp.neighSet({ netns, dev: item.link, address: `10.77.0.${i}`, mac: item.mac })));
          return;
      }
    };
    const node = (): MemoryDatapath => {
      const dp = bootNode();
      for (const name of ['a0', 'b0', 'c0']) {
        ok(now(dp.linkAddVeth({ netns: '', name, peerNetns: '', peerName: `${name}p` })));
        ok(now(dp.linkSetUp({ netns: '', name })));
      }
      return dp;
    };
    fc.assert(
      fc.property(fc.array(change, { maxLength: 30 }), fc.func(fc.integer()), (changes, key) => {
        const first = node();
        changes.forEach((item, i) => {
          apply(first, item, i);
        });
        const second = node();
        const order = changes
          .map((item, i) => ({ item, i, rank: key(i) }))
          .sort((a, b) => a.rank - b.rank);
        for (const { item, i } of order) apply(second, item, i);
        expect(second.snapshot()).toStrictEqual(first.snapshot());
      }),
      { numRuns: 100 },
    );
  });

  it('invariant: ifindexes are unique per namespace (and lo is 1 in each); veth peers point back', () => {
    const names = ['a', 'b', 'eth0', 'veth1'];
    const spaces = ['', 'x', 'y'];
    const macs = ['00:16:3e:00:02:01', '00:16:3e:00:02:02'];
    const op = fc.oneof(
      fc.record({ op: fc.constant('netnsAdd' as const), ns: fc.constantFrom('x', 'y') }),
      fc.record({ op: fc.constant('netnsDelete' as const), ns: fc.constantFrom('x', 'y') }),
      fc.record({
        op: fc.constant('veth' as const),
        ns: fc.constantFrom(...spaces),
        peerNs: fc.constantFrom(...spaces),
        name: fc.constantFrom(...names),
        peer: fc.constantFrom(...names),
      }),
      fc.record({
        op: fc.constant('move' as const),
        ns: fc.constantFrom(...spaces),
        name: fc.constantFrom(...names),
        target: fc.constantFrom(...spaces),
      }),
      fc.record({
        op: fc.constant('rename' as const),
        ns: fc.constantFrom(...spaces),
        name: fc.constantFrom(...names),
        target: fc.constantFrom(...names),
      }),
      fc.record({
        op: fc.constant('delete' as const),
        ns: fc.constantFrom(...spaces),
        name: fc.constantFrom(...names),
      }),
      fc.record({ op: fc.constant('plug' as const), mac: fc.constantFrom(...macs) }),
      fc.record({ op: fc.constant('unplug' as const), mac: fc.constantFrom(...macs) }),
    );
    fc.assert(
      fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
        const dp = bootNode();
        const plugged = new Set<string>();
        for (const step of ops) {
          switch (step.op) {
            case 'netnsAdd':
              now(dp.netnsAdd(step.ns));
              break;
            case 'netnsDelete':
              now(dp.netnsDelete(step.ns));
              break;
            case 'veth':
              now(
                dp.linkAddVeth({
                  netns: step.ns,
                  name: step.name,
                  peerNetns: step.peerNs,
                  peerName: step.peer,
                }),
              );
              break;
            case 'move':
              now(dp.linkSetNetns({ netns: step.ns, name: step.name }, step.target));
              break;
            case 'rename':
              now(dp.linkSetName({ netns: step.ns, name: step.name }, step.target));
              break;
            case 'delete':
              now(dp.linkDelete({ netns: step.ns, name: step.name }));
              break;
            case 'plug':
              if (!plugged.has(step.mac)) dp.plugDevice({ mac: step.mac });
              plugged.add(step.mac);
              break;
            case 'unplug':
              if (plugged.has(step.mac)) dp.unplugDevice(step.mac);
              plugged.delete(step.mac);
              break;
          }
          checkLinks(dp.snapshot());
        }
      }),
      { numRuns: 150 },
    );
  });
});

function checkLinks(dump: DatapathDump): void {
  const at = new Map<string, { kind: string; peer?: { netns: string; index: number } }>();
  for (const ns of dump.namespaces) {
    const indexes = ns.links.map((link) => link.index);
    expect(new Set(indexes).size).toBe(indexes.length);
    expect(ns.links.find((link) => link.name === 'lo')?.index).toBe(1);
    for (const link of ns.links) at.set(`${ns.name}/${link.index}`, link);
  }
  for (const ns of dump.namespaces) {
    for (const link of ns.links) {
      if (link.kind !== 'veth') continue;
      expect(link.peer).toBeDefined();
      const peer = at.get(`${link.peer?.netns ?? ''}/${link.peer?.index ?? 0}`);
      expect(peer?.kind).toBe('veth');
      expect(peer?.peer).toStrictEqual({ netns: ns.name, index: link.index });
    }
  }
}
