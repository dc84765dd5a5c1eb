/**
 * Namespace and link operations, with what the kernel does around them:
 * - interface indexes are allocated per namespace, upward from the last one given (`lo` is 1 in
 *   each namespace); a link moved to another namespace keeps its index unless it is taken there;
 * - a veth pair registers the peer first; deleting either end deletes both, wherever they are;
 * - deleting a link, or moving it out, flushes its addresses, the routes through it and its
 *   neighbour entries; it arrives in the new namespace down;
 * - taking a link down flushes its routes (both families) and neighbours, and its IPv6 addresses
 *   (`keep_addr_on_down=0`); bringing it up restores the kernel's prefix routes, and on loopback
 *   `127.0.0.1/8` and `::1/128`;
 * - deleting a namespace destroys its virtual links and hands physical devices back to the host
 *   namespace, under their name if it is free there, else `dev<ifindex>`, else `dev<n>`.
 * Names are checked as `dev_valid_name` checks them (EINVAL); the kernel itself answers ERANGE
 * for a name longer than 15 bytes, but iproute2 and the native binding refuse it first (EINVAL).
 * Renaming a link that is up is allowed, as on Linux 6.2 and later.
 * Left out: carrier and operational state, link statistics, MTU effects on IPv6 (< 1280), and
 * ipvlan mode semantics (the mode is accepted, not modelled).
 */
import type {
  DatapathFailure,
  DatapathResult,
  IpvlanSpec,
  LinkInfo,
  LinkRef,
  LinkSelector,
  VethSpec,
} from '../contracts/datapath.js';
import { addLoopbackAddresses, restoreKernelRoutes } from './addresses.js';
import type { KernelState, LinkRecord, NamespaceRecord } from './kernelState.js';
import {
  allocateIndex,
  assertKernel,
  createNamespace,
  ETH_DATA_LEN,
  ETH_MAX_MTU,
  ETH_MIN_MTU,
  fail,
  findLink,
  findNamespace,
  flushLink,
  isFailure,
  isValidLinkName,
  isValidNetnsName,
  namespaceOf,
  newLink,
  placeLink,
  unplaceLink,
} from './kernelState.js';
import { generatedMac, isAssignableMac, parseMac } from './macAddress.js';

type LinkResult = DatapathResult<{ readonly link: LinkInfo }>;

/** The link as operations and the dump report it. */
export function linkInfo(state: KernelState, link: LinkRecord): LinkInfo {
  const locate = (id: number | undefined): { netns: string; index: number } | undefined => {
    if (id === undefined) return undefined;
    const other = state.links.get(id);
    assertKernel(other !== undefined, `link ${link.name} refers to a missing link ${id}`);
    return { netns: other.netns, index: other.index };
  };
  const peer = locate(link.peerId);
  const parent = locate(link.parentId);
  return {
    netns: link.netns,
    name: link.name,
    index: link.index,
    kind: link.kind,
    mtu: link.mtu,
    mac: link.mac,
    up: link.up,
    ...(peer === undefined ? {} : { peer }),
    ...(parent === undefined ? {} : { parent }),
  };
}

function ok(state: KernelState, link: LinkRecord): LinkResult {
  return { ok: true, link: linkInfo(state, link) };
}

function checkName(name: string, where: string): DatapathFailure | undefined {
  if (isValidLinkName(name)) return undefined;
  return fail('EINVAL', `${where}: invalid interface name ${JSON.stringify(name)}`);
}

function checkMac(mac: string | undefined, where: string): string | undefined | DatapathFailure {
  if (mac === undefined) return undefined;
  const parsed = parseMac(mac);
  if (parsed === undefined) return fail('EINVAL', `${where}: bad address ${JSON.stringify(mac)}`);
  if (!isAssignableMac(parsed)) return fail('EADDRNOTAVAIL', `${where}: cannot assign ${parsed}`);
  return parsed;
}

function nextMac(state: KernelState): string {
  const mac = generatedMac(state.nextMacSerial);
  state.nextMacSerial += 1;
  return mac;
}

/** Equivalent to: `ip netns add NAME`. */
export function addNamespace(state: KernelState, name: string): DatapathResult {
  if (!isValidNetnsName(name)) return fail('EINVAL', `netns add ${JSON.stringify(name)}: bad name`);
  if (state.namespaces.has(name)) return fail('EEXIST', `netns add ${name}: exists`);
  createNamespace(state, name);
  return { ok: true };
}

