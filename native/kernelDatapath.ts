/**
 * The datapath contract (`sim/contracts/datapath.ts`) on a real kernel, through the rtnetlink
 * binding, inside namespaces under one prefix: the contract's host namespace `''` is
 * `<prefix>node`, a named namespace `N` is `<prefix>N`, and nothing outside the prefix is touched.
 *
 * ENIs cannot be attached without the cloud, so `plugDevice` makes a stand-in: one end of a veth
 * pair in the node namespace (the ENI, with its MAC), the other end in `<prefix>fabric`, which the
 * dump leaves out. A physical device survives its namespace's deletion (the kernel hands it back
 * to the initial namespace, down, without addresses); a veth would be destroyed instead, so
 * `netnsDelete` first hands every stand-in back to the node namespace itself, as the kernel does
 * for a NIC (its name, or `dev<ifindex>` when the name is taken). The dump reports stand-ins as
 * kind `device` without a peer, as the memory datapath reports a plugged ENI.
 *
 * Every operation runs synchronously (tens of microseconds; link deletes and moves cost the
 * kernel's ~17 ms RCU wait), because the contract's operations run inside engine operations.
 */
import { readdirSync } from 'node:fs';
import type {
  AddressEntry,
  AddressFamily,
  AddressRef,
  AddressSpec,
  DatapathDump,
  DatapathErrno,
  DatapathResult,
  IpvlanSpec,
  LinkEntry,
  LinkInfo,
  LinkKind,
  LinkRef,
  LinkSelector,
  NeighbourEntry,
  NeighbourRef,
  NeighbourSpec,
  NetnsEntry,
  NodeDatapath,
  RouteDeleteSpec,
  RouteEntry,
  RouteSpec,
  RuleDeleteSpec,
  RuleEntry,
  RuleSpec,
  VethSpec,
} from '../sim/contracts/datapath.js';
import type { Operation } from '../sim/contracts/operation.js';
import { done } from '../sim/contracts/operation.js';
import { normaliseDump, normaliseRules } from '../sim/datapath/dump.js';
import { loadBinding } from './load.js';
import type { RawBinding } from './rawBinding.js';
import type { LinkName, LinkRow, RtnlHandle, Scope } from './rtnl.js';
import { isNetlinkError, openHandle } from './rtnl.js';

const CONTRACT_ERRNOS: ReadonlySet<string> = new Set<DatapathErrno>([
  'EEXIST',
  'ENOENT',
  'ENODEV',
  'EINVAL',
  'ESRCH',
  'EADDRNOTAVAIL',
  'ENETUNREACH',
  'EHOSTUNREACH',
  'ENETDOWN',
  'EOPNOTSUPP',
]);

/** Options of a kernel datapath. */
export interface KernelDatapathOptions {
  /** Every namespace it creates starts with this (include the process id). */
  readonly prefix: string;
  readonly binding?: RawBinding;
}

type LinkResult = DatapathResult<{ readonly link: LinkInfo }>;

/** A prefix namespaces are named under: letters, digits, `-`, `_`, `.`; at most 40 bytes. */
export function checkPrefix(prefix: string): void {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/.test(prefix))
    throw new RangeError(
      `namespace prefix ${JSON.stringify(prefix)} must be 1-40 letters, digits, '-', '_' or '.'`,
    );
}

/** The node's datapath on the kernel, in namespaces under `prefix`. */
export class KernelDatapath implements NodeDatapath {
  readonly prefix: string;
  readonly #binding: RawBinding;
  readonly #handles = new Map<string, RtnlHandle>();
  /** MAC → fabric-side peer name, for every stand-in ENI. */
  readonly #standIns = new Map<string, string>();
  #fabricSerial = 0;
  /** Requests sent to the kernel (one per contract operation, more for lookups). */
  operations = 0;

  constructor(options: KernelDatapathOptions) {
    checkPrefix(options.prefix);
    this.prefix = options.prefix;
    this.#binding = options.binding ?? loadBinding();
  }

  /** Creates the node and fabric namespaces, with the node's loopback up (as init brings it). */
  start(): void {
    this.#binding.netnsAdd(this.kernelName(''));
    this.#binding.netnsAdd(this.fabricName());
    this.#handle('').sync.setLink({ dev: 'lo' }, { up: true });
  }

