/**
 * Workloads: the Deployment, StatefulSet, Job and Pod manifests, each with its pod template and
 * the rollout `spec.timeline.workloads` gives it (AllAtOnce at 0s when it gives none).
 */
import type { LoadContext } from './context.js';
import type { ManifestObject } from './manifests.js';
import { readPodTemplate } from './podTemplate.js';
import type { RawNode } from './rawNode.js';
import { readDistribution, readDuration, readPositiveDuration } from './readers.js';
import { didYouMean } from './suggest.js';
import type { IntOrPercent, Rollout, WorkloadKind, WorkloadSpec } from './types.js';
import { formatDuration } from './duration.js';
import { quoteInput } from '../../models/displayText.js';
import { distributionMeanUs, type DelayDistribution } from '../../models/delayDistribution.js';

/**
 * The shortest mean pod lifetime, 1 s. Each pod that ends is replaced, so a lifetime of 0s
 * (Constant 0s, Uniform 0s–0s) replaced pods forever at one simulated instant: the run spun
 * without end. No pod starts in under a second, so a shorter mean models nothing real.
 */
const LIFETIME_MEAN_MIN_US = 1_000_000;

/** A rollout's pod lifetime; one whose mean is under a second is refused. */
function readLifetime(node: RawNode, context: LoadContext): DelayDistribution | undefined {
  const lifetime = readDistribution(node, context);
  if (lifetime === undefined || distributionMeanUs(lifetime) >= LIFETIME_MEAN_MIN_US) {
    return lifetime;
  }
  context.findings.error({
    code: 'OUT_OF_RANGE',
    message: `the mean lifetime is ${formatDuration(Math.round(distributionMeanUs(lifetime)))}, under 1s: each pod ends and is replaced at once, without end`,
    hint: 'give a lifetime of at least 1s (pods take seconds to start)',
    ...node.where(),
  });
  return undefined;
}

/** A workload manifest before its rollout is known. */
interface WorkloadBase {
  readonly spec: Omit<WorkloadSpec, 'rollout'>;
  readonly object: ManifestObject;
}

const WORKLOAD_KINDS: readonly WorkloadKind[] = ['Deployment', 'StatefulSet', 'Job', 'Pod'];

/** Kubernetes' rolling-update default for both limits. */
const DEFAULT_ROLLING_PERCENT: IntOrPercent = { kind: 'percent', value: 25 };

/** Reads the workloads and their rollouts; `durationUs` bounds the times (undefined: unknown). */
export function readWorkloads(
  objects: readonly ManifestObject[],
  entries: RawNode,
  durationUs: number | undefined,
  context: LoadContext,
): WorkloadSpec[] {
  const bases = objects.flatMap((object) => {
    const kind = WORKLOAD_KINDS.find((candidate) => candidate === object.kind);
    return kind === undefined || object.name === '' ? [] : [readBase(object, kind, context)];
  });
  const chosen = new Map<string, RawNode>();
  for (const entry of entries.items()) {
    const reference = entry.get('workload');
    const base = resolveWorkload(reference, bases, context);
    if (base === undefined) continue;
    if (chosen.has(base.spec.key)) {
      context.findings.error({
        code: 'DUPLICATE_WORKLOAD_ENTRY',
        message: `workload ${base.spec.key} has two timeline entries`,
        hint: 'give each workload one entry (use ScaleWorkload events for later changes)',
        ...reference.where(),
      });
      continue;
    }
    chosen.set(base.spec.key, entry);
  }
  return bases.map((base) => {
    const entry = chosen.get(base.spec.key);
    if (entry === undefined) {
      return { ...base.spec, rollout: { type: 'AllAtOnce', startUs: 0, lifetime: null } };
    }
    const replicas = readReplicasOverride(entry, base, context);
    const rollout = readRollout(entry.get('rollout'), base, durationUs, context);
    return { ...base.spec, replicas, rollout };
  });
}

