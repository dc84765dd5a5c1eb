/**
 * Terway versions and the features each one brings (`terway.md` §2).
 *
 * Three spellings occur in the wild: release tags (`v1.11.0`), chart versions without the `v`
 * (`1.14.3`), and the 2019–2021 image builds (`v1.0.10.333-gfd2b7b8-aliyun`: a fourth build
 * number and a git suffix). They compare by (major, minor, patch, build); the suffix is kept for
 * display only.
 *
 * Out of scope: the cluster-wide ENI-only mode of Terway before 1.11 (a whole cluster in
 * exclusive mode). enisim plans the exclusive-ENI node pools of 1.11.0 and later; asking for
 * exclusive mode on an older Terway is reported as too old, and the message says why.
 */
import { quoteInput } from './displayText.js';

/** A parsed Terway version. */
export interface TerwayVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** The fourth number of `v1.0.10.333` builds; 0 when absent. */
  readonly build: number;
  /** The version as enisim prints it: `1.17.5`, or `1.0.10.333` for an image build. */
  readonly text: string;
}

/** The newest Terway release the feature table knows (tag `v1.17.5`, 2026-07-08). */
export const NEWEST_KNOWN_TERWAY = '1.17.5';

/** A feature and the first version that has it. */
export interface TerwayFeature {
  /** What the feature is called in messages. */
  readonly name: string;
  /** The first version with the feature, e.g. `1.11.0`. */
  readonly since: string;
}

/** The feature table: every version-gated feature enisim plans for. */
export const TerwayFeatures = {
  sharedEni: { name: 'shared ENI (multi-IP) mode', since: '1.0.10' },
  dualStack: { name: 'IPv4/IPv6 dual-stack', since: '1.1.0' },
  trunk: { name: 'trunk ENI (aliyun/member-eni)', since: '1.1.0' },
  podNetworking: { name: 'PodNetworking and PodENI', since: '1.1.0' },
  dualStackParity: { name: 'the dual-stack equality rule (IPv6 per ENI = IPv4)', since: '1.3.0' },
  erdma: { name: 'ERDMA (aliyun/erdma)', since: '1.7.0' },
  lingjunLeni: { name: 'Lingjun LENI nodes', since: '1.8.0' },
  eniSelectionPolicy: { name: 'eni_selection_policy', since: '1.9.6' },
  exclusiveEniPoolEcs: { name: 'exclusive-ENI node pools on ECS', since: '1.11.0' },
  centralizedIpam: { name: 'centralized IPAM (ipam_type crd)', since: '1.13.4' },
  exclusiveEniPoolLingjun: {
    name: 'exclusive-ENI node pools on Lingjun (LENI and HDENI)',
    since: '1.14.3',
  },
  ipPoolSyncPeriod: { name: 'ip_pool_sync_period', since: '1.15.0' },
  lingjunEcsLink: {
    name: 'Lingjun nodes on ECS ENIs (DescribeNodeType, ECS high density)',
    since: '1.15.1',
  },
  idleIpReclaim: { name: 'idle IP reclaim (idle_ip_reclaim_*)', since: '1.16.0' },
  ipWarmUp: { name: 'IP warm-up (ip_warm_up_size)', since: '1.16.4' },
  ipPrefix: { name: 'IP prefix mode (enable_ip_prefix)', since: '1.17.1' },
  // Latency-setting changes of the exclusive-ENI path (pkg/controller/eni, pkg/backoff/backoff.go).
  networkInterfaceController: {
    name: 'the NetworkInterface controller (attaches for the PodENI controller)',
    since: '1.14.3',
  },
  statusWaitInitialDelay: {
    name: 'status waits with an initial delay (wait_eni_status 3 s, wait_podeni_status 2 s)',
    since: '1.15.0',
  },
  eniDeleteConfirm: {
    name: 'DeleteNetworkInterface confirmed by polling (eni_delete_confirm)',
    since: '1.17.1',
  },
  podEniNotifier: {
    name: 'PodENI change notification to the centralized daemon (pkg/eni/remote.go)',
    since: '1.16.2',
  },
} as const satisfies Record<string, TerwayFeature>;

/** The name of one entry of {@link TerwayFeatures}. */
export type TerwayFeatureName = keyof typeof TerwayFeatures;

/** The outcome of parsing a version string. */
export type TerwayVersionParse =
  | { readonly ok: true; readonly version: TerwayVersion }
  | { readonly ok: false; readonly message: string };

const VERSION_PATTERN =
  /^v?(\d{1,4})\.(\d{1,4})\.(\d{1,4})(?:\.(\d{1,6}))?(?:-[0-9A-Za-z][0-9A-Za-z.-]*)?$/;

/** Parses `v1.11.0`, `1.14.3` or `v1.0.10.333-gfd2b7b8-aliyun`. */
export function parseTerwayVersion(text: string): TerwayVersionParse {
  const match = VERSION_PATTERN.exec(text.trim());
  if (match === null) {
    return {
      ok: false,
      message: `not a Terway version: ${quoteInput(text)} (expected e.g. v1.11.0, 1.14.3 or v1.0.10.333-gfd2b7b8-aliyun)`,
    };
  }
  const [, major = '0', minor = '0', patch = '0', build] = match;
  const numbers = { major: Number(major), minor: Number(minor), patch: Number(patch) };
  const buildNumber = build === undefined ? 0 : Number(build);
  const base = `${numbers.major}.${numbers.minor}.${numbers.patch}`;
  return {
    ok: true,
    version: {
      ...numbers,
      build: buildNumber,
      text: build === undefined ? base : `${base}.${buildNumber}`,
    },
  };
}

/** Parses a version the code itself spells (the feature table); a typo there is a bug. */
export function terwayVersion(text: string): TerwayVersion {
  const parsed = parseTerwayVersion(text);
  if (!parsed.ok) throw new Error(`internal version constant is invalid: ${parsed.message}`);
  return parsed.version;
}

/** Orders two versions: negative when `a` is older, 0 when equal, positive when newer. */
export function compareTerwayVersions(a: TerwayVersion, b: TerwayVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.build - b.build;
}

// The feature table's versions, parsed once each on first use: the allocators ask `hasFeature`
// on every pool sync, and re-parsing the constant (a regex and three objects) was a measurable
// share of a large scenario's run time.
const featureSince = new Map<TerwayFeatureName, TerwayVersion>();
let newestKnown: TerwayVersion | null = null;

/** Whether `version` has `feature`. */
export function hasFeature(version: TerwayVersion, feature: TerwayFeatureName): boolean {
  let since = featureSince.get(feature);
  if (since === undefined) {
    since = terwayVersion(TerwayFeatures[feature].since);
    featureSince.set(feature, since);
  }
  return compareTerwayVersions(version, since) >= 0;
}

/** Whether `version` is newer than the newest release the feature table knows. */
export function isNewerThanKnown(version: TerwayVersion): boolean {
  newestKnown ??= terwayVersion(NEWEST_KNOWN_TERWAY);
  return compareTerwayVersions(version, newestKnown) > 0;
}

/** The default version: the newest known release. */
export function defaultTerwayVersion(): TerwayVersion {
  return terwayVersion(NEWEST_KNOWN_TERWAY);
}
