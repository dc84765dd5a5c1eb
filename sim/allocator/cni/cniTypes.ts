/**
 * The inputs and outcomes of the CNI datapath sequences (`setUp*`, `tearDown*`): plain data, so
 * the same sequences run against the memory datapath and a real kernel.
 *
 * Addresses are given in canonical form (IPv4 dotted quad, IPv6 as RFC 5952 prints it, which is
 * how the ECS API returns them): rules are compared with what the datapath lists.
 */
import type { DatapathErrno, LinkInfo } from '../../contracts/datapath.js';

/** One value per address family; a dual-stack pod has both, a single-stack pod one. */
export interface FamilyPair<T> {
  readonly ipv4?: T;
  readonly ipv6?: T;
}

/** How a sequence finds an ENI in the host namespace: by interface index or by MAC. */
export type EniSelector = { readonly index: number } | { readonly mac: string };

/** A failed sequence: the step that failed and the kernel's errno. */
export interface CniFailure {
  readonly ok: false;
  /** The step, named after Terway's netlink wrapper call (`LinkSetNsFd eth1`). */
  readonly step: string;
  readonly errno: DatapathErrno;
  readonly message: string;
}

/** A successful sequence. */
export interface CniOk {
  readonly ok: true;
}

/** The outcome of a sequence: success with its payload, or the failed step. */
export type CniResult<T extends object = CniOk> = (CniOk & T) | CniFailure;

/** Where a pod's network lives: its namespace and interface name. */
export interface PodInterface {
  /** The pod's network namespace (a name under `/run/netns`). */
  readonly podNetns: string;
  /** The interface inside the pod; `eth0` when absent. */
  readonly containerIfName?: string;
}

/** CNI ADD for a pod on its own ENI (terway.md §3.3 step 6, `ExclusiveENI.Setup`). */
export interface ExclusiveEniSetUp extends PodInterface {
  /** The ENI's device in the host namespace (Terway passes its index). */
  readonly eni: EniSelector;
  /** The pod's addresses, without prefix length. */
  readonly podIps: FamilyPair<string>;
  /** The vSwitch gateways, one per family the pod has. */
  readonly gateways: FamilyPair<string>;
  /** MTU of the ENI and the veth pair, in bytes. */
  readonly mtu: number;
  /** The host end of the `veth1` pair (see `hostVethName`). */
  readonly hostVethName: string;
  /** The cluster's service CIDRs, routed to the host through `veth1`. */
  readonly serviceCidrs?: FamilyPair<string>;
  /** Extra CIDRs served by the host network stack, routed through `veth1`. */
  readonly hostStackCidrs?: readonly string[];
}

/** What a torn-down exclusive ENI goes back to: its name, MTU and up flag in the host. */
export interface ExclusiveEniRestore {
  readonly eniMac: string;
  readonly eniHostName: string;
  readonly eniMtu: number;
  readonly eniUp: boolean;
}

/** CNI DEL for a pod on its own ENI. */
export interface ExclusiveEniTearDown extends PodInterface, ExclusiveEniRestore {}

/** The payload of a successful exclusive set-up. */
export interface ExclusiveEniSetUpDone extends ExclusiveEniRestore {
  /** The ENI as it is in the pod (its index may differ from the host's). */
  readonly podLink: LinkInfo;
  /** The host end of the `veth1` pair, absent when the pod interface is not `eth0`. */
  readonly hostVeth?: LinkInfo;
}

/** Configuration of a shared ENI on the host (policy-routing datapath). */
export interface SharedEniConfig {
  readonly eni: EniSelector;
  /** The vSwitch gateways, one per family the node serves. */
  readonly gateways: FamilyPair<string>;
  /** MTU of the ENI, in bytes. */
  readonly mtu: number;
  /** The node's own addresses, put on the ENI as /32 and /128 (Terway's `HostIPSet`). */
  readonly nodeIps?: FamilyPair<string>;
}

/** Undoing a shared ENI's configuration before it is detached. */
export interface SharedEniTearDown {
  readonly eni: EniSelector;
  readonly gateways: FamilyPair<string>;
  readonly nodeIps?: FamilyPair<string>;
  /** The MTU to give the device back; unchanged when absent. */
  readonly restoreMtu?: number;
}

/** The payload of a successful shared-ENI set-up. */
export interface SharedEniSetUpDone {
  readonly eni: LinkInfo;
  /** The ENI's policy-routing table, 1000 + its index. */
  readonly table: number;
}

/** CNI ADD for a pod with addresses of a shared ENI (terway.md §3.4, `PolicyRoute.Setup`). */
export interface PolicyRouteSetUp extends PodInterface, SharedEniConfig {
  readonly podIps: FamilyPair<string>;
  /** The host end of the pod's veth pair (see `hostVethName`). */
  readonly hostVethName: string;
}

/** CNI DEL for a pod of the policy-routing datapath. */
export interface PolicyRouteTearDown {
  readonly hostVethName: string;
  readonly podIps: FamilyPair<string>;
}

/** The payload of a successful policy-routing set-up. */
export interface PolicyRouteSetUpDone {
  readonly podLink: LinkInfo;
  readonly hostVeth: LinkInfo;
  readonly table: number;
}
