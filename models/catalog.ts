/**
 * The instance catalog: the default ECS types shipped with the package, the parser for the
 * shapes users paste from the aliyun CLI and the EFLO APIs, validation that names the JSON path of
 * every bad field, the merge of a user's types over the default, and lookup with suggestions.
 *
 * Accepted shapes (each entry is one object with `InstanceTypeId`):
 * - ECS: a DescribeInstanceTypes response `{"InstanceTypes":{"InstanceType":[...]}}` or a plain
 *   array, entries with `EniQuantity`, `EniPrivateIpAddressQuantity`, and optionally
 *   `EniIpv6AddressQuantity`, `EniTotalQuantity`, `EniTrunkSupported`, `EriQuantity`,
 *   `CpuCoreCount`, `MemorySize`, `InstanceTypeFamily`.
 * - Lingjun via eflo GetNodeInfoForPod: `LeniQuota`, `LeniSipQuota` (or its alias
 *   `LniSipQuota`), optional `HdeniQuota`.
 * - Lingjun via eflo-controller DescribeNodeType: `NodeType`, `EniQuantity`,
 *   `EniPrivateIpAddressQuantity`, `EniHighDenseQuantity` (an entry with `NodeType` or
 *   `EniHighDenseQuantity` is read as Lingjun).
 * Unknown fields are ignored: real responses carry dozens that capacity does not depend on.
 */
import { distance } from 'fastest-levenshtein';

import defaultData from './data/instance-types.json' with { type: 'json' };
import type { InstanceType, LingjunApi, Platform } from './instanceType.js';
import {
  childPath,
  describeValue as describe,
  isJsonObject as isObject,
  type InputIssue,
  type JsonObject,
} from './inputIssue.js';
import { quoteInput } from './displayText.js';

/** One problem in a catalog file: the JSON path of the bad field and what is wrong with it. */
export type CatalogIssue = InputIssue;

/** The result of parsing a catalog: its types, or every problem found (never both). */
export type CatalogParseResult =
  | { readonly ok: true; readonly types: readonly InstanceType[] }
  | { readonly ok: false; readonly issues: readonly CatalogIssue[] };

/** A set of instance types by `InstanceTypeId`. */
export interface Catalog {
  readonly types: ReadonlyMap<string, InstanceType>;
}

/**
 * The largest quota we believe. The catalog's real maxima are 72 ENIs, 50 addresses per ENI and
 * 110 interfaces in total; a value far beyond them is a typo or a unit mistake, not a machine.
 */
const MAX_ENIS = 1024;
const MAX_ADDRESSES_PER_ENI = 1024;
const MAX_TOTAL_INTERFACES = 4096;
/** The largest vCPU count (the catalog's largest is 960) and nominal memory in GiB (16,384). */
const MAX_CPU_CORES = 16384;
const MAX_MEMORY_GIB = 1048576;
/** Issues reported per file before we stop looking: one bad export can repeat a mistake 1,000 times. */
const MAX_ISSUES = 50;

/** Typed access to one entry's fields; a bad field adds an issue and reads as `null`. */
interface EntryReader {
  readonly entry: JsonObject;
  has(key: string): boolean;
  string(key: string, required: boolean): string | null;
  /** A whole number in `[min, max]`; `null` when absent and optional. */
  whole(key: string, bounds: { min: number; max: number; required: boolean }): number | null;
  /** A positive number (fractional allowed) up to `max`; `null` when absent. */
  positive(key: string, max: number): number | null;
  boolean(key: string): boolean | null;
}

function entryReader(entry: JsonObject, path: string, issues: CatalogIssue[]): EntryReader {
  const fail = (key: string, message: string): null => {
    issues.push({ path: childPath(path, key), message });
    return null;
  };
  const absent = (key: string, required: boolean): null =>
    required ? fail(key, 'is required but missing') : null;
  return {
    entry,
    has: (key) => entry[key] !== undefined,
    string(key, required) {
      const value = entry[key];
      if (value === undefined || value === null) return absent(key, required);
      if (typeof value !== 'string' || value.trim() === '' || /\s/.test(value)) {
        return fail(key, `must be a non-empty string without spaces, got ${describe(value)}`);
      }
      return value;
    },
    whole(key, bounds) {
      const value = entry[key];
      if (value === undefined || value === null) return absent(key, bounds.required);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min) {
        return fail(key, `must be a whole number ≥ ${bounds.min}, got ${describe(value)}`);
      }
      if (value > bounds.max) {
        return fail(key, `must be at most ${bounds.max} (no real instance has more), got ${value}`);
      }
      return value;
    },
    positive(key, max) {
      const value = entry[key];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
        return fail(key, `must be a number > 0, got ${describe(value)}`);
      }
      if (value > max) {
        return fail(key, `must be at most ${max} (no real instance has more), got ${value}`);
      }
      return value;
    },
    boolean(key) {
      const value = entry[key];
      if (value === undefined || value === null) return null;
      if (typeof value !== 'boolean')
        return fail(key, `must be true or false, got ${describe(value)}`);
      return value;
    },
  };
}

