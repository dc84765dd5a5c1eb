/**
 * Neighbour (ARP/NDP) entries: Terway sets PERMANENT ones, so that a pod resolves its gateway
 * (169.254.1.1, fe80::1) to the host veth's MAC without asking. `neigh replace` creates or
 * overwrites the entry for (device, address); the kernel flushes a link's entries when it goes
 * down or leaves the namespace (`neigh_ifdown`), which `kernelState.flushLink` does here.
 */
import type { DatapathResult, NeighbourRef, NeighbourSpec } from '../contracts/datapath.js';
import { formatIp, parseIp } from '../../models/ipAddress.js';
import type { KernelState, NeighbourRecord } from './kernelState.js';
import { fail, findLink, isFailure, namespaceOf } from './kernelState.js';
import { parseMac } from './macAddress.js';

/** Creates or replaces a PERMANENT entry. */
export function setNeighbour(state: KernelState, spec: NeighbourSpec): DatapathResult {
  const where = `neigh replace ${spec.address} lladdr ${spec.mac} dev ${spec.dev}`;
  const link = findLink(state, { netns: spec.netns, name: spec.dev });
  if (isFailure(link)) return link;
  const address = parseIp(spec.address);
  if (address === undefined) return fail('EINVAL', `${where}: bad address`);
  const mac = parseMac(spec.mac);
  if (mac === undefined) return fail('EINVAL', `${where}: bad lladdr`);
  const ns = namespaceOf(state, link);
  const entry: NeighbourRecord = { linkId: link.id, address, mac };
  const position = ns.neighbours.findIndex(
    (other) =>
      other.linkId === link.id &&
      other.address.family === address.family &&
      other.address.value === address.value,
  );
  if (position < 0) ns.neighbours.push(entry);
  else ns.neighbours[position] = entry;
  return { ok: true };
}

/** Deletes the entry for (device, address); ENOENT if there is none. */
export function deleteNeighbour(state: KernelState, ref: NeighbourRef): DatapathResult {
  const where = `neigh del ${ref.address} dev ${ref.dev}`;
  const link = findLink(state, { netns: ref.netns, name: ref.dev });
  if (isFailure(link)) return link;
  const address = parseIp(ref.address);
  if (address === undefined) return fail('EINVAL', `${where}: bad address`);
  const ns = namespaceOf(state, link);
  const before = ns.neighbours.length;
  ns.neighbours = ns.neighbours.filter(
    (other) =>
      other.linkId !== link.id ||
      other.address.family !== address.family ||
      other.address.value !== address.value,
  );
  if (ns.neighbours.length === before) {
    return fail('ENOENT', `${where}: no entry for ${formatIp(address)}`);
  }
  return { ok: true };
}
