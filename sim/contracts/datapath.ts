import type { Operation } from './operation.js';

/**
 * The node datapath as the allocator core's CNI sequences see it: network namespaces, links,
 * addresses, routes, policy rules and neighbour entries, and the rtnetlink operations that change
 * them.
 *
 * The simulator implements it in memory (`sim/datapath/`); a real node implements it over a native
 * rtnetlink binding, one handle per namespace. Both must report the same state for the same
 * operations, so every method mirrors one netlink request (its `Equivalent to:` line gives the
 * iproute2 command), and `dump()` returns a normalised snapshot that two implementations can
 * compare with `deepEqual`.
 *
 * Conventions:
 * - A namespace is named as under `/run/netns`; the host (initial) namespace is `''`.
 * - Links are named in requests (`dev`); the kernel resolves names inside the request's namespace.
 * - Prefixes are CIDR strings (`10.0.0.5/32`, `fd00::5/128`); addresses are plain strings.
 * - An expected kernel error is a value (`{ ok: false, errno }`), never an exception; the errno is
 *   what the kernel answers for the same request (see each type's remarks). A broken invariant in
 *   an implementation throws.
 *
 * The normalised dump (what `dump()` returns, and what a kernel dump is reduced to before
 * comparing) leaves out state the kernel derives on its own and that Terway never sets:
 * - the `local` routing table (255): its entries follow from the address list;
 * - IPv6 link-local autoconfiguration: `fe80::/64` addresses, and `fe80::/64` `proto kernel`
 *   routes (a `fe80::1/128` that Terway assigns stays);
 * - multicast and broadcast routes, address flags and lifetimes, link statistics, carrier and
 *   operational state (only the administrative up flag is kept);
 * - neighbour entries that are not PERMANENT (they come and go with traffic).
 * Entries are sorted, so the order in which the kernel lists them never matters.
 */
export interface NodeDatapath {
  /** Equivalent to: `ip netns add NAME`. EEXIST if it exists; EINVAL for a bad name. */
  netnsAdd(name: string): Operation<DatapathResult>;
  /**
   * Equivalent to: `ip netns del NAME`. Virtual links inside (veth, ipvlan, vlan) are destroyed,
   * a veth's peer in another namespace with them; physical devices (ENIs) return to the host
   * namespace, down and without addresses, as the kernel hands them back to `init_net`.
   */
  netnsDelete(name: string): Operation<DatapathResult>;

  /** Equivalent to: `ip -n NS link show dev NAME` (or by `index`, or the link whose MAC matches). */
  linkGet(selector: LinkSelector): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /**
   * Equivalent to: `ip -n NS link add NAME mtu MTU address MAC type veth peer name PEER netns
   * PEERNS address PEERMAC`. The peer is registered first, so in one namespace it gets the lower
   * index.
   */
  linkAddVeth(
    spec: VethSpec,
  ): Operation<DatapathResult<{ readonly link: LinkInfo; readonly peer: LinkInfo }>>;
  /**
   * Equivalent to: `ip link add NAME link PARENT netns NS mtu MTU type ipvlan mode l2`. Declared
   * for Terway's IPvlan datapath; a kernel without the ipvlan module answers EOPNOTSUPP.
   */
  linkAddIpvlan(spec: IpvlanSpec): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /** Equivalent to: `ip -n NS link set dev NAME name NEWNAME`. */
  linkSetName(link: LinkRef, name: string): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /** Equivalent to: `ip -n NS link set dev NAME mtu MTU`. */
  linkSetMtu(link: LinkRef, mtu: number): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /** Equivalent to: `ip -n NS link set dev NAME address MAC`. */
  linkSetMac(link: LinkRef, mac: string): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /** Equivalent to: `ip -n NS link set dev NAME up`. */
  linkSetUp(link: LinkRef): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /**
   * Equivalent to: `ip -n NS link set dev NAME down`. As in the kernel, the routes through the link
   * (both families) and its neighbour entries are flushed, and its IPv6 addresses are removed
   * (`keep_addr_on_down=0`); IPv4 addresses stay.
   */
  linkSetDown(link: LinkRef): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /**
   * Equivalent to: `ip -n NS link set dev NAME netns TARGET`. The link arrives down, without
   * addresses, routes or neighbours, under the same name (EEXIST if taken there) and the same
   * index unless that index is taken there.
   */
  linkSetNetns(
    link: LinkRef,
    netns: string,
  ): Operation<DatapathResult<{ readonly link: LinkInfo }>>;
  /**
   * Equivalent to: `ip -n NS link del dev NAME`. Deleting a veth end deletes its peer; deleting an
   * ipvlan parent deletes its slaves. Physical devices cannot be deleted (EOPNOTSUPP).
   */
  linkDelete(link: LinkRef): Operation<DatapathResult>;