const eniBounds = (min: number, required: boolean) => ({ min, max: MAX_ENIS, required });
const addressBounds = (min: number, required: boolean) => ({
  min,
  max: MAX_ADDRESSES_PER_ENI,
  required,
});

function lingjunApiOf(reader: EntryReader): LingjunApi | null {
  if (['LeniQuota', 'LeniSipQuota', 'LniSipQuota', 'HdeniQuota'].some((k) => reader.has(k))) {
    return 'leni';
  }
  if (reader.has('NodeType') || reader.has('EniHighDenseQuantity')) return 'ecs-link';
  return null;
}

/** The shared part of every shape: identity and nominal size. */
function common(reader: EntryReader, platform: Platform, source: string) {
  const id = reader.string('InstanceTypeId', true);
  const cpuCores = reader.whole('CpuCoreCount', { min: 1, max: MAX_CPU_CORES, required: false });
  const memoryGiB = reader.positive('MemorySize', MAX_MEMORY_GIB);
  const family = reader.string('InstanceTypeFamily', false);
  const given = reader.entry['source'];
  return {
    id,
    platform,
    family,
    cpuCores,
    memoryGiB,
    source: typeof given === 'string' ? given : source,
  };
}

function readEcs(reader: EntryReader, source: string): InstanceType | null {
  const base = common(reader, 'ecs', source);
  const eniQuantity = reader.whole('EniQuantity', eniBounds(1, true));
  const ipv4PerEni = reader.whole('EniPrivateIpAddressQuantity', addressBounds(1, true));
  const ipv6PerEni = reader.whole('EniIpv6AddressQuantity', addressBounds(0, false));
  const eniTotalQuantity = reader.whole('EniTotalQuantity', {
    min: 0,
    max: MAX_TOTAL_INTERFACES,
    required: false,
  });
  const trunkSupported = reader.boolean('EniTrunkSupported');
  const eriQuantity = reader.whole('EriQuantity', eniBounds(0, false));
  if (base.id === null || eniQuantity === null || ipv4PerEni === null) return null;
  return {
    ...base,
    id: base.id,
    lingjunApi: null,
    eniQuantity,
    ipv4PerEni,
    ipv6PerEni,
    eniTotalQuantity,
    trunkSupported,
    eriQuantity,
    highDensityQuantity: null,
  };
}

/**
 * A Lingjun entry. Terway never sets IPv6, trunk or ERDMA limits for EFLO nodes, so those are
 * known zeros here, not unknowns. Zero interfaces are allowed: a high-density node reports
 * `LeniQuota` 1 or 0 beside its `HdeniQuota`.
 */
function readLingjun(reader: EntryReader, api: LingjunApi, source: string): InstanceType | null {
  const base = common(reader, 'lingjun', source);
  let eniQuantity: number | null;
  let ipv4PerEni: number | null;
  let highDensityQuantity: number | null;
  if (api === 'leni') {
    eniQuantity = reader.whole('LeniQuota', eniBounds(0, true));
    // The node controller reads LeniSipQuota; GetLimit reads LniSipQuota. Either names the figure.
    const key =
      reader.has('LeniSipQuota') || !reader.has('LniSipQuota') ? 'LeniSipQuota' : 'LniSipQuota';
    ipv4PerEni = reader.whole(key, addressBounds(0, true));
    highDensityQuantity = reader.whole('HdeniQuota', eniBounds(0, false));
  } else {
    reader.string('NodeType', false);
    eniQuantity = reader.whole('EniQuantity', eniBounds(0, true));
    ipv4PerEni = reader.whole('EniPrivateIpAddressQuantity', addressBounds(0, true));
    highDensityQuantity = reader.whole('EniHighDenseQuantity', eniBounds(0, false));
  }
  if (base.id === null || eniQuantity === null || ipv4PerEni === null) return null;
  return {
    ...base,
    id: base.id,
    lingjunApi: api,
    eniQuantity,
    ipv4PerEni,
    ipv6PerEni: 0,
    eniTotalQuantity: null,
    trunkSupported: false,
    eriQuantity: 0,
    highDensityQuantity,
  };
}

