/**
 * Route operations with the kernel's checks.
 *
 * A route is identified, for add and replace, by table, destination and metric (IPv4 also by TOS,
 * always 0 here): `add` (NLM_F_EXCL) fails with EEXIST when one exists, `replace` overwrites the
 * first (IPv6: the first with the same gateway-ness, as `fib6_add_rt2node` does, else appends).
 * The nexthop must be usable:
 * - the device must be up (ENETDOWN, "Nexthop device is not up");
 * - IPv4: a gateway route cannot have scope link or host (EINVAL);
 * - without `onlink`, the gateway must be reached by a link route on that device, looked up in
 *   the route's table and then in main (IPv4 ENETUNREACH "Nexthop has invalid gateway", IPv6
 *   EHOSTUNREACH); an IPv6 link-local gateway needs no route;
 * - with `onlink`, the gateway must not be one of the namespace's own addresses (EINVAL).
 * IPv4 destinations with host bits set are EINVAL; IPv6 ones are masked silently. IPv6 routes
 * are stored with scope universe, whatever was asked, as the kernel reports them.
 * Left out: multipath (ECMP) nexthops, route types other than unicast, TOS, metrics (RTAX_*).
 */
import type {
  AddressFamily,
  DatapathFailure,
  DatapathResult,
  RouteDeleteSpec,
  RouteSpec,
  Scope,
} from '../contracts/datapath.js';
import { RouteProtocol, RouteTable } from '../contracts/datapath.js';
import type { IpAddress, IpPrefix } from '../../models/ipAddress.js';
import {
  formatPrefix,
  hasHostBits,
  isIpv6LinkLocal,
  maskPrefix,
  parseIp,
  parsePrefix,
  prefixContains,
} from '../../models/ipAddress.js';
import type { KernelState, LinkRecord, NamespaceRecord, RouteRecord } from './kernelState.js';
import { assertKernel, fail, findLink, findNamespace, isFailure } from './kernelState.js';

/** The metric the kernel gives an IPv6 route added without one (`IP6_RT_PRIO_USER`). */
export const IPV6_USER_METRIC = 1024;

const SCOPE_RANK: Readonly<Record<Scope, number>> = {
  universe: 0,
  site: 200,
  link: 253,
  host: 254,
};
const U32_MAX = 0xffffffff;

function isU32(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0 && value <= U32_MAX;
}

/** Parses and normalises a destination: EINVAL when malformed or (IPv4) with host bits. */
function parseDestination(text: string, where: string): IpPrefix | DatapathFailure {
  const prefix = parsePrefix(text);
  if (prefix === undefined) return fail('EINVAL', `${where}: bad destination`);
  if (prefix.address.family === 4 && hasHostBits(prefix)) {
    return fail('EINVAL', `${where}: invalid prefix for given prefix length`);
  }
  return maskPrefix(prefix);
}

function parseAddressOf(
  text: string | undefined,
  family: AddressFamily,
  what: string,
): IpAddress | undefined | DatapathFailure {
  if (text === undefined) return undefined;
  const address = parseIp(text);
  if (address?.family !== family) return fail('EINVAL', `${what} ${JSON.stringify(text)}`);
  return address;
}

function resolveTable(table: number | undefined, where: string): number | DatapathFailure {
  if (table === undefined || table === 0) return RouteTable.main;
  if (!isU32(table)) return fail('EINVAL', `${where}: bad table ${table}`);
  return table;
}

function isOwnAddress(ns: NamespaceRecord, address: IpAddress): boolean {
  return ns.addresses.some(
    (entry) => entry.address.family === address.family && entry.address.value === address.value,
  );
}

/** The longest-prefix route to `address` in `table` among those `accept` lets through. */
function lookup(
  ns: NamespaceRecord,
  table: number,
  address: IpAddress,
  accept: (route: RouteRecord) => boolean,
): RouteRecord | undefined {
  let best: RouteRecord | undefined;
  for (const route of ns.routes) {
    if (route.table !== table || !prefixContains(route.dst, address) || !accept(route)) continue;
    const longer = best === undefined || route.dst.length > best.dst.length;
    const sameLengthCheaper =
      best !== undefined && route.dst.length === best.dst.length && route.metric < best.metric;
    if (longer || sameLengthCheaper) best = route;
  }
  return best;
}

/** Whether a link route on `link` reaches `gateway` (`fib_check_nh_v4_gw`, `ip6_route_check_nh`). */
function gatewayReachable(
  ns: NamespaceRecord,
  route: { table: number; gateway: IpAddress; link: LinkRecord; scope: Scope },
): boolean {
  const tables =
    route.table === RouteTable.main ? [RouteTable.main] : [route.table, RouteTable.main];
  for (const table of tables) {
    const found = lookup(ns, table, route.gateway, (candidate) => {
      if (candidate.linkId !== route.link.id) return false;
      // IPv4 looks up with scope + 1: only routes narrower than the new one's scope qualify.
      return route.gateway.family === 6 || SCOPE_RANK[candidate.scope] > SCOPE_RANK[route.scope];
    });
    if (found !== undefined) return found.gateway === undefined;
  }
  return false;
}

function checkGateway(
  ns: NamespaceRecord,
  route: { table: number; gateway: IpAddress; link: LinkRecord; scope: Scope; onlink: boolean },
  where: string,
): DatapathFailure | undefined {
  const { gateway } = route;
  if (route.onlink) {
    return isOwnAddress(ns, gateway) ? fail('EINVAL', `${where}: invalid gateway`) : undefined;
  }
  if (gateway.family === 6 && isIpv6LinkLocal(gateway)) return undefined;
  if (gatewayReachable(ns, route)) return undefined;
  return gateway.family === 4
    ? fail('ENETUNREACH', `${where}: Nexthop has invalid gateway`)
    : fail('EHOSTUNREACH', `${where}: no route to gateway`);
}