  /** Equivalent to: `ip -n NS addr add ADDRESS/LEN dev DEV scope SCOPE`. EEXIST if present. */
  addrAdd(spec: AddressSpec): Operation<DatapathResult>;
  /** Equivalent to: `ip -n NS addr replace ADDRESS/LEN dev DEV scope SCOPE`. */
  addrReplace(spec: AddressSpec): Operation<DatapathResult>;
  /** Equivalent to: `ip -n NS addr del ADDRESS/LEN dev DEV`. EADDRNOTAVAIL if absent. */
  addrDelete(spec: AddressRef): Operation<DatapathResult>;

  /**
   * Equivalent to: `ip -n NS route add DST via GW dev DEV table T scope S proto P metric M
   * [onlink]`. EEXIST if the table has a route to DST with the same metric.
   */
  routeAdd(spec: RouteSpec): Operation<DatapathResult>;
  /** Equivalent to: `ip -n NS route replace DST via GW dev DEV table T scope S proto P metric M`. */
  routeReplace(spec: RouteSpec): Operation<DatapathResult>;
  /**
   * Equivalent to: `ip -n NS route del DST [via GW] [dev DEV] table T [metric M]`: deletes the
   * first route matching every given field. ESRCH if none does.
   */
  routeDelete(spec: RouteDeleteSpec): Operation<DatapathResult>;

  /** Equivalent to: `ip -n NS rule add pref P from SRC to DST iif I oif O lookup T`. */
  ruleAdd(spec: RuleSpec): Operation<DatapathResult>;
  /**
   * Equivalent to: `ip -n NS rule del pref P from SRC to DST iif I oif O lookup T`: deletes the
   * first rule matching every given field. ENOENT if none does.
   */
  ruleDelete(spec: RuleDeleteSpec): Operation<DatapathResult>;
  /** Equivalent to: `ip -n NS [-4|-6] rule show`, normalised and sorted as in the dump. */
  ruleList(
    netns: string,
    family?: AddressFamily,
  ): Operation<DatapathResult<{ readonly rules: readonly RuleEntry[] }>>;

  /** Equivalent to: `ip -n NS neigh replace ADDRESS lladdr MAC dev DEV nud permanent`. */
  neighSet(spec: NeighbourSpec): Operation<DatapathResult>;
  /** Equivalent to: `ip -n NS neigh del ADDRESS dev DEV`. ENOENT if absent. */
  neighDelete(spec: NeighbourRef): Operation<DatapathResult>;

  /**
   * Equivalent to: `ip -all netns exec ip -d link/addr/route show table all/rule/neigh` for the
   * host and every named namespace, normalised (see the interface's remarks).
   */
  dump(): Operation<DatapathDump>;
}

/**
 * The errors a datapath operation returns, named as the kernel's errno. Where they come from:
 * - `EEXIST`: a name, address, route, rule or namespace that already exists (non-replace request).
 * - `ENOENT`: no such namespace; no such rule or neighbour to delete.
 * - `ENODEV`: no such link in the namespace.
 * - `EINVAL`: malformed input (a name longer than 15 bytes, a bad prefix, host bits in an IPv4
 *   route's destination, a gateway route with scope link, an MTU out of the link's range).
 * - `ESRCH`: no such route to delete.
 * - `EADDRNOTAVAIL`: no such address to delete; an invalid (multicast or zero) MAC.
 * - `ENETUNREACH` / `EHOSTUNREACH`: an IPv4 / IPv6 gateway that no link route reaches (no onlink).
 * - `ENETDOWN`: a route through a link that is administratively down.
 * - `EOPNOTSUPP`: a link kind the kernel lacks; deleting a physical device.
 */
