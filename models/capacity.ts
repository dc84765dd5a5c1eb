/**
 * How many pods a node's interfaces hold, per Terway mode, exactly as Terway and ACK compute it
 * (`terway.md` §1, `ack-node.md` §3):
 *
 * | mode | container pods |
 * |---|---|
 * | shared | `(EniQuantity − 1) × EniPrivateIpAddressQuantity` |
 * | shared + ERDMA | minus the ENIs given to ERDMA (`ERDMARes()`; one in centralized IPAM) |
 * | shared + IP prefix | `(EniQuantity − 1) × (EniPrivateIpAddressQuantity − 1) × 16` |
 * | shared + trunk | plus `EniTotalQuantity − EniQuantity` member-ENI pods (`aliyun/member-eni`) |
 * | exclusive | `EniQuantity − 1` (`aliyun/eni`) |
 * | Lingjun LENI | `(LeniQuota − 1) × LeniSipQuota` shared, `LeniQuota − 1` exclusive |
 * | Lingjun high density | `HdeniQuota` / `EniHighDenseQuantity`, exclusive only, no minus one |
 *
 * The primary ENI (eth0) never carries pods; each secondary ENI's own primary address does,
 * which is why the shared formula multiplies by the full per-ENI quota.
 */
import { diagnostic, DiagnosticCode, type Diagnostic } from './diagnostics.js';
import { setsEniCap, type EniConf } from './eniConf.js';
import { terwayMaxEni } from './poolSizing.js';
import { isHighDensity, type InstanceType } from './instanceType.js';

/** Terway's ENI mode for a node: shared ENI (multi-IP) or exclusive ENI (`eniOnly`). */
export type EniMode = 'shared' | 'exclusive';

/**
 * Which allocator sizes the node: the per-node daemon pool (`daemon/config.go`) or centralized
 * IPAM in the controlplane (`ipam_type: crd`, always for Lingjun). They differ in what they
 * honour: the daemon applies `max_eni`/`eni_cap_*` and sets aside `ERDMARes()` ENIs for ERDMA;
 * the controller sizes from `EniQuantity − 1` and sets aside exactly one ERDMA ENI.
 */
export type IpamPath = 'daemon' | 'centralized';

/**
 * The interface API a node uses, as Terway's `k8s.aliyun.com/eno-api` annotation names it:
 * `ecs` for ECS and ECS-link Lingjun nodes, `leni` for Lingjun LENIs, `hdeni` and `ecs-hdeni`
 * for Lingjun high-density interfaces.
 */
export type EniApi = 'ecs' | 'leni' | 'hdeni' | 'ecs-hdeni';

/** A node's interface limits as Terway's `Limits` holds them: what the allocator obeys. */
export interface NodeEniLimits {
  readonly eniApi: EniApi;
  /** `Adapters`: interfaces including the primary (the high-density count for `*hdeni`). */
  readonly eniQuantity: number;
  /** `IPv4PerAdapter` (1 for LENI high-density interfaces). */
  readonly ipv4PerEni: number;
  /** `IPv6PerAdapter`; `null` when the catalog does not say. */
  readonly ipv6PerEni: number | null;
  /** `TotalAdapters` (`EniTotalQuantity`); `null` when unknown. */
  readonly eniTotalQuantity: number | null;
  /**
   * `MemberAdapterLimit`: `EniTotalQuantity − EniQuantity`, or 0 when the type does not support
   * trunking; `null` when the catalog does not say.
   */
  readonly memberEniLimit: number | null;
  /** `ERDMARes()`: ENIs that can serve ERDMA; `null` when `EriQuantity` is unknown. */
  readonly erdmaEniLimit: number | null;
}

/** Terway's `MultiIPPod()`: `(Adapters − 1) × IPv4PerAdapter`, never below 0. */
export function multiIpPods(adapters: number, ipv4PerEni: number): number {
  return Math.max(adapters - 1, 0) * ipv4PerEni;
}

/** Terway's `ExclusiveENIPod()`: `Adapters − 1`, never below 0. */
export function exclusiveEniPods(adapters: number): number {
  return Math.max(adapters - 1, 0);
}

/** IP prefix mode: `(Adapters − 1) × (IPv4PerAdapter − 1) × 16` (one /28 = 16 per prefix slot). */
export function ipPrefixPods(adapters: number, ipv4PerEni: number): number {
  return Math.max(adapters - 1, 0) * Math.max(ipv4PerEni - 1, 0) * 16;
}

