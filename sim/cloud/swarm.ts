/**
 * Fault profiles drawn from the seed ("swarm testing", as TigerBeetle's VOPR draws its
 * `options_swarm`): each run gets a different mix of injected failures and account limits, so
 * the allocator core meets combinations nobody thought to write a test for. The default profile,
 * used by unit tests and by forecasts, injects nothing.
 */
import type { CloudApiAction } from '../contracts/cloudApi.js';
import type { RandomStream } from '../contracts/random.js';
import { CLOUD_API_ACTIONS } from './options.js';
import type { ApiFaultProbabilities, SimCloudOverrides } from './options.js';

/** The most a swarm profile injects per API: kept low enough that runs still make progress. */
export const SWARM_THROTTLING_PROBABILITY_MAX = 0.2;
export const SWARM_INTERNAL_ERROR_PROBABILITY_MAX = 0.05;
export const SWARM_CONFLICT_PROBABILITY_MAX = 0.05;
/** Account limits a swarm profile may set, in calls per second. */
export const SWARM_ACCOUNT_PER_SECOND_MIN = 2;
export const SWARM_ACCOUNT_PER_SECOND_MAX = 50;

/** No injected failures and no account limits: the cloud defaults. */
export const cloudFaultsNone: SimCloudOverrides = {};

/**
 * A fault profile drawn from `rng`: about half the APIs get injected failures, about one in four
 * an account flow limit, and exhausted vSwitches answer QuotaExceeded half the time or never.
 * Draws a fixed number of values per API, so the profile of one API does not depend on another's.
 */
export function cloudFaultsSwarm(rng: RandomStream): SimCloudOverrides {
  const byAction: Partial<Record<CloudApiAction, ApiFaultProbabilities>> = {};
  const accountRateLimits: Partial<Record<CloudApiAction, { readonly perSecond: number }>> = {};
  for (const action of CLOUD_API_ACTIONS) {
    const stream = rng.fork(action);
    const faulty = stream.float() < 0.5;
    const throttling = stream.float() * SWARM_THROTTLING_PROBABILITY_MAX;
    const internal = stream.float() * SWARM_INTERNAL_ERROR_PROBABILITY_MAX;
    const conflict = stream.float() * SWARM_CONFLICT_PROBABILITY_MAX;
    const limited = stream.float() < 0.25;
    const span = SWARM_ACCOUNT_PER_SECOND_MAX - SWARM_ACCOUNT_PER_SECOND_MIN + 1;
    const perSecond = SWARM_ACCOUNT_PER_SECOND_MIN + Math.floor(stream.float() * span);
    if (faulty) {
      byAction[action] = {
        throttlingProbability: throttling,
        internalErrorProbability: internal,
        conflictProbability: conflict,
      };
    }
    if (limited) accountRateLimits[action] = { perSecond };
  }
  return {
    faults: { byAction },
    accountRateLimits,
    ipNotEnoughAsQuotaExceededProbability: rng.fork('exhaustion').float() < 0.5 ? 0 : 0.5,
  };
}