export type DatapathErrno =
  | 'EEXIST'
  | 'ENOENT'
  | 'ENODEV'
  | 'EINVAL'
  | 'ESRCH'
  | 'EADDRNOTAVAIL'
  | 'ENETUNREACH'
  | 'EHOSTUNREACH'
  | 'ENETDOWN'
  | 'EOPNOTSUPP';

/** A failed datapath operation: the kernel's errno and a message naming the request. */
export interface DatapathFailure {
  readonly ok: false;
  readonly errno: DatapathErrno;
  readonly message: string;
}

/** A successful datapath operation (payloads add fields to it). */
export interface DatapathOk {
  readonly ok: true;
}

/** The outcome of one datapath operation: success with its payload, or the kernel's errno. */
export type DatapathResult<T extends object = DatapathOk> = (DatapathOk & T) | DatapathFailure;

/** 4 for IPv4 (AF_INET), 6 for IPv6 (AF_INET6). */
export type AddressFamily = 4 | 6;

/** Route and address scopes, as `rtm_scope`/`ifa_scope` name them (universe is 0, "global"). */
export type Scope = 'universe' | 'site' | 'link' | 'host';

/** Link kinds: `device` is a physical NIC (an ENI), which has no rtnetlink kind of its own. */
export type LinkKind = 'loopback' | 'device' | 'veth' | 'ipvlan';

/** Routing table numbers the kernel reserves (`RT_TABLE_*`). */
export const RouteTable = { default: 253, main: 254, local: 255 } as const;

/** Route origins (`RTPROT_*`): `boot` is what iproute2 and vishvananda/netlink send by default. */
export const RouteProtocol = { kernel: 2, boot: 3, static: 4 } as const;

/** A link in one namespace, named or by interface index. */
export type LinkRef =
  | { readonly netns: string; readonly name: string }
  | { readonly netns: string; readonly index: number };

/** How `linkGet` finds a link: by name, by index, or by MAC (a dump filtered on `IFLA_ADDRESS`). */
export type LinkSelector = LinkRef | { readonly netns: string; readonly mac: string };

/** Where a related link lives: its namespace and its index there. */
export interface LinkLocation {
  readonly netns: string;
  readonly index: number;
}

/** A link as the normalised dump reports it. */
export interface LinkEntry {
  /** Interface name, at most 15 bytes (IFNAMSIZ − 1). */
  readonly name: string;
  /** Interface index, allocated per namespace (`lo` is 1 in every namespace). */
  readonly index: number;
  readonly kind: LinkKind;
  /** MTU in bytes. */
  readonly mtu: number;
  /** MAC address, lower-case colon-separated. */
  readonly mac: string;
  /** The administrative up flag (IFF_UP). */
  readonly up: boolean;
  /** For a veth: the other end. */
  readonly peer?: LinkLocation;
  /** For an ipvlan slave: the parent link it rides on (`ipvl0@eth1`). */
  readonly parent?: LinkLocation;
}

/** A link together with the namespace it is in, as lookups and link operations return it. */
export interface LinkInfo extends LinkEntry {
  readonly netns: string;
}

/** A veth pair to create: `name` in `netns`, `peerName` in `peerNetns`. */
export interface VethSpec {
  readonly netns: string;
  readonly name: string;
  readonly peerNetns: string;
  readonly peerName: string;
  /** MTU of both ends; 1500 when absent. */
  readonly mtu?: number;
  /** MAC of `name`; the kernel draws a random one when absent. */
  readonly mac?: string;
  /** MAC of `peerName`; random when absent. */
  readonly peerMac?: string;
}

/** An ipvlan slave to create on `parent`, placed in `netns`. */
export interface IpvlanSpec {
  readonly parent: LinkRef;
  readonly netns: string;
  readonly name: string;
  /** Terway uses L2; the parent decides the mode of every slave it carries. */
  readonly mode: 'l2' | 'l3' | 'l3s';
  /** MTU, at most the parent's; the parent's when absent. */
  readonly mtu?: number;
}

/** An address to add or replace. */
export interface AddressSpec {
  readonly netns: string;
  readonly dev: string;
  /** `ADDRESS/LEN`, e.g. `10.0.0.5/32` or `fd00::5/128`. */
  readonly address: string;
  /** IPv4 only: universe when absent. The kernel derives an IPv6 address's scope from it. */
  readonly scope?: Scope;
}

/** An address to delete. */
export interface AddressRef {
  readonly netns: string;
  readonly dev: string;
  readonly address: string;
}

