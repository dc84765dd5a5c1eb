/**
 * The Terway controlplane's own settings that set the pace of exclusive-ENI and trunk-member
 * pods, with Terway's defaults (`types/controlplane/config_default.go`, unchanged from v1.11.2 to
 * v1.17.5), and the Kubernetes-side waits its controllers make.
 *
 * ACK runs the controlplane for the user and may tune these; a scenario sets them under
 * `spec.cluster.terwayControlPlane` with Terway's own keys.
 */

/** The settings, by Terway's key names. */
export interface TerwayControlPlaneSettings {
  /**
   * `podMaxConcurrent`: reconciles of the pod controller at once (`pkg/controller/pod/
   * pod_controller.go`: `MaxConcurrentReconciles`). Each creates one pod's ENI and its CRs.
   */
  readonly podMaxConcurrent: number;
  /**
   * `podENIMaxConcurrent`: reconciles of the PodENI controller at once (`pkg/controller/pod-eni/
   * eni_controller.go`). Each attaches one pod's ENI and waits until it is bound.
   */
  readonly podENIMaxConcurrent: number;
  /**
   * `kubeClientQPS`, `kubeClientBurst`: the controlplane's client-go rate limit. Terway sets
   * them on the rest config (`cmd/terway-controlplane/terway-controlplane.go`) without a shared
   * `RateLimiter`, and controller-runtime builds one REST client per kind, so each kind
   * (NetworkInterface, PodENI) has a bucket of its own. Reads come from the informer cache.
   */
  readonly kubeClientQPS: number;
  readonly kubeClientBurst: number;
}

/** Terway's defaults (`config_default.go`: `default=10`, `10`, `20`, `30`). */
export const TERWAY_CONTROL_PLANE_DEFAULTS: TerwayControlPlaneSettings = {
  podMaxConcurrent: 10,
  podENIMaxConcurrent: 10,
  kubeClientQPS: 20,
  kubeClientBurst: 30,
};

/** Terway's validation (`validate:"gt=0,lte=10000"` on each key). */
export const TERWAY_CONTROL_PLANE_MAX = 10_000;

/**
 * FACT: `common.WaitCreated` and `common.WaitRVChanged` (`pkg/controller/common/eni.go`) poll
 * the informer cache with `wait.PollUntilContextTimeout(500 ms, 2 s, immediate)`. The first,
 * immediate look comes right after the write, before the watch event has reached the cache
 * (ASSUMED: a watch event takes less than 500 ms), so each wait ends at the second look, 500 ms.
 */
export const CACHE_WAIT_POLL_US = 500_000;

/**
 * ASSUMED: one write to the API server (an etcd write), 10 ms, as kube-scheduler's Binding call
 * in `sim/run/lifecycle.ts`. Nothing publishes it; it is small against Terway's waits.
 */
export const KUBE_WRITE_LATENCY_US = 10_000;

/** The problems of a settings object, each naming its key; empty when it is valid. */
export function terwayControlPlaneProblems(settings: TerwayControlPlaneSettings): string[] {
  const problems: string[] = [];
  const integerKeys = ['podMaxConcurrent', 'podENIMaxConcurrent', 'kubeClientBurst'] as const;
  for (const key of integerKeys) {
    const value = settings[key];
    if (!Number.isSafeInteger(value) || value <= 0 || value > TERWAY_CONTROL_PLANE_MAX) {
      problems.push(`${key} must be a whole number from 1 to ${TERWAY_CONTROL_PLANE_MAX}`);
    }
  }
  const qps = settings.kubeClientQPS;
  if (!Number.isFinite(qps) || qps <= 0 || qps > TERWAY_CONTROL_PLANE_MAX) {
    problems.push(`kubeClientQPS must be above 0 and at most ${TERWAY_CONTROL_PLANE_MAX}`);
  }
  return problems;
}
