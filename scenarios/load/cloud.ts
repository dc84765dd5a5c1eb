/**
 * `spec.cloud` (latency, flow-control and fault overrides of the simulated cloud) and
 * `spec.slos` (objectives named after the results fields).
 */
import type { CloudApiAction, CloudErrorCode } from '../../models/cloudApiNames.js';
import type { DelayDistribution } from '../../models/delayDistribution.js';
import type { LoadContext } from './context.js';
import { formatDuration } from './duration.js';
import type { RawNode } from './rawNode.js';
import { readDistribution } from './readers.js';
import { SLO_NAMES, type SloSpec } from '../../models/results/slos.js';
import type { CloudFaultSpec, CloudOverrides } from './types.js';
import { readTime } from './workloads.js';

/** Reads `spec.cloud`; anything absent keeps the simulator's default. */
export function readCloud(
  node: RawNode,
  durationUs: number | undefined,
  context: LoadContext,
): CloudOverrides {
  const apiLatency: Partial<Record<CloudApiAction, DelayDistribution>> = {};
  for (const [action, value] of node.get('apiLatency').entries()) {
    const distribution = readDistribution(value, context);
    if (distribution !== undefined) apiLatency[action as CloudApiAction] = distribution;
  }
  const rateLimitsPerMinute: Partial<Record<CloudApiAction, number>> = {};
  for (const [action, value] of node.get('rateLimitsPerMinute').entries()) {
    const limit = value.integer();
    if (limit !== undefined) rateLimitsPerMinute[action as CloudApiAction] = limit;
  }
  return {
    apiLatency,
    eniAttachLatency: readDistribution(node.get('eniAttachLatency'), context) ?? null,
    leniAttachLatency: readDistribution(node.get('leniAttachLatency'), context) ?? null,
    rateLimitsPerMinute,
    faults: node
      .get('faults')
      .items()
      .flatMap((fault) => readFault(fault, durationUs, context)),
  };
}

function readFault(
  node: RawNode,
  durationUs: number | undefined,
  context: LoadContext,
): CloudFaultSpec[] {
  const action = node.get('action').string();
  const errorCode = node.get('errorCode').string();
  const probability = node.get('probability').number();
  const fromUs = readTime(node.get('from'), durationUs, context, 0);
  const untilUs = readTime(
    node.get('until'),
    durationUs,
    context,
    durationUs ?? Number.MAX_SAFE_INTEGER,
  );
  if (action === undefined || errorCode === undefined || probability === undefined) return [];
  if (fromUs === undefined || untilUs === undefined) return [];
  if (untilUs <= fromUs) {
    context.findings.error({
      code: 'BAD_TIME',
      message: `the fault ends (${formatDuration(untilUs)}) before it starts (${formatDuration(fromUs)})`,
      hint: 'until must be after from',
      ...node.get('until').where(),
    });
    return [];
  }
  return [
    {
      action: action as CloudApiAction,
      errorCode: errorCode as CloudErrorCode,
      probability,
      fromUs,
      untilUs,
    },
  ];
}

/** Reads `spec.slos` in the order written. */
export function readSlos(node: RawNode): SloSpec[] {
  return node.entries().flatMap(([name, value]): SloSpec[] => {
    const known = SLO_NAMES.find((candidate) => candidate === name);
    if (known === undefined) return [];
    const max = value.get('max').number();
    const min = value.get('min').number();
    if (max !== undefined) return [{ name: known, bound: 'max', value: max }];
    if (min !== undefined) return [{ name: known, bound: 'min', value: min }];
    return [];
  });
}
