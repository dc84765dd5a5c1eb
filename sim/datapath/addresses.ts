/**
 * Address operations, and the prefix routes the kernel adds for addresses on its own.
 *
 * What the kernel does and this model reproduces:
 * - IPv4 (`inet_rtm_newaddr`): an address is identified by link, address and prefix length; one
 *   inside the subnet of another with the same prefix length is secondary (different scope:
 *   EINVAL). While the link is up, each primary address that is not a /32 gets a main-table route
 *   `PREFIX dev DEV proto kernel scope link src ADDRESS` (`fib_add_ifaddr`). Deleting a primary
 *   promotes the next secondary (`promote_secondaries=1`, systemd's default).
 * - IPv6 (`inet6_rtm_newaddr`): an address is identified by link and address; its scope follows
 *   from the address; while the link is up it gets `PREFIX dev DEV proto kernel metric 256` in
 *   main, a /128 included (`addrconf_prefix_route`).
 * - Replacing an existing address changes nothing this model holds (only lifetimes and flags).
 * Left out: the `local` table (outside the normalised dump), broadcast routes, DAD, lifetimes.
 */
import type {
  AddressRef,
  AddressSpec,
  DatapathFailure,
  DatapathResult,
  Scope,
} from '../contracts/datapath.js';
import { RouteProtocol, RouteTable } from '../contracts/datapath.js';
import type { IpAddress, IpPrefix } from '../../models/ipAddress.js';
import {
  formatPrefix,
  isIpv6LinkLocal,
  isIpv6Loopback,
  maskPrefix,
  parsePrefix,
} from '../../models/ipAddress.js';
import type {
  AddressRecord,
  KernelOptions,
  KernelState,
  LinkRecord,
  NamespaceRecord,
  RouteRecord,
} from './kernelState.js';
import { fail, findLink, flushPrefsrc, isFailure, namespaceOf } from './kernelState.js';

/** The metric of kernel-made IPv6 prefix routes (`IP6_RT_PRIO_ADDRCONF`). */
export const IPV6_ADDRCONF_METRIC = 256;

function ipv6Scope(address: IpAddress): Scope {
  if (isIpv6Loopback(address)) return 'host';
  if (isIpv6LinkLocal(address)) return 'link';
  // fec0::/10, the deprecated site-local range.
  if (address.value >> 118n === 0x3fbn) return 'site';
  return 'universe';
}

function sameSubnet(a: AddressRecord, b: { address: IpAddress; prefixLength: number }): boolean {
  if (a.prefixLength !== b.prefixLength || a.address.family !== b.address.family) return false;
  const netA = maskPrefix({ address: a.address, length: a.prefixLength }).address.value;
  const netB = maskPrefix({ address: b.address, length: b.prefixLength }).address.value;
  return netA === netB;
}

/** The main-table route the kernel keeps for `entry` while `link` is up, if any. */
export function kernelPrefixRoute(
  options: KernelOptions,
  link: LinkRecord,
  entry: AddressRecord,
): RouteRecord | undefined {
  const dst = maskPrefix({ address: entry.address, length: entry.prefixLength });
  if (entry.address.family === 4) {
    // Loopback prefixes are `local` routes, and the zero network gets none (`fib_add_ifaddr`).
    if (link.kind === 'loopback' || entry.secondary || entry.prefixLength === 32) return undefined;
    if (dst.address.value >> 24n === 0n) return undefined;
    const base = { table: RouteTable.main, dst, linkId: link.id, scope: 'link' as const };
    return {
      ...base,
      src: entry.address,
      protocol: RouteProtocol.kernel,
      metric: 0,
      onlink: false,
    };
  }
  // Loopback's ::1: kernels up to 6.x add `::1 dev lo proto kernel metric 256` to main; newer ones
  // keep it only as a `local` route (found by the differential check against 6.18).
  if (link.kind === 'loopback' && !options.loopbackIpv6MainRoute) return undefined;
  return {
    table: RouteTable.main,
    dst,
    linkId: link.id,
    scope: 'universe',
    protocol: RouteProtocol.kernel,
    metric: IPV6_ADDRCONF_METRIC,
    onlink: false,
  };
}

function sameRoute(a: RouteRecord, b: RouteRecord): boolean {
  return (
    a.table === b.table &&
    a.linkId === b.linkId &&
    a.metric === b.metric &&
    a.protocol === b.protocol &&
    a.gateway === undefined &&
    b.gateway === undefined &&
    a.dst.length === b.dst.length &&
    a.dst.address.family === b.dst.address.family &&
    a.dst.address.value === b.dst.address.value
  );
}

/** Adds `route` unless an identical one is there (the kernel appends and ignores EEXIST). */
export function addKernelRoute(ns: NamespaceRecord, route: RouteRecord): void {
  if (ns.routes.some((existing) => sameRoute(existing, route))) return;
  ns.routes.push(route);
}

/** Re-adds the prefix routes of every address on `link`, as bringing a link up does. */
export function restoreKernelRoutes(state: KernelState, link: LinkRecord): void {
  const ns = namespaceOf(state, link);
  for (const entry of ns.addresses) {
    if (entry.linkId !== link.id) continue;
    const route = kernelPrefixRoute(state.options, link, entry);
    if (route !== undefined) addKernelRoute(ns, route);
  }
}

function insertAddress(state: KernelState, link: LinkRecord, entry: AddressRecord): void {
  const ns = namespaceOf(state, link);
  ns.addresses.push(entry);
  if (!link.up) return;
  const route = kernelPrefixRoute(state.options, link, entry);
  if (route !== undefined) addKernelRoute(ns, route);
}

