/**
 * Instance types for generated scenarios, drawn from the real catalog and kept only where ACK and
 * Terway admit them: every candidate is planned with the capacity model (`planNodeCapacity`, the
 * formulas `enisim capacity` and the scenario loader use) and dropped when the plan is refused
 * (an exclusive pool needs more than 6 exclusive ENIs, a shared pool more than 11 pods, trunk a
 * known member-ENI quota…). Lingjun types are not in the shipped catalog (they come from a user's
 * EFLO data), so they are generated as GetNodeInfoForPod entries and planned the same way.
 */
import fc from 'fast-check';

import { defaultCatalog, parseCatalog } from '../models/catalog.js';
import type { EniMode } from '../models/capacity.js';
import { DEFAULT_ENI_CONF } from '../models/eniConf.js';
import type { InstanceType } from '../models/instanceType.js';
import { planNodeCapacity } from '../models/nodeCapacity.js';
import { defaultTerwayVersion, parseTerwayVersion } from '../models/terwayVersion.js';

/** Which catalog types an arbitrary draws from. Every field narrows; none means any ECS type. */
export interface InstanceTypeFilter {
  /** `InstanceTypeFamily`, e.g. `ecs.g7` (one or several). */
  readonly family?: string | readonly string[];
  /** `EniQuantity` (the primary ENI included): exactly, or a range. */
  readonly eniCount?: number | { readonly min?: number; readonly max?: number };
  /** Admitted in this ENI mode (default shared). */
  readonly mode?: EniMode;
  /** Admitted with trunk ENIs on and offering member-ENI pods (a known `EniTotalQuantity`). */
  readonly trunk?: boolean;
  /** Admitted under this Terway version (default the newest known). */
  readonly terwayVersion?: string;
}

function wanted(
  filter: number | { readonly min?: number; readonly max?: number } | undefined,
  value: number,
): boolean {
  if (filter === undefined) return true;
  if (typeof filter === 'number') return value === filter;
  return value >= (filter.min ?? 0) && value <= (filter.max ?? Number.POSITIVE_INFINITY);
}

/** Whether ACK and Terway admit `type` in `mode` (with trunk when asked), by the capacity model. */
export function admits(
  type: InstanceType,
  options: { readonly mode: EniMode; readonly trunk: boolean; readonly terwayVersion?: string },
): boolean {
  const parsed =
    options.terwayVersion === undefined ? null : parseTerwayVersion(options.terwayVersion);
  if (parsed !== null && !parsed.ok) throw new RangeError(parsed.message);
  const plan = planNodeCapacity(type, {
    mode: options.mode,
    trunk: options.trunk,
    ipPrefix: false,
    erdma: false,
    stack: 'ipv4',
    terway: parsed?.version ?? defaultTerwayVersion(),
    conf: { ...DEFAULT_ENI_CONF, enableEniTrunking: options.trunk },
    reservation: '1.28',
    memoryKi: null,
    ephemeralKi: null,
    maxPods: null,
  });
  if (!plan.admitted || plan.containerPods === null || type.cpuCores === null) return false;
  return !options.trunk || (plan.memberEniPods ?? 0) > 0;
}

/** The shipped ECS types that pass `filter`, sorted by id (so a seed always draws the same). */
export function matchingInstanceTypes(filter: InstanceTypeFilter = {}): InstanceType[] {
  const families = typeof filter.family === 'string' ? [filter.family] : filter.family;
  const mode = filter.mode ?? 'shared';
  const trunk = filter.trunk ?? false;
  return [...defaultCatalog().types.values()]
    .filter(
      (type) =>
        type.platform === 'ecs' &&
        (families === undefined || (type.family !== null && families.includes(type.family))) &&
        wanted(filter.eniCount, type.eniQuantity) &&
        admits(type, {
          mode,
          trunk,
          ...(filter.terwayVersion === undefined ? {} : { terwayVersion: filter.terwayVersion }),
        }),
    )
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * An `InstanceTypeId` from the shipped catalog that passes `filter`. Throws a RangeError at once
 * when no type does (a filter that can match nothing is a mistake in the test, not a property).
 */
export function instanceTypeId(filter: InstanceTypeFilter = {}): fc.Arbitrary<string> {
  const ids = matchingInstanceTypes(filter).map((type) => type.id);
  if (ids.length === 0) {
    throw new RangeError(`no catalog instance type matches ${JSON.stringify(filter)}`);
  }
  return fc.constantFrom(...ids);
}

/** Instance types for one pool: 1 to `maxLength` distinct ids passing `filter`, in draw order. */
export function instanceTypeIds(
  filter: InstanceTypeFilter = {},
  maxLength = 3,
): fc.Arbitrary<string[]> {
  return fc.uniqueArray(instanceTypeId(filter), { minLength: 1, maxLength });
}

/** A Lingjun type as EFLO's GetNodeInfoForPod describes it (the `--catalog` shape). */
export interface LingjunCatalogEntry {
  readonly InstanceTypeId: string;
  readonly LeniQuota: number;
  readonly LeniSipQuota: number;
  readonly HdeniQuota: number;
  readonly CpuCoreCount: number;
  readonly MemorySize: number;
}

/** The entry as the catalog model reads it (the same parser as `--catalog` and `spec.catalog`). */
export function lingjunInstanceType(entry: LingjunCatalogEntry): InstanceType {
  const parsed = parseCatalog([entry], { source: 'generated Lingjun entry' });
  const type = parsed.ok ? parsed.types[0] : undefined;
  if (type === undefined) throw new RangeError(`not a valid EFLO entry: ${JSON.stringify(entry)}`);
  return type;
}

/**
 * A Lingjun LENI type admitted in `mode` under `terwayVersion`: LeniQuota 2–16 interfaces,
 * LeniSipQuota 2–20 addresses each, 16–128 vCPUs, 128–1,024 GiB. Its id is derived from its
 * figures, so equal ids never carry different quotas.
 */
export function lingjunCatalogEntry(
  options: { readonly mode?: EniMode; readonly terwayVersion?: string } = {},
): fc.Arbitrary<LingjunCatalogEntry> {
  const mode = options.mode ?? 'exclusive';
  return fc
    .record({
      leni: fc.integer({ min: 2, max: 16 }),
      sip: fc.integer({ min: 2, max: 20 }),
      cpu: fc.constantFrom(16, 32, 48, 64, 96, 128),
      memory: fc.constantFrom(128, 256, 512, 1024),
    })
    .map(({ leni, sip, cpu, memory }): LingjunCatalogEntry => ({
      InstanceTypeId: `efg2.gen${leni}x${sip}c${cpu}m${memory}`,
      LeniQuota: leni,
      LeniSipQuota: sip,
      HdeniQuota: 0,
      CpuCoreCount: cpu,
      MemorySize: memory,
    }))
    .filter((entry) =>
      admits(lingjunInstanceType(entry), {
        mode,
        trunk: false,
        ...(options.terwayVersion === undefined ? {} : { terwayVersion: options.terwayVersion }),
      }),
    );
}
