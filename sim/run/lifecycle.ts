/**
 * The constants of the pod lifecycle outside Terway: kube-scheduler's queue and binding, the
 * kubelet's sandbox and container start, and pod termination.
 *
 * Two kinds of figure live here. FACTS are the upstream defaults (kube-scheduler's backoff and
 * unschedulable-queue flush, its client QPS, the kubelet pod worker's requeue, Terway's CNI
 * timeout); each names where it comes from. ASSUMPTIONS are delays nobody publishes (how long the
 * runtime takes to create a sandbox or start a container); each says what it is anchored on, and
 * all of them are printed in the README so a planner can judge them. They are the same for every
 * scenario: the forecast is about the network, and these delays only shift every pod alike.
 */
import { US_PER_MS, US_PER_SECOND } from '../contracts/clock.js';
import type { DelayDistribution } from '../../models/delayDistribution.js';

/** The lifecycle constants, every one in integer microseconds or as a named ratio. */
export interface LifecycleConstants {
  /** FACT: kube-scheduler `clientConnection.qps` (50): Binding calls per second. */
  readonly bindingQps: number;
  /** FACT: kube-scheduler `clientConnection.burst` (100). */
  readonly bindingBurst: number;
  /** ASSUMED: one Binding call to the API server (an etcd write), 10 ms. */
  readonly bindingLatencyUs: number;
  /**
   * ASSUMED: from the Binding to CNI ADD: the watch event reaching the kubelet and the pod admitted
   * (about 100 ms), then the runtime creating the pause container and its network namespace
   * (containerd's RunPodSandbox on an idle node, about 300 ms): log-normal, median 400 ms. A
   * retried sandbox draws it again (without the Binding).
   */
  readonly sandboxCreate: DelayDistribution;
  /**
   * ASSUMED: from CNI ADD done to the containers running, with the image already on the node
   * (the Kubernetes pod-startup SLO excludes image pulls too): log-normal, median 1 s.
   */
  readonly containerStart: DelayDistribution;
  /**
   * ASSUMED: from a pod's deletion to its sandbox being torn down (CNI DEL): the containers
   * handle SIGTERM and exit, 2 s (the grace period allows 30 s; well-behaved servers stop sooner).
   */
  readonly terminationUs: number;
  /** FACT: Terway's CNI timeout (the daemon's RPC deadline is 118 s inside it). */
  readonly cniTimeoutUs: number;
  /**
   * FACT: after a failed sync (a sandbox that could not be created) the kubelet's pod worker
   * requeues the pod after `backOffPeriod` = 10 s, jittered by `workerBackOffPeriodJitterFactor`
   * 0.5 (kubelet.go, pod_workers.go). It does not grow: "FailedCreatePodSandBox" events repeat at
   * that pace for as long as the CNI keeps failing.
   */
  readonly sandboxRetryUs: number;
  readonly sandboxRetryJitter: number;
  /** A bound on sandbox attempts per pod (the kubelet has none; a run must end). */
  readonly sandboxAttemptsMax: number;
  /** FACT: kube-scheduler `podInitialBackoffSeconds` (1 s). */
  readonly schedulerInitialBackoffUs: number;
  /** FACT: kube-scheduler `podMaxBackoffSeconds` (10 s). */
  readonly schedulerMaxBackoffUs: number;
  /** FACT: kube-scheduler flushes its unschedulable pods every 30 s (`flushUnschedulablePodsLeftover`). */
  readonly unschedulableFlushPeriodUs: number;
  /** FACT: … those that waited longer than `podMaxInUnschedulablePodsDuration` (5 min). */
  readonly unschedulableMaxDurationUs: number;
}

/** The constants every run uses. */
export const LIFECYCLE: LifecycleConstants = {
  bindingQps: 50,
  bindingBurst: 100,
  bindingLatencyUs: 10 * US_PER_MS,
  sandboxCreate: { kind: 'logNormal', medianUs: 400 * US_PER_MS, sigma: 0.3 },
  containerStart: { kind: 'logNormal', medianUs: US_PER_SECOND, sigma: 0.3 },
  terminationUs: 2 * US_PER_SECOND,
  cniTimeoutUs: 120 * US_PER_SECOND,
  sandboxRetryUs: 10 * US_PER_SECOND,
  sandboxRetryJitter: 0.5,
  sandboxAttemptsMax: 100_000,
  schedulerInitialBackoffUs: US_PER_SECOND,
  schedulerMaxBackoffUs: 10 * US_PER_SECOND,
  unschedulableFlushPeriodUs: 30 * US_PER_SECOND,
  unschedulableMaxDurationUs: 300 * US_PER_SECOND,
};

/** kube-scheduler's backoff after `attempts` failed cycles: 1 s doubling, at most 10 s. */
export function schedulerBackoffUs(attempts: number, constants: LifecycleConstants): number {
  if (attempts <= 0) return 0;
  const doublings = Math.min(attempts - 1, 30);
  return Math.min(
    constants.schedulerInitialBackoffUs * 2 ** doublings,
    constants.schedulerMaxBackoffUs,
  );
}