/** Finds a link by name, index or MAC (the lowest index, as a dump lists them). */
export function getLink(state: KernelState, selector: LinkSelector): LinkResult {
  if (!('mac' in selector)) {
    const link = findLink(state, selector);
    return isFailure(link) ? link : ok(state, link);
  }
  const ns = findNamespace(state, selector.netns);
  if (isFailure(ns)) return ns;
  const mac = parseMac(selector.mac);
  const matches = [...ns.linksByIndex.values()].filter((link) => link.mac === mac);
  const first = matches.sort((a, b) => a.index - b.index)[0];
  if (first === undefined)
    return fail('ENODEV', `link with address ${selector.mac}: no such device`);
  return ok(state, first);
}

/** Creates a veth pair: the peer first, then `name`. */
export function addVeth(
  state: KernelState,
  spec: VethSpec,
): DatapathResult<{ readonly link: LinkInfo; readonly peer: LinkInfo }> {
  const where = `link add ${spec.name} type veth peer name ${spec.peerName}`;
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const peerNs = findNamespace(state, spec.peerNetns);
  if (isFailure(peerNs)) return peerNs;
  const badName = checkName(spec.name, where) ?? checkName(spec.peerName, where);
  if (badName !== undefined) return badName;
  const mtu = spec.mtu ?? ETH_DATA_LEN;
  if (!Number.isInteger(mtu) || mtu < ETH_MIN_MTU || mtu > ETH_MAX_MTU) {
    return fail('EINVAL', `${where}: MTU ${mtu} out of range`);
  }
  const mac = checkMac(spec.mac, where);
  if (mac !== undefined && isFailure(mac)) return mac;
  const peerMac = checkMac(spec.peerMac, where);
  if (peerMac !== undefined && isFailure(peerMac)) return peerMac;
  const clash =
    ns.linksByName.has(spec.name) ||
    peerNs.linksByName.has(spec.peerName) ||
    (ns === peerNs && spec.name === spec.peerName);
  if (clash) return fail('EEXIST', `${where}: name exists`);
  const fields = { kind: 'veth' as const, mtu, mtuMin: ETH_MIN_MTU, mtuMax: ETH_MAX_MTU };
  // Each end names the other, so the ids are fixed before either record is made.
  const peerId = state.nextLinkId;
  const linkId = peerId + 1;
  const peer = newLink(state, { ...fields, mac: peerMac ?? nextMac(state), peerId: linkId });
  const link = newLink(state, { ...fields, mac: mac ?? nextMac(state), peerId });
  assertKernel(peer.id === peerId && link.id === linkId, 'veth ids were not consecutive');
  placeLink(state, peer, peerNs, { name: spec.peerName, index: allocateIndex(peerNs) });
  placeLink(state, link, ns, { name: spec.name, index: allocateIndex(ns) });
  return { ok: true, link: linkInfo(state, link), peer: linkInfo(state, peer) };
}

/** Creates an ipvlan slave of `spec.parent` in `spec.netns`. */
export function addIpvlan(state: KernelState, spec: IpvlanSpec): LinkResult {
  const where = `link add ${spec.name} type ipvlan mode ${spec.mode}`;
  if (!state.options.ipvlanSupported) return fail('EOPNOTSUPP', `${where}: Unknown device type`);
  const parent = findLink(state, spec.parent);
  if (isFailure(parent)) return parent;
  const ns = findNamespace(state, spec.netns);
  if (isFailure(ns)) return ns;
  const badName = checkName(spec.name, where);
  if (badName !== undefined) return badName;
  if (parent.kind === 'loopback' || parent.kind === 'ipvlan') {
    return fail('EINVAL', `${where}: ${parent.name} cannot be an ipvlan parent`);
  }
  const mtu = spec.mtu ?? parent.mtu;
  if (!Number.isInteger(mtu) || mtu < ETH_MIN_MTU || mtu > parent.mtu) {
    return fail('EINVAL', `${where}: MTU ${mtu} out of range`);
  }
  if (ns.linksByName.has(spec.name)) return fail('EEXIST', `${where}: name exists`);
  const link = newLink(state, {
    kind: 'ipvlan',
    mtu,
    mtuMin: ETH_MIN_MTU,
    mtuMax: parent.mtu,
    // ipvlan slaves share their parent's MAC.
    mac: parent.mac,
    parentId: parent.id,
  });
  placeLink(state, link, ns, { name: spec.name, index: allocateIndex(ns) });
  return ok(state, link);
}

