/**
 * The shared-ENI veth datapath with policy routing (terway.md §3.4 "PolicyRoute / veth",
 * `plugin/datapath/policy_router_linux.go`), in Terway's order:
 *
 * 1. find the ENI by index (or MAC); its table is 1000 + ifindex;
 * 2. `veth.Setup`: delete a leftover host veth of that name, create the pair with the pod end in
 *    the pod under a temporary name and the host end named `hostVethName`, rename the pod end to
 *    eth0;
 * 3. the pod (`nic.Setup` on eth0): MTU, `IP/32` (and `/128`), up, a permanent neighbour
 *    169.254.1.1 (fe80::1) → the host veth's MAC, `default via 169.254.1.1 dev eth0 onlink`
 *    (`::/0 via fe80::1 dev eth0 onlink`);
 * 4. the ENI (`sharedEniConf`, as `setUpSharedEni` configures it): MTU, node addresses, up, its
 *    table's default route;
 * 5. the host veth: MTU, up, `IP/32 dev hostveth scope link`, rules `to IP/32 lookup main pref
 *    512` and `from IP/32 lookup 1000+ifindex pref 2048` (both per family).
 *
 * Tear-down deletes the host veth (its pod end goes with it, and with them every route through
 * them) and the two rules per family; the ENI stays configured for its other pods. A set-up that
 * fails half-way is torn down again, so a dual-stack pod ends with both families or neither.
 * Left out: TC/EDT bandwidth, ERDMA, VLAN untagging (`StripVlan`), sysctls, extra routes.
 */
import type { LinkInfo, NodeDatapath } from '../../contracts/datapath.js';
import { RouteTable } from '../../contracts/datapath.js';
import type { Coroutine } from '../../contracts/operation.js';
import type {
  CniResult,
  PolicyRouteSetUp,
  PolicyRouteSetUpDone,
  PolicyRouteTearDown,
} from './cniTypes.js';
import type { NicConf } from './nicSetup.js';
import { nicSetup } from './nicSetup.js';
import { sharedEniConf } from './sharedEni.js';
import type { StepResult } from './steps.js';
import { checkFamilies, ensureLinkName, families, hostPrefix, removal, step } from './steps.js';
import {
  DEFAULT_CONTAINER_IF,
  derivedMac,
  FROM_CONTAINER_PRIORITY,
  linkAddressOf,
  routeTableForEni,
  temporaryLinkName,
  TO_CONTAINER_PRIORITY,
} from './terwayDatapath.js';

/** `veth.Setup`: a fresh pair, the pod end renamed to the pod interface. */
function* createVethPair(
  dp: NodeDatapath,
  input: PolicyRouteSetUp,
): Coroutine<StepResult<{ readonly podLink: LinkInfo }>> {
  const hostName = input.hostVethName;
  const leftover = yield* step(dp.linkGet({ netns: '', name: hostName }), `LinkByName ${hostName}`);
  if (leftover.ok) {
    const ref = { netns: '', index: leftover.link.index };
    const deleted = yield* step(dp.linkDelete(ref), `LinkDel ${hostName}`);
    if (!deleted.ok) return deleted;
  } else if (leftover.errno !== 'ENODEV') {
    return leftover;
  }
  const temporary = temporaryLinkName(`${input.podNetns}/${hostName}`);
  const spec = {
    netns: input.podNetns,
    name: temporary,
    peerNetns: '',
    peerName: hostName,
    mtu: input.mtu,
    mac: derivedMac(`${hostName}/pod`),
    peerMac: derivedMac(`${hostName}/host`),
  };
  const created = yield* step(dp.linkAddVeth(spec), `LinkAdd ${temporary} type veth`);
  if (!created.ok) return created;
  const ifName = input.containerIfName ?? DEFAULT_CONTAINER_IF;
  const renamed = yield* ensureLinkName(dp, created.link, ifName);
  if (!renamed.ok) return renamed;
  return { ok: true, podLink: renamed.link };
}

