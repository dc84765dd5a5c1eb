/**
 * One calling process's view of the simulated cloud (a node's daemon, or the cluster's
 * controlplane): it implements {@link CloudApi} with that process's own client-side token
 * buckets, and draws its latencies and faults from its own forked random streams.
 *
 * A call goes through four steps, each on the simulated clock:
 * 1. The client bucket: the call takes a token, waiting for one if the bucket is empty (Terway's
 *    `Limiter.Wait`); the wait is recorded.
 * 2. Arrival at the server: the account's flow limit (a bucket shared by every caller) refuses
 *    the call with `Throttling` if it is empty; otherwise an injected fault may be drawn.
 * 3. The response latency is drawn; nothing happens until it has elapsed.
 * 4. The server executes the call against the world and the caller resumes with the result.
 * The result is never delivered synchronously: even a refused call takes its drawn latency.
 */
import type { Clock } from '../contracts/clock.js';
import type {
  AssignIpv6AddressesRequest,
  AssignPrivateIpAddressesRequest,
  AttachNetworkInterfaceRequest,
  CloudApi,
  CloudApiAction,
  CloudResult,
  CreateElasticNetworkInterfaceRequest,
  CreateNetworkInterfaceRequest,
  DescribeNetworkInterfacesRequest,
  DescribeNodeRequest,
  DescribeNodeTypeRequest,
  DescribeVSwitchesRequest,
  DetachNetworkInterfaceRequest,
  EfloNode,
  EfloNodeType,
  LeniIp,
  LeniNodeInfo,
  ListLeniPrivateIpAddressesRequest,
  NetworkInterface,
  NetworkInterfaceRef,
  UnassignIpv6AddressesRequest,
  UnassignLeniPrivateIpAddressRequest,
  UnassignPrivateIpAddressesRequest,
  VSwitchInfo,
} from '../contracts/cloudApi.js';
import { CloudErrorCode } from '../contracts/cloudApi.js';
import type { Operation } from '../contracts/operation.js';
import type { RandomStream } from '../contracts/random.js';
import type { CallSubject, CloudCallObserver } from './callObserver.js';
import { drawLatencyUs } from './latency.js';
import type { CloudOptions } from './options.js';
import type { CloudStats } from './stats.js';
import { TokenBucket } from './tokenBucket.js';
import type { TokenBucketRate } from './tokenBucket.js';
import type { CallContext, CloudWorld } from './world.js';

/** What a client shares with the cloud that made it. */
export interface ClientEnvironment {
  readonly clock: Clock;
  readonly world: CloudWorld;
  readonly options: CloudOptions;
  readonly stats: CloudStats;
  /** The account-level server buckets, shared by every client; absent = unlimited. */
  readonly accountBuckets: ReadonlyMap<CloudApiAction, TokenBucket>;
  /** Told of each create, attach and assign (the run's cloud-wait log); null: nobody. */
  readonly observer: CloudCallObserver | null;
}

/** A decision made when the call reaches the server, applied when the response is due. */
type Verdict = { readonly code: CloudErrorCode; readonly message: string } | null;

/** The ENI a successful create returned (a create's value is the ENI), else null. */
function createdEniId(result: CloudResult<unknown>): string | null {
  if (!result.ok) return null;
  const value: unknown = result.value;
  return typeof value === 'object' && value !== null && 'networkInterfaceId' in value
    ? String(value.networkInterfaceId)
    : null;
}

/** The simulated {@link CloudApi} of one caller. Create it with `SimCloud.clientFor`. */
export class SimCloudClient implements CloudApi {
  /** The calling process's id (a node name, or `controlplane`). */
  readonly callerId: string;
  readonly #env: ClientEnvironment;
  readonly #buckets: ReadonlyMap<CloudApiAction, TokenBucket>;
  readonly #latencyStream: RandomStream;
  readonly #faultStream: RandomStream;
  readonly #asyncStream: RandomStream;
  readonly #exhaustionStream: RandomStream;
  readonly #context: CallContext;

