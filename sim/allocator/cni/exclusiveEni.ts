/**
 * The exclusive-ENI datapath (terway.md §3.3 step 6, `plugin/datapath/exclusive_eni_linux.go`),
 * in Terway's order:
 *
 * 1. `LinkByIndex(ENIIndex)` (or by MAC) → `LinkSetDown` → `LinkSetName(temporary)` →
 *    `LinkSetNsFd(pod)`;
 * 2. in the pod (`nic.Setup`): rename to eth0, MTU, `IP/32` (and `/128`), up,
 *    `default via GW dev eth0 onlink`; IPv6: `GW/128 dev eth0 scope link` and
 *    `::/0 via GW dev eth0 onlink`;
 * 3. for eth0, a veth pair to the host (`veth.Setup`): `veth1` in the pod, the host end created
 *    under a temporary name and renamed `hostVethName`;
 * 4. `veth1` (`generateVeth1Cfg`): MTU, the pod's addresses again, up, permanent neighbour
 *    169.254.1.1 (fe80::1) → the host veth's MAC, `169.254.1.1/32 dev veth1 scope link`
 *    (`fe80::1/128`), the service CIDR and host-stack CIDRs `via 169.254.1.1 dev veth1 onlink`;
 * 5. the host end (`generateHostSlaveCfg`): MTU, `169.254.1.1/32` (`fe80::1/128`), up,
 *    `podIP/32 dev hostveth scope link` (`/128`).
 *
 * Tear-down deletes `veth1` (the host end goes with it) and hands the NIC back: down, temporary
 * name, `LinkSetNsFd(host)`; then, unlike Terway, which leaves the random name for the detach to
 * clear, it restores the NIC's host name, MTU and up flag, so the host is exactly as before. A set-up that
 * fails half-way is torn down the same way (Terway's deferred roll-back), so a dual-stack pod ends
 * with both families or neither.
 * Left out: multi-network rules (`oif`/`from` → table 1000+ifindex, priority 512), IPv6
 * sysctls, TC egress shaping.
 */
import type { LinkInfo, NodeDatapath } from '../../contracts/datapath.js';
import type { Coroutine } from '../../contracts/operation.js';
import type {
  CniResult,
  ExclusiveEniSetUp,
  ExclusiveEniSetUpDone,
  ExclusiveEniTearDown,
} from './cniTypes.js';
import type { NicConf, NicRoute } from './nicSetup.js';
import { nicSetup } from './nicSetup.js';
import type { StepResult } from './steps.js';
import {
  checkFamilies,
  ensureLinkMtu,
  ensureLinkName,
  ensureLinkUp,
  familyOf,
  families,
  hostPrefix,
  removal,
  step,
} from './steps.js';
import {
  DEFAULT_CONTAINER_IF,
  derivedMac,
  EXCLUSIVE_VETH_NAME,
  linkAddressOf,
  temporaryLinkName,
} from './terwayDatapath.js';

type LinkStep = Coroutine<StepResult<{ readonly link: LinkInfo }>>;

/** Step 1: the NIC down, renamed, moved into the pod. */
function* moveIn(dp: NodeDatapath, input: ExclusiveEniSetUp, eni: LinkInfo): LinkStep {
  const host = { netns: '', index: eni.index };
  const down = yield* step(dp.linkSetDown(host), `LinkSetDown ${eni.name}`);
  if (!down.ok) return down;
  const temporary = temporaryLinkName(`${input.podNetns}/${eni.mac}`);
  const renamed = yield* step(dp.linkSetName(host, temporary), `LinkSetName ${eni.name}`);
  if (!renamed.ok) return renamed;
  return yield* step(dp.linkSetNetns(host, input.podNetns), `LinkSetNsFd ${temporary}`);
}

