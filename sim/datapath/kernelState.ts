/**
 * The in-memory kernel: network namespaces and the links, addresses, routes, policy rules and
 * neighbour entries each one holds, with the bookkeeping the kernel does on its own (interface
 * index allocation, flushing what hangs off a link when it goes down or away).
 *
 * The operations in `links.ts`, `addresses.ts`, `routes.ts`, `rules.ts` and `neighbours.ts`
 * mutate this state; `dump.ts` reads it. Records are mutable on purpose: this is the simulated
 * kernel's memory, not a model value, and it is never shared outside the memory datapath.
 */
import type {
  AddressFamily,
  DatapathErrno,
  DatapathFailure,
  LinkKind,
  LinkRef,
  Scope,
} from '../contracts/datapath.js';
import { RouteTable } from '../contracts/datapath.js';
import type { IpAddress, IpPrefix } from '../../models/ipAddress.js';

/** A link as the kernel holds it. `id` is this model's identity; `index` is the ifindex. */
export interface LinkRecord {
  readonly id: number;
  netns: string;
  name: string;
  index: number;
  readonly kind: LinkKind;
  mtu: number;
  readonly mtuMin: number;
  readonly mtuMax: number;
  mac: string;
  up: boolean;
  /** A veth's other end. */
  readonly peerId?: number;
  /** An ipvlan slave's parent. */
  readonly parentId?: number;
}

/** An address on a link (`struct in_ifaddr` / `struct inet6_ifaddr`). */
export interface AddressRecord {
  readonly linkId: number;
  readonly address: IpAddress;
  readonly prefixLength: number;
  readonly scope: Scope;
  /** IPv4 only: another address on the link already covers this one's subnet (IFA_F_SECONDARY). */
  readonly secondary: boolean;
}

/** A unicast route with one nexthop. */
export interface RouteRecord {
  readonly table: number;
  /** The destination, host bits cleared. */
  readonly dst: IpPrefix;
  readonly linkId: number;
  readonly gateway?: IpAddress;
  readonly src?: IpAddress;
  readonly scope: Scope;
  readonly protocol: number;
  readonly metric: number;
  readonly onlink: boolean;
}

/** A policy rule (`struct fib_rule`): prefixes are kept as written, as the kernel keeps them. */
export interface RuleRecord {
  readonly family: AddressFamily;
  readonly priority: number;
  readonly from?: IpPrefix;
  readonly to?: IpPrefix;
  readonly iif?: string;
  readonly oif?: string;
  readonly table: number;
}

/** A PERMANENT neighbour entry. */
export interface NeighbourRecord {
  readonly linkId: number;
  readonly address: IpAddress;
  readonly mac: string;
}

/** One network namespace. */
export interface NamespaceRecord {
  readonly name: string;
  /** Where the next ifindex search starts (`net->ifindex`, per namespace). */
  nextIndex: number;
  readonly linksByName: Map<string, LinkRecord>;
  readonly linksByIndex: Map<number, LinkRecord>;
  addresses: AddressRecord[];
  /** Every table's routes, in insertion order (the dump sorts them). */
  routes: RouteRecord[];
  /** Sorted by priority; a new rule goes after the rules with the same priority. */
  rules: RuleRecord[];
  neighbours: NeighbourRecord[];
}

/** Options of the simulated kernel. */
export interface KernelOptions {
  /** False to behave like a kernel without the ipvlan module (EOPNOTSUPP on create). */
  readonly ipvlanSupported: boolean;
  /** True for kernels that list loopback's `::1/128` in the main table too (before 6.x's change). */
  readonly loopbackIpv6MainRoute: boolean;
}

/** The whole simulated kernel of one node. */
export interface KernelState {
  readonly options: KernelOptions;
  readonly namespaces: Map<string, NamespaceRecord>;
  readonly links: Map<number, LinkRecord>;
  nextLinkId: number;
  nextMacSerial: number;
}

/** The loopback MTU (`64 * 1024`) and the Ethernet bounds (`ETH_MIN_MTU`, `ETH_MAX_MTU`). */
export const LOOPBACK_MTU = 65536;
export const ETH_MIN_MTU = 68;
export const ETH_MAX_MTU = 65535;
/** A new Ethernet-like link's MTU (`ETH_DATA_LEN`). */
export const ETH_DATA_LEN = 1500;
/** IFNAMSIZ − 1: the longest interface name in bytes. */
export const IFNAME_BYTES_MAX = 15;