/**
 * Terway's `ERDMARes()`: 0 when the type has no ERDMA interface or at most 2 ENIs; at most 2 on
 * multi-NIC types (8+ ENIs); otherwise at most 1. `null` when `EriQuantity` is unknown.
 */
export function erdmaEniLimit(adapters: number, eriQuantity: number | null): number | null {
  if (eriQuantity === null) return null;
  if (eriQuantity <= 0 || adapters <= 2) return 0;
  return adapters >= 8 ? Math.min(2, eriQuantity) : Math.min(1, eriQuantity);
}

/** `MemberAdapterLimit` of a type (see {@link NodeEniLimits.memberEniLimit}). */
export function memberEniLimit(type: InstanceType): number | null {
  if (type.platform === 'lingjun') return 0;
  if (type.trunkSupported === null || type.eniTotalQuantity === null) return null;
  if (!type.trunkSupported) return 0;
  return Math.max(type.eniTotalQuantity - type.eniQuantity, 0);
}

/**
 * The interface API and limits Terway's node controller derives for a type in a mode. A LENI node
 * switches to high-density interfaces only in exclusive mode; an ECS-link node with high-density
 * interfaces uses them in any mode (and Terway refuses it unless exclusive).
 */
export function nodeEniLimits(type: InstanceType, mode: EniMode): NodeEniLimits {
  const common = {
    ipv6PerEni: type.ipv6PerEni,
    eniTotalQuantity: type.eniTotalQuantity,
    memberEniLimit: memberEniLimit(type),
  };
  if (type.platform === 'ecs') {
    return {
      ...common,
      eniApi: 'ecs',
      eniQuantity: type.eniQuantity,
      ipv4PerEni: type.ipv4PerEni,
      erdmaEniLimit: erdmaEniLimit(type.eniQuantity, type.eriQuantity),
    };
  }
  const highDensity =
    isHighDensity(type) && (type.lingjunApi === 'ecs-link' || mode === 'exclusive');
  if (!highDensity) {
    return {
      ...common,
      eniApi: type.lingjunApi === 'leni' ? 'leni' : 'ecs',
      eniQuantity: type.eniQuantity,
      ipv4PerEni: type.ipv4PerEni,
      erdmaEniLimit: 0,
    };
  }
  const count = type.highDensityQuantity ?? 0;
  return {
    ...common,
    eniApi: type.lingjunApi === 'leni' ? 'hdeni' : 'ecs-hdeni',
    eniQuantity: count,
    eniTotalQuantity: count,
    ipv4PerEni: type.lingjunApi === 'leni' ? 1 : type.ipv4PerEni,
    erdmaEniLimit: 0,
  };
}

/** Which allocator sizes the node: centralized for Lingjun and `ipam_type: crd`, else daemon. */
export function ipamPathOf(type: InstanceType, conf: EniConf): IpamPath {
  return type.platform === 'lingjun' || conf.ipamType === 'crd' ? 'centralized' : 'daemon';
}

/** What the user asks of a node's network. */
export interface PodCapacityRequest {
  readonly mode: EniMode;
  readonly trunk: boolean;
  readonly ipPrefix: boolean;
  readonly erdma: boolean;
  readonly conf: EniConf;
}

/** The ENI-limited pod counts of a node, and what was switched off or unknown on the way. */
export interface PodCapacity {
  readonly limits: NodeEniLimits;
  readonly ipam: IpamPath;
  /** Whether each feature is on as Terway would run it (asked for, and possible here). */
  readonly trunk: boolean;
  readonly ipPrefix: boolean;
  readonly erdma: boolean;
  /** Secondary ENIs that serve pods after caps and ERDMA; `null` when ERDMA's share is unknown. */
  readonly podEnis: number | null;
  /** The ENI-limited pod count of the mode (`aliyun/eni` in exclusive mode). */
  readonly containerPods: number | null;
  /** Member-ENI pods (`aliyun/member-eni`): 0 without trunk, `null` when the quota is unknown. */
  readonly memberEniPods: number | null;
  /** The `aliyun/erdma` resource: 0 without ERDMA, `null` when `EriQuantity` is unknown. */
  readonly erdmaPods: number | null;
  /** ACK's shared-mode formula for the type (the `> 11` rule and kubelet max-pods use it). */
  readonly sharedPodLimit: number;
  /**
   * ACK's exclusive-mode formula for the type (the `> 6` rule uses it): `EniQuantity − 1`, or the
   * high-density quota of a Lingjun high-density type.
   */
  readonly exclusivePodLimit: number;
  /**
   * With IP prefix, what Terway's controller writes to `k8s.aliyun.com/max-available-ip`:
   * `(IPv4PerAdapter − 1) × 16 × (EniTotalQuantity − 1)`; `null` when unknown or not in prefix mode.
   */
  readonly ipPrefixAnnotation: number | null;
  readonly warnings: readonly Diagnostic[];
  readonly notes: readonly Diagnostic[];
}