function readBase(object: ManifestObject, kind: WorkloadKind, context: LoadContext): WorkloadBase {
  const spec = object.node.get('spec');
  const isPod = kind === 'Pod';
  const template = isPod
    ? readPodTemplate(object.node.get('metadata'), spec, context)
    : readPodTemplate(
        spec.get('template').get('metadata'),
        spec.get('template').get('spec'),
        context,
      );
  const parallelism = spec.get('parallelism').integer() ?? 1;
  const job =
    kind === 'Job'
      ? { parallelism, completions: spec.get('completions').integer() ?? parallelism }
      : null;
  let replicas = 1;
  if (kind === 'Deployment' || kind === 'StatefulSet')
    replicas = spec.get('replicas').integer() ?? 1;
  else if (kind === 'Job') replicas = parallelism;
  if (!isPod) checkSelector(object, template.labels, context);
  return {
    object,
    spec: {
      kind,
      name: object.name,
      namespace: object.namespace,
      key: `${object.namespace}/${object.name}`,
      replicas,
      template,
      fixedName: kind === 'StatefulSet',
      podManagementPolicy:
        kind === 'StatefulSet'
          ? spec.get('podManagementPolicy').string() === 'Parallel'
            ? 'Parallel'
            : 'OrderedReady'
          : null,
      job,
      source: object.node.position(),
    },
  };
}

/** The API server refuses a workload whose selector does not match its template's labels. */
function checkSelector(
  object: ManifestObject,
  labels: Readonly<Record<string, string>>,
  context: LoadContext,
): void {
  const selector = object.node.get('spec').get('selector').get('matchLabels');
  for (const [key, value] of Object.entries(selector.stringMap())) {
    if (labels[key] === value) continue;
    context.findings.error({
      code: 'SELECTOR_MISMATCH',
      message: `selector ${key}=${value} does not match the pod template's labels`,
      hint: 'spec.selector.matchLabels must be a subset of spec.template.metadata.labels',
      ...selector.get(key).where(),
    });
  }
}

/** Finds a workload by `name` or `namespace/name`. */
function resolveWorkload(
  reference: RawNode,
  bases: readonly WorkloadBase[],
  context: LoadContext,
): WorkloadBase | undefined {
  const text = reference.string();
  if (text === undefined) return undefined;
  const found = findWorkloads(
    text,
    bases.map((base) => base.spec),
  );
  if (found.length === 1) return bases.find((base) => base.spec.key === found[0]?.key);
  const keys = bases.map((base) => base.spec.key);
  context.findings.error({
    code: found.length === 0 ? 'UNKNOWN_WORKLOAD' : 'AMBIGUOUS_WORKLOAD',
    message:
      found.length === 0
        ? `no Deployment, StatefulSet, Job or Pod named ${quoteInput(text)} in the manifests`
        : `${quoteInput(text)} names ${found.length} workloads: ${found.map((spec) => `${spec.kind} ${spec.key}`).join(', ')}`,
    hint:
      found.length === 0
        ? didYouMean(
            text,
            [...keys, ...bases.map((base) => base.spec.name)],
            'add its manifest to spec.manifests',
          )
        : 'write namespace/name',
    ...reference.where(),
  });
  return undefined;
}

/** The workloads `text` (`name` or `namespace/name`) names. */
export function findWorkloads<T extends Pick<WorkloadSpec, 'name' | 'key'>>(
  text: string,
  workloads: readonly T[],
): T[] {
  return text.includes('/')
    ? workloads.filter((workload) => workload.key === text)
    : workloads.filter((workload) => workload.name === text);
}

function readReplicasOverride(entry: RawNode, base: WorkloadBase, context: LoadContext): number {
  const node = entry.get('replicas');
  const replicas = node.integer();
  if (replicas === undefined) return base.spec.replicas;
  if (base.spec.kind === 'Pod') {
    context.findings.error({
      code: 'NOT_SCALABLE',
      message: `${base.spec.key} is a Pod: it has no replicas`,
      hint: 'use a Deployment for several identical pods',
      ...node.where({ atKey: true }),
    });
    return base.spec.replicas;
  }
  return replicas;
}

