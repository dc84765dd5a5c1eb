/**
 * Every tunable of the simulated cloud, with its documented default, in one place.
 *
 * The defaults are of two kinds. Terway's client rate limits and ACK's parallelism limits are
 * facts (`terway.md` §3.5, `catalog-notes.md` §4). The latencies are ASSUMPTIONS: neither
 * Terway nor Alibaba Cloud publishes call latencies, so each default below says what it is
 * anchored on (usually the wait Terway's authors chose before their first status poll). Faults
 * are off by default; a scenario or a swarm run turns them on. Override any field through
 * {@link SimCloudOverrides}; every value is validated when the cloud is built.
 */
import type { CloudApiAction } from '../contracts/cloudApi.js';
import { US_PER_MS, US_PER_SECOND } from '../contracts/clock.js';
import { checkLatencyDistribution } from './latency.js';
import type { LatencyDistribution } from './latency.js';
import { checkTokenBucketRate } from './tokenBucket.js';
import type { TokenBucketRate } from './tokenBucket.js';

/**
 * Terway's client-side limits, calls per minute (`pkg/aliyun/client/ratelimit.go`): the bucket
 * refills at v/60 per second and holds v. Actions the table does not name use its default, 500:
 * here UnassignLeniPrivateIpAddress, ListLeniPrivateIpAddresses, DescribeNode and
 * DescribeNodeType.
 */
export const TERWAY_CLIENT_RATE_PER_MINUTE: Readonly<Record<CloudApiAction, number>> = {
  CreateNetworkInterface: 500,
  AttachNetworkInterface: 500,
  DetachNetworkInterface: 400,
  DeleteNetworkInterface: 500,
  AssignPrivateIpAddresses: 400,
  UnassignPrivateIpAddresses: 400,
  AssignIpv6Addresses: 400,
  UnassignIpv6Addresses: 400,
  DescribeNetworkInterfaces: 800,
  DescribeVSwitches: 300,
  CreateElasticNetworkInterface: 1200,
  AttachElasticNetworkInterface: 300,
  DetachElasticNetworkInterface: 300,
  DeleteElasticNetworkInterface: 1200,
  AssignLeniPrivateIpAddress: 300,
  UnassignLeniPrivateIpAddress: 500,
  ListLeniPrivateIpAddresses: 500,
  ListElasticNetworkInterfaces: 6000,
  GetNodeInfoForPod: 6000,
  DescribeNode: 500,
  DescribeNodeType: 500,
};

/**
 * Every API action, in a fixed order (for tables and per-API loops). Taken from the table above,
 * whose `Record` type makes the compiler check that it names each action exactly once.
 */
export const CLOUD_API_ACTIONS: readonly CloudApiAction[] = Object.keys(
  TERWAY_CLIENT_RATE_PER_MINUTE,
) as CloudApiAction[];

/** Microseconds in a minute: the period of Terway's per-minute client buckets. */
export const US_PER_MINUTE = 60 * US_PER_SECOND;

/** A client rate-limit override, as Terway's `rate_limit` / `rateLimit` configures one. */
export interface RateLimitOverride {
  /** Calls per minute (the bucket refills at perMinute/60 per second). */
  readonly perMinute: number;
  /** Bucket size in calls (default: perMinute, as Terway sets it). */
  readonly burst?: number;
}

/**
 * An account flow limit: whole calls per second, or per minute (a scenario's
 * `rateLimitsPerMinute`; 100 a minute is a bucket gaining 100 tokens each 60 s, not 1.67/s
 * rounded). The bucket holds `burst` calls, one period's worth unless given.
 */
export type AccountRateLimitOverride =
  | { readonly perSecond: number; readonly burst?: number }
  | { readonly perMinute: number; readonly burst?: number };

/** Probabilities of injected failures for one API, each drawn per call from the seed. */
export interface ApiFaultProbabilities {
  /** Probability that a call fails with `Throttling` although no limit was reached. */
  readonly throttlingProbability: number;
  /** Probability that a call fails with `InternalError` (nothing changes). */
  readonly internalErrorProbability: number;
  /** Probability that a call fails with `Operation.Conflict` (nothing changes). */
  readonly conflictProbability: number;
}

/** How long an attach or detach takes to complete after the call was accepted, by ENI kind. */
export interface AsyncLatencies {
  /** An ECS ENI on an ECS instance. */
  readonly ecs: LatencyDistribution;
  /** A member ENI on a trunk ENI. */
  readonly member: LatencyDistribution;
  /** An ECS ENI on a Lingjun node that uses the ECS API ("ECS link"). */
  readonly ecsLingjun: LatencyDistribution;
  /** A LENI through the EFLO API. */
  readonly leni: LatencyDistribution;
}