/** The addresses a loopback link gets when it comes up (`inetdev_event`, `init_loopback`). */
export function addLoopbackAddresses(state: KernelState, link: LinkRecord): void {
  const ns = namespaceOf(state, link);
  const has = (family: 4 | 6): boolean =>
    ns.addresses.some((entry) => entry.linkId === link.id && entry.address.family === family);
  const v4: AddressRecord = {
    linkId: link.id,
    address: { family: 4, value: 0x7f000001n },
    prefixLength: 8,
    scope: 'host',
    secondary: false,
  };
  const v6: AddressRecord = {
    linkId: link.id,
    address: { family: 6, value: 1n },
    prefixLength: 128,
    scope: 'host',
    secondary: false,
  };
  if (!has(4)) insertAddress(state, link, v4);
  if (!has(6)) insertAddress(state, link, v6);
}

function parseAddressPrefix(text: string, where: string): IpPrefix | DatapathFailure {
  const prefix = parsePrefix(text);
  if (prefix === undefined) return fail('EINVAL', `${where}: bad address ${JSON.stringify(text)}`);
  return prefix;
}

/** Adds (`mode: 'add'`, EEXIST if present) or replaces an address. */
export function addAddress(
  state: KernelState,
  spec: AddressSpec,
  mode: 'add' | 'replace',
): DatapathResult {
  const where = `addr ${mode} ${spec.address} dev ${spec.dev}`;
  const link = findLink(state, { netns: spec.netns, name: spec.dev });
  if (isFailure(link)) return link;
  const prefix = parseAddressPrefix(spec.address, where);
  if (isFailure(prefix)) return prefix;
  const ns = namespaceOf(state, link);
  const { address, length } = prefix;
  const onLink = ns.addresses.filter(
    (entry) => entry.linkId === link.id && entry.address.family === address.family,
  );
  const existing = onLink.find(
    (entry) =>
      entry.address.value === address.value &&
      (address.family === 6 || entry.prefixLength === length),
  );
  if (existing !== undefined) {
    return mode === 'add' ? fail('EEXIST', `${where}: address already assigned`) : { ok: true };
  }
  if (address.family === 6) {
    const entry = { linkId: link.id, address, prefixLength: length, scope: ipv6Scope(address) };
    insertAddress(state, link, { ...entry, secondary: false });
    return { ok: true };
  }
  const scope = spec.scope ?? 'universe';
  const covering = onLink.filter((entry) => sameSubnet(entry, { address, prefixLength: length }));
  if (covering.some((entry) => entry.scope !== scope)) {
    return fail('EINVAL', `${where}: scope differs from the subnet's primary address`);
  }
  const entry = { linkId: link.id, address, prefixLength: length, scope };
  insertAddress(state, link, { ...entry, secondary: covering.length > 0 });
  return { ok: true };
}

function removeKernelRoute(
  state: KernelState,
  ns: NamespaceRecord,
  link: LinkRecord,
  entry: AddressRecord,
): void {
  const route = kernelPrefixRoute(state.options, link, entry);
  if (route === undefined) return;
  // Another address on the link may still need the same prefix route.
  const stillNeeded = ns.addresses.some((other) => {
    if (other.linkId !== link.id) return false;
    const otherRoute = kernelPrefixRoute(state.options, link, other);
    return otherRoute !== undefined && sameRoute(otherRoute, route);
  });
  if (stillNeeded) return;
  ns.routes = ns.routes.filter((existing) => !sameRoute(existing, route));
}

/** Deletes an address; EADDRNOTAVAIL if the link does not hold it with that prefix length. */
export function deleteAddress(state: KernelState, ref: AddressRef): DatapathResult {
  const where = `addr del ${ref.address} dev ${ref.dev}`;
  const link = findLink(state, { netns: ref.netns, name: ref.dev });
  if (isFailure(link)) return link;
  const prefix = parseAddressPrefix(ref.address, where);
  if (isFailure(prefix)) return prefix;
  const ns = namespaceOf(state, link);
  const entry = ns.addresses.find(
    (candidate) =>
      candidate.linkId === link.id &&
      candidate.address.family === prefix.address.family &&
      candidate.address.value === prefix.address.value &&
      candidate.prefixLength === prefix.length,
  );
  if (entry === undefined) {
    return fail('EADDRNOTAVAIL', `${where}: ${formatPrefix(prefix)} is not assigned`);
  }
  ns.addresses = ns.addresses.filter((candidate) => candidate !== entry);
  if (link.up) removeKernelRoute(state, ns, link, entry);
  if (entry.address.family === 4 && !entry.secondary) promoteSecondary(state, link, entry);
  flushPrefsrc(ns, entry.address);
  return { ok: true };
}

function promoteSecondary(state: KernelState, link: LinkRecord, removed: AddressRecord): void {
  const ns = namespaceOf(state, link);
  const next = ns.addresses.find(
    (entry) => entry.linkId === link.id && entry.secondary && sameSubnet(entry, removed),
  );
  if (next === undefined) return;
  const promoted: AddressRecord = { ...next, secondary: false };
  ns.addresses = ns.addresses.map((entry) => (entry === next ? promoted : entry));
  if (!link.up) return;
  const route = kernelPrefixRoute(state.options, link, promoted);
  if (route !== undefined) addKernelRoute(ns, route);
}
