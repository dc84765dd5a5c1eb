/**
 * Readers for the scenario's own value types, reporting each bad value where it is written:
 * durations (to microseconds) and duration distributions (to the simulator's
 * {@link DelayDistribution}).
 */
import type { DelayDistribution } from '../../models/delayDistribution.js';
import type { LoadContext } from './context.js';
import { parseDuration } from './duration.js';
import type { RawNode } from './rawNode.js';
import { quoteInput } from '../../models/displayText.js';

/** z such that P(Z ≤ z) = 0.99 for a standard normal Z: turns a p99 into a log-normal sigma. */
const Z_99 = 2.326347874040841;

/**
 * A duration in microseconds; `fallback` when absent; `undefined` (reported) when it does not
 * parse or is negative where `allowNegative` is not set.
 */
export function readDuration(
  node: RawNode,
  context: LoadContext,
  options: { readonly fallback?: number; readonly allowNegative?: boolean } = {},
): number | undefined {
  if (!node.present()) return options.fallback;
  const text = node.string();
  if (text === undefined) return undefined;
  const parsed = parseDuration(text);
  if (!parsed.ok) {
    context.findings.error({
      code: 'BAD_DURATION',
      message: parsed.reason,
      hint: 'durations are Go strings: "90s", "5m0s", "1h30m", "250ms"',
      ...node.where(),
    });
    return undefined;
  }
  if (parsed.us < 0 && options.allowNegative !== true) {
    context.findings.error({
      code: 'BAD_DURATION',
      message: `${quoteInput(text)} is negative`,
      hint: 'times count from the start of the scenario (0s); use a positive duration',
      ...node.where(),
    });
    return undefined;
  }
  return parsed.us;
}

/** A duration that must be more than zero. */
export function readPositiveDuration(
  node: RawNode,
  context: LoadContext,
  fallback?: number,
): number | undefined {
  const us = readDuration(node, context, fallback === undefined ? {} : { fallback });
  if (us === 0) {
    context.findings.error({
      code: 'BAD_DURATION',
      message: 'must be longer than 0s',
      hint: 'give a positive duration',
      ...node.where(),
    });
    return undefined;
  }
  return us;
}

/** A distribution of durations; `undefined` when absent or invalid (invalid is reported). */
export function readDistribution(
  node: RawNode,
  context: LoadContext,
): DelayDistribution | undefined {
  if (!node.present()) return undefined;
  const field = (name: string): number | undefined => readDuration(node.get(name), context);
  switch (node.get('distribution').string()) {
    case 'Constant': {
      const valueUs = field('value');
      return valueUs === undefined ? undefined : { kind: 'constant', valueUs };
    }
    case 'Exponential': {
      const meanUs = field('mean');
      if (meanUs === 0) {
        positiveRequired(node.get('mean'), context);
        return undefined;
      }
      return meanUs === undefined ? undefined : { kind: 'exponential', meanUs };
    }
    case 'Uniform':
      return uniform(node, context);
    case 'Normal': {
      const meanUs = field('mean');
      const deviationUs = field('deviation');
      if (meanUs === undefined || deviationUs === undefined) return undefined;
      return { kind: 'normal', meanUs, deviationUs };
    }
    case 'LogNormal':
      return logNormal(node, context);
    case undefined:
    default:
      return undefined;
  }
}

function positiveRequired(node: RawNode, context: LoadContext): void {
  context.findings.error({
    code: 'BAD_DURATION',
    message: 'the mean must be longer than 0s',
    hint: 'use a Constant distribution of 0s for no delay',
    ...node.where(),
  });
}

function uniform(node: RawNode, context: LoadContext): DelayDistribution | undefined {
  const minUs = readDuration(node.get('min'), context);
  const maxUs = readDuration(node.get('max'), context);
  if (minUs === undefined || maxUs === undefined) return undefined;
  if (maxUs < minUs) {
    context.findings.error({
      code: 'BAD_DISTRIBUTION',
      message: 'max is smaller than min',
      hint: 'swap them',
      ...node.get('max').where(),
    });
    return undefined;
  }
  return { kind: 'uniform', minUs, maxUs };
}

function logNormal(node: RawNode, context: LoadContext): DelayDistribution | undefined {
  const medianUs = readDuration(node.get('median'), context);
  if (medianUs === undefined) return undefined;
  if (medianUs === 0) {
    positiveRequired(node.get('median'), context);
    return undefined;
  }
  const sigma = node.get('sigma').number();
  const p99Node = node.get('p99');
  if ((sigma === undefined) === !p99Node.present()) {
    context.findings.error({
      code: 'BAD_DISTRIBUTION',
      message: 'a LogNormal needs exactly one of sigma and p99',
      hint: 'give the 99th percentile (p99: "2s") or the log deviation (sigma: 0.5)',
      ...node.where(),
    });
    return undefined;
  }
  if (sigma !== undefined) return { kind: 'logNormal', medianUs, sigma };
  const p99Us = readDuration(p99Node, context);
  if (p99Us === undefined) return undefined;
  if (p99Us < medianUs) {
    context.findings.error({
      code: 'BAD_DISTRIBUTION',
      message: 'p99 is below the median',
      hint: 'the 99th percentile is at least the median',
      ...p99Node.where(),
    });
    return undefined;
  }
  return { kind: 'logNormal', medianUs, sigma: Math.log(p99Us / medianUs) / Z_99 };
}