/** ACK's and Terway's fixed parallelism limits (see `sim/contracts/parallelism.ts`). */
export interface ParallelismOptions {
  /** Shared ENI mode: nodes allocating at once (ACK: 500, not adjustable). */
  readonly sharedEniNodesMax: number;
  /** Exclusive and trunk ENI modes: pods being set up at once (ACK: 100, not adjustable). */
  readonly eniPodsMax: number;
  /** The controlplane's `eniMaxConcurrent`: ENI reconciles at once (default 300). */
  readonly controllerEniMax: number;
}

/** The simulated cloud's options, fully resolved. */
export interface CloudOptions {
  /** Per API: request to response, for every outcome (errors and throttling included). */
  readonly callLatency: Readonly<Record<CloudApiAction, LatencyDistribution>>;
  /** After an accepted attach: until the ENI is `InUse`. */
  readonly attachLatency: AsyncLatencies;
  /** After an accepted detach: until the ENI is `Available`. */
  readonly detachLatency: AsyncLatencies;
  /** Client-side token buckets per API, owned by each calling process. */
  readonly clientRateLimits: Readonly<Record<CloudApiAction, TokenBucketRate>>;
  /**
   * The account's server-side flow limit per API, across every caller: a call that finds the
   * bucket empty fails with `Throttling`. Absent means unlimited (the default: Alibaba Cloud
   * publishes no per-API figures, so a scenario that studies throttling sets its own).
   */
  readonly accountRateLimits: Readonly<Partial<Record<CloudApiAction, TokenBucketRate>>>;
  /** Injected failures per API (all zero by default). */
  readonly faults: Readonly<Record<CloudApiAction, ApiFaultProbabilities>>;
  /**
   * When a vSwitch has no free address, the probability that the call fails with
   * `QuotaExceeded.PrivateIpAddress` instead of `InvalidVSwitchId.IpNotEnough`, as ECS
   * sometimes does (Terway PR #720). Default 0.
   */
  readonly ipNotEnoughAsQuotaExceededProbability: number;
  readonly parallelism: ParallelismOptions;
  /** Width of the statistics time-series buckets in microseconds (0 turns the series off). */
  readonly statsBucketUs: number;
}

function logNormal(
  medianMs: number,
  sigma: number,
  minMs: number,
  maxMs: number,
): LatencyDistribution {
  return {
    medianUs: medianMs * US_PER_MS,
    sigma,
    minUs: minMs * US_PER_MS,
    maxUs: maxMs * US_PER_MS,
  };
}

// ASSUMED call latencies. A write that allocates (create, assign) is put at a few hundred
// milliseconds, a read at about a hundred; sigma 0.5 puts the p99 at 3.2 × the median and the
// cap at 10 × bounds the tail. EFLO calls are put at twice the ECS figures: EFLO is a younger,
// lower-volume API whose own status poll starts six times later than ECS's (18 s vs 3 s).
const ecsWrite = logNormal(400, 0.5, 40, 4000);
const ecsAssign = logNormal(300, 0.5, 30, 3000);
const ecsAccept = logNormal(200, 0.5, 20, 2000);
const ecsRead = logNormal(100, 0.5, 10, 1000);
const efloWrite = logNormal(800, 0.5, 80, 8000);
const efloAccept = logNormal(400, 0.5, 40, 4000);
const efloRead = logNormal(200, 0.5, 20, 2000);