/** Parses and checks a route request into the record the kernel would store. */
function buildRoute(
  state: KernelState,
  spec: RouteSpec,
  where: string,
): RouteRecord | DatapathFailure {
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const dst = parseDestination(spec.dst, where);
  if (isFailure(dst)) return dst;
  const family = dst.address.family;
  const table = resolveTable(spec.table, where);
  if (isFailure(table)) return table;
  const link = findLink(state, { netns: spec.netns, name: spec.dev });
  if (isFailure(link)) return link;
  const gateway = parseAddressOf(spec.gateway, family, `${where}: bad gateway`);
  if (gateway !== undefined && isFailure(gateway)) return gateway;
  const src = parseAddressOf(spec.src, family, `${where}: bad source`);
  if (src !== undefined && isFailure(src)) return src;
  const metricAsked = spec.metric ?? 0;
  const protocolAsked = spec.protocol ?? RouteProtocol.boot;
  if (!isU32(metricAsked)) return fail('EINVAL', `${where}: bad metric ${metricAsked}`);
  if (!Number.isInteger(protocolAsked) || protocolAsked < 0 || protocolAsked > 255) {
    return fail('EINVAL', `${where}: bad protocol ${protocolAsked}`);
  }
  const scope: Scope = family === 6 ? 'universe' : (spec.scope ?? 'universe');
  const onlink = spec.onlink ?? false;
  if (gateway !== undefined && SCOPE_RANK[scope] >= SCOPE_RANK.link) {
    return fail('EINVAL', `${where}: Nexthop has invalid scope`);
  }
  if (onlink && gateway === undefined) return fail('EINVAL', `${where}: onlink needs a gateway`);
  if (!link.up) return fail('ENETDOWN', `${where}: Nexthop device is not up`);
  if (gateway !== undefined) {
    const failure = checkGateway(ns, { table, gateway, link, scope, onlink }, where);
    if (failure !== undefined) return failure;
  }
  if (src !== undefined && !isOwnAddress(ns, src)) {
    return fail('EINVAL', `${where}: invalid prefsrc address`);
  }
  const metric = family === 6 && metricAsked === 0 ? IPV6_USER_METRIC : metricAsked;
  const protocol = family === 6 && protocolAsked === 0 ? RouteProtocol.boot : protocolAsked;
  const base = { table, dst, linkId: link.id, scope, protocol, metric, onlink };
  return {
    ...base,
    ...(gateway === undefined ? {} : { gateway }),
    ...(src === undefined ? {} : { src }),
  };
}

function sameKey(a: RouteRecord, b: RouteRecord): boolean {
  return (
    a.table === b.table &&
    a.metric === b.metric &&
    a.dst.length === b.dst.length &&
    a.dst.address.family === b.dst.address.family &&
    a.dst.address.value === b.dst.address.value
  );
}

/** Adds (`mode: 'add'`, EEXIST on the same key) or replaces a route. */
export function addRoute(
  state: KernelState,
  spec: RouteSpec,
  mode: 'add' | 'replace',
): DatapathResult {
  const where = `route ${mode} ${spec.dst} dev ${spec.dev}`;
  const route = buildRoute(state, spec, where);
  if (isFailure(route)) return route;
  // buildRoute has found the namespace already.
  const ns = state.namespaces.get(spec.netns);
  assertKernel(ns !== undefined, `netns ${spec.netns} vanished while adding a route`);
  const family = route.dst.address.family;
  const position = ns.routes.findIndex((existing) => {
    if (!sameKey(existing, route)) return false;
    // IPv6 replaces a route of the same kind (gateway or not), the one ECMP would pair it with.
    if (mode === 'add' || family === 4) return true;
    return (existing.gateway === undefined) === (route.gateway === undefined);
  });
  if (position < 0) {
    ns.routes.push(route);
    return { ok: true };
  }
  if (mode === 'add') return fail('EEXIST', `${where}: route ${formatPrefix(route.dst)} exists`);
  ns.routes[position] = route;
  return { ok: true };
}

/** Deletes the first route matching every field given; ESRCH if there is none. */
export function deleteRoute(state: KernelState, spec: RouteDeleteSpec): DatapathResult {
  const where = `route del ${spec.dst}`;
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const dst = parseDestination(spec.dst, where);
  if (isFailure(dst)) return dst;
  const table = resolveTable(spec.table, where);
  if (isFailure(table)) return table;
  const link =
    spec.dev === undefined ? undefined : findLink(state, { netns: spec.netns, name: spec.dev });
  if (link !== undefined && isFailure(link)) return link;
  const gateway = parseAddressOf(spec.gateway, dst.address.family, `${where}: bad gateway`);
  if (gateway !== undefined && isFailure(gateway)) return gateway;
  const matches = ns.routes.filter(
    (route) =>
      route.table === table &&
      route.dst.length === dst.length &&
      route.dst.address.family === dst.address.family &&
      route.dst.address.value === dst.address.value &&
      (link === undefined || route.linkId === link.id) &&
      (gateway === undefined || route.gateway?.value === gateway.value) &&
      (spec.metric === undefined || spec.metric === 0 || route.metric === spec.metric) &&
      (spec.protocol === undefined || route.protocol === spec.protocol) &&
      (spec.scope === undefined || dst.address.family === 6 || route.scope === spec.scope),
  );
  if (matches.length === 0) return fail('ESRCH', `${where}: no such route`);
  const victim = matches.reduce((best, route) => (route.metric < best.metric ? route : best));
  ns.routes = ns.routes.filter((route) => route !== victim);
  return { ok: true };
}