/** The failure value of an operation. */
export function fail(errno: DatapathErrno, message: string): DatapathFailure {
  return { ok: false, errno, message };
}

/** True if `value` is a failure rather than a found record. */
export function isFailure(value: unknown): value is DatapathFailure {
  return typeof value === 'object' && value !== null && 'ok' in value && value.ok === false;
}

/** Throws: an internal invariant of the simulated kernel does not hold. */
export function assertKernel(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(`memory datapath invariant: ${message}`);
}

const NAME_FORBIDDEN = /[/:\s]/;
const encoder = new TextEncoder();

/** The kernel's `dev_valid_name`: 1–15 bytes, not `.` or `..`, no `/`, `:` or white space. */
export function isValidLinkName(name: string): boolean {
  const bytes = encoder.encode(name).length;
  if (bytes === 0 || bytes > IFNAME_BYTES_MAX) return false;
  return name !== '.' && name !== '..' && !NAME_FORBIDDEN.test(name);
}

/** A name `ip netns add` accepts: a file name under `/run/netns`. */
export function isValidNetnsName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !name.includes('/') && name.length <= 255;
}

function defaultRules(): RuleRecord[] {
  // A new namespace starts with these (`fib4_rules_init`, `fib6_rules_net_init`).
  return [
    { family: 4, priority: 0, table: RouteTable.local },
    { family: 6, priority: 0, table: RouteTable.local },
    { family: 4, priority: 32766, table: RouteTable.main },
    { family: 6, priority: 32766, table: RouteTable.main },
    { family: 4, priority: 32767, table: RouteTable.default },
  ];
}

/** Creates an empty namespace record with its loopback link (index 1, down, no address). */
export function createNamespace(state: KernelState, name: string): NamespaceRecord {
  assertKernel(!state.namespaces.has(name), `namespace ${JSON.stringify(name)} exists`);
  const ns: NamespaceRecord = {
    name,
    nextIndex: 1,
    linksByName: new Map(),
    linksByIndex: new Map(),
    addresses: [],
    routes: [],
    rules: defaultRules(),
    neighbours: [],
  };
  state.namespaces.set(name, ns);
  const lo = newLink(state, {
    kind: 'loopback',
    mtu: LOOPBACK_MTU,
    mtuMin: 0,
    mtuMax: 0x7fffffff,
    mac: '00:00:00:00:00:00',
  });
  placeLink(state, lo, ns, { name: 'lo', index: allocateIndex(ns) });
  return ns;
}

/** Creates the state of a freshly booted node: the host namespace and its loopback. */
export function createKernelState(options: KernelOptions): KernelState {
  const state: KernelState = {
    options,
    namespaces: new Map(),
    links: new Map(),
    nextLinkId: 1,
    nextMacSerial: 1,
  };
  createNamespace(state, '');
  return state;
}

/**
 * The next free ifindex in `ns`, searching upward from where the last search stopped (the
 * kernel's cyclic per-namespace allocation: indexes are not reused until the space wraps).
 */
export function allocateIndex(ns: NamespaceRecord): number {
  const attemptsMax = ns.linksByIndex.size + 1;
  let candidate = ns.nextIndex;
  for (let attempt = 0; attempt <= attemptsMax; attempt += 1) {
    if (candidate > 0x7fffffff) candidate = 1;
    if (!ns.linksByIndex.has(candidate)) {
      ns.nextIndex = candidate + 1;
      return candidate;
    }
    candidate += 1;
  }
  throw new Error(`memory datapath invariant: no free ifindex in ${JSON.stringify(ns.name)}`);
}

/** A link not yet placed in a namespace. */
export function newLink(
  state: KernelState,
  fields: {
    readonly kind: LinkKind;
    readonly mtu: number;
    readonly mtuMin: number;
    readonly mtuMax: number;
    readonly mac: string;
    readonly peerId?: number;
    readonly parentId?: number;
  },
): LinkRecord {
  const id = state.nextLinkId;
  state.nextLinkId += 1;
  const link: LinkRecord = { id, netns: '', name: '', index: 0, up: false, ...fields };
  state.links.set(id, link);
  return link;
}

