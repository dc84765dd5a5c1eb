/**
 * Terway's node configuration: the `eni_conf` JSON of the `kube-system/eni-config` ConfigMap
 * (`terway.md` §5.1), parsed, validated and given Terway's defaults.
 *
 * Durations are Go duration strings in the file ("10m", "1h30m", "120s"), as Terway reads them
 * with `time.ParseDuration`; here they become integer microseconds, the simulator's time unit.
 * Keys this model does not use (credentials, tags, CNI options) are accepted and listed in
 * `unknownKeys` only when Terway itself would not know them.
 */
import {
  childPath,
  describeValue,
  isJsonObject,
  type InputIssue,
  type JsonObject,
} from './inputIssue.js';
import type { TerwayFeatureName } from './terwayVersion.js';
import { quoteInput } from './displayText.js';

/** How the daemon picks an ENI for a new address: `most_ips` (default) or `least_ips`. */
export type EniSelectionPolicy = 'most_ips' | 'least_ips';
/** How a vSwitch is chosen for a new ENI: `random` (default) or `ordered` (most free first). */
export type VSwitchSelectionPolicy = 'random' | 'ordered';
/** The address families pods get. IPv6-only is not modelled. */
export type IpStack = 'ipv4' | 'dual';
/** `default`: the per-node daemon pool; `crd`: centralized IPAM in the controlplane. */
export type IpamType = 'default' | 'crd';

/** A parsed `eni_conf` with every default applied. */
export interface EniConf {
  /** `max_pool_size`: idle addresses above this are released. Default 5 (ACK's eni-config). */
  readonly maxPoolSize: number;
  /** `min_pool_size`: idle addresses kept warm. Default 0. */
  readonly minPoolSize: number;
  /** `ip_warm_up_size`: addresses allocated once when the node starts (1.16.4+). Default 0. */
  readonly ipWarmUpSize: number;
  /** `ip_pool_sync_period`: pool sync cadence in µs. Default 120 s (daemon) = 2 m (controller). */
  readonly ipPoolSyncPeriodUs: number;
  /** `idle_ip_reclaim_after` in µs; `null` when idle reclaim is off (the default). */
  readonly idleIpReclaimAfterUs: number | null;
  /** `idle_ip_reclaim_batch_size`: addresses reclaimed per round. Default 5. */
  readonly idleIpReclaimBatchSize: number;
  /** `idle_ip_reclaim_interval` in µs. Default "10m". */
  readonly idleIpReclaimIntervalUs: number;
  /** `idle_ip_reclaim_jitter_factor`, a fraction of the interval. Default "0.1". */
  readonly idleIpReclaimJitterFactor: number;
  /** `min_eni`: ENIs kept attached. Default 0. */
  readonly minEni: number;
  /** `max_eni`: a cap on the secondary ENIs Terway uses; `null` (or 0 in the file) for none. */
  readonly maxEni: number | null;
  /** `eni_cap_ratio`: scales the instance's ENI quota. Default 1. */
  readonly eniCapRatio: number;
  /** `eni_cap_shift`: added to the scaled quota. Default 0. */
  readonly eniCapShift: number;
  readonly eniSelectionPolicy: EniSelectionPolicy;
  readonly vswitchSelectionPolicy: VSwitchSelectionPolicy;
  /** `ip_stack`. Default `ipv4`. */
  readonly ipStack: IpStack;
  /** `enable_eni_trunking`. Default false. */
  readonly enableEniTrunking: boolean;
  /** `enable_erdma`. Default false. */
  readonly enableErdma: boolean;
  /** `ipam_type`. Default `default` (the daemon pool). */
  readonly ipamType: IpamType;
  /** `enable_ip_prefix` (1.17.1+). Default false. */
  readonly enableIpPrefix: boolean;
  /** `vswitches`: pod vSwitch ids by zone. */
  readonly vswitches: Readonly<Record<string, readonly string[]>>;
  /** `security_group` and `security_groups` together, first occurrence first, at most 10. */
  readonly securityGroups: readonly string[];
  /** The keys the document set, so a caller can tell a choice from a default. */
  readonly givenKeys: readonly string[];
  /** Keys Terway does not know either: likely typos. */
  readonly unknownKeys: readonly string[];
}

