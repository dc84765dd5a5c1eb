/**
 * The waits of the exclusive-ENI and trunk-member path as they were at a Terway version (read at
 * the tags: `pkg/backoff/backoff.go`, `pkg/controller/pod-eni/eni_controller.go`,
 * `pkg/controller/eni/eni.go`, `pkg/eni/remote.go`). Three generations:
 *
 * - before 1.14.3 (the seed's 1.11.3 reads as tag v1.11.2): the PodENI controller calls
 *   AttachNetworkInterface itself and waits in `WaitForNetworkInterface` with `wait_eni_status`
 *   (describe at once, then 5 s × 1.5ⁿ, jitter 0.5, 8 tries); the daemon polls the PodENI with
 *   `wait_podeni_status` (at once, then 5 s, jitter 0.3, 20 tries);
 * - 1.14.3 to 1.14.x: the NetworkInterface controller attaches and describes at once, requeueing
 *   by `wait_eni_status` (now 3 s × 1.5ⁿ); the PodENI controller waits on the CR with the same
 *   backoff;
 * - from 1.15.0 (`ExtendedBackoff`): the NetworkInterface controller sleeps `wait_eni_status`'s
 *   initial delay (3 s; a member ENI `wait_member_eni_status`'s 2 s) between attach and describe,
 *   the PodENI controller waits with `wait_networkinterface_status` (2 s, then 1 s, jitter 0.3),
 *   the daemon with `wait_podeni_status` (2 s, then 1 s, jitter 0.3, 100 tries); from 1.16.2 a
 *   centralized (`ipam_type: crd`) daemon is told of the PodENI's change by its informer
 *   instead (`CRDV2.remote` passes `podENINotifier`; the legacy daemon passes nil and polls).
 */
import { hasFeature } from '../../models/terwayVersion.js';
import type { TerwayVersion } from '../../models/terwayVersion.js';
import { TERWAY_BACKOFF } from './backoff.js';
import type { BackoffSpec } from './backoff.js';
import type { Platform } from './limits.js';

/** `wait_eni_status` before 1.14.3: 5s / 1.5 / 0.5 / 8, no initial delay. */
const WAIT_ENI_STATUS_BEFORE_1_14_3: BackoffSpec = {
  initialDelayUs: 0,
  durationUs: 5_000_000,
  factor: 1.5,
  jitter: 0.5,
  steps: 8,
};
/** `wait_eni_status` from 1.14.3 until 1.15.0: 3s / 1.5 / 0.5 / 8, no initial delay. */
const WAIT_ENI_STATUS_1_14_3: BackoffSpec = { ...TERWAY_BACKOFF.waitEniStatus, initialDelayUs: 0 };
/** `wait_podeni_status` before 1.15.0: 5s / 1 / 0.3 / 20, no initial delay. */
const WAIT_PODENI_STATUS_BEFORE_1_15: BackoffSpec = {
  initialDelayUs: 0,
  durationUs: 5_000_000,
  factor: 1,
  jitter: 0.3,
  steps: 20,
};

/** The waits of one version, for one ENI kind and platform. */
export interface PodEniWaits {
  /** The NetworkInterface controller attaches (1.14.3+); before, the PodENI controller does. */
  readonly networkInterfaceController: boolean;
  /** The NetworkInterface controller's sleep between AttachNetworkInterface and the describe. */
  readonly attachSleepUs: number;
  /**
   * The NetworkInterface controller's requeue after a describe that did not find the ENI InUse
   * (`BackoffManager.Get`: the initial delay first, then the steps), re-attaching each time.
   */
  readonly requeue: BackoffSpec;
  /**
   * The PodENI controller's wait: on the NetworkInterface CR's phase (1.14.3+), or before on the
   * ENI itself by DescribeNetworkInterfaces.
   */
  readonly podEniWait: BackoffSpec;
  /** The daemon's poll of the PodENI when it is not notified. */
  readonly daemonPoll: BackoffSpec;
  /** Whether a centralized daemon is notified of the PodENI's Bind (1.16.2+). */
  readonly notifierForCentralized: boolean;
}

/** The waits at `version` for an ENI of `kind` on `platform`. */
export function podEniWaitsAt(
  version: TerwayVersion,
  options: { readonly member: boolean; readonly platform: Platform },
): PodEniWaits {
  const niController = hasFeature(version, 'networkInterfaceController');
  const extended = hasFeature(version, 'statusWaitInitialDelay');
  let requeue: BackoffSpec;
  if (options.platform === 'lingjun') requeue = TERWAY_BACKOFF.waitLeniStatus;
  else if (!niController) requeue = WAIT_ENI_STATUS_BEFORE_1_14_3;
  else if (!extended) requeue = WAIT_ENI_STATUS_1_14_3;
  // `getECSBackoff`: wait_eni_status for members too; only the sleep below differs.
  else requeue = TERWAY_BACKOFF.waitEniStatus;
  // From 1.15.0 the ECS path sleeps the initial delay of the ENI's kind before the describe
  // (`eni.go:attach`: wait_member_eni_status for a trunk member), EFLO sleeps nothing.
  let attachSleepUs = 0;
  if (extended && options.platform !== 'lingjun') {
    attachSleepUs = options.member
      ? TERWAY_BACKOFF.waitMemberEniStatus.initialDelayUs
      : TERWAY_BACKOFF.waitEniStatus.initialDelayUs;
  }
  let podEniWait: BackoffSpec;
  if (extended) podEniWait = TERWAY_BACKOFF.waitNetworkInterfaceStatus;
  else if (niController) podEniWait = WAIT_ENI_STATUS_1_14_3;
  else podEniWait = WAIT_ENI_STATUS_BEFORE_1_14_3;
  return {
    networkInterfaceController: niController,
    attachSleepUs,
    requeue,
    podEniWait,
    daemonPoll: extended ? TERWAY_BACKOFF.waitPodEniStatus : WAIT_PODENI_STATUS_BEFORE_1_15,
    notifierForCentralized: hasFeature(version, 'podEniNotifier'),
  };
}
