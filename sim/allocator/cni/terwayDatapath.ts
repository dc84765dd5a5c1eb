/**
 * The constants of Terway's datapaths (`plugin/datapath/consts_linux.go`,
 * `plugin/driver/utils`), and the names and addresses it derives.
 */
import { createHash } from 'node:crypto';

/** The address a pod's gateway appears as: the host end of its veth answers for it. */
export const LINK_IPV4 = '169.254.1.1';
/** The IPv6 counterpart of {@link LINK_IPV4}. */
export const LINK_IPV6 = 'fe80::1';
/** The pod-side gateway of family `family`: {@link LINK_IPV4} or {@link LINK_IPV6}. */
export function linkAddressOf(family: 4 | 6): string {
  return family === 4 ? LINK_IPV4 : LINK_IPV6;
}
/** Priority of the `to POD lookup main` rules (`toContainerPriority`). */
export const TO_CONTAINER_PRIORITY = 512;
/** Priority of the `from POD lookup <ENI table>` rules (`fromContainerPriority`). */
export const FROM_CONTAINER_PRIORITY = 2048;
/** An ENI's policy-routing table is this plus its interface index (`GetRouteTableID`). */
export const ROUTE_TABLE_OFFSET = 1000;
/** The pod end of an exclusive ENI pod's veth pair (`defaultVethForENI`). */
export const EXCLUSIVE_VETH_NAME = 'veth1';
/** The pod interface Terway configures unless told otherwise. */
export const DEFAULT_CONTAINER_IF = 'eth0';
/** Terway's default host veth prefix (`veth_prefix`), as Calico's. */
export const DEFAULT_VETH_PREFIX = 'cali';

/** The policy-routing table of the ENI with interface index `ifindex`. */
export function routeTableForEni(ifindex: number): number {
  if (!Number.isSafeInteger(ifindex) || ifindex <= 0) {
    throw new RangeError(`routeTableForEni: bad ifindex ${ifindex}`);
  }
  return ROUTE_TABLE_OFFSET + ifindex;
}

function sha1Hex(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/**
 * The host-side veth name of a pod (`link.VethNameForPod`): the prefix and the first 11 hex
 * digits of SHA-1 over `namespace.name` (plus the interface name unless it is `eth0`), 15
 * characters with the default prefix.
 */
export function hostVethName(pod: {
  readonly namespace: string;
  readonly name: string;
  readonly ifName?: string;
  readonly prefix?: string;
}): string {
  const ifName = pod.ifName === undefined || pod.ifName === DEFAULT_CONTAINER_IF ? '' : pod.ifName;
  const prefix = pod.prefix ?? DEFAULT_VETH_PREFIX;
  const name = `${prefix}${sha1Hex(`${pod.namespace}.${pod.name}${ifName}`).slice(0, 11)}`;
  if (name.length > 15)
    throw new RangeError(`hostVethName: prefix ${prefix} makes ${name} too long`);
  return name;
}

/**
 * A temporary link name, `veth` and 8 hex digits, as `ip.RandomVethName` makes them. Terway
 * draws it at random; here it is derived from `seed` so runs replay and dumps compare.
 */
export function temporaryLinkName(seed: string): string {
  return `veth${sha1Hex(`tmp/${seed}`).slice(0, 8)}`;
}

/**
 * A locally administered unicast MAC derived from `seed`. The kernel gives a veth a random MAC;
 * the sequences set one derived from the host veth's name instead, so that the memory datapath
 * and a kernel end in the same state.
 */
export function derivedMac(seed: string): string {
  const hex = sha1Hex(`mac/${seed}`).slice(0, 12);
  const first = (Number.parseInt(hex.slice(0, 2), 16) | 0x02) & 0xfe;
  const octets = [first.toString(16).padStart(2, '0')];
  for (let i = 2; i < 12; i += 2) octets.push(hex.slice(i, i + 2));
  return octets.join(':');
}
