/**
 * The differential check: the kernel's normalised dump against the memory datapath's, after the
 * same operations. What the two legitimately choose differently is renamed consistently before
 * comparing: interface indexes (each namespace's links numbered 1, 2, … in index order), the
 * policy-routing table numbers derived from them (1000 + ifindex), and MAC addresses (each named
 * after the link holding it, `<netns>/<name>`), so a random MAC or a different index never counts
 * but a missing route, rule, address or neighbour always does.
 */
import type {
  DatapathDump,
  LinkEntry,
  NetnsEntry,
  RouteTableEntry,
  RuleEntry,
} from '../sim/contracts/datapath.js';
import { normaliseDump } from '../sim/datapath/dump.js';

/** Terway's per-ENI table base (`1000 + ifindex`). */
const ENI_TABLE_BASE = 1000;

/** A dump with indexes, ENI tables and MACs renamed as the module's remarks say. */
export function canonicalDump(dump: DatapathDump): DatapathDump {
  const ordinals = new Map<string, Map<number, number>>();
  const macLabels = new Map<string, string>();
  for (const ns of dump.namespaces) {
    const byIndex = [...ns.links].sort((a, b) => a.index - b.index);
    ordinals.set(ns.name, new Map(byIndex.map((link, i) => [link.index, i + 1])));
    for (const link of ns.links) macLabels.set(link.mac, `${ns.name}/${link.name}`);
  }
  const ordinal = (netns: string, index: number): number =>
    ordinals.get(netns)?.get(index) ?? -index;
  const table = (netns: string, number: number): number => {
    const index = number - ENI_TABLE_BASE;
    const known = ordinals.get(netns)?.get(index);
    return index > 0 && known !== undefined ? ENI_TABLE_BASE + known : number;
  };
  const mac = (value: string): string => macLabels.get(value) ?? value;

  const namespaces = dump.namespaces.map((ns): NetnsEntry => {
    const links = ns.links.map((link): LinkEntry => {
      const { peer, parent, ...rest } = link;
      return {
        ...rest,
        index: ordinal(ns.name, link.index),
        mac: mac(link.mac),
        ...(peer === undefined
          ? {}
          : { peer: { netns: peer.netns, index: ordinal(peer.netns, peer.index) } }),
        ...(parent === undefined
          ? {}
          : { parent: { netns: parent.netns, index: ordinal(parent.netns, parent.index) } }),
      };
    });
    const routeTables = ns.routeTables.map((entry): RouteTableEntry => ({
      ...entry,
      table: table(ns.name, entry.table),
    }));
    const rules = ns.rules.map((rule): RuleEntry => ({
      ...rule,
      table: table(ns.name, rule.table),
    }));
    const neighbours = ns.neighbours.map((entry) => ({ ...entry, mac: mac(entry.mac) }));
    return { ...ns, links, routeTables, rules, neighbours };
  });
  return normaliseDump({ namespaces });
}

/** One line per fact of a canonical dump: `netns | section | entry`. */
function facts(dump: DatapathDump): string[] {
  const lines: string[] = [];
  for (const ns of dump.namespaces) {
    const name = ns.name === '' ? '(host)' : ns.name;
    lines.push(`${name} | namespace`);
    for (const link of ns.links) lines.push(`${name} | link | ${JSON.stringify(link)}`);
    for (const entry of ns.addresses) lines.push(`${name} | address | ${JSON.stringify(entry)}`);
    for (const t of ns.routeTables)
      for (const route of t.routes)
        lines.push(`${name} | route table ${t.table} | ${JSON.stringify(route)}`);
    for (const rule of ns.rules) lines.push(`${name} | rule | ${JSON.stringify(rule)}`);
    for (const entry of ns.neighbours) lines.push(`${name} | neighbour | ${JSON.stringify(entry)}`);
  }
  return lines;
}

/** The facts only one side has, each prefixed with the side (`kernel +`, `memory +`). */
export function dumpDifference(kernel: DatapathDump, memory: DatapathDump): string[] {
  const left = facts(canonicalDump(kernel));
  const right = facts(canonicalDump(memory));
  const count = new Map<string, number>();
  for (const line of right) count.set(line, (count.get(line) ?? 0) + 1);
  const onlyKernel: string[] = [];
  for (const line of left) {
    const n = count.get(line) ?? 0;
    if (n > 0) count.set(line, n - 1);
    else onlyKernel.push(`kernel + ${line}`);
  }
  const onlyMemory = [...count].flatMap(([line, n]) =>
    Array.from({ length: n }, () => `memory + ${line}`),
  );
  return [...onlyKernel, ...onlyMemory];
}