  /**
   * What this kernel does where kernels differ, as the memory datapath's options name it: read
   * from the node namespace after {@link KernelDatapath.start} (loopback is up there).
   */
  profile(): { readonly ipvlanSupported: boolean; readonly loopbackIpv6MainRoute: boolean } {
    const routes = this.#handle('').sync.listRoutes();
    const loopbackIpv6MainRoute = routes.some(
      (route) => route.table === 254 && route.dst === '::1/128' && route.type === 1,
    );
    // The binding creates veth links only, so node mode offers no ipvlan datapath.
    return { ipvlanSupported: false, loopbackIpv6MainRoute };
  }

  /** The kernel namespace name of a contract namespace. */
  kernelName(netns: string): string {
    return `${this.prefix}${netns === '' ? 'node' : `ns-${netns}`}`;
  }

  fabricName(): string {
    return `${this.prefix}fabric`;
  }

  /** Removes every namespace under the prefix (stand-ins go with the fabric). Never throws for
   * what is already gone. */
  close(): void {
    for (const handle of this.#handles.values()) handle.close();
    this.#handles.clear();
    removeNamespacesWithPrefix(this.prefix, this.#binding);
  }

  #handle(netns: string): RtnlHandle {
    let handle = this.#handles.get(netns);
    if (handle === undefined) {
      handle = openHandle(this.kernelName(netns), this.#binding);
      this.#handles.set(netns, handle);
    }
    return handle;
  }

  #forget(netns: string): void {
    this.#handles.get(netns)?.close();
    this.#handles.delete(netns);
  }

  /** Runs one kernel request; an error the contract names becomes a failure value. */
  #attempt<T extends object>(what: string, fn: () => T): DatapathResult<T> {
    this.operations += 1;
    try {
      return { ok: true, ...fn() };
    } catch (error) {
      if (isNetlinkError(error) && CONTRACT_ERRNOS.has(error.code))
        return {
          ok: false,
          errno: error.code as DatapathErrno,
          message: `${what}: ${error.message}`,
        };
      throw error;
    }
  }