  constructor(
    callerId: string,
    env: ClientEnvironment,
    rates: Readonly<Record<CloudApiAction, TokenBucketRate>>,
    rng: RandomStream,
  ) {
    this.callerId = callerId;
    this.#env = env;
    const buckets = new Map<CloudApiAction, TokenBucket>();
    for (const [action, rate] of Object.entries(rates) as [CloudApiAction, TokenBucketRate][]) {
      buckets.set(action, new TokenBucket(rate, `client ${callerId} ${action}`));
    }
    this.#buckets = buckets;
    // Separate streams, so that (say) turning faults on does not change any latency drawn.
    this.#latencyStream = rng.fork('latency');
    this.#faultStream = rng.fork('faults');
    this.#asyncStream = rng.fork('async');
    this.#exhaustionStream = rng.fork('exhaustion');
    this.#context = {
      drawAsyncUs: (phase, kind) => {
        const table = phase === 'attach' ? env.options.attachLatency : env.options.detachLatency;
        return drawLatencyUs(table[kind], this.#asyncStream);
      },
      exhaustedCode: () =>
        this.#exhaustionStream.float() < env.options.ipNotEnoughAsQuotaExceededProbability
          ? CloudErrorCode.privateIpQuotaExceeded
          : CloudErrorCode.vSwitchIpNotEnough,
    };
  }

  /** Tokens left in this client's bucket for `action` now (negative while calls wait). */
  tokensLeft(action: CloudApiAction): number {
    return this.#bucket(action).tokensAt(this.#env.clock.nowUs());
  }

  /** Equivalent to: `aliyun ecs CreateNetworkInterface`. */
  createNetworkInterface(
    request: CreateNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>> {
    return this.#call(
      'CreateNetworkInterface',
      () => this.#env.world.createNetworkInterface(request, this.#context),
      { networkInterfaceId: null, clientToken: request.clientToken ?? null },
    );
  }

