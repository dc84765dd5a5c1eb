/**
 * The normalised dump: what `NodeDatapath.dump()` returns, and the reduction a kernel dump goes
 * through before it is compared with the memory datapath's (`normaliseDump`).
 *
 * Normalising drops what the kernel derives on its own and Terway never sets (the `local` table,
 * IPv6 link-local autoconfiguration `fe80::/64`, multicast routes, empty tables) and sorts every
 * list by a total order, so the order in which entries were created or listed never matters.
 */
import type {
  AddressEntry,
  DatapathDump,
  LinkEntry,
  NeighbourEntry,
  NetnsEntry,
  RouteEntry,
  RouteTableEntry,
  RuleEntry,
} from '../contracts/datapath.js';
import { RouteProtocol, RouteTable } from '../contracts/datapath.js';
import type { IpAddress } from '../../models/ipAddress.js';
import {
  formatIp,
  formatPrefix,
  isIpv6LinkLocal,
  parseIp,
  parsePrefix,
} from '../../models/ipAddress.js';
import type { KernelState, LinkRecord, NamespaceRecord } from './kernelState.js';
import { assertKernel } from './kernelState.js';
import { linkInfo } from './links.js';
import { ruleEntry } from './rules.js';

type SortKey = readonly (string | number | bigint)[];

function compareKeys(a: SortKey, b: SortKey): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i += 1) {
    const x = a[i];
    const y = b[i];
    if (x === y || x === undefined || y === undefined) continue;
    // Plain `<` on strings compares code units: stable across locales, unlike localeCompare.
    if (typeof x === typeof y) return x < y ? -1 : 1;
    return typeof x < typeof y ? -1 : 1;
  }
  return a.length - b.length;
}

function sortBy<T>(items: readonly T[], key: (item: T) => SortKey): T[] {
  return items
    .map((item) => ({ item, key: key(item) }))
    .sort((a, b) => compareKeys(a.key, b.key))
    .map(({ item }) => item);
}

function ipValue(text: string): bigint {
  const address = parseIp(text);
  assertKernel(address !== undefined, `dump holds a malformed address ${JSON.stringify(text)}`);
  return address.value;
}

function prefixKey(text: string): SortKey {
  const prefix = parsePrefix(text);
  assertKernel(prefix !== undefined, `dump holds a malformed prefix ${JSON.stringify(text)}`);
  return [prefix.address.family, prefix.address.value, prefix.length];
}

function optionalPrefixKey(text: string | undefined): SortKey {
  return text === undefined ? [0] : [1, ...prefixKey(text)];
}

function isAutoconfAddress(entry: AddressEntry): boolean {
  const address = parseIp(entry.address);
  return address !== undefined && isIpv6LinkLocal(address) && entry.prefixLength === 64;
}

function isDerivedRoute(route: RouteEntry): boolean {
  if (route.family !== 6) return false;
  const prefix = parsePrefix(route.dst);
  if (prefix === undefined) return false;
  const multicast = prefix.address.value >> 120n === 0xffn;
  const linkLocalNet =
    prefix.length === 64 &&
    isIpv6LinkLocal(prefix.address) &&
    route.protocol === RouteProtocol.kernel;
  return multicast || linkLocalNet;
}

function normaliseRoutes(table: RouteTableEntry): RouteTableEntry {
  const routes = sortBy(
    table.routes.filter((route) => !isDerivedRoute(route)),
    (route) => [
      ...prefixKey(route.dst),
      route.metric,
      route.dev,
      ...(route.gateway === undefined ? [0] : [1, ipValue(route.gateway)]),
      route.protocol,
    ],
  );
  return { table: table.table, routes };
}

/** Sorts rules as the dump lists them: by family, priority, selectors and table. */
export function normaliseRules(rules: readonly RuleEntry[]): RuleEntry[] {
  return sortBy(rules, (rule) => [
    rule.family,
    rule.priority,
    ...optionalPrefixKey(rule.from),
    ...optionalPrefixKey(rule.to),
    rule.iif ?? '',
    rule.oif ?? '',
    rule.table,
  ]);
}

function normaliseNamespace(ns: NetnsEntry): NetnsEntry {
  const links = sortBy(ns.links, (link) => [link.name]);
  const addresses = sortBy(
    ns.addresses.filter((entry) => !isAutoconfAddress(entry)),
    (entry) => [entry.dev, entry.family, ipValue(entry.address), entry.prefixLength],
  );
  const routeTables = sortBy(
    ns.routeTables
      .filter((table) => table.table !== RouteTable.local)
      .map(normaliseRoutes)
      .filter((table) => table.routes.length > 0),
    (table) => [table.table],
  );
  const rules = normaliseRules(ns.rules);
  // Only PERMANENT entries are representable: a kernel dump's others are skipped when read.
  const neighbours = sortBy(ns.neighbours, (entry) => [
    entry.dev,
    entry.family,
    ipValue(entry.address),
  ]);
  return { name: ns.name, links, addresses, routeTables, rules, neighbours };
}

/** Reduces a dump (from any implementation) to the normalised form that is compared. */
export function normaliseDump(raw: DatapathDump): DatapathDump {
  return { namespaces: sortBy(raw.namespaces.map(normaliseNamespace), (ns) => [ns.name]) };
}

function linkEntry(state: KernelState, link: LinkRecord): LinkEntry {
  const { netns, ...entry } = linkInfo(state, link);
  assertKernel(netns === link.netns, `link ${link.name} reports the wrong namespace`);
  return entry;
}

function nameOf(ns: NamespaceRecord, linkId: number, state: KernelState): string {
  const link = state.links.get(linkId);
  assertKernel(
    link?.netns === ns.name,
    `an entry in ${ns.name} refers to link ${linkId} elsewhere`,
  );
  return link.name;
}

function addressText(address: IpAddress): string {
  return formatIp(address);
}

function rawNamespace(state: KernelState, ns: NamespaceRecord): NetnsEntry {
  const tables = new Map<number, RouteEntry[]>();
  for (const route of ns.routes) {
    const entry: RouteEntry = {
      family: route.dst.address.family,
      dst: formatPrefix(route.dst),
      dev: nameOf(ns, route.linkId, state),
      ...(route.gateway === undefined ? {} : { gateway: addressText(route.gateway) }),
      ...(route.src === undefined ? {} : { src: addressText(route.src) }),
      scope: route.scope,
      protocol: route.protocol,
      metric: route.metric,
      onlink: route.onlink,
    };
    const list = tables.get(route.table) ?? [];
    list.push(entry);
    tables.set(route.table, list);
  }
  const addresses = ns.addresses.map((entry): AddressEntry => ({
    dev: nameOf(ns, entry.linkId, state),
    family: entry.address.family,
    address: addressText(entry.address),
    prefixLength: entry.prefixLength,
    scope: entry.scope,
  }));
  const neighbours = ns.neighbours.map((entry): NeighbourEntry => ({
    dev: nameOf(ns, entry.linkId, state),
    family: entry.address.family,
    address: addressText(entry.address),
    mac: entry.mac,
    state: 'permanent',
  }));
  return {
    name: ns.name,
    links: [...ns.linksByName.values()].map((link) => linkEntry(state, link)),
    addresses,
    routeTables: [...tables].map(([table, routes]) => ({ table, routes })),
    rules: ns.rules.map((rule): RuleEntry => ruleEntry(rule)),
    neighbours,
  };
}

/** The normalised dump of the whole simulated kernel. */
export function dumpState(state: KernelState): DatapathDump {
  return normaliseDump({
    namespaces: [...state.namespaces.values()].map((ns) => rawNamespace(state, ns)),
  });
}
