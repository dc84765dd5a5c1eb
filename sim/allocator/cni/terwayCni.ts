/**
 * The allocator's `CniSequences` over a `NodeDatapath`: Terway's datapaths chosen per pod as
 * `getDatePath` chooses them for the modes the allocator runs (shared ENI → veth policy routing,
 * exclusive ENI → ExclusiveENI).
 *
 * It also plays the container runtime's part: CNI ADD gets a fresh network namespace for the pod
 * (`cni-` and a hash of the pod key, as containerd names them `cni-<id>`), and CNI DEL deletes it
 * after the datapath is torn down. The physical device of an ENI must already be in the host
 * namespace when the allocator brings the ENI up: in the simulator, whoever completes the attach
 * plugs it (`MemoryDatapath.plugDevice`).
 *
 * Left out: trunk member pods (Terway's `Vlan` datapath needs the member's VLAN id and VLAN links,
 * which the test kernels lack); their set-up and tear-down configure nothing.
 */
import { createHash } from 'node:crypto';
import type { NodeDatapath } from '../../contracts/datapath.js';
import type { Coroutine } from '../../contracts/operation.js';
import type { CniOutcome, CniSequences, PodNetwork } from '../cniSequences.js';
import type { EniRecord } from '../eniRecord.js';
import type { CniFailure, ExclusiveEniRestore, FamilyPair } from './cniTypes.js';
import { setUpExclusiveEni, tearDownExclusiveEni } from './exclusiveEni.js';
import { setUpPolicyRoute, tearDownPolicyRoute } from './policyRoute.js';
import { setUpSharedEni, tearDownSharedEni } from './sharedEni.js';
import { step } from './steps.js';
import { hostVethName, temporaryLinkName } from './terwayDatapath.js';

/** The node-wide settings the sequences need besides what the allocator hands them. */
export interface TerwayCniConfig {
  /** The gateways of a vSwitch, one per family it serves. */
  readonly gatewaysOf: (vSwitchId: string) => FamilyPair<string>;
  /** MTU of ENIs and veths, in bytes (Terway's default is the ENI's, 1500). */
  readonly mtu: number;
  /** The node's own addresses, put on each shared ENI (`HostIPSet`). */
  readonly nodeIps?: FamilyPair<string>;
  /** The cluster's service CIDRs, routed to the host from exclusive-ENI pods. */
  readonly serviceCidrs?: FamilyPair<string>;
  /** Host veth prefix (`veth_prefix`); `cali` when absent. */
  readonly vethPrefix?: string;
}

/** The network namespace the simulated runtime gives the pod `podKey` (`namespace/name`). */
export function podNetnsName(podKey: string): string {
  return `cni-${createHash('sha1').update(podKey).digest('hex').slice(0, 12)}`;
}

function podParts(podKey: string): { namespace: string; name: string } {
  const slash = podKey.indexOf('/');
  if (slash < 0) throw new RangeError(`pod key ${JSON.stringify(podKey)} is not namespace/name`);
  return { namespace: podKey.slice(0, slash), name: podKey.slice(slash + 1) };
}

function outcome(result: { readonly ok: true } | CniFailure): CniOutcome {
  return result.ok ? { ok: true } : { ok: false, message: `${result.step}: ${result.message}` };
}

function podIps(network: PodNetwork): FamilyPair<string> {
  return {
    ...(network.ipv4 === null ? {} : { ipv4: network.ipv4 }),
    ...(network.ipv6 === null ? {} : { ipv6: network.ipv6 }),
  };
}

/** Terway's datapaths as the allocator's CNI sequences. */
export function createTerwayCni(dp: NodeDatapath, config: TerwayCniConfig): CniSequences {
  // What each exclusive pod's NIC goes back to; CNI DEL needs it after ADD has returned.
  const restores = new Map<string, ExclusiveEniRestore>();
  const vethOf = (podKey: string): string =>
    hostVethName({
      ...podParts(podKey),
      ...(config.vethPrefix === undefined ? {} : { prefix: config.vethPrefix }),
    });
  const shared = (eni: EniRecord): boolean => eni.kind === 'secondary' || eni.kind === 'trunk';

  function* setUpEni(eni: EniRecord): Coroutine<CniOutcome> {
    if (!shared(eni)) return { ok: true };
    const result = yield* setUpSharedEni(dp, {
      eni: { mac: eni.macAddress },
      gateways: config.gatewaysOf(eni.vSwitchId),
      mtu: config.mtu,
      ...(config.nodeIps === undefined ? {} : { nodeIps: config.nodeIps }),
    });
    return outcome(result);
  }

  function* tearDownEni(eni: EniRecord): Coroutine<CniOutcome> {
    if (!shared(eni)) return { ok: true };
    const result = yield* tearDownSharedEni(dp, {
      eni: { mac: eni.macAddress },
      gateways: config.gatewaysOf(eni.vSwitchId),
      ...(config.nodeIps === undefined ? {} : { nodeIps: config.nodeIps }),
    });
    return outcome(result);
  }

  function* setUpPod(network: PodNetwork): Coroutine<CniOutcome> {
    if (network.kind === 'member') return { ok: true };
    const podNetns = podNetnsName(network.podKey);
    const created = yield* step(dp.netnsAdd(podNetns), `netns add ${podNetns}`);
    if (!created.ok && created.errno !== 'EEXIST') return outcome(created);
    const common = {
      podNetns,
      podIps: podIps(network),
      gateways: config.gatewaysOf(network.eni.vSwitchId),
      mtu: config.mtu,
      hostVethName: vethOf(network.podKey),
      eni: { mac: network.eni.macAddress },
    };
    if (network.kind === 'shared') {
      const nodeIps = config.nodeIps === undefined ? {} : { nodeIps: config.nodeIps };
      return outcome(yield* setUpPolicyRoute(dp, { ...common, ...nodeIps }));
    }
    const services = config.serviceCidrs === undefined ? {} : { serviceCidrs: config.serviceCidrs };
    const result = yield* setUpExclusiveEni(dp, { ...common, ...services });
    if (result.ok) {
      const { eniMac, eniHostName, eniMtu, eniUp } = result;
      restores.set(network.podKey, { eniMac, eniHostName, eniMtu, eniUp });
    }
    return outcome(result);
  }

  function* tearDownPod(network: PodNetwork): Coroutine<CniOutcome> {
    if (network.kind === 'member') return { ok: true };
    const podNetns = podNetnsName(network.podKey);
    let result: { readonly ok: true } | CniFailure;
    if (network.kind === 'shared') {
      const input = { hostVethName: vethOf(network.podKey), podIps: podIps(network) };
      result = yield* tearDownPolicyRoute(dp, input);
    } else {
      // Without a record (the set-up failed), the NIC keeps a temporary name until detached.
      const mac = network.eni.macAddress;
      const fallback = { eniMac: mac, eniHostName: temporaryLinkName(mac), eniMtu: config.mtu };
      const restore = restores.get(network.podKey) ?? { ...fallback, eniUp: false };
      result = yield* tearDownExclusiveEni(dp, { podNetns, ...restore });
      if (result.ok) restores.delete(network.podKey);
    }
    if (!result.ok) return outcome(result);
    const deleted = yield* step(dp.netnsDelete(podNetns), `netns del ${podNetns}`);
    if (!deleted.ok && deleted.errno !== 'ENOENT') return outcome(deleted);
    return { ok: true };
  }

  return { setUpEni, tearDownEni, setUpPod, tearDownPod };
}