/** The configuration Terway runs with when `eni_conf` sets nothing. */
export const DEFAULT_ENI_CONF: EniConf = {
  maxPoolSize: 5,
  minPoolSize: 0,
  ipWarmUpSize: 0,
  ipPoolSyncPeriodUs: 120_000_000,
  idleIpReclaimAfterUs: null,
  idleIpReclaimBatchSize: 5,
  idleIpReclaimIntervalUs: 600_000_000,
  idleIpReclaimJitterFactor: 0.1,
  minEni: 0,
  maxEni: null,
  eniCapRatio: 1,
  eniCapShift: 0,
  eniSelectionPolicy: 'most_ips',
  vswitchSelectionPolicy: 'random',
  ipStack: 'ipv4',
  enableEniTrunking: false,
  enableErdma: false,
  ipamType: 'default',
  enableIpPrefix: false,
  vswitches: {},
  securityGroups: [],
  givenKeys: [],
  unknownKeys: [],
};

/** Every `eni_conf` key Terway reads (`types/daemon/config.go`, `terway.md` §5.1). */
// prettier-ignore
const TERWAY_KEYS: ReadonlySet<string> = new Set([
  'version', 'access_key', 'access_secret', 'region_id', 'credential_path', 'service_cidr',
  'vswitches', 'eni_tags', 'security_group', 'security_groups', 'resource_group_id',
  'max_pool_size', 'min_pool_size', 'ip_warm_up_size', 'ip_pool_sync_period',
  'idle_ip_reclaim_after', 'idle_ip_reclaim_batch_size', 'idle_ip_reclaim_interval',
  'idle_ip_reclaim_jitter_factor', 'min_eni', 'max_eni', 'eni_cap_ratio', 'eni_cap_shift',
  'vswitch_selection_policy', 'eni_selection_policy', 'ip_stack', 'enable_eni_trunking',
  'enable_erdma', 'ipam_type', 'enable_ip_prefix', 'ipv4_prefix_count', 'ipv6_prefix_count',
  'eni_tag_filter', 'eni_tag_block_list', 'prefix', 'custom_stateful_workload_kinds',
  'backoff_override', 'extra_routes', 'disable_device_plugin', 'kube_client_qps',
  'kube_client_burst', 'rate_limit', 'enable_patch_pod_ips',
]);

/** Microseconds per Go duration unit. Nanoseconds are kept as fractions and rounded at the end. */
const DURATION_UNIT_US: Readonly<Record<string, number>> = {
  ns: 0.001,
  us: 1,
  µs: 1,
  μs: 1,
  ms: 1_000,
  s: 1_000_000,
  m: 60_000_000,
  h: 3_600_000_000,
};

/**
 * Parses a Go duration string (`time.ParseDuration` syntax: "300ms", "1.5h", "2h45m", "0") into
 * whole microseconds; `null` when it is not one. Negative durations are refused: every duration
 * in `eni_conf` is a period or a delay.
 */
export function parseGoDurationUs(text: string): number | null {
  if (text === '0') return 0;
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/y;
  let position = text.startsWith('+') ? 1 : 0;
  if (position === text.length) return null;
  let totalUs = 0;
  // Each step consumes at least two characters, so the loop ends within text.length steps.
  while (position < text.length) {
    pattern.lastIndex = position;
    const match = pattern.exec(text);
    if (match === null) return null;
    const [whole, amount = '', unit = ''] = match;
    totalUs += Number(amount) * (DURATION_UNIT_US[unit] ?? Number.NaN);
    position += whole.length;
  }
  const rounded = Math.round(totalUs);
  return Number.isSafeInteger(rounded) ? rounded : null;
}

/** The document being read and the problems found so far. */
interface Doc {
  readonly document: JsonObject;
  readonly issues: InputIssue[];
}

function fail(doc: Doc, key: string, message: string): null {
  doc.issues.push({ path: childPath('$', key), message });
  return null;
}

function given(doc: Doc, key: string): boolean {
  return doc.document[key] !== undefined && doc.document[key] !== null;
}

function readWhole(doc: Doc, key: string, bounds: { min: number; max: number }): number | null {
  if (!given(doc, key)) return null;
  const value = doc.document[key];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < bounds.min) {
    return fail(doc, key, `must be a whole number ≥ ${bounds.min}, got ${describeValue(value)}`);
  }
  if (value > bounds.max) return fail(doc, key, `must be at most ${bounds.max}, got ${value}`);
  return value;
}

