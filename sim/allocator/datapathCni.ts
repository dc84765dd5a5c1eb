/**
 * The allocator's {@link CniSequences} over a {@link NodeDatapath}, using Terway's datapath
 * sequences from `./cni/`: a new shared ENI gets its policy-routing table (`setUpSharedEni`), a
 * shared pod the veth policy-routing datapath (`setUpPolicyRoute`), an exclusive or member pod
 * its own ENI moved into its namespace (`setUpExclusiveEni`).
 *
 * Two things happen outside Terway and are passed in: the container runtime creates the pod's
 * network namespace before CNI ADD (here `netnsAdd`, and `netnsDelete` after CNI DEL), and the
 * cloud makes an attached ENI's device appear on the host (`onDeviceAttached`: the simulator
 * plugs it into the memory datapath; on a real node the kernel already has it).
 */
import type { NodeDatapath } from '../contracts/datapath.js';
import type { Coroutine } from '../contracts/operation.js';
import { wait } from '../contracts/operation.js';
import type { FamilyPair } from './cni/cniTypes.js';
import type { ExclusiveEniRestore } from './cni/cniTypes.js';
import { setUpExclusiveEni, tearDownExclusiveEni } from './cni/exclusiveEni.js';
import { setUpPolicyRoute, tearDownPolicyRoute } from './cni/policyRoute.js';
import { setUpSharedEni, tearDownSharedEni } from './cni/sharedEni.js';
import { hostVethName } from './cni/terwayDatapath.js';
import type { CniOutcome, CniSequences, PodNetwork } from './cniSequences.js';
import type { EniRecord } from './eniRecord.js';

/** What the datapath sequences need beyond the allocator's decisions. */
export interface DatapathCniOptions {
  readonly datapath: NodeDatapath;
  /** The vSwitch gateways of `vSwitchId` (from instance metadata on a real node). */
  readonly gateways: (vSwitchId: string) => FamilyPair<string>;
  /** The MTU of ENIs and veth pairs (default 1500). */
  readonly mtu?: number;
  /** The node's own addresses, put on each shared ENI (Terway's `HostIPSet`). */
  readonly nodeIps?: FamilyPair<string>;
  /** The cluster's service CIDRs, routed to the host from exclusive-ENI pods. */
  readonly serviceCidrs?: FamilyPair<string>;
  /** The ENI's device appears on the host (the simulator plugs it; a kernel already has it). */
  readonly onDeviceAttached?: (eni: EniRecord) => void;
  /** The ENI's device goes away after its detach. */
  readonly onDeviceDetached?: (eni: EniRecord) => void;
}

/** The pod's network namespace, named as a runtime would (`cni-<namespace>-<name>`). */
export function podNetnsName(podKey: string): string {
  return `cni-${podKey.replace(/[^A-Za-z0-9_.-]/g, '-')}`;
}

function familyPair(ipv4: string | null, ipv6: string | null): FamilyPair<string> {
  return { ...(ipv4 === null ? {} : { ipv4 }), ...(ipv6 === null ? {} : { ipv6 }) };
}

function outcome(result: { readonly ok: boolean; readonly message?: string }): CniOutcome {
  return result.ok ? { ok: true } : { ok: false, message: result.message ?? 'datapath failure' };
}

/** Builds the sequences for one node's datapath. */
export function createDatapathCni(options: DatapathCniOptions): CniSequences {
  const dp = options.datapath;
  const mtu = options.mtu ?? 1500;
  const plugged = new Set<string>();
  const restores = new Map<string, ExclusiveEniRestore>();
  const nodeIps = options.nodeIps === undefined ? {} : { nodeIps: options.nodeIps };

  const attach = (eni: EniRecord): void => {
    if (plugged.has(eni.id)) return;
    plugged.add(eni.id);
    options.onDeviceAttached?.(eni);
  };
  const detach = (eni: EniRecord): void => {
    if (!plugged.delete(eni.id)) return;
    options.onDeviceDetached?.(eni);
  };

  function* setUpEni(eni: EniRecord): Coroutine<CniOutcome> {
    attach(eni);
    const result = yield* setUpSharedEni(dp, {
      eni: { mac: eni.macAddress },
      gateways: options.gateways(eni.vSwitchId),
      mtu,
      ...nodeIps,
    });
    return outcome(result);
  }

  function* tearDownEni(eni: EniRecord): Coroutine<CniOutcome> {
    const result = yield* tearDownSharedEni(dp, {
      eni: { mac: eni.macAddress },
      gateways: options.gateways(eni.vSwitchId),
      ...nodeIps,
    });
    detach(eni);
    return outcome(result);
  }

  function* sandbox(podKey: string): Coroutine<CniOutcome> {
    const made = yield* wait(dp.netnsAdd(podNetnsName(podKey)));
    if (!made.ok && made.errno !== 'EEXIST') return { ok: false, message: made.message };
    return { ok: true };
  }

  function* setUpPod(network: PodNetwork): Coroutine<CniOutcome> {
    const ready = yield* sandbox(network.podKey);
    if (!ready.ok) return ready;
    const [namespace = '', name = ''] = network.podKey.split('/');
    const podNetns = podNetnsName(network.podKey);
    const podIps = familyPair(network.ipv4, network.ipv6);
    const gateways = options.gateways(network.eni.vSwitchId);
    const vethName = hostVethName({ namespace, name });
    if (network.kind === 'shared') {
      const result = yield* setUpPolicyRoute(dp, {
        podNetns,
        eni: { mac: network.eni.macAddress },
        gateways,
        mtu,
        ...nodeIps,
        podIps,
        hostVethName: vethName,
      });
      return outcome(result);
    }
    attach(network.eni);
    const result = yield* setUpExclusiveEni(dp, {
      podNetns,
      eni: { mac: network.eni.macAddress },
      podIps,
      gateways,
      mtu,
      hostVethName: vethName,
      ...(options.serviceCidrs === undefined ? {} : { serviceCidrs: options.serviceCidrs }),
    });
    if (!result.ok) return outcome(result);
    const { eniMac, eniHostName, eniMtu, eniUp } = result;
    restores.set(network.podKey, { eniMac, eniHostName, eniMtu, eniUp });
    return { ok: true };
  }

  function* tearDownPod(network: PodNetwork): Coroutine<CniOutcome> {
    const podNetns = podNetnsName(network.podKey);
    let result: CniOutcome;
    if (network.kind === 'shared') {
      const [namespace = '', name = ''] = network.podKey.split('/');
      result = outcome(
        yield* tearDownPolicyRoute(dp, {
          hostVethName: hostVethName({ namespace, name }),
          podIps: familyPair(network.ipv4, network.ipv6),
        }),
      );
    } else {
      const restore = restores.get(network.podKey);
      result =
        restore === undefined
          ? { ok: true }
          : outcome(yield* tearDownExclusiveEni(dp, { podNetns, ...restore }));
      restores.delete(network.podKey);
      // The controller detaches the ENI next: its device leaves the host.
      detach(network.eni);
    }
    const gone = yield* wait(dp.netnsDelete(podNetns));
    if (!gone.ok && gone.errno !== 'ENOENT' && result.ok)
      return { ok: false, message: gone.message };
    return result;
  }

  return { setUpEni, tearDownEni, setUpPod, tearDownPod };
}