/** The defaults; see the README's "Cloud defaults" for the reasoning behind each latency. */
export const cloudDefaults: CloudOptions = {
  callLatency: {
    CreateNetworkInterface: ecsWrite,
    AttachNetworkInterface: ecsAccept,
    DetachNetworkInterface: ecsAccept,
    DeleteNetworkInterface: ecsAssign,
    AssignPrivateIpAddresses: ecsAssign,
    UnassignPrivateIpAddresses: ecsAssign,
    AssignIpv6Addresses: ecsAssign,
    UnassignIpv6Addresses: ecsAssign,
    DescribeNetworkInterfaces: ecsRead,
    DescribeVSwitches: ecsRead,
    CreateElasticNetworkInterface: efloWrite,
    AttachElasticNetworkInterface: efloAccept,
    DetachElasticNetworkInterface: efloAccept,
    DeleteElasticNetworkInterface: efloWrite,
    AssignLeniPrivateIpAddress: efloWrite,
    UnassignLeniPrivateIpAddress: efloWrite,
    ListLeniPrivateIpAddresses: efloRead,
    ListElasticNetworkInterfaces: efloRead,
    GetNodeInfoForPod: efloRead,
    // eflo-controller's reads: put with EFLO's, for want of any figure of their own.
    DescribeNode: efloRead,
    DescribeNodeType: efloRead,
  },
  // ASSUMED: Terway's authors poll an ECS ENI's status first after 3 s (wait_eni_status), a
  // member ENI's after 2 s, an ECS-link Lingjun ENI's after 4 s and a LENI's after 18 s; and the
  // daemon lets at least 2 s pass after attaching. We put each median a little below that first
  // poll (sigma 0.3: about one attach in ten needs a second poll) and cap the tail at Terway's
  // attach timeouts (2 min ECS, 3 min ECS-link Lingjun, 5 min EFLO).
  attachLatency: {
    ecs: logNormal(2000, 0.3, 500, 120_000),
    member: logNormal(1500, 0.3, 300, 120_000),
    ecsLingjun: logNormal(3000, 0.3, 700, 180_000),
    leni: logNormal(15_000, 0.3, 3000, 300_000),
  },
  // ASSUMED: a detach takes as long as an attach; Terway polls both with the same backoff.
  detachLatency: {
    ecs: logNormal(2000, 0.3, 500, 120_000),
    member: logNormal(1500, 0.3, 300, 120_000),
    ecsLingjun: logNormal(3000, 0.3, 700, 180_000),
    leni: logNormal(15_000, 0.3, 3000, 300_000),
  },
  clientRateLimits: mapActions((action) => perMinute(TERWAY_CLIENT_RATE_PER_MINUTE[action])),
  accountRateLimits: {},
  faults: mapActions(() => ({
    throttlingProbability: 0,
    internalErrorProbability: 0,
    conflictProbability: 0,
  })),
  ipNotEnoughAsQuotaExceededProbability: 0,
  parallelism: { sharedEniNodesMax: 500, eniPodsMax: 100, controllerEniMax: 300 },
  statsBucketUs: 10 * US_PER_SECOND,
};

/** Overrides of {@link cloudDefaults}; every field is optional and merged field by field. */
export interface SimCloudOverrides {
  readonly callLatency?: Partial<Record<CloudApiAction, Partial<LatencyDistribution>>>;
  readonly attachLatency?: Partial<Record<keyof AsyncLatencies, Partial<LatencyDistribution>>>;
  readonly detachLatency?: Partial<Record<keyof AsyncLatencies, Partial<LatencyDistribution>>>;
  /** Client limits for every client of this cloud (a client can override them again). */
  readonly clientRateLimits?: Partial<Record<CloudApiAction, RateLimitOverride>>;
  /** Account limits per second or per minute; `burst` defaults to one period's calls. */
  readonly accountRateLimits?: Partial<Record<CloudApiAction, AccountRateLimitOverride>>;
  /** Injected failures for every API (`all`), then per API on top. */
  readonly faults?: {
    readonly all?: Partial<ApiFaultProbabilities>;
    readonly byAction?: Partial<Record<CloudApiAction, Partial<ApiFaultProbabilities>>>;
  };
  readonly ipNotEnoughAsQuotaExceededProbability?: number;
  readonly parallelism?: Partial<ParallelismOptions>;
  readonly statsBucketUs?: number;
}

function mapActions<T>(make: (action: CloudApiAction) => T): Record<CloudApiAction, T> {
  const entries = CLOUD_API_ACTIONS.map((action) => [action, make(action)] as const);
  return Object.fromEntries(entries) as Record<CloudApiAction, T>;
}

function perMinute(count: number, burst: number = count): TokenBucketRate {
  return { count, periodUs: US_PER_MINUTE, burst };
}

/** Turns Terway-style per-minute overrides into bucket rates on top of `base`. */
export function applyRateLimitOverrides(
  base: Readonly<Record<CloudApiAction, TokenBucketRate>>,
  overrides: Partial<Record<CloudApiAction, RateLimitOverride>> | undefined,
  where: string,
): Record<CloudApiAction, TokenBucketRate> {
  return mapActions((action) => {
    const override = overrides?.[action];
    const rate =
      override === undefined ? base[action] : perMinute(override.perMinute, override.burst);
    checkTokenBucketRate(rate, `${where} rate limit for ${action}`);
    return rate;
  });
}

function checkProbability(value: number, where: string): void {
  if (!(value >= 0 && value <= 1)) throw new RangeError(`${where} must be in [0, 1], got ${value}`);
}

function checkPositiveInteger(value: number, where: string): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(`${where} must be a positive integer, got ${value}`);
  }
}