/** A number, also from a numeric string: Terway keeps some as strings (a jitter of "0.1"). */
function readNumber(
  doc: Doc,
  key: string,
  bounds: { min: number; max: number; minExclusive: boolean },
): number | null {
  if (!given(doc, key)) return null;
  const raw = doc.document[key];
  const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof value === 'number' && Number.isFinite(value) && value <= bounds.max) {
    if (bounds.minExclusive ? value > bounds.min : value >= bounds.min) return value;
  }
  const low = bounds.minExclusive ? `> ${bounds.min}` : `≥ ${bounds.min}`;
  return fail(doc, key, `must be a number ${low} and ≤ ${bounds.max}, got ${describeValue(raw)}`);
}

function readBoolean(doc: Doc, key: string): boolean | null {
  if (!given(doc, key)) return null;
  const value = doc.document[key];
  if (typeof value === 'boolean') return value;
  return fail(doc, key, `must be true or false, got ${describeValue(value)}`);
}

function readChoice<T extends string>(
  doc: Doc,
  key: string,
  choices: readonly T[],
  aliases: Readonly<Record<string, T>> = {},
): T | null {
  if (!given(doc, key)) return null;
  const value = doc.document[key];
  if (typeof value === 'string') {
    const found = aliases[value] ?? choices.find((choice) => choice === value);
    if (found !== undefined) return found;
  }
  const listed = choices.map((choice) => JSON.stringify(choice)).join(', ');
  return fail(doc, key, `must be one of ${listed}, got ${describeValue(value)}`);
}

/** A Go duration string in µs; `null` when absent or empty (Terway's "use the default"). */
function readDuration(doc: Doc, key: string): number | null {
  if (!given(doc, key) || doc.document[key] === '') return null;
  const value = doc.document[key];
  const us = typeof value === 'string' ? parseGoDurationUs(value.trim()) : null;
  if (us !== null && us > 0) return us;
  const hint = 'must be a positive Go duration string such as "10m" or "90s"';
  return fail(doc, key, `${hint}, got ${describeValue(value)}`);
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string' && item !== '');
}

function readVSwitches(doc: Doc): Record<string, readonly string[]> {
  const value = doc.document['vswitches'];
  if (value === undefined || value === null) return {};
  if (!isJsonObject(value)) {
    const got = describeValue(value);
    fail(doc, 'vswitches', `must be an object of zone → [vSwitch ids], got ${got}`);
    return {};
  }
  const result: Record<string, readonly string[]> = {};
  for (const [zone, ids] of Object.entries(value)) {
    if (isStringList(ids)) result[zone] = ids;
    else
      fail(
        doc,
        'vswitches',
        `${quoteInput(zone)} must list vSwitch ids, got ${describeValue(ids)}`,
      );
  }
  return result;
}

function readSecurityGroups(doc: Doc): string[] {
  const groups: string[] = [];
  const single = doc.document['security_group'];
  if (typeof single === 'string' && single !== '') groups.push(single);
  else if (given(doc, 'security_group') && single !== '') {
    fail(doc, 'security_group', `must be a string, got ${describeValue(single)}`);
  }
  const list = doc.document['security_groups'];
  if (isStringList(list)) groups.push(...list);
  else if (given(doc, 'security_groups')) {
    fail(
      doc,
      'security_groups',
      `must be an array of non-empty strings, got ${describeValue(list)}`,
    );
  }
  const unique = [...new Set(groups)];
  if (unique.length <= 10) return unique;
  fail(doc, 'security_groups', `at most 10 security groups are allowed, got ${unique.length}`);
  return unique.slice(0, 10);
}

/** The result of parsing an `eni_conf` document. */
export type EniConfParse =
  | { readonly ok: true; readonly conf: EniConf }
  | { readonly ok: false; readonly issues: readonly InputIssue[] };

/**
 * Parses an `eni_conf` object (already JSON-decoded) and applies Terway's defaults. Every bad
 * key is reported with its JSON path (`$.max_pool_size`).
 */
