/**
 * The typed rtnetlink binding: a handle bound to one network namespace, with every verb as a
 * Promise (`handle.addAddress(…)`, run on libuv's pool so dumps never block the event loop) and as
 * a synchronous call (`handle.sync.addAddress(…)`, tens of microseconds, for engine operations).
 * Failures throw (or reject with) a {@link NetlinkError}: `code` (`EEXIST`, `ENODEV`, `EPERM`, …),
 * `errno` (negative, as Node's own errors), `syscall`, `operation` and the kernel's `extack`.
 */
import { loadBinding } from './load.js';
import type { NetnsRef, RawBinding, RawHandle } from './rawBinding.js';

export type { NetnsRef } from './rawBinding.js';

/** An error the binding throws. */
export interface NetlinkError extends Error {
  readonly code: string;
  readonly errno: number;
  readonly syscall: string;
  readonly operation: string;
  readonly extack?: string;
}

/** True for an error thrown by the binding. */
export function isNetlinkError(error: unknown): error is NetlinkError {
  return (
    error instanceof Error &&
    typeof (error as Partial<NetlinkError>).code === 'string' &&
    typeof (error as Partial<NetlinkError>).errno === 'number' &&
    typeof (error as Partial<NetlinkError>).operation === 'string'
  );
}

/** A link by name or by index, in the handle's namespace. */
export type LinkName = { readonly dev: string } | { readonly index: number };

/** A link as RTM_GETLINK reports it. */
export interface LinkRow {
  readonly index: number;
  readonly name: string;
  readonly mtu: number;
  readonly mac: string;
  readonly up: boolean;
  readonly flags: number;
  readonly loopback: boolean;
  /** IFLA_INFO_KIND (`veth`, `macvlan`, …); '' for a device without one. */
  readonly kind: string;
  /** IFLA_LINK: a veth's peer index (in the namespace `linkNetnsId` names, if given). */
  readonly link?: number;
  readonly linkNetnsId?: number;
}

export interface AddressRow {
  readonly index: number;
  readonly family: 4 | 6;
  readonly address: string;
  readonly prefixLength: number;
  readonly scope: 'universe' | 'site' | 'link' | 'host' | 'nowhere';
  readonly flags: number;
  readonly tentative: boolean;
}

export interface RouteRow {
  readonly family: 4 | 6;
  readonly table: number;
  readonly dst: string;
  readonly gateway?: string;
  readonly src?: string;
  readonly oif?: number;
  readonly metric?: number;
  readonly scope: 'universe' | 'site' | 'link' | 'host' | 'nowhere';
  readonly protocol: number;
  /** RTN_* (1 unicast, 2 local, 3 broadcast, 5 multicast, …). */
  readonly type: number;
  readonly onlink: boolean;
}

export interface RuleRow {
  readonly family: 4 | 6;
  readonly priority: number;
  readonly from?: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly table: number;
  readonly action: number;
}

export interface NeighbourRow {
  readonly index: number;
  readonly family: 4 | 6;
  readonly address: string;
  readonly mac?: string;
  readonly state: number;
  readonly permanent: boolean;
}

export interface VethRequest {
  readonly name: string;
  readonly peerName: string;
  /** Where the peer goes; the handle's namespace when absent. */
  readonly peerNetns?: NetnsRef;
  readonly mtu?: number;
  readonly mac?: string;
  readonly peerMac?: string;
}

/** What to change on a link; a move (`netns`) returns nothing, the link having left. */
export interface LinkChange {
  readonly up?: boolean;
  readonly mtu?: number;
  readonly newName?: string;
  readonly mac?: string;
  readonly netns?: NetnsRef;
}

export type Scope = 'universe' | 'site' | 'link' | 'host';

export type AddressRequest = LinkName & {
  /** `ADDRESS/LEN`. */
  readonly address: string;
  readonly scope?: Scope;
  /** IFA_F_NODAD: skip IPv6 duplicate-address detection. */
  readonly nodad?: boolean;
};

export interface RouteRequest {
  readonly dst: string;
  readonly dev?: string;
  readonly index?: number;
  readonly gateway?: string;
  readonly src?: string;
  /** main (254) when absent. */
  readonly table?: number;
  readonly metric?: number;
  readonly protocol?: number;
  readonly scope?: Scope;
  readonly onlink?: boolean;
}

export interface RuleRequest {
  readonly family: 4 | 6;
  readonly priority?: number;
  readonly from?: string;
  readonly to?: string;
  readonly iif?: string;
  readonly oif?: string;
  readonly table?: number;
}

export type NeighbourRequest = LinkName & { readonly address: string; readonly mac: string };