function mergeLatency(
  base: LatencyDistribution,
  override: Partial<LatencyDistribution> | undefined,
  where: string,
): LatencyDistribution {
  const merged = { ...base, ...override };
  // Moving the median alone should move the clamps with it, unless they were given too.
  if (override?.medianUs !== undefined) {
    const scale = override.medianUs / base.medianUs;
    if (override.minUs === undefined) merged.minUs = Math.max(1, Math.round(base.minUs * scale));
    if (override.maxUs === undefined) merged.maxUs = Math.round(base.maxUs * scale);
  }
  checkLatencyDistribution(merged, where);
  return merged;
}

function mergeAsync(
  base: AsyncLatencies,
  overrides: Partial<Record<keyof AsyncLatencies, Partial<LatencyDistribution>>> | undefined,
  where: string,
): AsyncLatencies {
  return {
    ecs: mergeLatency(base.ecs, overrides?.ecs, `${where}.ecs`),
    member: mergeLatency(base.member, overrides?.member, `${where}.member`),
    ecsLingjun: mergeLatency(base.ecsLingjun, overrides?.ecsLingjun, `${where}.ecsLingjun`),
    leni: mergeLatency(base.leni, overrides?.leni, `${where}.leni`),
  };
}

function resolveFaults(
  overrides: SimCloudOverrides['faults'],
): Record<CloudApiAction, ApiFaultProbabilities> {
  return mapActions((action) => {
    const merged = {
      ...cloudDefaults.faults[action],
      ...overrides?.all,
      ...overrides?.byAction?.[action],
    };
    const where = `faults for ${action}`;
    checkProbability(merged.throttlingProbability, `${where}: throttlingProbability`);
    checkProbability(merged.internalErrorProbability, `${where}: internalErrorProbability`);
    checkProbability(merged.conflictProbability, `${where}: conflictProbability`);
    const sum =
      merged.throttlingProbability + merged.internalErrorProbability + merged.conflictProbability;
    checkProbability(sum, `${where}: the sum of the probabilities`);
    return merged;
  });
}

/** The defaults with `overrides` applied; throws a RangeError naming the first bad value. */
export function resolveCloudOptions(overrides: SimCloudOverrides = {}): CloudOptions {
  const callLatency = mapActions((action) =>
    mergeLatency(
      cloudDefaults.callLatency[action],
      overrides.callLatency?.[action],
      `callLatency.${action}`,
    ),
  );
  const accountRateLimits: Partial<Record<CloudApiAction, TokenBucketRate>> = {};
  for (const action of CLOUD_API_ACTIONS) {
    const limit = overrides.accountRateLimits?.[action];
    if (limit === undefined) continue;
    const count = 'perMinute' in limit ? limit.perMinute : limit.perSecond;
    const rate = {
      count,
      periodUs: 'perMinute' in limit ? US_PER_MINUTE : US_PER_SECOND,
      burst: limit.burst ?? count,
    };
    checkTokenBucketRate(rate, `accountRateLimits.${action}`);
    accountRateLimits[action] = rate;
  }
  const parallelism = { ...cloudDefaults.parallelism, ...overrides.parallelism };
  checkPositiveInteger(parallelism.sharedEniNodesMax, 'parallelism.sharedEniNodesMax');
  checkPositiveInteger(parallelism.eniPodsMax, 'parallelism.eniPodsMax');
  checkPositiveInteger(parallelism.controllerEniMax, 'parallelism.controllerEniMax');
  const ipNotEnoughAsQuotaExceededProbability =
    overrides.ipNotEnoughAsQuotaExceededProbability ??
    cloudDefaults.ipNotEnoughAsQuotaExceededProbability;
  checkProbability(ipNotEnoughAsQuotaExceededProbability, 'ipNotEnoughAsQuotaExceededProbability');
  const statsBucketUs = overrides.statsBucketUs ?? cloudDefaults.statsBucketUs;
  if (!Number.isSafeInteger(statsBucketUs) || statsBucketUs < 0) {
    throw new RangeError(`statsBucketUs must be a non-negative integer, got ${statsBucketUs}`);
  }
  return {
    callLatency,
    attachLatency: mergeAsync(
      cloudDefaults.attachLatency,
      overrides.attachLatency,
      'attachLatency',
    ),
    detachLatency: mergeAsync(
      cloudDefaults.detachLatency,
      overrides.detachLatency,
      'detachLatency',
    ),
    clientRateLimits: applyRateLimitOverrides(
      cloudDefaults.clientRateLimits,
      overrides.clientRateLimits,
      'clientRateLimits',
    ),
    accountRateLimits,
    faults: resolveFaults(overrides.faults),
    ipNotEnoughAsQuotaExceededProbability,
    parallelism,
    statsBucketUs,
  };
}