function readRollout(
  node: RawNode,
  base: WorkloadBase,
  durationUs: number | undefined,
  context: LoadContext,
): Rollout {
  const fallback: Rollout = { type: 'AllAtOnce', startUs: 0, lifetime: null };
  if (!node.present()) return fallback;
  const type = node.get('type').string();
  const startUs = readTime(node.get('start'), durationUs, context, 0) ?? 0;
  const stopUs =
    readTime(node.get('stop'), durationUs, context, durationUs ?? 0) ?? durationUs ?? 0;
  if (node.get('stop').present() && stopUs <= startUs) {
    context.findings.error({
      code: 'BAD_TIME',
      message: `stop (${formatDuration(stopUs)}) is not after start (${formatDuration(startUs)})`,
      hint: 'arrivals run from start to stop',
      ...node.get('stop').where(),
    });
  }
  const lifetime = readLifetime(node.get('lifetime'), context);
  const kind = base.spec.kind;
  switch (type) {
    case 'AllAtOnce':
      return { type, startUs, lifetime: lifetime ?? null };
    case 'RollingUpdate': {
      if (!requireKinds(node, kind, ['Deployment', 'StatefulSet'], context)) return fallback;
      const limits = rollingLimits(node, base, context);
      const updateAtUs = readUpdateTimes(node.get('updateAt'), startUs, durationUs, context);
      return { type, startUs, updateAtUs, ...limits, lifetime: lifetime ?? null };
    }
    case 'Poisson':
    case 'DailyProfile': {
      if (!requireKinds(node, kind, ['Pod', 'Job'], context) || lifetime === undefined)
        return fallback;
      if (type === 'Poisson') {
        return {
          type,
          startUs,
          stopUs,
          ratePerHour: node.get('ratePerHour').number() ?? 0,
          lifetime,
        };
      }
      const ratesPerHour = node
        .get('ratesPerHour')
        .items()
        .map((item) => item.number() ?? 0);
      return { type, startUs, stopUs, ratesPerHour, lifetime };
    }
    case 'Jobs': {
      if (!requireKinds(node, kind, ['Job'], context) || lifetime === undefined) return fallback;
      const repeatEveryUs = readPositiveDuration(node.get('repeatEvery'), context);
      return { type, startUs, stopUs, repeatEveryUs: repeatEveryUs ?? null, lifetime };
    }
    case undefined:
    default:
      return fallback;
  }
}

/** The times of a RollingUpdate's updates: each after the workload's start. */
function readUpdateTimes(
  list: RawNode,
  startUs: number,
  durationUs: number | undefined,
  context: LoadContext,
): number[] {
  return list.items().flatMap((item) => {
    const at = readTime(item, durationUs, context, 0);
    if (at !== undefined && at <= startUs) {
      context.findings.error({
        code: 'BAD_TIME',
        message: `updateAt ${formatDuration(at)} is not after the workload's start (${formatDuration(startUs)})`,
        hint: 'a rolling update replaces pods that exist: start it after the workload is created',
        ...item.where(),
      });
    }
    return at === undefined ? [] : [at];
  });
}

/** A time on the timeline: a duration from 0s, not after the end. */
export function readTime(
  node: RawNode,
  durationUs: number | undefined,
  context: LoadContext,
  fallback: number,
): number | undefined {
  const us = readDuration(node, context, { fallback, allowNegative: true });
  if (us === undefined) return undefined;
  if (us < 0) {
    context.findings.error({
      code: 'EVENT_IN_THE_PAST',
      message: `${String(node.value)} is before the scenario starts (0s)`,
      hint: 'times are offsets from the start of the run: use 0s or later',
      ...node.where(),
    });
    return undefined;
  }
  if (durationUs !== undefined && us > durationUs) {
    context.findings.error({
      code: 'EVENT_AFTER_END',
      message: `${String(node.value)} is after the end of the run (${formatDuration(durationUs)})`,
      hint: 'lengthen spec.timeline.duration or move this earlier',
      ...node.where(),
    });
    return undefined;
  }
  return us;
}