  /** Equivalent to: `aliyun ecs AttachNetworkInterface` (asynchronous; poll the status). */
  attachNetworkInterface(request: AttachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call(
      'AttachNetworkInterface',
      () => this.#env.world.attachNetworkInterface(request, this.#context),
      { networkInterfaceId: request.networkInterfaceId, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun ecs DetachNetworkInterface` (asynchronous; poll the status). */
  detachNetworkInterface(request: DetachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call('DetachNetworkInterface', () =>
      this.#env.world.detachNetworkInterface(request, this.#context),
    );
  }

  /** Equivalent to: `aliyun ecs DeleteNetworkInterface`. */
  deleteNetworkInterface(request: NetworkInterfaceRef): Operation<CloudResult<void>> {
    return this.#call('DeleteNetworkInterface', () =>
      this.#env.world.deleteNetworkInterface(request.networkInterfaceId, 'ecs'),
    );
  }

  /** Equivalent to: `aliyun ecs AssignPrivateIpAddresses`. */
  assignPrivateIpAddresses(
    request: AssignPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly string[]>> {
    const { networkInterfaceId, secondaryPrivateIpAddressCount: count, clientToken } = request;
    return this.#call(
      'AssignPrivateIpAddresses',
      () =>
        this.#env.world.assignPrivateIpAddresses(
          clientToken === undefined
            ? { networkInterfaceId, count }
            : { networkInterfaceId, count, clientToken },
          'ipv4',
          this.#context,
        ),
      { networkInterfaceId, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun ecs UnassignPrivateIpAddresses`. */
  unassignPrivateIpAddresses(
    request: UnassignPrivateIpAddressesRequest,
  ): Operation<CloudResult<void>> {
    return this.#call('UnassignPrivateIpAddresses', () =>
      this.#env.world.unassignAddresses(
        request.networkInterfaceId,
        request.privateIpAddresses,
        'ipv4',
      ),
    );
  }

  /** Equivalent to: `aliyun ecs AssignIpv6Addresses`. */
  assignIpv6Addresses(
    request: AssignIpv6AddressesRequest,
  ): Operation<CloudResult<readonly string[]>> {
    const { networkInterfaceId, ipv6AddressCount: count, clientToken } = request;
    return this.#call(
      'AssignIpv6Addresses',
      () =>
        this.#env.world.assignPrivateIpAddresses(
          clientToken === undefined
            ? { networkInterfaceId, count }
            : { networkInterfaceId, count, clientToken },
          'ipv6',
          this.#context,
        ),
      { networkInterfaceId, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun ecs UnassignIpv6Addresses`. */
  unassignIpv6Addresses(request: UnassignIpv6AddressesRequest): Operation<CloudResult<void>> {
    return this.#call('UnassignIpv6Addresses', () =>
      this.#env.world.unassignAddresses(request.networkInterfaceId, request.ipv6Addresses, 'ipv6'),
    );
  }

  /** Equivalent to: `aliyun ecs DescribeNetworkInterfaces` (one page, at most 500). */
  describeNetworkInterfaces(
    request: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>> {
    return this.#call('DescribeNetworkInterfaces', () => this.#env.world.describe(request, 'ecs'));
  }

  /** Equivalent to: `aliyun vpc DescribeVSwitches`. */
  describeVSwitches(
    request: DescribeVSwitchesRequest,
  ): Operation<CloudResult<readonly VSwitchInfo[]>> {
    return this.#call('DescribeVSwitches', () => this.#env.world.describeVSwitches(request));
  }

  /** Equivalent to: `aliyun eflo CreateElasticNetworkInterface`. */
  createElasticNetworkInterface(
    request: CreateElasticNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>> {
    return this.#call(
      'CreateElasticNetworkInterface',
      () => this.#env.world.createElasticNetworkInterface(request, this.#context),
      // EFLO's create takes no idempotency key: its failed tries are tied to no ENI.
      { networkInterfaceId: null, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun eflo AttachElasticNetworkInterface` (asynchronous). */
  attachElasticNetworkInterface(
    request: AttachNetworkInterfaceRequest,
  ): Operation<CloudResult<void>> {
    return this.#call(
      'AttachElasticNetworkInterface',
      () => this.#env.world.attachElasticNetworkInterface(request, this.#context),
      { networkInterfaceId: request.networkInterfaceId, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun eflo DetachElasticNetworkInterface` (asynchronous). */
  detachElasticNetworkInterface(
    request: DetachNetworkInterfaceRequest,
  ): Operation<CloudResult<void>> {
    return this.#call('DetachElasticNetworkInterface', () =>
      this.#env.world.detachElasticNetworkInterface(request, this.#context),
    );
  }

  /** Equivalent to: `aliyun eflo DeleteElasticNetworkInterface`. */
  deleteElasticNetworkInterface(request: NetworkInterfaceRef): Operation<CloudResult<void>> {
    return this.#call('DeleteElasticNetworkInterface', () =>
      this.#env.world.deleteNetworkInterface(request.networkInterfaceId, 'eflo'),
    );
  }

  /** Equivalent to: `aliyun eflo AssignLeniPrivateIpAddress` (one address per call). */
  assignLeniPrivateIpAddress(request: NetworkInterfaceRef): Operation<CloudResult<LeniIp>> {
    return this.#call(
      'AssignLeniPrivateIpAddress',
      () => this.#env.world.assignLeniPrivateIpAddress(request.networkInterfaceId, this.#context),
      { networkInterfaceId: request.networkInterfaceId, clientToken: null },
    );
  }

  /** Equivalent to: `aliyun eflo UnassignLeniPrivateIpAddress`. */
  unassignLeniPrivateIpAddress(
    request: UnassignLeniPrivateIpAddressRequest,
  ): Operation<CloudResult<void>> {
    return this.#call('UnassignLeniPrivateIpAddress', () =>
      this.#env.world.unassignLeniPrivateIpAddress(request.networkInterfaceId, request.ipName),
    );
  }

  /** Equivalent to: `aliyun eflo ListLeniPrivateIpAddresses`. */
  listLeniPrivateIpAddresses(
    request: ListLeniPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly LeniIp[]>> {
    return this.#call('ListLeniPrivateIpAddresses', () =>
      this.#env.world.listLeniPrivateIpAddresses(request),
    );
  }

  /** Equivalent to: `aliyun eflo ListElasticNetworkInterfaces`. */
  listElasticNetworkInterfaces(
    request: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>> {
    return this.#call('ListElasticNetworkInterfaces', () =>
      this.#env.world.describe(request, 'eflo'),
    );
  }

  /** Equivalent to: `aliyun eflo GetNodeInfoForPod`. */
  getNodeInfoForPod(request: { readonly nodeId: string }): Operation<CloudResult<LeniNodeInfo>> {
    return this.#call('GetNodeInfoForPod', () => this.#env.world.getNodeInfoForPod(request.nodeId));
  }

  /** Equivalent to: `aliyun eflo-controller DescribeNode`. */
  describeNode(request: DescribeNodeRequest): Operation<CloudResult<EfloNode>> {
    return this.#call('DescribeNode', () => this.#env.world.describeNode(request.nodeId));
  }

  /** Equivalent to: `aliyun eflo-controller DescribeNodeType`. */
  describeNodeType(request: DescribeNodeTypeRequest): Operation<CloudResult<EfloNodeType>> {
    return this.#call('DescribeNodeType', () => this.#env.world.describeNodeType(request.nodeType));
  }

  #bucket(action: CloudApiAction): TokenBucket {
    const bucket = this.#buckets.get(action);
    if (bucket === undefined)
      throw new Error(`client ${this.callerId} has no bucket for ${action}`);
    return bucket;
  }

  #call<T>(
    action: CloudApiAction,
    execute: () => CloudResult<T>,
    subject: CallSubject | null = null,
  ): Operation<CloudResult<T>> {
    return {
      start: (resume) => {
        const { clock, stats, observer } = this.#env;
        const issuedUs = clock.nowUs();
        const waitUs = this.#bucket(action).reserve(issuedUs);
        stats.recordIssued(this.callerId, action, issuedUs, waitUs);
        const completed =
          subject === null || observer === null
            ? null
            : observer.issued(action, subject, issuedUs, issuedUs + waitUs);
        const arrive = (): void => {
          const verdict = this.#verdict(action);
          const latencyUs = drawLatencyUs(
            this.#env.options.callLatency[action],
            this.#latencyStream,
          );
          clock.setTimer(latencyUs, () => {
            const result: CloudResult<T> =
              verdict === null
                ? execute()
                : { ok: false, code: verdict.code, message: verdict.message };
            stats.recordCompleted(
              this.callerId,
              action,
              clock.nowUs(),
              latencyUs,
              result.ok ? null : result.code,
            );
            completed?.(
              clock.nowUs(),
              result.ok ? null : result.code,
              subject?.networkInterfaceId === null ? createdEniId(result) : null,
            );
            resume(result);
          });
        };
        if (waitUs === 0) arrive();
        else clock.setTimer(waitUs, arrive);
      },
    };
  }

  /** The server's decision on arrival: the account flow limit, then an injected fault. */
  #verdict(action: CloudApiAction): Verdict {
    const nowUs = this.#env.clock.nowUs();
    const account = this.#env.accountBuckets.get(action);
    // One draw per call whatever the outcome, so the fault stream stays aligned across runs
    // that differ only in their limits.
    const draw = this.#faultStream.float();
    if (account !== undefined && !account.tryTake(nowUs)) {
      return {
        code: CloudErrorCode.throttling,
        message: `Request was denied due to the account's flow control for ${action}`,
      };
    }
    const faults = this.#env.options.faults[action];
    let threshold = faults.throttlingProbability;
    if (draw < threshold) {
      return { code: CloudErrorCode.throttling, message: `Injected throttling of ${action}` };
    }
    threshold += faults.internalErrorProbability;
    if (draw < threshold) {
      return {
        code: CloudErrorCode.internalError,
        message: `Injected internal error in ${action}`,
      };
    }
    threshold += faults.conflictProbability;
    if (draw < threshold) {
      return { code: CloudErrorCode.operationConflict, message: `Injected conflict in ${action}` };
    }
    return null;
  }
}
