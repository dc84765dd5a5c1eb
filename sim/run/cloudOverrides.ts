/**
 * The scenario's `spec.cloud` as the simulated cloud's options.
 *
 * - Call and attach latencies: the cloud draws log-normal latencies (median, sigma, clamps). A
 *   log-normal in the scenario maps directly; any other shape is converted to the log-normal
 *   with the same mean and variance (σ² = ln(1 + v/m²), median = m / √(1 + v/m²)), clamped to
 *   the original's range where it has one, and to ±4σ around the median otherwise.
 * - `rateLimitsPerMinute`: the account's server-side flow control, a bucket gaining the
 *   per-minute figure each minute and holding one minute's worth (as Terway's own per-minute
 *   client buckets are modelled). Any whole number is honoured: the bucket's period is 60 s.
 * - Faults with time windows are applied by `faultWindows.ts` around each client.
 * - The statistics' time series uses the scenario's sampling step.
 */
import type {
  AccountRateLimitOverride,
  LatencyDistribution,
  SimCloudOverrides,
} from '../cloud/index.js';
import type { CloudApiAction } from '../contracts/cloudApi.js';
import {
  DELAY_MAX_US,
  distributionMeanUs,
  type DelayDistribution,
} from '../../models/delayDistribution.js';
import type { CloudOverrides } from '../../scenarios/load/index.js';

/** How many standard deviations of the log the clamps of an unbounded shape allow. */
const CLAMP_SIGMAS = 4;

function variance(distribution: DelayDistribution): number {
  switch (distribution.kind) {
    case 'constant':
      return 0;
    case 'exponential':
      return distribution.meanUs ** 2;
    case 'uniform':
      return (distribution.maxUs - distribution.minUs) ** 2 / 12;
    case 'normal':
      return distribution.deviationUs ** 2;
    case 'logNormal': {
      const s2 = distribution.sigma ** 2;
      return (Math.exp(s2) - 1) * Math.exp(2 * Math.log(distribution.medianUs) + s2);
    }
  }
}

/** The log-normal the cloud draws from for a scenario's latency distribution. */
export function toLatency(distribution: DelayDistribution): LatencyDistribution {
  let medianUs: number;
  let sigma: number;
  if (distribution.kind === 'logNormal') {
    medianUs = distribution.medianUs;
    sigma = distribution.sigma;
  } else {
    const mean = Math.max(1, distributionMeanUs(distribution));
    const ratio = 1 + variance(distribution) / mean ** 2;
    sigma = Math.sqrt(Math.log(ratio));
    medianUs = mean / Math.sqrt(ratio);
  }
  const median = Math.min(DELAY_MAX_US, Math.max(1, Math.round(medianUs)));
  let minUs = Math.max(1, Math.round(median * Math.exp(-CLAMP_SIGMAS * sigma)));
  // A wide shape's +4σ can pass 2^53 µs; the clamp stays where the clock plus it is safe.
  let maxUs = Math.min(
    DELAY_MAX_US,
    Math.max(median, Math.round(median * Math.exp(CLAMP_SIGMAS * sigma))),
  );
  if (distribution.kind === 'uniform') {
    minUs = Math.max(1, Math.round(distribution.minUs));
    maxUs = Math.min(DELAY_MAX_US, Math.round(distribution.maxUs));
  }
  return {
    medianUs: median,
    sigma,
    minUs: Math.min(minUs, median),
    maxUs: Math.max(maxUs, median),
  };
}

/** The cloud's options for a scenario the loader accepted. */
export function cloudOptionsFor(
  cloud: CloudOverrides,
  options: { readonly statsBucketUs: number },
): SimCloudOverrides {
  const callLatency: Partial<Record<CloudApiAction, LatencyDistribution>> = {};
  for (const [action, distribution] of Object.entries(cloud.apiLatency) as [
    CloudApiAction,
    DelayDistribution,
  ][]) {
    callLatency[action] = toLatency(distribution);
  }
  const accountRateLimits: Partial<Record<CloudApiAction, AccountRateLimitOverride>> = {};
  for (const [action, perMinute] of Object.entries(cloud.rateLimitsPerMinute) as [
    CloudApiAction,
    number,
  ][]) {
    accountRateLimits[action] = { perMinute };
  }
  const ecs = cloud.eniAttachLatency === null ? null : toLatency(cloud.eniAttachLatency);
  const leni = cloud.leniAttachLatency === null ? null : toLatency(cloud.leniAttachLatency);
  return {
    callLatency,
    attachLatency: {
      ...(ecs === null ? {} : { ecs, member: ecs, ecsLingjun: ecs }),
      ...(leni === null ? {} : { leni }),
    },
    accountRateLimits,
    statsBucketUs: options.statsBucketUs,
  };
}
