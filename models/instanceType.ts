/**
 * An instance type as the capacity formulas see it: the ENI quotas Terway reads (for ECS from
 * DescribeInstanceTypes, for Lingjun from the EFLO APIs) and the nominal CPU and memory ACK sizes
 * its reservations from.
 *
 * Unknown is not zero: a figure the source did not give is `null`, and every formula that needs
 * it says so instead of computing with 0. Only 19 catalog types carry `EniTotalQuantity`, and 160
 * lack `EniIpv6AddressQuantity`; a silent 0 there would tell a planner "no trunk pods" or "no
 * dual-stack" when the truth is "nobody published the figure".
 */

/** Where a node runs: an ECS instance, or a Lingjun (EFLO) GPU node. */
export type Platform = 'ecs' | 'lingjun';

/**
 * Which EFLO API a Lingjun type's quotas came from, as Terway's node controller distinguishes
 * them (`pkg/controller/node/node.go handleEFLO`): `leni` is the legacy LENI API
 * (GetNodeInfoForPod: LeniQuota, LeniSipQuota, HdeniQuota); `ecs-link` is a newer node that uses
 * ECS ENIs, sized by eflo-controller DescribeNodeType.
 */
export type LingjunApi = 'leni' | 'ecs-link';

/** One instance type, normalised from whichever API shape described it. */
export interface InstanceType {
  /** `InstanceTypeId`, e.g. `ecs.c7.4xlarge` or `efg2.C48eNH3ebn`. */
  readonly id: string;
  readonly platform: Platform;
  /** For Lingjun types only: which EFLO API the quotas came from. */
  readonly lingjunApi: LingjunApi | null;
  /** `InstanceTypeFamily`, when given. */
  readonly family: string | null;
  /** `CpuCoreCount`: vCPUs. */
  readonly cpuCores: number | null;
  /** `MemorySize`: nominal memory in GiB (fractional for a few small and vGPU types). */
  readonly memoryGiB: number | null;
  /**
   * Network interfaces the node may hold, the primary included: `EniQuantity` (ECS and
   * DescribeNodeType) or `LeniQuota` (GetNodeInfoForPod). Terway's `Limits.Adapters`.
   */
  readonly eniQuantity: number;
  /**
   * Private IPv4 addresses per interface, its primary address included: `EniPrivateIpAddressQuantity`
   * or `LeniSipQuota` (alias `LniSipQuota`). Terway's `Limits.IPv4PerAdapter`.
   */
  readonly ipv4PerEni: number;
  /** `EniIpv6AddressQuantity`; `null` when the source does not say. Lingjun has no IPv6 (0). */
  readonly ipv6PerEni: number | null;
  /** `EniTotalQuantity`: all interfaces including trunk member ENIs; `null` when unknown. */
  readonly eniTotalQuantity: number | null;
  /** `EniTrunkSupported`; `null` when unknown. */
  readonly trunkSupported: boolean | null;
  /** `EriQuantity`: elastic RDMA interfaces; `null` when unknown. */
  readonly eriQuantity: number | null;
  /**
   * High-density interfaces of a Lingjun node: `HdeniQuota` or `EniHighDenseQuantity`; `null`
   * when not given (and always for ECS).
   */
  readonly highDensityQuantity: number | null;
  /** Where the figures came from (the catalog's `source`, or the user's file). */
  readonly source: string | null;
}

/**
 * Whether a Lingjun node runs on high-density interfaces, as Terway's controller decides: the
 * LENI API when `LeniQuota ≤ 1` and `HdeniQuota > 0`, the ECS-link API when `EniQuantity ≤ 1` and
 * `EniHighDenseQuantity > 0`. Such a node must be in exclusive mode. Always false for ECS.
 */
export function isHighDensity(type: InstanceType): boolean {
  if (type.platform !== 'lingjun') return false;
  return type.eniQuantity <= 1 && (type.highDensityQuantity ?? 0) > 0;
}