/** Renames a link; EEXIST if the name is taken in its namespace. */
export function setLinkName(state: KernelState, ref: LinkRef, name: string): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  const where = `link set ${link.name} name ${name}`;
  const badName = checkName(name, where);
  if (badName !== undefined) return badName;
  if (name === link.name) return ok(state, link);
  const ns = namespaceOf(state, link);
  if (ns.linksByName.has(name)) return fail('EEXIST', `${where}: name exists`);
  unplaceLink(state, link);
  placeLink(state, link, ns, { name, index: link.index });
  return ok(state, link);
}

/** Sets a link's MTU within its kind's range. */
export function setLinkMtu(state: KernelState, ref: LinkRef, mtu: number): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  const mtuMax = link.parentId === undefined ? link.mtuMax : parentOf(state, link).mtu;
  if (!Number.isInteger(mtu) || mtu < link.mtuMin || mtu > mtuMax) {
    return fail('EINVAL', `link set ${link.name} mtu ${mtu}: out of range`);
  }
  link.mtu = mtu;
  return ok(state, link);
}

function parentOf(state: KernelState, link: LinkRecord): LinkRecord {
  const parent = link.parentId === undefined ? undefined : state.links.get(link.parentId);
  assertKernel(parent !== undefined, `ipvlan ${link.name} has no parent`);
  return parent;
}

/** Sets a link's MAC address. */
export function setLinkMac(state: KernelState, ref: LinkRef, mac: string): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  const where = `link set ${link.name} address ${mac}`;
  if (link.kind === 'loopback' || link.kind === 'ipvlan') {
    return fail('EOPNOTSUPP', `${where}: the device cannot change its address`);
  }
  const parsed = parseMac(mac);
  if (parsed === undefined) return fail('EINVAL', `${where}: bad address`);
  if (!isAssignableMac(parsed)) return fail('EADDRNOTAVAIL', `${where}: cannot assign ${parsed}`);
  link.mac = parsed;
  return ok(state, link);
}

/** Brings a link up. */
export function setLinkUp(state: KernelState, ref: LinkRef): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  if (link.up) return ok(state, link);
  link.up = true;
  if (link.kind === 'loopback') addLoopbackAddresses(state, link);
  restoreKernelRoutes(state, link);
  return ok(state, link);
}

/** Takes a link down, flushing what the kernel flushes. */
export function setLinkDown(state: KernelState, ref: LinkRef): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  if (!link.up) return ok(state, link);
  link.up = false;
  flushLink(state, link, { ipv4: false, ipv6: true });
  return ok(state, link);
}

/** Moves `link` into `target` under `name`, as `dev_change_net_namespace` does. */
function relocate(
  state: KernelState,
  link: LinkRecord,
  target: NamespaceRecord,
  name: string,
): void {
  flushLink(state, link, { ipv4: true, ipv6: true });
  link.up = false;
  unplaceLink(state, link);
  const index = target.linksByIndex.has(link.index) ? allocateIndex(target) : link.index;
  placeLink(state, link, target, { name, index });
}

/** Moves a link to another namespace; EEXIST if its name is taken there. */
export function moveLink(state: KernelState, ref: LinkRef, netns: string): LinkResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  const where = `link set ${link.name} netns ${JSON.stringify(netns)}`;
  const target = findNamespace(state, netns);
  if (isFailure(target)) return target;
  if (target.name === link.netns) return ok(state, link);
  if (link.kind === 'loopback') return fail('EINVAL', `${where}: the device is netns-local`);
  if (target.linksByName.has(link.name)) return fail('EEXIST', `${where}: name exists`);
  relocate(state, link, target, link.name);
  return ok(state, link);
}

/** Destroys a link and everything that goes with it (veth peer, ipvlan slaves). */
function destroyLink(state: KernelState, link: LinkRecord): void {
  if (!state.links.has(link.id)) return;
  flushLink(state, link, { ipv4: true, ipv6: true });
  unplaceLink(state, link);
  state.links.delete(link.id);
  const dependants = [...state.links.values()].filter(
    (other) => other.id === link.peerId || other.parentId === link.id,
  );
  for (const other of dependants) destroyLink(state, other);
}

/** Deletes a virtual link; physical devices and loopback answer EOPNOTSUPP. */
export function deleteLink(state: KernelState, ref: LinkRef): DatapathResult {
  const link = findLink(state, ref);
  if (isFailure(link)) return link;
  if (link.kind === 'loopback' || link.kind === 'device') {
    return fail('EOPNOTSUPP', `link del ${link.name}: operation not supported`);
  }
  destroyLink(state, link);
  return { ok: true };
}