/** Finds the entry array in either accepted top-level shape. */
function entriesOf(value: unknown): { entries: readonly unknown[]; path: string } | CatalogIssue {
  if (Array.isArray(value)) return { entries: value, path: '$' };
  const shape =
    'expected a DescribeInstanceTypes response {"InstanceTypes":{"InstanceType":[...]}} or a JSON array of instance types';
  if (!isObject(value)) return { path: '$', message: `${shape}, got ${describe(value)}` };
  const outer = value['InstanceTypes'];
  if (!isObject(outer)) return { path: '$', message: shape };
  const inner = outer['InstanceType'];
  if (!Array.isArray(inner)) {
    return {
      path: '$.InstanceTypes.InstanceType',
      message: `must be an array, got ${describe(inner)}`,
    };
  }
  return { entries: inner, path: '$.InstanceTypes.InstanceType' };
}

/**
 * Parses and validates a catalog document (already JSON-decoded). `source` labels the types
 * (normally the file name). Every problem is reported with its JSON path, up to 50.
 */
export function parseCatalog(value: unknown, options: { source: string }): CatalogParseResult {
  const found = entriesOf(value);
  if (!('entries' in found)) return { ok: false, issues: [found] };
  const issues: CatalogIssue[] = [];
  const types: InstanceType[] = [];
  const firstPathById = new Map<string, string>();
  for (const [index, entry] of found.entries.entries()) {
    if (issues.length >= MAX_ISSUES) break;
    const path = `${found.path}[${index}]`;
    if (!isObject(entry)) {
      issues.push({ path, message: `must be an object, got ${describe(entry)}` });
      continue;
    }
    const reader = entryReader(entry, path, issues);
    const api = lingjunApiOf(reader);
    const type =
      api === null ? readEcs(reader, options.source) : readLingjun(reader, api, options.source);
    if (type === null) continue;
    const first = firstPathById.get(type.id);
    if (first !== undefined) {
      issues.push({
        path: childPath(path, 'InstanceTypeId'),
        message: `duplicates ${quoteInput(type.id)} already given at ${first}`,
      });
      continue;
    }
    firstPathById.set(type.id, path);
    types.push(type);
  }
  return issues.length > 0
    ? { ok: false, issues: issues.slice(0, MAX_ISSUES) }
    : { ok: true, types };
}

/** Builds a catalog from a list of types (later entries of the same id win). */
export function catalogOf(types: readonly InstanceType[]): Catalog {
  return { types: new Map(types.map((type) => [type.id, type])) };
}

function buildDefaultCatalog(): Catalog {
  const parsed = parseCatalog(defaultData, { source: 'default catalog' });
  if (!parsed.ok) {
    const first = parsed.issues[0];
    throw new Error(
      `the shipped catalog is invalid: ${first?.path ?? '$'}: ${first?.message ?? ''}`,
    );
  }
  return catalogOf(parsed.types);
}

const DEFAULT_CATALOG = buildDefaultCatalog();

/** The default catalog: the 1,125 ECS types shipped in `models/data/instance-types.json`. */
export function defaultCatalog(): Catalog {
  return DEFAULT_CATALOG;
}

/** The user's types over a base catalog: the same `InstanceTypeId` in `overlay` wins. */
export function mergeCatalogs(base: Catalog, overlay: readonly InstanceType[]): Catalog {
  const types = new Map(base.types);
  for (const type of overlay) types.set(type.id, type);
  return { types };
}

/** The outcome of looking a type up: the type, or the nearest known names. */
export type LookupResult =
  | { readonly ok: true; readonly type: InstanceType }
  | { readonly ok: false; readonly suggestions: readonly string[] };

/**
 * The known ids nearest to `id` by edit distance (case-insensitive), closest first, at most
 * `count` of them, and none that is so far away it would be a guess.
 */
export function suggestInstanceTypes(catalog: Catalog, id: string, count = 3): string[] {
  const wanted = id.toLowerCase();
  const limit = Math.max(3, Math.floor(wanted.length / 2));
  const scored: { id: string; score: number }[] = [];
  for (const known of catalog.types.keys()) {
    // The edit distance is at least the difference in length: a 10 MB name skips every
    // candidate in constant time instead of costing a full distance each.
    if (Math.abs(known.length - wanted.length) > limit) continue;
    const score = distance(wanted, known.toLowerCase());
    if (score <= limit) scored.push({ id: known, score });
  }
  scored.sort((a, b) => a.score - b.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, count).map((entry) => entry.id);
}

/** Looks an instance type up by its exact `InstanceTypeId`. */
export function lookupInstanceType(catalog: Catalog, id: string): LookupResult {
  const type = catalog.types.get(id);
  if (type !== undefined) return { ok: true, type };
  return { ok: false, suggestions: suggestInstanceTypes(catalog, id) };
}