interface Features {
  readonly trunk: boolean;
  readonly ipPrefix: boolean;
  readonly erdma: boolean;
}

/** Drops the features this node cannot run, with a warning for each. */
function effectiveFeatures(
  type: InstanceType,
  request: PodCapacityRequest,
  limits: NodeEniLimits,
  warnings: Diagnostic[],
): Features {
  let { trunk, ipPrefix, erdma } = request;
  const lingjun = type.platform === 'lingjun';
  const W = DiagnosticCode;
  if (trunk && lingjun) {
    warnings.push(diagnostic(W.lingjunNoTrunk, 'Lingjun nodes have no trunk ENI; trunk is off'));
    trunk = false;
  } else if (trunk && request.mode === 'exclusive') {
    const text =
      'trunk is disabled on exclusive-ENI nodes (Terway: "instance is at exclusive eni mode, trunk is disabled")';
    warnings.push(diagnostic(W.trunkDisabledExclusive, text));
    trunk = false;
  } else if (trunk && limits.memberEniLimit === null) {
    const text = `${type.id}: EniTotalQuantity/EniTrunkSupported unknown, so member-ENI pods are unknown`;
    warnings.push(diagnostic(W.trunkQuotaUnknown, text));
  } else if (trunk && limits.memberEniLimit === 0) {
    const text = `${type.id} cannot trunk (EniTrunkSupported false or EniTotalQuantity ≤ EniQuantity); Terway leaves trunk off`;
    warnings.push(diagnostic(W.trunkNotSupported, text));
    trunk = false;
  }
  if (ipPrefix && lingjun) {
    warnings.push(
      diagnostic(W.lingjunNoIpPrefix, 'Lingjun nodes do not support IP prefix mode; prefix is off'),
    );
    ipPrefix = false;
  } else if (ipPrefix && request.mode === 'exclusive') {
    warnings.push(
      diagnostic(
        W.ipPrefixExclusive,
        'IP prefix mode applies to shared ENI mode only; ignored in exclusive mode',
      ),
    );
    ipPrefix = false;
  }
  if (erdma && lingjun) {
    warnings.push(
      diagnostic(
        W.lingjunNoErdma,
        'Lingjun nodes get no ERDMA interfaces from Terway; ERDMA is off',
      ),
    );
    erdma = false;
  } else if (erdma && limits.erdmaEniLimit === null) {
    const text = `${type.id}: EriQuantity unknown, so the ENIs Terway gives to ERDMA (0 to 2) are unknown`;
    warnings.push(diagnostic(W.erdmaQuotaUnknown, text));
  } else if (erdma && limits.erdmaEniLimit === 0) {
    const text = `${type.id} gets no ERDMA ENI (EriQuantity ${type.eriQuantity ?? 0}, ${type.eniQuantity} ENIs; ERDMA needs EriQuantity > 0 and more than 2 ENIs)`;
    warnings.push(diagnostic(W.erdmaNotAvailable, text));
    erdma = false;
  }
  return { trunk, ipPrefix, erdma };
}

/** ENIs set aside for ERDMA: `ERDMARes()` in the daemon, one in centralized IPAM. */
function erdmaEnisOf(features: Features, limits: NodeEniLimits, ipam: IpamPath): number | null {
  if (!features.erdma) return 0;
  if (limits.erdmaEniLimit === null) return null;
  return ipam === 'daemon' ? limits.erdmaEniLimit : Math.min(1, limits.erdmaEniLimit);
}