/** Step 2: the NIC as the pod's interface (`generateContCfgForExclusiveENI`). */
function nicConf(input: ExclusiveEniSetUp): NicConf {
  const routes: NicRoute[] = [];
  for (const { family } of families(input.podIps)) {
    const gateway = family === 4 ? input.gateways.ipv4 : input.gateways.ipv6;
    if (gateway === undefined) continue;
    if (family === 6) routes.push({ dst: hostPrefix(gateway), scope: 'link' });
    routes.push({ dst: family === 4 ? '0.0.0.0/0' : '::/0', gateway, onlink: true });
  }
  return {
    ifName: input.containerIfName ?? DEFAULT_CONTAINER_IF,
    mtu: input.mtu,
    addresses: families(input.podIps).map(({ value }) => hostPrefix(value)),
    routes,
  };
}

/** Step 3: `veth.Setup` from inside the pod, the host end renamed in the host. */
function* createVeth1(dp: NodeDatapath, input: ExclusiveEniSetUp): LinkStep {
  const netns = input.podNetns;
  const leftover = yield* step(
    dp.linkGet({ netns, name: EXCLUSIVE_VETH_NAME }),
    'LinkByName veth1',
  );
  if (leftover.ok) {
    const ref = { netns, index: leftover.link.index };
    const deleted = yield* step(dp.linkDelete(ref), 'LinkDel veth1');
    if (!deleted.ok) return deleted;
  } else if (leftover.errno !== 'ENODEV') {
    return leftover;
  }
  const hostName = input.hostVethName;
  const temporary = temporaryLinkName(`${netns}/${hostName}`);
  const spec = {
    netns: '',
    name: temporary,
    peerNetns: netns,
    peerName: EXCLUSIVE_VETH_NAME,
    mac: derivedMac(`${hostName}/host`),
    peerMac: derivedMac(`${hostName}/pod`),
  };
  const created = yield* step(dp.linkAddVeth(spec), `LinkAdd ${temporary} type veth`);
  if (!created.ok) return created;
  return yield* ensureLinkName(dp, created.link, hostName);
}

/** Step 4: `veth1` in the pod (`generateVeth1Cfg`). */
function veth1Conf(input: ExclusiveEniSetUp, hostMac: string): NicConf {
  const present = families(input.podIps);
  const onlinkVia = (dst: string): NicRoute => ({
    dst,
    gateway: linkAddressOf(familyOf(dst)),
    onlink: true,
  });
  const routes: NicRoute[] = [];
  for (const { family } of present) {
    routes.push({ dst: hostPrefix(linkAddressOf(family)), scope: 'link' });
    const service = family === 4 ? input.serviceCidrs?.ipv4 : input.serviceCidrs?.ipv6;
    if (service !== undefined) routes.push(onlinkVia(service));
  }
  for (const cidr of input.hostStackCidrs ?? []) routes.push(onlinkVia(cidr));
  return {
    mtu: input.mtu,
    addresses: present.map(({ value }) => hostPrefix(value)),
    neighbours: present.map(({ family }) => ({ address: linkAddressOf(family), mac: hostMac })),
    routes,
  };
}

/** Step 5: the host end of the pair (`generateHostSlaveCfg`). */
function hostVethConf(input: ExclusiveEniSetUp): NicConf {
  const present = families(input.podIps);
  return {
    mtu: input.mtu,
    addresses: present.map(({ family }) => hostPrefix(linkAddressOf(family))),
    routes: present.map(({ value }) => ({ dst: hostPrefix(value), scope: 'link' as const })),
  };
}

function* configure(
  dp: NodeDatapath,
  input: ExclusiveEniSetUp,
  eni: LinkInfo,
): Coroutine<StepResult<{ readonly podLink: LinkInfo; readonly hostVeth?: LinkInfo }>> {
  const moved = yield* moveIn(dp, input, eni);
  if (!moved.ok) return moved;
  const nic = yield* nicSetup(dp, moved.link, nicConf(input));
  if (!nic.ok) return nic;
  if ((input.containerIfName ?? DEFAULT_CONTAINER_IF) !== DEFAULT_CONTAINER_IF) {
    return { ok: true, podLink: nic.link };
  }
  const pair = yield* createVeth1(dp, input);
  if (!pair.ok) return pair;
  const netns = input.podNetns;
  const found = yield* step(dp.linkGet({ netns, name: EXCLUSIVE_VETH_NAME }), 'LinkByName veth1');
  if (!found.ok) return found;
  const veth1 = yield* nicSetup(dp, found.link, veth1Conf(input, pair.link.mac));
  if (!veth1.ok) return veth1;
  const host = yield* nicSetup(dp, pair.link, hostVethConf(input));
  if (!host.ok) return host;
  return { ok: true, podLink: nic.link, hostVeth: host.link };
}

