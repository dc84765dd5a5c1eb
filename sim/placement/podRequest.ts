/**
 * What a pod asks of a node, computed once per pod (kube-scheduler computes it in PreFilter and
 * keeps it in the CycleState); memoised on the pod object, which is immutable.
 */
import { ResourceNames } from '../../models/wellKnownKeys.js';
import { assertNoProblems, podKey, podProblems, type PodSpec } from '../../models/pod.js';

/** kube-scheduler's stand-in CPU request for scoring a pod that requests none (millicores). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
/** kube-scheduler's stand-in memory request for scoring a pod that requests none (200 MiB). */
export const DEFAULT_MEMORY_REQUEST_BYTES = 200 * 1024 * 1024;

/** One extended-resource request. */
export interface ExtendedRequest {
  readonly name: string;
  readonly count: number;
}

/** A pod's requests, ready for the hot loop. */
export interface PodRequest {
  /** CPU in millicores. */
  readonly cpuMilli: number;
  /** Memory in bytes. */
  readonly memoryBytes: number;
  /** Non-zero extended requests, sorted by name (Go iterates a map here; we fix an order). */
  readonly extended: readonly ExtendedRequest[];
  /**
   * CPU used for scoring: the request, or 100m when it is zero. (kube-scheduler substitutes per
   * container; the pod here is already summed, so the substitution is per pod.)
   */
  readonly nonZeroCpuMilli: number;
  /** Memory used for scoring: the request, or 200 MiB when it is zero. */
  readonly nonZeroMemoryBytes: number;
  /**
   * Whether the pod takes one of the node's Terway pod addresses (`max-available-ip`): every pod
   * on the pod network except member-ENI pods, whose address lives on a member ENI instead.
   */
  readonly consumesPodAddress: boolean;
  /** Whether the pod requests no cpu, memory or extended resource at all. */
  readonly isZero: boolean;
}

const cache = new WeakMap<PodSpec, PodRequest>();
// The request depends only on `pod.requests` and `pod.hostNetwork`, and pods stamped from one
// template share their `requests` object: one computed request serves them all.
const byRequests = new WeakMap<PodSpec['requests'], PodRequest>();
const byRequestsHostNetwork = new WeakMap<PodSpec['requests'], PodRequest>();

function shared(pod: PodSpec): PodRequest {
  const memo = pod.hostNetwork ? byRequestsHostNetwork : byRequests;
  let request = memo.get(pod.requests);
  if (request === undefined) {
    request = compute(pod);
    memo.set(pod.requests, request);
  }
  return request;
}

function compute(pod: PodSpec): PodRequest {
  const extended = Object.entries(pod.requests.extended)
    .filter(([, count]) => count > 0)
    .map(([name, count]) => ({ name, count }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const { cpuMilli, memoryBytes } = pod.requests;
  const memberEni = extended.some((request) => request.name === ResourceNames.memberEni);
  return {
    cpuMilli,
    memoryBytes,
    extended,
    nonZeroCpuMilli: cpuMilli === 0 ? DEFAULT_MILLI_CPU_REQUEST : cpuMilli,
    nonZeroMemoryBytes: memoryBytes === 0 ? DEFAULT_MEMORY_REQUEST_BYTES : memoryBytes,
    consumesPodAddress: !pod.hostNetwork && !memberEni,
    isZero: cpuMilli === 0 && memoryBytes === 0 && extended.length === 0,
  };
}

/**
 * The pod's requests (computed on first use, then cached for the pod object). The first use
 * also validates the pod, since every pod passes here before it is scheduled or bound; an
 * invalid one throws a RangeError naming the field.
 */
export function podRequestOf(pod: PodSpec): PodRequest {
  let request = cache.get(pod);
  if (request === undefined) {
    assertNoProblems(podProblems(pod, `pod ${podKey(pod)}`), 'pod');
    request = shared(pod);
    cache.set(pod, request);
  }
  return request;
}