/** The pod-serving secondary ENIs before ERDMA: capped by `eni_conf` in the daemon path. */
function secondaryEnisOf(limits: NodeEniLimits, ipam: IpamPath, conf: EniConf): number {
  if (limits.eniApi === 'hdeni' || limits.eniApi === 'ecs-hdeni') return limits.eniQuantity;
  return ipam === 'daemon'
    ? terwayMaxEni({ ...limits, highDensity: false }, conf)
    : exclusiveEniPods(limits.eniQuantity);
}

/** Computes a node's ENI-limited pod counts for a mode and feature set. */
export function podCapacity(type: InstanceType, request: PodCapacityRequest): PodCapacity {
  const limits = nodeEniLimits(type, request.mode);
  const ipam = ipamPathOf(type, request.conf);
  const warnings: Diagnostic[] = [];
  const notes: Diagnostic[] = [];
  const features = effectiveFeatures(type, request, limits, warnings);
  if (ipam === 'centralized' && type.platform === 'ecs' && setsEniCap(request.conf)) {
    const text =
      'max_eni/eni_cap_ratio/eni_cap_shift size the per-node daemon pool only; centralized IPAM (ipam_type crd) uses EniQuantity − 1';
    warnings.push(diagnostic(DiagnosticCode.eniCapIgnored, text));
  }
  const secondary = secondaryEnisOf(limits, ipam, request.conf);
  const quotaEnis = exclusiveEniPods(limits.eniQuantity);
  if (ipam === 'daemon' && secondary > quotaEnis) {
    const text = `Terway sizes the pool for ${secondary} secondary ENIs (int(Adapters × eni_cap_ratio) + eni_cap_shift − 1) and advertises their pods, but ECS attaches at most ${quotaEnis} (EniQuantity ${limits.eniQuantity} − 1): the ENIs beyond fail with EniPerInstanceLimitExceeded and their pods wait in network set-up`;
    warnings.push(diagnostic(DiagnosticCode.eniQuotaBelowEniCap, text));
  }
  const erdmaEnis = erdmaEnisOf(features, limits, ipam);
  const podEnis = erdmaEnis === null ? null : Math.max(secondary - erdmaEnis, 0);
  const highDensity = limits.eniApi === 'hdeni' || limits.eniApi === 'ecs-hdeni';
  let containerPods: number | null = null;
  if (highDensity && request.mode === 'shared') {
    // Terway refuses a high-density node outside exclusive mode: it serves no pods.
    containerPods = 0;
  } else if (podEnis !== null) {
    if (request.mode === 'exclusive') containerPods = podEnis;
    else if (features.ipPrefix) containerPods = ipPrefixPods(podEnis + 1, limits.ipv4PerEni);
    else containerPods = multiIpPods(podEnis + 1, limits.ipv4PerEni);
  }
  let ipPrefixAnnotation: number | null = null;
  if (features.ipPrefix) {
    ipPrefixAnnotation =
      limits.eniTotalQuantity === null
        ? null
        : ipPrefixPods(limits.eniTotalQuantity, limits.ipv4PerEni);
    const figure =
      ipPrefixAnnotation === null
        ? 'unknown here (EniTotalQuantity unknown)'
        : String(ipPrefixAnnotation);
    const text = `containerPods uses EniQuantity: (E−1)×(IPv4PerENI−1)×16; Terway's controller annotation k8s.aliyun.com/max-available-ip uses EniTotalQuantity instead: ${figure}`;
    notes.push(diagnostic(DiagnosticCode.ipPrefixAnnotation, text));
  }
  const erdmaRes = limits.erdmaEniLimit;
  let erdmaPods: number | null = 0;
  if (features.erdma) {
    erdmaPods =
      erdmaRes === null
        ? null
        : request.mode === 'exclusive'
          ? erdmaRes
          : erdmaRes * limits.ipv4PerEni;
  }
  return {
    limits,
    ipam,
    ...features,
    podEnis,
    containerPods,
    memberEniPods: features.trunk ? limits.memberEniLimit : 0,
    erdmaPods,
    sharedPodLimit: multiIpPods(type.eniQuantity, type.ipv4PerEni),
    exclusivePodLimit: isHighDensity(type)
      ? (type.highDensityQuantity ?? 0)
      : exclusiveEniPods(type.eniQuantity),
    ipPrefixAnnotation,
    warnings,
    notes,
  };
}
