/**
 * Capacity → Allocatable as ACK's kubelet computes it (`ack-node.md` §1–§2), exact to the KiB
 * and the millicore: `Allocatable = Capacity − (kubeReserved + systemReserved) − hard eviction`.
 *
 * Three reservation policies:
 * - `1.28` (Kubernetes 1.28 and later, the default): CPU by GKE-style tiers (6% of the first
 *   core, 1% of the second, 0.5% of cores 3–4, 0.25% above 4); memory
 *   `min(11 × maxPods + 255 MiB, 25% of MemTotal)`.
 * - `1.20` (Kubernetes 1.20–1.27): CPU 100m up to 4 cores, then 2.5% / 1.25% / 0.5% per core
 *   above 4 / 64 / 128; memory 25% / 20% / 10% / 6% / 2% of the memory up to 4 / 8 / 16 / 128 GiB
 *   / beyond, each tier floored to whole MiB before they are added (flooring only the total does
 *   not reproduce ACK's table).
 * - `legacy` (the oldest nodes): no CPU reservation, 300Mi system + 400Mi kube memory.
 *
 * Hard eviction is ACK's own default, `memory.available<300Mi` (not Kubernetes' 100Mi) and
 * `nodefs.available<10%`, the latter computed as kubelet does with a float32 percentage.
 * Negative results are clamped to 0, as kubelet clamps them.
 */

/** Which ACK reservation policy a node was configured with. */
export type ReservationPolicy = '1.28' | '1.20' | 'legacy';

/** ACK's `memory.available<300Mi` hard-eviction threshold, in KiB. */
export const EVICTION_MEMORY_KI = 300 * 1024;

/**
 * kubelet's `nodefs.available<10%`: the percentage is a Go float32, so the fraction really used
 * is `float32(0.1)` = 0.100000001490116…, widened to float64 for the multiplication.
 */
export const NODEFS_EVICTION_FRACTION = Math.fround(0.1);

/**
 * MemTotal of the seed's node: a nominal 32 GiB ecs.c7.4xlarge reports 31555380Ki. The kernel
 * never sees all of the nominal memory (firmware, the kernel image, `struct page` arrays, the
 * crash kernel), and no public table gives MemTotal per type. We scale by this one measured ratio
 * (94.04%): it reproduces the seed exactly, and on larger nodes it errs on the low side, which
 * under-promises Allocatable rather than over-promising it.
 */
export const REFERENCE_MEM_TOTAL = { nominalGiB: 32, memTotalKi: 31555380 } as const;

/**
 * The ephemeral-storage capacity of the seed's node (ACK's default 120 GiB system disk, as the
 * filesystem reports it): used when the real figure is not given.
 */
export const DEFAULT_EPHEMERAL_KI = 123460788;

/**
 * Estimates MemTotal in KiB from a nominal size in GiB:
 * `floor(nominalGiB × 1048576 × 31555380 / 33554432)` (see {@link REFERENCE_MEM_TOTAL}).
 */