function refundName(host: NamespaceRecord, link: LinkRecord): string {
  if (!host.linksByName.has(link.name)) return link.name;
  const byIndex = `dev${link.index}`;
  if (!host.linksByName.has(byIndex)) return byIndex;
  const attemptsMax = host.linksByName.size + 1;
  for (let n = 0; n <= attemptsMax; n += 1) {
    if (!host.linksByName.has(`dev${n}`)) return `dev${n}`;
  }
  throw new Error('memory datapath invariant: no free dev%d name in the host namespace');
}

/** Deletes a namespace: physical devices go back to the host, virtual links are destroyed. */
export function deleteNamespace(state: KernelState, name: string): DatapathResult {
  if (name === '') return fail('EINVAL', 'netns del: the host namespace cannot be deleted');
  const ns = findNamespace(state, name);
  if (isFailure(ns)) return ns;
  const host = state.namespaces.get('');
  assertKernel(host !== undefined, 'the host namespace is missing');
  const links = [...ns.linksByIndex.values()].sort((a, b) => a.index - b.index);
  for (const link of links) {
    if (link.kind === 'device') relocate(state, link, host, refundName(host, link));
  }
  for (const link of links) {
    if (link.kind !== 'device') destroyLink(state, link);
  }
  assertKernel(ns.linksByName.size === 0, `links left in netns ${name}`);
  state.namespaces.delete(name);
  return { ok: true };
}

/** What the cloud plugs into the host when an ENI attaches. */
export interface PlugDeviceSpec {
  /** The device's MAC address (the ENI's `MacAddress`). */
  readonly mac: string;
  /** Defaults to the first free `eth<n>`, as the kernel names a new NIC. */
  readonly name?: string;
  /** MTU in bytes; 1500 when absent. */
  readonly mtu?: number;
  /** The largest MTU the driver accepts; 65535 (virtio-net's `MAX_MTU`) when absent. */
  readonly mtuMax?: number;
}

function firstFreeEthName(host: NamespaceRecord): string {
  const attemptsMax = host.linksByName.size + 1;
  for (let n = 0; n <= attemptsMax; n += 1) {
    if (!host.linksByName.has(`eth${n}`)) return `eth${n}`;
  }
  throw new Error('memory datapath invariant: no free eth%d name in the host namespace');
}

function deviceByMac(state: KernelState, mac: string): LinkRecord | undefined {
  return [...state.links.values()].find((link) => link.kind === 'device' && link.mac === mac);
}

/** Hot-plugs a physical device into the host namespace. Throws on bad input. */
export function plugDevice(state: KernelState, spec: PlugDeviceSpec): LinkInfo {
  const mac = parseMac(spec.mac);
  if (mac === undefined || !isAssignableMac(mac)) {
    throw new RangeError(`plugDevice: bad MAC ${JSON.stringify(spec.mac)}`);
  }
  if (deviceByMac(state, mac) !== undefined) {
    throw new RangeError(`plugDevice: a device with MAC ${mac} is already plugged`);
  }
  const host = state.namespaces.get('');
  assertKernel(host !== undefined, 'the host namespace is missing');
  const name = spec.name ?? firstFreeEthName(host);
  if (!isValidLinkName(name) || host.linksByName.has(name)) {
    throw new RangeError(`plugDevice: name ${JSON.stringify(name)} is invalid or taken`);
  }
  const mtuMax = spec.mtuMax ?? ETH_MAX_MTU;
  const mtu = spec.mtu ?? ETH_DATA_LEN;
  if (!Number.isInteger(mtu) || mtu < ETH_MIN_MTU || mtu > mtuMax) {
    throw new RangeError(`plugDevice: MTU ${mtu} outside [${ETH_MIN_MTU}, ${mtuMax}]`);
  }
  const link = newLink(state, { kind: 'device', mtu, mtuMin: ETH_MIN_MTU, mtuMax, mac });
  placeLink(state, link, host, { name, index: allocateIndex(host) });
  return linkInfo(state, link);
}

/** Hot-unplugs the physical device with `mac`, wherever it is. Throws if there is none. */
export function unplugDevice(state: KernelState, mac: string): void {
  const parsed = parseMac(mac);
  const link = parsed === undefined ? undefined : deviceByMac(state, parsed);
  if (link === undefined) throw new RangeError(`unplugDevice: no device with MAC ${mac}`);
  destroyLink(state, link);
}
