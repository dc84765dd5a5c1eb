/**
 * ACK's admission rules for a node joining a Terway cluster, as violations with stable codes.
 *
 * Two of them exist only in ACK, not in Terway's code (`terway.md` §1.3.2): a node's shared-mode
 * pod quota `(EniQuantity − 1) × EniPrivateIpAddressQuantity` must be more than 11, and its
 * exclusive-mode pod quota `EniQuantity − 1` must be more than 6. The seed's "a worker node must
 * have more than six ENIs" counts the ENIs pods can use, so an 8-ENI type is admitted (7 > 6) and
 * a 7-ENI type is refused (6). Both rules are about the instance type, so they use its formula,
 * not a count reduced by `eni_conf` or ERDMA.
 *
 * Every feature used below the Terway version that introduced it is a violation naming the
 * version needed.
 */
import type { PodCapacity, EniMode } from './capacity.js';
import { diagnostic, DiagnosticCode, type Diagnostic } from './diagnostics.js';
import { eniConfFeatures, type EniConf } from './eniConf.js';
import type { InstanceType } from './instanceType.js';
import {
  hasFeature,
  isNewerThanKnown,
  NEWEST_KNOWN_TERWAY,
  TerwayFeatures,
  type TerwayFeatureName,
  type TerwayVersion,
} from './terwayVersion.js';
import type { StackDecision } from './dualStack.js';

/** ACK: a shared-mode node's ENI pod quota must exceed this to join the cluster. */
export const SHARED_POD_QUOTA_FLOOR = 11;
/** ACK: an exclusive-mode node's ENI pod quota must exceed this to join the cluster. */
export const EXCLUSIVE_POD_QUOTA_FLOOR = 6;

/** Everything admission looks at. */
export interface AdmissionInput {
  readonly type: InstanceType;
  readonly mode: EniMode;
  readonly capacity: PodCapacity;
  readonly stack: StackDecision;
  readonly terway: TerwayVersion;
  readonly conf: EniConf;
}

/** The outcome: refused if any violation; warnings never refuse. */
export interface AdmissionResult {
  readonly admitted: boolean;
  readonly violations: readonly Diagnostic[];
  readonly warnings: readonly Diagnostic[];
}

/** The version-gated features a plan uses, in the order they are checked. */
export function featuresUsed(input: AdmissionInput): TerwayFeatureName[] {
  const { type, mode, capacity, stack, conf } = input;
  const used: TerwayFeatureName[] = [];
  if (type.platform === 'lingjun') {
    used.push(type.lingjunApi === 'ecs-link' ? 'lingjunEcsLink' : 'lingjunLeni');
  }
  if (mode === 'exclusive') {
    used.push(type.platform === 'lingjun' ? 'exclusiveEniPoolLingjun' : 'exclusiveEniPoolEcs');
  } else {
    used.push('sharedEni');
  }
  if (stack.requested === 'dual' && type.platform === 'ecs') used.push('dualStack');
  if (capacity.trunk) used.push('trunk');
  if (capacity.erdma) used.push('erdma');
  if (capacity.ipPrefix) used.push('ipPrefix');
  for (const feature of eniConfFeatures(conf)) {
    if (!used.includes(feature)) used.push(feature);
  }
  return used;
}

function versionViolations(input: AdmissionInput): Diagnostic[] {
  const violations: Diagnostic[] = [];
  for (const name of featuresUsed(input)) {
    if (hasFeature(input.terway, name)) continue;
    const feature = TerwayFeatures[name];
    let text = `Terway ${input.terway.text} is too old for ${feature.name}: it needs ${feature.since} or later`;
    if (name === 'exclusiveEniPoolEcs') {
      text += '; the cluster-wide ENI-only mode of older Terway is out of scope for enisim';
    }
    violations.push(diagnostic(DiagnosticCode.terwayVersionTooOld, text));
  }
  return violations;
}

function quotaViolations(input: AdmissionInput): Diagnostic[] {
  const { type, mode, capacity } = input;
  if (mode === 'exclusive') {
    const quota = capacity.exclusivePodLimit;
    if (quota > EXCLUSIVE_POD_QUOTA_FLOOR) return [];
    const formula = capacity.limits.eniApi.endsWith('hdeni')
      ? `its high-density quota is ${quota}`
      : `${type.eniQuantity} ENIs leave ${quota} for pods`;
    const text = `${type.id}: ${formula}; an exclusive-ENI node needs more than ${EXCLUSIVE_POD_QUOTA_FLOOR} (ACK pod-quota rule)`;
    return [diagnostic(DiagnosticCode.exclusiveTooFewEnis, text)];
  }
  const quota = capacity.sharedPodLimit;
  if (quota > SHARED_POD_QUOTA_FLOOR) return [];
  const text = `${type.id}: (${type.eniQuantity}−1)×${type.ipv4PerEni} = ${quota} pods; a shared-ENI node needs more than ${SHARED_POD_QUOTA_FLOOR} (ACK pod-quota rule)`;
  return [diagnostic(DiagnosticCode.sharedTooFewPods, text)];
}

/** Checks a plan against ACK's and Terway's rules. */
export function checkAdmission(input: AdmissionInput): AdmissionResult {
  const { type, mode, capacity, stack } = input;
  const violations: Diagnostic[] = [...quotaViolations(input), ...versionViolations(input)];
  violations.push(...stack.violations);
  if (capacity.erdma && stack.requested === 'dual') {
    const text = 'dual-stack cannot be combined with ERDMA (ACK)';
    violations.push(diagnostic(DiagnosticCode.erdmaNoDualStack, text));
  }
  const onlyHighDensity =
    type.platform === 'lingjun' && type.eniQuantity <= 1 && (type.highDensityQuantity ?? 0) > 0;
  if (mode === 'shared' && onlyHighDensity) {
    const text = `${type.id} has only high-density interfaces; Terway requires exclusive ENI mode for it ("exclusive ENI mode must be enabled for EFLO nodes")`;
    violations.push(diagnostic(DiagnosticCode.lingjunHighDensityNeedsExclusive, text));
  }
  const warnings: Diagnostic[] = [];
  if (isNewerThanKnown(input.terway)) {
    const text = `Terway ${input.terway.text} is newer than the newest release enisim knows (${NEWEST_KNOWN_TERWAY}); features added after it are not modelled`;
    warnings.push(diagnostic(DiagnosticCode.terwayVersionNewer, text));
  }
  return { admitted: violations.length === 0, violations, warnings };
}