  #namespaceExists(netns: string): boolean {
    return netns === '' || listNamespaces(this.prefix).includes(this.kernelName(netns));
  }

  #ensureNamespace(netns: string, what: string): DatapathResult {
    if (this.#namespaceExists(netns)) return { ok: true };
    return {
      ok: false,
      errno: 'ENOENT',
      message: `${what}: no namespace ${JSON.stringify(netns)}`,
    };
  }

  #linkInfo(netns: string, row: LinkRow): LinkInfo {
    const standIn = this.#standIns.has(row.mac);
    const kind: LinkKind = row.loopback
      ? 'loopback'
      : standIn
        ? 'device'
        : row.kind === 'veth'
          ? 'veth'
          : row.kind === 'ipvlan'
            ? 'ipvlan'
            : 'device';
    const entry: LinkInfo = {
      netns,
      name: row.name,
      index: row.index,
      kind,
      mtu: row.mtu,
      mac: row.mac,
      up: row.up,
    };
    if (kind !== 'veth' || row.link === undefined) return entry;
    const peerNetns =
      row.linkNetnsId === undefined ? netns : this.#netnsById(netns, row.linkNetnsId);
    return peerNetns === undefined
      ? entry
      : { ...entry, peer: { netns: peerNetns, index: row.link } };
  }

  #netnsById(from: string, id: number): string | undefined {
    const handle = this.#handle(from);
    for (const name of this.#contractNamespaces()) {
      if (name === from) continue;
      if (handle.sync.netnsId(this.kernelName(name)) === id) return name;
    }
    return undefined;
  }

  #contractNamespaces(): string[] {
    const own = `${this.prefix}ns-`;
    const named = listNamespaces(this.prefix)
      .filter((name) => name.startsWith(own))
      .map((name) => name.slice(own.length));
    return ['', ...named];
  }

  #ref(link: LinkRef): LinkName {
    return 'name' in link ? { dev: link.name } : { index: link.index };
  }

  #get(netns: string, selector: LinkName | { readonly mac: string }): LinkInfo {
    const handle = this.#handle(netns);
    if ('mac' in selector) {
      const row = handle.sync.listLinks().find((link) => link.mac === selector.mac.toLowerCase());
      if (row === undefined)
        throw Object.assign(new Error(`no link with address ${selector.mac}`), {
          code: 'ENODEV',
          errno: -19,
          operation: 'linkGet',
          syscall: 'netlink',
        });
      return this.#linkInfo(netns, row);
    }
    return this.#linkInfo(netns, handle.sync.getLink(selector));
  }

  /** The cloud attaches an ENI: a stand-in device with its MAC appears in the node namespace. */
  plugDevice(spec: {
    readonly mac: string;
    readonly name?: string;
    readonly mtu?: number;
  }): LinkInfo {
    const mac = spec.mac.toLowerCase();
    if (this.#standIns.has(mac))
      throw new RangeError(`plugDevice: a device with MAC ${mac} is already plugged`);
    const host = this.#handle('');
    const names = new Set(host.sync.listLinks().map((link) => link.name));
    let name = spec.name;
    for (let n = 0; name === undefined; n += 1) if (!names.has(`eth${n}`)) name = `eth${n}`;
    this.#fabricSerial += 1;
    const fabricPeer = `f${this.#fabricSerial}`;
    // The peer is registered first: created in the fabric, the ENI end lands in the node.
    const fabric = openHandle(this.fabricName(), this.#binding);
    try {
      fabric.sync.addVeth({
        name: fabricPeer,
        peerName: name,
        peerNetns: this.kernelName(''),
        mac: '02:fa:00:00:00:00'.slice(0, 9) + hexTail(this.#fabricSerial),
        peerMac: mac,
        mtu: spec.mtu ?? 1500,
      });
      fabric.sync.setLink({ dev: fabricPeer }, { up: true });
    } finally {
      fabric.close();
    }
    this.#standIns.set(mac, fabricPeer);
    return this.#get('', { dev: name });
  }

  /** The cloud detaches an ENI: its stand-in disappears from whichever namespace holds it. */
  unplugDevice(mac: string): void {
    const fabricPeer = this.#standIns.get(mac.toLowerCase());
    if (fabricPeer === undefined) throw new RangeError(`unplugDevice: no device with MAC ${mac}`);
    const fabric = openHandle(this.fabricName(), this.#binding);
    try {
      fabric.sync.deleteLink({ dev: fabricPeer });
    } finally {
      fabric.close();
    }
    this.#standIns.delete(mac.toLowerCase());
  }

  netnsAdd(name: string): Operation<DatapathResult> {
    return done(
      this.#attempt(`netns add ${name}`, () => {
        if (name === '' || name.includes('/'))
          throw Object.assign(new Error(`invalid namespace name ${JSON.stringify(name)}`), {
            code: 'EINVAL',
            errno: -22,
            operation: 'netnsAdd',
            syscall: 'parse',
          });
        this.#binding.netnsAdd(this.kernelName(name));
        return {};
      }),
    );
  }

  netnsDelete(name: string): Operation<DatapathResult> {
    if (name === '')
      return done({
        ok: false,
        errno: 'EINVAL',
        message: 'netns del: the host namespace cannot be deleted',
      });
    const exists = this.#ensureNamespace(name, `netns del ${name}`);
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt(`netns del ${name}`, () => {
        this.#returnStandIns(name);
        this.#destroyVirtualLinks(name);
        this.#forget(name);
        this.#binding.netnsDelete(this.kernelName(name));
        return {};
      }),
    );
  }

  // The kernel destroys a dying namespace's virtual links (a veth's peer with them) only once its
  // last reference is dropped, on a workqueue; deleting them first makes the deletion complete
  // when the call returns, as the contract says.
  #destroyVirtualLinks(netns: string): void {
    const handle = this.#handle(netns);
    for (const row of handle.sync.listLinks()) {
      if (row.loopback || this.#standIns.has(row.mac)) continue;
      try {
        handle.sync.deleteLink({ index: row.index });
      } catch (error) {
        // A veth whose peer was deleted a moment ago in this loop is already gone.
        if (!isNetlinkError(error) || error.code !== 'ENODEV') throw error;
      }
    }
  }

  // What the kernel does for a NIC whose namespace goes: back to the initial namespace, down,
  // under its name or `dev<ifindex>` when the name is taken there.
  #returnStandIns(netns: string): void {
    const handle = this.#handle(netns);
    const hostNames = new Set(
      this.#handle('')
        .sync.listLinks()
        .map((link) => link.name),
    );
    const rows = handle.sync
      .listLinks()
      .filter((row) => this.#standIns.has(row.mac))
      .sort((a, b) => a.index - b.index);
    for (const row of rows) {
      handle.sync.setLink({ index: row.index }, { up: false });
      if (hostNames.has(row.name))
        handle.sync.setLink({ index: row.index }, { newName: `dev${row.index}` });
      handle.sync.setLink({ index: row.index }, { netns: this.kernelName('') });
      hostNames.add(hostNames.has(row.name) ? `dev${row.index}` : row.name);
    }
  }

  linkGet(selector: LinkSelector): Operation<LinkResult> {
    const exists = this.#ensureNamespace(selector.netns, 'linkGet');
    if (!exists.ok) return done(exists);
    const what = `link show in ${JSON.stringify(selector.netns)}`;
    return done(
      this.#attempt(what, () => {
        const by = 'mac' in selector ? { mac: selector.mac } : this.#ref(selector);
        return { link: this.#get(selector.netns, by) };
      }),
    );
  }

  linkAddVeth(
    spec: VethSpec,
  ): Operation<DatapathResult<{ readonly link: LinkInfo; readonly peer: LinkInfo }>> {
    for (const netns of [spec.netns, spec.peerNetns]) {
      const exists = this.#ensureNamespace(netns, `link add ${spec.name}`);
      if (!exists.ok) return done(exists);
    }
    return done(
      this.#attempt(`link add ${spec.name} type veth peer ${spec.peerName}`, () => {
        this.#handle(spec.netns).sync.addVeth({
          name: spec.name,
          peerName: spec.peerName,
          peerNetns: this.kernelName(spec.peerNetns),
          mtu: spec.mtu ?? 1500,
          ...(spec.mac === undefined ? {} : { mac: spec.mac }),
          ...(spec.peerMac === undefined ? {} : { peerMac: spec.peerMac }),
        });
        return {
          link: this.#get(spec.netns, { dev: spec.name }),
          peer: this.#get(spec.peerNetns, { dev: spec.peerName }),
        };
      }),
    );
  }

  linkAddIpvlan(spec: IpvlanSpec): Operation<LinkResult> {
    return done({
      ok: false,
      errno: 'EOPNOTSUPP',
      message: `link add ${spec.name} type ipvlan: the native binding creates veth links only (this kernel has no ipvlan module either)`,
    });
  }

  #setLink(
    link: LinkRef,
    change: { up?: boolean; mtu?: number; newName?: string; mac?: string },
    what: string,
  ): Operation<LinkResult> {
    const exists = this.#ensureNamespace(link.netns, what);
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt(what, () => {
        const row = this.#handle(link.netns).sync.setLink(this.#ref(link), change);
        if (row === undefined) throw new Error(`${what}: the link left its namespace`);
        return { link: this.#linkInfo(link.netns, row) };
      }),
    );
  }

  linkSetName(link: LinkRef, name: string): Operation<LinkResult> {
    return this.#setLink(link, { newName: name }, `link set name ${name}`);
  }

  linkSetMtu(link: LinkRef, mtu: number): Operation<LinkResult> {
    return this.#setLink(link, { mtu }, `link set mtu ${mtu}`);
  }

  linkSetMac(link: LinkRef, mac: string): Operation<LinkResult> {
    return this.#setLink(link, { mac }, `link set address ${mac}`);
  }

  linkSetUp(link: LinkRef): Operation<LinkResult> {
    return this.#setLink(link, { up: true }, 'link set up');
  }

  linkSetDown(link: LinkRef): Operation<LinkResult> {
    return this.#setLink(link, { up: false }, 'link set down');
  }

  linkSetNetns(link: LinkRef, netns: string): Operation<LinkResult> {
    for (const name of [link.netns, netns]) {
      const exists = this.#ensureNamespace(name, `link set netns ${netns}`);
      if (!exists.ok) return done(exists);
    }
    return done(
      this.#attempt(`link set netns ${netns}`, () => {
        const handle = this.#handle(link.netns);
        const before = handle.sync.getLink(this.#ref(link));
        handle.sync.setLink({ index: before.index }, { netns: this.kernelName(netns) });
        return { link: this.#get(netns, { dev: before.name }) };
      }),
    );
  }

  linkDelete(link: LinkRef): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(link.netns, 'link del');
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt('link del', () => {
        const handle = this.#handle(link.netns);
        const row = handle.sync.getLink(this.#ref(link));
        if (this.#standIns.has(row.mac))
          throw Object.assign(
            new Error(`link del ${row.name}: a physical device cannot be deleted`),
            { code: 'EOPNOTSUPP', errno: -95, operation: 'deleteLink', syscall: 'netlink' },
          );
        handle.sync.deleteLink({ index: row.index });
        return {};
      }),
    );
  }

  #address(spec: AddressSpec, replace: boolean): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'addr add');
    if (!exists.ok) return done(exists);
    const request = {
      dev: spec.dev,
      address: spec.address,
      ...(spec.scope === undefined ? {} : { scope: spec.scope }),
      // Terway adds IPv6 addresses with IFA_F_NODAD (nic.Setup's AddrReplace with NoDAD).
      nodad: spec.address.includes(':'),
    };
    const handle = this.#handle(spec.netns);
    return done(
      this.#attempt(`addr ${replace ? 'replace' : 'add'} ${spec.address} dev ${spec.dev}`, () => {
        if (replace) handle.sync.replaceAddress(request);
        else handle.sync.addAddress(request);
        return {};
      }),
    );
  }

  addrAdd(spec: AddressSpec): Operation<DatapathResult> {
    return this.#address(spec, false);
  }

  addrReplace(spec: AddressSpec): Operation<DatapathResult> {
    return this.#address(spec, true);
  }

  addrDelete(spec: AddressRef): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'addr del');
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt(`addr del ${spec.address} dev ${spec.dev}`, () => {
        this.#handle(spec.netns).sync.deleteAddress({ dev: spec.dev, address: spec.address });
        return {};
      }),
    );
  }

  #route(spec: RouteSpec, replace: boolean): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'route add');
    if (!exists.ok) return done(exists);
    const request = {
      dst: spec.dst,
      dev: spec.dev,
      ...(spec.table === undefined ? {} : { table: spec.table }),
      ...(spec.gateway === undefined ? {} : { gateway: spec.gateway }),
      ...(spec.scope === undefined ? {} : { scope: spec.scope }),
      ...(spec.protocol === undefined ? {} : { protocol: spec.protocol }),
      ...(spec.metric === undefined ? {} : { metric: spec.metric }),
      ...(spec.src === undefined ? {} : { src: spec.src }),
      ...(spec.onlink === true ? { onlink: true } : {}),
    };
    const handle = this.#handle(spec.netns);
    return done(
      this.#attempt(`route ${replace ? 'replace' : 'add'} ${spec.dst} dev ${spec.dev}`, () => {
        if (replace) handle.sync.replaceRoute(request);
        else handle.sync.addRoute(request);
        return {};
      }),
    );
  }

  routeAdd(spec: RouteSpec): Operation<DatapathResult> {
    return this.#route(spec, false);
  }

  routeReplace(spec: RouteSpec): Operation<DatapathResult> {
    return this.#route(spec, true);
  }

  routeDelete(spec: RouteDeleteSpec): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'route del');
    if (!exists.ok) return done(exists);
    const request = {
      dst: spec.dst,
      ...(spec.dev === undefined ? {} : { dev: spec.dev }),
      ...(spec.table === undefined ? {} : { table: spec.table }),
      ...(spec.gateway === undefined ? {} : { gateway: spec.gateway }),
      ...(spec.scope === undefined ? {} : { scope: spec.scope }),
      ...(spec.protocol === undefined ? {} : { protocol: spec.protocol }),
      ...(spec.metric === undefined ? {} : { metric: spec.metric }),
    };
    return done(
      this.#attempt(`route del ${spec.dst}`, () => {
        this.#handle(spec.netns).sync.deleteRoute(request);
        return {};
      }),
    );
  }

  ruleAdd(spec: RuleSpec): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'rule add');
    if (!exists.ok) return done(exists);
    const { netns, ...request } = spec;
    return done(
      this.#attempt(`rule add lookup ${spec.table}`, () => {
        this.#handle(netns).sync.addRule(request);
        return {};
      }),
    );
  }

  ruleDelete(spec: RuleDeleteSpec): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'rule del');
    if (!exists.ok) return done(exists);
    const { netns, ...request } = spec;
    return done(
      this.#attempt('rule del', () => {
        this.#handle(netns).sync.deleteRule(request);
        return {};
      }),
    );
  }

  ruleList(
    netns: string,
    family?: AddressFamily,
  ): Operation<DatapathResult<{ readonly rules: readonly RuleEntry[] }>> {
    const exists = this.#ensureNamespace(netns, 'rule show');
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt('rule show', () => {
        const rules = this.#rules(netns).filter(
          (rule) => family === undefined || rule.family === family,
        );
        return { rules: normaliseRules(rules) };
      }),
    );
  }

  neighSet(spec: NeighbourSpec): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'neigh replace');
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt(`neigh replace ${spec.address} dev ${spec.dev}`, () => {
        this.#handle(spec.netns).sync.setNeighbour({
          dev: spec.dev,
          address: spec.address,
          mac: spec.mac,
        });
        return {};
      }),
    );
  }

  neighDelete(spec: NeighbourRef): Operation<DatapathResult> {
    const exists = this.#ensureNamespace(spec.netns, 'neigh del');
    if (!exists.ok) return done(exists);
    return done(
      this.#attempt(`neigh del ${spec.address} dev ${spec.dev}`, () => {
        this.#handle(spec.netns).sync.deleteNeighbour({ dev: spec.dev, address: spec.address });
        return {};
      }),
    );
  }

  #rules(netns: string): RuleEntry[] {
    return this.#handle(netns)
      .sync.listRules()
      .filter((rule) => rule.action === 1) // FR_ACT_TO_TBL: the only action Terway uses
      .map((rule): RuleEntry => ({
        family: rule.family,
        priority: rule.priority,
        ...(rule.from === undefined ? {} : { from: rule.from }),
        ...(rule.to === undefined ? {} : { to: rule.to }),
        ...(rule.iif === undefined ? {} : { iif: rule.iif }),
        ...(rule.oif === undefined ? {} : { oif: rule.oif }),
        table: rule.table,
      }));
  }

  /** One namespace read back from the kernel, before normalising. */
  observe(netns: string): NetnsEntry {
    const handle = this.#handle(netns);
    const rows = handle.sync.listLinks();
    const names = new Map(rows.map((row) => [row.index, row.name]));
    const dev = (index: number | undefined): string => names.get(index ?? 0) ?? `if${index ?? 0}`;
    const links = rows.map((row): LinkEntry => {
      const { netns: _netns, ...entry } = this.#linkInfo(netns, row);
      return entry;
    });
    const addresses = handle.sync
      .listAddresses()
      .filter((row) => row.scope !== 'nowhere')
      .map((row): AddressEntry => ({
        dev: dev(row.index),
        family: row.family,
        address: row.address,
        prefixLength: row.prefixLength,
        scope: row.scope as Scope,
      }));
    const tables = new Map<number, RouteEntry[]>();
    for (const row of handle.sync.listRoutes()) {
      if (row.type !== 1) continue; // unicast only: local, broadcast, multicast are derived
      const entry: RouteEntry = {
        family: row.family,
        dst: row.dst,
        dev: dev(row.oif),
        ...(row.gateway === undefined ? {} : { gateway: row.gateway }),
        ...(row.src === undefined ? {} : { src: row.src }),
        scope: row.scope === 'nowhere' ? 'universe' : row.scope,
        protocol: row.protocol,
        metric: row.metric ?? 0,
        onlink: row.onlink,
      };
      const list = tables.get(row.table) ?? [];
      list.push(entry);
      tables.set(row.table, list);
    }
    const neighbours = handle.sync
      .listNeighbours()
      .filter((row) => row.permanent && row.mac !== undefined)
      .map((row): NeighbourEntry => ({
        dev: dev(row.index),
        family: row.family,
        address: row.address,
        mac: row.mac ?? '',
        state: 'permanent',
      }));
    return {
      name: netns,
      links,
      addresses,
      routeTables: [...tables].map(([table, routes]) => ({ table, routes })),
      rules: this.#rules(netns),
      neighbours,
    };
  }

  dump(): Operation<DatapathDump> {
    return done(this.snapshot());
  }

  /** The normalised dump of the node namespace and every pod namespace under the prefix. */
  snapshot(): DatapathDump {
    return normaliseDump({
      namespaces: this.#contractNamespaces().map((netns) => this.observe(netns)),
    });
  }
}

function hexTail(serial: number): string {
  const hex = serial.toString(16).padStart(6, '0');
  return `${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** Names under /run/netns that start with `prefix`. */
export function listNamespaces(prefix: string): string[] {
  let names: string[];
  try {
    names = readdirSync('/run/netns');
  } catch {
    return [];
  }
  return names.filter((name) => name.startsWith(prefix)).sort();
}

/** Deletes every namespace under `prefix`, and nothing else. */
export function removeNamespacesWithPrefix(
  prefix: string,
  binding: RawBinding = loadBinding(),
): string[] {
  checkPrefix(prefix);
  const removed: string[] = [];
  for (const name of listNamespaces(prefix)) {
    binding.netnsDelete(name);
    removed.push(name);
  }
  return removed;
}