/** Every verb of a handle, in its synchronous form. */
export interface RtnlOps {
  listLinks(): LinkRow[];
  listAddresses(): AddressRow[];
  /** Every table, both families. */
  listRoutes(): RouteRow[];
  listRules(): RuleRow[];
  listNeighbours(): NeighbourRow[];
  getLink(link: LinkName): LinkRow;
  addVeth(spec: VethRequest): LinkRow;
  /** Returns the link after the change, or undefined after a move to another namespace. */
  setLink(link: LinkName, change: LinkChange): LinkRow | undefined;
  deleteLink(link: LinkName): void;
  addAddress(spec: AddressRequest): void;
  replaceAddress(spec: AddressRequest): void;
  deleteAddress(spec: LinkName & { readonly address: string }): void;
  addRoute(spec: RouteRequest): void;
  replaceRoute(spec: RouteRequest): void;
  deleteRoute(spec: RouteRequest): void;
  addRule(spec: RuleRequest): void;
  deleteRule(spec: RuleRequest): void;
  /** `ip neigh replace … nud permanent`. */
  setNeighbour(spec: NeighbourRequest): void;
  deleteNeighbour(spec: LinkName & { readonly address: string }): void;
  /** The id this namespace knows `netns` by (IFLA_LINK_NETNSID), or -1. */
  netnsId(netns: NetnsRef): number;
}

/** The same verbs returning Promises. */
export type RtnlAsyncOps = {
  readonly [K in keyof RtnlOps]: (
    ...args: Parameters<RtnlOps[K]>
  ) => Promise<ReturnType<RtnlOps[K]>>;
};

type Call = (op: string, spec?: object) => unknown;

// The verbs over one call function; the sync and Promise faces differ only in it.
function verbs(call: Call): Record<keyof RtnlOps, (...args: never[]) => unknown> {
  return {
    listLinks: () => call('listLinks'),
    listAddresses: () => call('listAddresses'),
    listRoutes: () => call('listRoutes'),
    listRules: () => call('listRules'),
    listNeighbours: () => call('listNeighbours'),
    getLink: (link: LinkName) => call('getLink', link),
    addVeth: (spec: VethRequest) => call('addVeth', spec),
    setLink: (link: LinkName, change: LinkChange) => call('setLink', { ...change, ...link }),
    deleteLink: (link: LinkName) => call('deleteLink', link),
    addAddress: (spec: AddressRequest) => call('addAddress', spec),
    replaceAddress: (spec: AddressRequest) => call('addAddress', { ...spec, replace: true }),
    deleteAddress: (spec: object) => call('deleteAddress', spec),
    addRoute: (spec: RouteRequest) => call('addRoute', spec),
    replaceRoute: (spec: RouteRequest) => call('addRoute', { ...spec, replace: true }),
    deleteRoute: (spec: RouteRequest) => call('deleteRoute', spec),
    addRule: (spec: RuleRequest) => call('addRule', spec),
    deleteRule: (spec: RuleRequest) => call('deleteRule', spec),
    setNeighbour: (spec: NeighbourRequest) => call('setNeighbour', spec),
    deleteNeighbour: (spec: object) => call('deleteNeighbour', spec),
    netnsId: (netns: NetnsRef) => call('netnsId', { netns }),
  };
}

/** One rtnetlink socket bound to one network namespace (the namespace is entered on a thread of
 * the addon's own; the socket stays bound to it). Close it before deleting its namespace: an open
 * socket keeps a deleted namespace, and its links, alive. */
export interface RtnlHandle extends RtnlAsyncOps {
  readonly sync: RtnlOps;
  /** The namespace's device and inode (`stat /run/netns/NAME`). */
  readonly nsId: { readonly dev: number; readonly ino: number };
  close(): void;
}

/** Opens a handle on `netns` (the process's own when absent). */
export function openHandle(netns?: NetnsRef, binding: RawBinding = loadBinding()): RtnlHandle {
  const raw: RawHandle = netns === undefined ? new binding.Handle() : new binding.Handle(netns);
  const asyncVerbs = verbs((op, spec) => raw.runAsync(op, spec)) as unknown as RtnlAsyncOps;
  const syncVerbs = verbs((op, spec) => raw.run(op, spec)) as unknown as RtnlOps;
  return {
    ...asyncVerbs,
    sync: syncVerbs,
    nsId: raw.nsId(),
    close: () => {
      raw.close();
    },
  };
}

/** Named network namespaces, as `ip netns add|del` makes them (each sees the other's). */
export const netns = {
  add: (name: string, binding: RawBinding = loadBinding()): Promise<void> =>
    binding.netnsAddAsync(name),
  delete: (name: string, binding: RawBinding = loadBinding()): Promise<void> =>
    binding.netnsDeleteAsync(name),
  addSync: (name: string, binding: RawBinding = loadBinding()): void => {
    binding.netnsAdd(name);
  },
  deleteSync: (name: string, binding: RawBinding = loadBinding()): void => {
    binding.netnsDelete(name);
  },
};