/** An address as the normalised dump reports it. */
export interface AddressEntry {
  readonly dev: string;
  readonly family: AddressFamily;
  readonly address: string;
  readonly prefixLength: number;
  readonly scope: Scope;
}

/** A unicast route to add or replace. */
export interface RouteSpec {
  readonly netns: string;
  /** `main` (254) when absent. */
  readonly table?: number;
  /** Destination prefix; `0.0.0.0/0` and `::/0` are the defaults. */
  readonly dst: string;
  /** The output device; Terway always names one. */
  readonly dev: string;
  readonly gateway?: string;
  /** universe when absent. The kernel reports every IPv6 route as universe. */
  readonly scope?: Scope;
  /** `RouteProtocol.boot` when absent. */
  readonly protocol?: number;
  /** Priority; 0 (IPv4) or 1024 (IPv6) when absent. */
  readonly metric?: number;
  /** Preferred source address (RTA_PREFSRC). */
  readonly src?: string;
  /** RTNH_F_ONLINK: trust that the gateway is on the link, without a route to it. */
  readonly onlink?: boolean;
}

/** Which route to delete: every given field must match. */
export interface RouteDeleteSpec {
  readonly netns: string;
  readonly table?: number;
  readonly dst: string;
  readonly dev?: string;
  readonly gateway?: string;
  readonly scope?: Scope;
  readonly protocol?: number;
  readonly metric?: number;
}

/** A route as the normalised dump reports it. */
export interface RouteEntry {
  readonly family: AddressFamily;
  readonly dst: string;
  readonly dev: string;
  readonly gateway?: string;
  readonly src?: string;
  readonly scope: Scope;
  readonly protocol: number;
  readonly metric: number;
  readonly onlink: boolean;
}

/** One routing table of one namespace in the dump. */
export interface RouteTableEntry {
  readonly table: number;
  readonly routes: readonly RouteEntry[];
}

/** A policy rule to add: `lookup table` for packets matching every given selector. */
export interface RuleSpec {
  readonly netns: string;
  readonly family: AddressFamily;
  /** The kernel picks one below the first non-zero rule's when absent (32765 on a fresh host). */
  readonly priority?: number;
  /** Source prefix; `from all` when absent. */
  readonly from?: string;
  /** Destination prefix; `to all` when absent. */
  readonly to?: string;
  /** Input interface name (rules name links; they survive the link). */
  readonly iif?: string;
  /** Output interface name. */
  readonly oif?: string;
  readonly table: number;
}

/** Which rule to delete: every given field must match. */
export interface RuleDeleteSpec {
  readonly netns: string;
  readonly family: AddressFamily;
  readonly priority?: number;
  readonly from?: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly table?: number;
}

/** A policy rule as the normalised dump reports it. */
export interface RuleEntry {
  readonly family: AddressFamily;
  readonly priority: number;
  readonly from?: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly table: number;
}

/** A permanent neighbour entry to set. */
export interface NeighbourSpec {
  readonly netns: string;
  readonly dev: string;
  readonly address: string;
  readonly mac: string;
}

/** Which neighbour entry to delete. */
export interface NeighbourRef {
  readonly netns: string;
  readonly dev: string;
  readonly address: string;
}

/** A neighbour entry as the normalised dump reports it (only PERMANENT entries are kept). */
export interface NeighbourEntry {
  readonly dev: string;
  readonly family: AddressFamily;
  readonly address: string;
  readonly mac: string;
  readonly state: 'permanent';
}

/** One namespace in the dump. */
export interface NetnsEntry {
  /** `''` for the host namespace. */
  readonly name: string;
  /** Sorted by name. */
  readonly links: readonly LinkEntry[];
  /** Sorted by device, family, address (numerically), prefix length. */
  readonly addresses: readonly AddressEntry[];
  /** Non-empty tables only, sorted by number; routes by family, destination, metric, device. */
  readonly routeTables: readonly RouteTableEntry[];
  /** Sorted by family, priority, then selectors and table. */
  readonly rules: readonly RuleEntry[];
  /** Sorted by device, family, address. */
  readonly neighbours: readonly NeighbourEntry[];
}

/** The whole datapath: the host namespace first, then named namespaces by name. */
export interface DatapathDump {
  readonly namespaces: readonly NetnsEntry[];
}