export function parseEniConf(document: unknown): EniConfParse {
  if (!isJsonObject(document)) {
    const message = `eni_conf must be a JSON object, got ${describeValue(document)}`;
    return { ok: false, issues: [{ path: '$', message }] };
  }
  const doc: Doc = { document, issues: [] };
  const d = DEFAULT_ENI_CONF;
  const count = { min: 0, max: 100_000 };
  const maxEni = readWhole(doc, 'max_eni', { min: 0, max: 1024 });
  const eniCapShift = readNumber(doc, 'eni_cap_shift', {
    min: -1024,
    max: 1024,
    minExclusive: false,
  });
  if (eniCapShift !== null && !Number.isInteger(eniCapShift)) {
    fail(doc, 'eni_cap_shift', `must be a whole number, got ${eniCapShift}`);
  }
  const jitter = { min: 0, max: 1, minExclusive: false };
  const conf: EniConf = {
    maxPoolSize: readWhole(doc, 'max_pool_size', count) ?? d.maxPoolSize,
    minPoolSize: readWhole(doc, 'min_pool_size', count) ?? d.minPoolSize,
    ipWarmUpSize: readWhole(doc, 'ip_warm_up_size', count) ?? d.ipWarmUpSize,
    ipPoolSyncPeriodUs: readDuration(doc, 'ip_pool_sync_period') ?? d.ipPoolSyncPeriodUs,
    idleIpReclaimAfterUs: readDuration(doc, 'idle_ip_reclaim_after'),
    idleIpReclaimBatchSize:
      readWhole(doc, 'idle_ip_reclaim_batch_size', { min: 1, max: 100_000 }) ??
      d.idleIpReclaimBatchSize,
    idleIpReclaimIntervalUs:
      readDuration(doc, 'idle_ip_reclaim_interval') ?? d.idleIpReclaimIntervalUs,
    idleIpReclaimJitterFactor:
      readNumber(doc, 'idle_ip_reclaim_jitter_factor', jitter) ?? d.idleIpReclaimJitterFactor,
    minEni: readWhole(doc, 'min_eni', { min: 0, max: 1024 }) ?? d.minEni,
    // Terway treats max_eni 0 as "no cap" (`if cfg.MaxENI > 0 && ...`).
    maxEni: maxEni === 0 ? null : maxEni,
    eniCapRatio:
      readNumber(doc, 'eni_cap_ratio', { min: 0, max: 16, minExclusive: true }) ?? d.eniCapRatio,
    eniCapShift: eniCapShift ?? d.eniCapShift,
    eniSelectionPolicy:
      readChoice(doc, 'eni_selection_policy', ['most_ips', 'least_ips'] as const) ??
      d.eniSelectionPolicy,
    vswitchSelectionPolicy:
      readChoice(doc, 'vswitch_selection_policy', ['random', 'ordered'] as const) ??
      d.vswitchSelectionPolicy,
    ipStack: readChoice(doc, 'ip_stack', ['ipv4', 'dual'] as const) ?? d.ipStack,
    enableEniTrunking: readBoolean(doc, 'enable_eni_trunking') ?? d.enableEniTrunking,
    enableErdma: readBoolean(doc, 'enable_erdma') ?? d.enableErdma,
    ipamType:
      readChoice(doc, 'ipam_type', ['default', 'crd'] as const, { '': 'default' }) ?? d.ipamType,
    enableIpPrefix: readBoolean(doc, 'enable_ip_prefix') ?? d.enableIpPrefix,
    vswitches: readVSwitches(doc),
    securityGroups: readSecurityGroups(doc),
    givenKeys: Object.keys(document).filter((key) => given(doc, key)),
    unknownKeys: Object.keys(document).filter((key) => !TERWAY_KEYS.has(key)),
  };
  return doc.issues.length > 0 ? { ok: false, issues: doc.issues } : { ok: true, conf };
}

/** Whether the document sets any of the ENI-sizing keys. */
export function setsEniCap(conf: EniConf): boolean {
  return ['max_eni', 'eni_cap_ratio', 'eni_cap_shift'].some((key) => conf.givenKeys.includes(key));
}

/** The version-gated features an `eni_conf` turns on (the capacity flags are checked apart). */
export function eniConfFeatures(conf: EniConf): TerwayFeatureName[] {
  const used: TerwayFeatureName[] = [];
  if (conf.ipamType === 'crd') used.push('centralizedIpam');
  if (conf.givenKeys.includes('eni_selection_policy')) used.push('eniSelectionPolicy');
  if (conf.givenKeys.includes('ip_pool_sync_period')) used.push('ipPoolSyncPeriod');
  if (conf.idleIpReclaimAfterUs !== null) used.push('idleIpReclaim');
  if (conf.ipWarmUpSize > 0) used.push('ipWarmUp');
  return used;
}