export function estimateMemTotalKi(nominalGiB: number): number {
  const nominalKi = nominalGiB * 1024 * 1024;
  const referenceKi = REFERENCE_MEM_TOTAL.nominalGiB * 1024 * 1024;
  return Math.floor((nominalKi * REFERENCE_MEM_TOTAL.memTotalKi) / referenceKi);
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

/**
 * The CPU ACK reserves (kube + system), in millicores. The tiers give half-millicores on
 * odd core counts above 4 (82.5m for 5 cores); ACK does not document the rounding, and we round
 * up, reserving the whole millicore. Computed in tenths of a millicore to stay exact.
 */
export function reservedCpuMillis(cores: number, policy: ReservationPolicy): number {
  let tenths: number;
  switch (policy) {
    case '1.28':
      tenths =
        600 * clamp(cores, 0, 1) +
        100 * clamp(cores - 1, 0, 1) +
        50 * clamp(cores - 2, 0, 2) +
        25 * Math.max(cores - 4, 0);
      break;
    case '1.20':
      tenths =
        cores <= 4
          ? 1000
          : 1000 +
            250 * (Math.min(cores, 64) - 4) +
            125 * Math.max(Math.min(cores, 128) - 64, 0) +
            50 * Math.max(cores - 128, 0);
      break;
    case 'legacy':
      tenths = 0;
      break;
  }
  return Math.ceil(tenths / 10);
}

/** `floor(percent% of rangeKi)` in whole MiB, with integer arithmetic. */
function tierMiB(percent: number, rangeKi: number): number {
  return Math.floor((percent * Math.max(rangeKi, 0)) / (100 * 1024));
}

const GI_KI = 1024 * 1024;

/**
 * The memory ACK reserves (kube + system), in whole MiB, for a node with `memoryKi` of MemTotal
 * and kubelet max-pods `maxPods`. In `1.28` the 25% cap is floored to whole MiB (undocumented;
 * every worked example agrees).
 */
export function reservedMemoryMiB(options: {
  readonly memoryKi: number;
  readonly maxPods: number;
  readonly policy: ReservationPolicy;
}): number {
  const { memoryKi, maxPods, policy } = options;
  switch (policy) {
    case '1.28':
      return Math.min(11 * maxPods + 255, Math.floor(memoryKi / 4096));
    case '1.20':
      return (
        tierMiB(25, Math.min(memoryKi, 4 * GI_KI)) +
        tierMiB(20, clamp(memoryKi - 4 * GI_KI, 0, 4 * GI_KI)) +
        tierMiB(10, clamp(memoryKi - 8 * GI_KI, 0, 8 * GI_KI)) +
        tierMiB(6, clamp(memoryKi - 16 * GI_KI, 0, 112 * GI_KI)) +
        tierMiB(2, memoryKi - 128 * GI_KI)
      );
    case 'legacy':
      return 700;
  }
}

/**
 * kubelet's nodefs hard-eviction threshold for a filesystem of `capacityBytes`:
 * `int64(float64(capacity) × float64(float32(0.1)))`.
 */
export function nodefsEvictionBytes(capacityBytes: number): number {
  return Math.trunc(capacityBytes * NODEFS_EVICTION_FRACTION);
}

/** A node's Capacity as kubelet reports it (the inputs to Allocatable). */
export interface CapacityFigures {
  /** vCPUs × 1000; `null` when the catalog does not give the vCPU count. */
  readonly cpuMillis: number | null;
  /** MemTotal in KiB; `null` when unknown. */
  readonly memoryKi: number | null;
  /** The root filesystem's size in KiB. */
  readonly ephemeralKi: number;
  /** kubelet max-pods. */
  readonly pods: number;
}

/** Allocatable and the reservations that produced it. */
export interface AllocatableFigures {
  readonly cpuMillis: number | null;
  readonly memoryKi: number | null;
  /** Bytes: kubelet prints Allocatable ephemeral-storage in bytes, not KiB. */
  readonly ephemeralBytes: number;
  readonly pods: number;
  readonly reservedCpuMillis: number | null;
  readonly reservedMemoryMiB: number | null;
  readonly evictionMemoryKi: number;
  readonly evictionEphemeralBytes: number;
}

/** Computes Allocatable from Capacity under a reservation policy. */
export function allocatable(
  capacity: CapacityFigures,
  policy: ReservationPolicy,
): AllocatableFigures {
  const cpuReserved =
    capacity.cpuMillis === null ? null : reservedCpuMillis(capacity.cpuMillis / 1000, policy);
  const memoryReserved =
    capacity.memoryKi === null
      ? null
      : reservedMemoryMiB({ memoryKi: capacity.memoryKi, maxPods: capacity.pods, policy });
  const ephemeralBytes = capacity.ephemeralKi * 1024;
  const evictionEphemeralBytes = nodefsEvictionBytes(ephemeralBytes);
  return {
    cpuMillis:
      capacity.cpuMillis === null || cpuReserved === null
        ? null
        : Math.max(capacity.cpuMillis - cpuReserved, 0),
    memoryKi:
      capacity.memoryKi === null || memoryReserved === null
        ? null
        : Math.max(capacity.memoryKi - memoryReserved * 1024 - EVICTION_MEMORY_KI, 0),
    ephemeralBytes: Math.max(ephemeralBytes - evictionEphemeralBytes, 0),
    pods: capacity.pods,
    reservedCpuMillis: cpuReserved,
    reservedMemoryMiB: memoryReserved,
    evictionMemoryKi: EVICTION_MEMORY_KI,
    evictionEphemeralBytes,
  };
}