/** The pod end's configuration (`generateContCfgForPolicy`). */
function podConf(input: PolicyRouteSetUp, hostMac: string): NicConf {
  const present = families(input.podIps);
  return {
    mtu: input.mtu,
    addresses: present.map(({ value }) => hostPrefix(value)),
    neighbours: present.map(({ family }) => ({ address: linkAddressOf(family), mac: hostMac })),
    routes: present.map(({ family }) => ({
      dst: family === 4 ? '0.0.0.0/0' : '::/0',
      gateway: linkAddressOf(family),
      onlink: true,
    })),
  };
}

/** The host end's configuration (`generateHostPeerCfgForPolicy`). */
function hostVethConf(input: PolicyRouteSetUp, table: number): NicConf {
  const present = families(input.podIps);
  const rules = present.flatMap(({ family, value }) => {
    const prefix = hostPrefix(value);
    return [
      { family, to: prefix, table: RouteTable.main, priority: TO_CONTAINER_PRIORITY },
      { family, from: prefix, table, priority: FROM_CONTAINER_PRIORITY },
    ];
  });
  return {
    mtu: input.mtu,
    routes: present.map(({ value }) => ({ dst: hostPrefix(value), scope: 'link' as const })),
    rules,
  };
}

function* configure(
  dp: NodeDatapath,
  input: PolicyRouteSetUp,
): Coroutine<CniResult<PolicyRouteSetUpDone>> {
  const selector = 'index' in input.eni ? `index ${input.eni.index}` : `address ${input.eni.mac}`;
  const eni = yield* step(dp.linkGet({ netns: '', ...input.eni }), `LinkBy ${selector}`);
  if (!eni.ok) return eni;
  const table = routeTableForEni(eni.link.index);
  const pair = yield* createVethPair(dp, input);
  if (!pair.ok) return pair;
  const hostName = input.hostVethName;
  const host = yield* step(dp.linkGet({ netns: '', name: hostName }), `LinkByName ${hostName}`);
  if (!host.ok) return host;
  const pod = yield* nicSetup(dp, pair.podLink, podConf(input, host.link.mac));
  if (!pod.ok) return pod;
  const eniDone = yield* nicSetup(dp, eni.link, sharedEniConf(input, eni.link));
  if (!eniDone.ok) return eniDone;
  const hostVeth = yield* nicSetup(dp, host.link, hostVethConf(input, table));
  if (!hostVeth.ok) return hostVeth;
  return { ok: true, podLink: pod.link, hostVeth: hostVeth.link, table };
}

/** CNI ADD on the policy-routing datapath; on failure, what was done is torn down again. */
export function* setUpPolicyRoute(
  dp: NodeDatapath,
  input: PolicyRouteSetUp,
): Coroutine<CniResult<PolicyRouteSetUpDone>> {
  checkFamilies({ what: 'setUpPolicyRoute', podIps: input.podIps, gateways: input.gateways });
  const result = yield* configure(dp, input);
  if (result.ok) return result;
  yield* tearDownPolicyRoute(dp, { hostVethName: input.hostVethName, podIps: input.podIps });
  return result;
}

/** CNI DEL on the policy-routing datapath: the veth pair and the pod's rules. */
export function* tearDownPolicyRoute(
  dp: NodeDatapath,
  input: PolicyRouteTearDown,
): Coroutine<CniResult> {
  const hostName = input.hostVethName;
  const ref = { netns: '', name: hostName };
  const deleted = yield* removal(dp.linkDelete(ref), `LinkDel ${hostName}`, ['ENODEV']);
  if (!deleted.ok) return deleted;
  for (const { family, value } of families(input.podIps)) {
    const prefix = hostPrefix(value);
    const selectors = [
      { from: prefix, priority: FROM_CONTAINER_PRIORITY },
      { to: prefix, priority: TO_CONTAINER_PRIORITY },
    ];
    for (const selector of selectors) {
      const spec = { netns: '', family, ...selector };
      // Every matching rule goes, as Terway's FindIPRule-then-RuleDel loop removes them all.
      const rulesMax = 64;
      for (let attempt = 0; attempt < rulesMax; attempt += 1) {
        const gone = yield* step(
          dp.ruleDelete(spec),
          `RuleDel pref ${selector.priority} ${prefix}`,
        );
        if (gone.ok) continue;
        if (gone.errno === 'ENOENT') break;
        return gone;
      }
    }
  }
  return { ok: true };
}
