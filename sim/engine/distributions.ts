/**
 * Delay distributions drawn from a seeded {@link RandomStream}.
 *
 * The samplers are d3-random's, bound with `.source()` to our stream: d3-random is built for
 * exactly this (it never needs an unseeded generator when given a source). Delays come out as whole
 * microseconds, never negative, because the engine schedules integer delays.
 */
import { randomExponential, randomLogNormal, randomNormal, randomUniform } from 'd3';
import type { RandomStream } from '../contracts/random.js';
import {
  checkDistribution,
  DELAY_MAX_US,
  type DelayDistribution,
} from '../../models/delayDistribution.js';

/** A sampler of `distribution` over `stream`, returning whole non-negative microseconds. */
export function delaySampler(stream: RandomStream, distribution: DelayDistribution): () => number {
  checkDistribution(distribution);
  const source = (): number => stream.float();
  const raw = rawSampler(source, distribution);
  return () => Math.min(DELAY_MAX_US, Math.max(0, Math.round(raw())));
}

function rawSampler(source: () => number, distribution: DelayDistribution): () => number {
  switch (distribution.kind) {
    case 'constant': {
      const valueUs = distribution.valueUs;
      return () => valueUs;
    }
    case 'exponential':
      return randomExponential.source(source)(1 / distribution.meanUs);
    case 'uniform':
      return randomUniform.source(source)(distribution.minUs, distribution.maxUs);
    case 'normal':
      return randomNormal.source(source)(distribution.meanUs, distribution.deviationUs);
    case 'logNormal':
      return randomLogNormal.source(source)(Math.log(distribution.medianUs), distribution.sigma);
  }
}