/** Puts `link` into `ns` under `name` and `index`, which must both be free there. */
export function placeLink(
  state: KernelState,
  link: LinkRecord,
  ns: NamespaceRecord,
  at: { readonly name: string; readonly index: number },
): void {
  assertKernel(state.links.get(link.id) === link, `link ${link.id} is not registered`);
  assertKernel(!ns.linksByName.has(at.name), `name ${at.name} taken in ${ns.name}`);
  assertKernel(!ns.linksByIndex.has(at.index), `index ${at.index} taken in ${ns.name}`);
  link.netns = ns.name;
  link.name = at.name;
  link.index = at.index;
  ns.linksByName.set(at.name, link);
  ns.linksByIndex.set(at.index, link);
}

/** Takes `link` out of its namespace's tables (its own record stays registered). */
export function unplaceLink(state: KernelState, link: LinkRecord): NamespaceRecord {
  const ns = state.namespaces.get(link.netns);
  assertKernel(ns !== undefined, `link ${link.name} is in a missing namespace`);
  assertKernel(ns.linksByName.get(link.name) === link, `link ${link.name} not indexed by name`);
  ns.linksByName.delete(link.name);
  ns.linksByIndex.delete(link.index);
  return ns;
}

/** The namespace named `name`, or ENOENT (as opening `/run/netns/NAME` fails). */
export function findNamespace(state: KernelState, name: string): NamespaceRecord | DatapathFailure {
  const ns = state.namespaces.get(name);
  if (ns === undefined) return fail('ENOENT', `netns ${JSON.stringify(name)}: no such namespace`);
  return ns;
}

/** The link `ref` names, or ENOENT (no namespace) / ENODEV (no link). */
export function findLink(state: KernelState, ref: LinkRef): LinkRecord | DatapathFailure {
  const ns = findNamespace(state, ref.netns);
  if (isFailure(ns)) return ns;
  const link = 'name' in ref ? ns.linksByName.get(ref.name) : ns.linksByIndex.get(ref.index);
  if (link === undefined) {
    const what = 'name' in ref ? `dev ${ref.name}` : `index ${ref.index}`;
    return fail('ENODEV', `${what} in netns ${JSON.stringify(ref.netns)}: no such device`);
  }
  return link;
}

/** The namespace a placed link is in. */
export function namespaceOf(state: KernelState, link: LinkRecord): NamespaceRecord {
  const ns = state.namespaces.get(link.netns);
  assertKernel(ns !== undefined, `link ${link.name} is in a missing namespace`);
  return ns;
}

/**
 * Removes the routes through `link`, its neighbour entries and (when `addresses` says so) its
 * addresses of those families, then the routes whose preferred source was one of those addresses
 * and is no longer assigned anywhere in the namespace (`fib_sync_down_addr`).
 */
export function flushLink(
  state: KernelState,
  link: LinkRecord,
  addresses: { readonly ipv4: boolean; readonly ipv6: boolean },
): void {
  const ns = namespaceOf(state, link);
  ns.routes = ns.routes.filter((route) => route.linkId !== link.id);
  ns.neighbours = ns.neighbours.filter((entry) => entry.linkId !== link.id);
  const removed: AddressRecord[] = [];
  ns.addresses = ns.addresses.filter((entry) => {
    const family = entry.address.family;
    const drop = entry.linkId === link.id && (family === 4 ? addresses.ipv4 : addresses.ipv6);
    if (drop) removed.push(entry);
    return !drop;
  });
  for (const entry of removed) flushPrefsrc(ns, entry.address);
}

/** Drops IPv4 routes whose preferred source is `address` once no link holds that address. */
export function flushPrefsrc(ns: NamespaceRecord, address: IpAddress): void {
  if (address.family !== 4) return;
  const stillAssigned = ns.addresses.some(
    (entry) => entry.address.family === 4 && entry.address.value === address.value,
  );
  if (stillAssigned) return;
  ns.routes = ns.routes.filter(
    (route) =>
      route.src === undefined || route.src.value !== address.value || route.src.family !== 4,
  );
}