/** CNI ADD for a pod on its own ENI; on failure, the NIC is handed back to the host. */
export function* setUpExclusiveEni(
  dp: NodeDatapath,
  input: ExclusiveEniSetUp,
): Coroutine<CniResult<ExclusiveEniSetUpDone>> {
  checkFamilies({ what: 'setUpExclusiveEni', podIps: input.podIps, gateways: input.gateways });
  const selector = 'index' in input.eni ? `index ${input.eni.index}` : `address ${input.eni.mac}`;
  const found = yield* step(dp.linkGet({ netns: '', ...input.eni }), `LinkBy ${selector}`);
  if (!found.ok) return found;
  const { mac, name, mtu, up } = found.link;
  const restore = { eniMac: mac, eniHostName: name, eniMtu: mtu, eniUp: up };
  const result = yield* configure(dp, input, found.link);
  if (result.ok) return { ...result, ...restore };
  const podNetns = input.podNetns;
  const rollback = { podNetns, ...restore };
  yield* tearDownExclusiveEni(dp, rollback);
  return result;
}

/** Finds the NIC by MAC in the pod, then in the host (where a failed set-up may have left it). */
function* findNic(dp: NodeDatapath, input: ExclusiveEniTearDown): LinkStep {
  const inPod = yield* step(dp.linkGet({ netns: input.podNetns, mac: input.eniMac }), 'LinkByMAC');
  if (inPod.ok || (inPod.errno !== 'ENODEV' && inPod.errno !== 'ENOENT')) return inPod;
  return yield* step(dp.linkGet({ netns: '', mac: input.eniMac }), 'LinkByMAC');
}

/** CNI DEL for a pod on its own ENI: `veth1` deleted, the NIC back in the host as it was. */
export function* tearDownExclusiveEni(
  dp: NodeDatapath,
  input: ExclusiveEniTearDown,
): Coroutine<CniResult> {
  const veth1 = { netns: input.podNetns, name: EXCLUSIVE_VETH_NAME };
  const gone = yield* removal(dp.linkDelete(veth1), 'LinkDel veth1', ['ENODEV', 'ENOENT']);
  if (!gone.ok) return gone;
  const nic = yield* findNic(dp, input);
  // Nowhere to be found: the cloud has detached it already.
  if (!nic.ok) return nic.errno === 'ENODEV' ? { ok: true } : nic;
  let link = nic.link;
  if (link.netns !== '') {
    const ref = { netns: link.netns, index: link.index };
    const down = yield* step(dp.linkSetDown(ref), `LinkSetDown ${link.name}`);
    if (!down.ok) return down;
    const temporary = temporaryLinkName(`${input.podNetns}/${input.eniMac}`);
    const renamed = yield* ensureLinkName(dp, down.link, temporary);
    if (!renamed.ok) return renamed;
    const back = yield* step(dp.linkSetNetns(ref, ''), `LinkSetNsFd ${temporary}`);
    if (!back.ok) return back;
    link = back.link;
  } else if (link.up) {
    const down = yield* step(dp.linkSetDown({ netns: '', index: link.index }), 'LinkSetDown');
    if (!down.ok) return down;
    link = down.link;
  }
  const named = yield* ensureLinkName(dp, link, input.eniHostName);
  if (!named.ok) return named;
  const sized = yield* ensureLinkMtu(dp, named.link, input.eniMtu);
  if (!sized.ok) return sized;
  if (!input.eniUp) return { ok: true };
  const up = yield* ensureLinkUp(dp, sized.link);
  return up.ok ? { ok: true } : up;
}