function requireKinds(
  node: RawNode,
  kind: WorkloadKind,
  allowed: readonly WorkloadKind[],
  context: LoadContext,
): boolean {
  if (allowed.includes(kind)) return true;
  context.findings.error({
    code: 'ROLLOUT_KIND_MISMATCH',
    message: `a ${String(node.get('type').value)} rollout applies to ${allowed.join(' or ')}, not a ${kind}`,
    hint:
      kind === 'Deployment'
        ? 'use AllAtOnce (with a lifetime for churn) or RollingUpdate'
        : 'use AllAtOnce',
    ...node.get('type').where(),
  });
  return false;
}

/** maxSurge/maxUnavailable: the rollout's, else the manifest's, else Kubernetes' defaults. */
function rollingLimits(
  node: RawNode,
  base: WorkloadBase,
  context: LoadContext,
): { readonly maxSurge: IntOrPercent; readonly maxUnavailable: IntOrPercent } {
  const strategy = base.object.node.get('spec').get('strategy');
  const recreate = strategy.get('type').string() === 'Recreate';
  const manifest = strategy.get('rollingUpdate');
  const isStatefulSet = base.spec.kind === 'StatefulSet';
  if (isStatefulSet && node.get('maxSurge').present()) {
    context.findings.error({
      code: 'NOT_SUPPORTED',
      message: 'a StatefulSet does not surge: it replaces pods in place',
      hint: 'remove maxSurge (StatefulSets update maxUnavailable pods at a time, default 1)',
      ...node.get('maxSurge').where({ atKey: true }),
    });
  }
  const surgeDefault: IntOrPercent =
    isStatefulSet || recreate ? { kind: 'count', value: 0 } : DEFAULT_ROLLING_PERCENT;
  let unavailableDefault: IntOrPercent = DEFAULT_ROLLING_PERCENT;
  if (isStatefulSet) unavailableDefault = { kind: 'count', value: 1 };
  else if (recreate) unavailableDefault = { kind: 'percent', value: 100 };
  const maxSurge = isStatefulSet
    ? surgeDefault
    : (intOrPercent(node.get('maxSurge')) ??
      intOrPercent(manifest.get('maxSurge')) ??
      surgeDefault);
  const maxUnavailable =
    intOrPercent(node.get('maxUnavailable')) ??
    intOrPercent(manifest.get('maxUnavailable')) ??
    unavailableDefault;
  if (maxSurge.value === 0 && maxUnavailable.value === 0) {
    context.findings.error({
      code: 'BAD_ROLLING_UPDATE',
      message: 'maxSurge and maxUnavailable are both 0: the update could never progress',
      hint: 'Kubernetes refuses this; allow at least one pod of surge or unavailability',
      ...node.where(),
    });
  }
  return { maxSurge, maxUnavailable };
}

function intOrPercent(node: RawNode): IntOrPercent | undefined {
  const count = node.integer();
  if (count !== undefined) return { kind: 'count', value: count };
  const text = node.string();
  if (text === undefined || !/^\d+%$/u.test(text)) return undefined;
  return { kind: 'percent', value: Number(text.slice(0, -1)) };
}

/**
 * Resolves maxSurge and maxUnavailable for `replicas` as the Deployment controller does:
 * percentages of surge round up, of unavailability down.
 */
export function resolveRollingLimits(
  replicas: number,
  limits: { readonly maxSurge: IntOrPercent; readonly maxUnavailable: IntOrPercent },
): { readonly surge: number; readonly unavailable: number } {
  const scale = (value: IntOrPercent, round: (x: number) => number): number =>
    value.kind === 'count' ? value.value : round((replicas * value.value) / 100);
  let surge = scale(limits.maxSurge, Math.ceil);
  let unavailable = scale(limits.maxUnavailable, Math.floor);
  // The controller makes progress possible: both 0 after rounding becomes one unavailable.
  if (surge === 0 && unavailable === 0) unavailable = 1;
  surge = Math.max(surge, 0);
  return { surge, unavailable: Math.min(unavailable, replicas) };
}
