/**
 * A pod's network request as the allocator receives it (a CNI ADD after the Terway webhook has
 * decided the pod's network), and the outcome it gets back.
 */
import { US_PER_SECOND } from '../contracts/clock.js';
import type { VSwitchSelectPolicy } from '../../models/podNetworking.js';

/**
 * What the pod asked for: a shared address from the node's pool, its own ENI (`aliyun/eni`, an
 * exclusive-ENI node or `eniType: ENI`), or a trunk member ENI (`aliyun/member-eni`).
 */
export type PodNetworkKind = 'shared' | 'exclusive' | 'member';

/** PodNetworking `allocationType: Fixed` (StatefulSet pods only): keep the ENI for the pod name. */
export interface FixedIpPolicy {
  /** `TTL`: release `releaseAfterUs` after the pod was last seen; `Never`: keep it. */
  readonly releaseStrategy: 'TTL' | 'Never';
  /** `releaseAfter` for TTL (Terway documents a 5 min minimum). */
  readonly releaseAfterUs: number;
}

/** The documented minimum of a Fixed TTL. */
export const FIXED_IP_MIN_TTL_US = 300 * US_PER_SECOND;

/** One pod's request. */
export interface PodRequest {
  readonly namespace: string;
  readonly name: string;
  /** The pod's UID: a recreated pod with the same name has a new one. */
  readonly uid: string;
  readonly kind: PodNetworkKind;
  /**
   * Owned by a StatefulSet (or a `custom_stateful_workload_kinds` kind, or annotated
   * `k8s.aliyun.com/pod-ip-reservation`): in shared mode its address is kept for 5 min after the
   * pod goes and handed back when a pod of the same name returns.
   */
  readonly stateful?: boolean;
  /** Exclusive/member pods of a Fixed PodNetworking. */
  readonly fixedIp?: FixedIpPolicy;
  /** A PodNetworking's `vSwitchOptions` (else the node's eni-config vSwitches). */
  readonly vSwitchIds?: readonly string[];
  /**
   * How the pod controller picks the ENI's vSwitch among `vSwitchIds`: the pod network's
   * `vSwitchSelectOptions` (`ordered` when absent, the CRD's default and the fall-back path's
   * `GetOne` without options, `pod_controller.go:parse`).
   */
  readonly vSwitchSelectionPolicy?: VSwitchSelectPolicy;
  /** A PodNetworking's `securityGroupIDs` (else the node's). */
  readonly securityGroupIds?: readonly string[];
  /**
   * `namespace/name` when the caller already holds that string (it must be exactly that). The
   * allocators look pods up by it several times per CNI ADD and DEL; one string reused for every
   * lookup is hashed once, where a string built per call is hashed per call.
   */
  readonly key?: string;
}

/** `namespace/name`, the key Terway tracks pods by (the request's own `key` when it has one). */
export function podKey(pod: {
  readonly namespace: string;
  readonly name: string;
  readonly key?: string;
}): string {
  return pod.key ?? `${pod.namespace}/${pod.name}`;
}

/** Whether `key` is `namespace/name` (compared in place: this runs on every CNI ADD). */
function isKeyOf(key: string, namespace: string, name: string): boolean {
  return (
    key.length === namespace.length + 1 + name.length &&
    key.startsWith(namespace) &&
    key.charCodeAt(namespace.length) === 0x2f && // '/'
    key.endsWith(name)
  );
}

/** Throws a RangeError naming the field unless the request is well formed. */
export function checkPodRequest(pod: PodRequest): void {
  if (pod.namespace.length === 0 || pod.name.length === 0) {
    throw new RangeError(`pod request needs a namespace and a name, got "${podKey(pod)}"`);
  }
  if (pod.key !== undefined && !isKeyOf(pod.key, pod.namespace, pod.name)) {
    throw new RangeError(
      `pod request key "${pod.key}" is not its namespace/name "${pod.namespace}/${pod.name}"`,
    );
  }
  if (pod.fixedIp !== undefined) {
    if (pod.kind === 'shared') {
      throw new RangeError(`pod ${podKey(pod)}: Fixed allocation needs an exclusive or member ENI`);
    }
    if (pod.stateful !== true) {
      throw new RangeError(
        `pod ${podKey(pod)}: Fixed allocation is denied for pods without a fixed name`,
      );
    }
    const { releaseStrategy, releaseAfterUs } = pod.fixedIp;
    if (
      releaseStrategy === 'TTL' &&
      (!Number.isSafeInteger(releaseAfterUs) || releaseAfterUs < FIXED_IP_MIN_TTL_US)
    ) {
      throw new RangeError(
        `pod ${podKey(pod)}: Fixed TTL releaseAfter must be ≥ 5m, got ${releaseAfterUs} µs`,
      );
    }
  }
}

/** Why a pod got no network. */
export type AllocationFailureReason =
  /** The vSwitch has no free address (InvalidVSwitchId.IpNotEnough / QuotaExceeded...). */
  | 'VSwitchExhausted'
  /** The instance has no ENI slot left (EniPerInstanceLimitExceeded, or every slot used). */
  | 'EniLimit'
  /** Every usable ENI is full: the node's shared address capacity is used up. */
  | 'IpLimit'
  /** The request waited past its deadline (the daemon RPC's 118 s, or the PodENI wait). */
  | 'Timeout'
  /** Another cloud error ended the attempt. */
  | 'CloudError'
  /** The node cannot serve this kind of request (no trunk, wrong mode). */
  | 'Unsupported'
  /** The datapath refused a step of the pod's set-up (a kernel error). */
  | 'DatapathError'
  /** The pod was released while it waited. */
  | 'Cancelled';

/** A pod's allocation outcome. */
export type AllocationResult =
  | {
      readonly ok: true;
      readonly kind: 'shared' | 'exclusive' | 'member';
      /** Null only in an IPv6-only stack, which enisim does not model. */
      readonly ipv4: string | null;
      /** Set exactly when the node runs dual-stack. */
      readonly ipv6: string | null;
      readonly eniId: string;
      readonly vSwitchId: string;
      /** The pod got back an address or ENI kept for its name. */
      readonly reused: boolean;
      /** The request was answered without waiting for the cloud. */
      readonly warm: boolean;
    }
  | { readonly ok: false; readonly reason: AllocationFailureReason; readonly message: string };

/**
 * CNI ADD's outcome: the allocation's, and on success how long the datapath set-up took after
 * the address was held (the rest of the call was the wait for the address).
 */
export type CniAddResult =
  | (Extract<AllocationResult, { ok: true }> & { readonly datapathUs: number })
  | Extract<AllocationResult, { ok: false }>;

/** The outcome of a release. */
export type ReleaseResult =
  | { readonly ok: true; readonly kept: boolean }
  | { readonly ok: false; readonly reason: 'NotFound'; readonly message: string };
