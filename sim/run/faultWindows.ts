/**
 * The scenario's timed faults (`spec.cloud.faults`: calls of an action fail with an error code
 * with some probability while `from ≤ t < until`), applied around each caller's cloud client.
 *
 * The simulated cloud's own faults are constant over a run and limited to three codes; a
 * scenario's are windows and may name any code (`InvalidVSwitchId.IpNotEnough`,
 * `EniPerInstanceLimitExceeded`, …). A call that draws a fault never reaches the cloud: it fails
 * after the action's usual response latency, changes nothing, and is counted here (the results
 * add these counts to the cloud's own statistics). Draws come from `faults/<caller>`, so turning
 * a window on does not shift any other stream.
 */
import {
  drawLatencyUs,
  type CallSubject,
  type CloudCallObserver,
  type SimCloud,
} from '../cloud/index.js';
import type {
  AssignIpv6AddressesRequest,
  AssignPrivateIpAddressesRequest,
  AttachNetworkInterfaceRequest,
  CloudApi,
  CloudApiAction,
  CloudErrorCode,
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
import type { Clock } from '../contracts/clock.js';
import type { Operation } from '../contracts/operation.js';
import type { RandomStream } from '../contracts/random.js';
import type { CloudFaultSpec } from '../../scenarios/load/index.js';

/** Calls failed by the windows, per action and per time bucket. */
export class InjectedFaults {
  readonly bucketUs: number;
  /** Per action: the failed calls, and how many of them were `Throttling`. */
  readonly totals = new Map<CloudApiAction, { calls: number; throttled: number }>();
  readonly byCode = new Map<CloudApiAction, Map<CloudErrorCode, number>>();
  /** Per action: bucket index → [calls, throttled]. */
  readonly series = new Map<CloudApiAction, Map<number, [number, number]>>();

  constructor(bucketUs: number) {
    this.bucketUs = bucketUs;
  }

  /** Counts one failed call of `action` with `code` at `nowUs`. */
  record(action: CloudApiAction, code: CloudErrorCode, nowUs: number): void {
    const throttled = code === 'Throttling' ? 1 : 0;
    const total = this.totals.get(action) ?? { calls: 0, throttled: 0 };
    total.calls++;
    total.throttled += throttled;
    this.totals.set(action, total);
    const codes = this.byCode.get(action) ?? new Map<CloudErrorCode, number>();
    codes.set(code, (codes.get(code) ?? 0) + 1);
    this.byCode.set(action, codes);
    if (this.bucketUs === 0) return;
    const buckets = this.series.get(action) ?? new Map<number, [number, number]>();
    const index = Math.floor(nowUs / this.bucketUs);
    const counts = buckets.get(index) ?? [0, 0];
    counts[0]++;
    counts[1] += throttled;
    buckets.set(index, counts);
    this.series.set(action, buckets);
  }
}

/** A client whose calls may fail by the scenario's fault windows. */
export class FaultWindowClient implements CloudApi {
  readonly #inner: CloudApi;
  readonly #faults: readonly CloudFaultSpec[];
  readonly #clock: Clock;
  readonly #cloud: SimCloud;
  readonly #stream: RandomStream;
  readonly #latency: RandomStream;
  readonly #record: InjectedFaults;
  readonly #observer: CloudCallObserver | null;

  constructor(init: {
    readonly inner: CloudApi;
    readonly faults: readonly CloudFaultSpec[];
    readonly clock: Clock;
    readonly cloud: SimCloud;
    readonly rng: RandomStream;
    readonly record: InjectedFaults;
    /** Told of injected failures of create, attach and assign, as the cloud's client tells. */
    readonly observer?: CloudCallObserver;
  }) {
    this.#inner = init.inner;
    this.#faults = init.faults;
    this.#clock = init.clock;
    this.#cloud = init.cloud;
    this.#stream = init.rng.fork('draw');
    this.#latency = init.rng.fork('latency');
    this.#record = init.record;
    this.#observer = init.observer ?? null;
  }

  #call<T>(
    action: CloudApiAction,
    real: () => Operation<CloudResult<T>>,
    subject: CallSubject | null = null,
  ): Operation<CloudResult<T>> {
    const nowUs = this.#clock.nowUs();
    for (const fault of this.#faults) {
      if (fault.action !== action || nowUs < fault.fromUs || nowUs >= fault.untilUs) continue;
      if (this.#stream.float() >= fault.probability) continue;
      const latencyUs = drawLatencyUs(this.#cloud.options.callLatency[action], this.#latency);
      this.#record.record(action, fault.errorCode, nowUs);
      const failure: CloudResult<T> = {
        ok: false,
        code: fault.errorCode,
        message: `Injected ${fault.errorCode} in ${action} (spec.cloud.faults)`,
      };
      return {
        start: (resume) => {
          const startUs = this.#clock.nowUs();
          const completed =
            subject === null ? null : this.#observer?.issued(action, subject, startUs, startUs);
          this.#clock.setTimer(latencyUs, () => {
            completed?.(this.#clock.nowUs(), fault.errorCode, null);
            resume(failure);
          });
        },
      };
    }
    return real();
  }

  /** Equivalent to: `aliyun ecs CreateNetworkInterface`. */
  createNetworkInterface(
    r: CreateNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>> {
    return this.#call('CreateNetworkInterface', () => this.#inner.createNetworkInterface(r), {
      networkInterfaceId: null,
      clientToken: r.clientToken ?? null,
    });
  }
  /** Equivalent to: `aliyun ecs AttachNetworkInterface`. */
  attachNetworkInterface(r: AttachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call('AttachNetworkInterface', () => this.#inner.attachNetworkInterface(r), {
      networkInterfaceId: r.networkInterfaceId,
      clientToken: null,
    });
  }
  /** Equivalent to: `aliyun ecs DetachNetworkInterface`. */
  detachNetworkInterface(r: DetachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call('DetachNetworkInterface', () => this.#inner.detachNetworkInterface(r));
  }
  /** Equivalent to: `aliyun ecs DeleteNetworkInterface`. */
  deleteNetworkInterface(r: NetworkInterfaceRef): Operation<CloudResult<void>> {
    return this.#call('DeleteNetworkInterface', () => this.#inner.deleteNetworkInterface(r));
  }
  /** Equivalent to: `aliyun ecs AssignPrivateIpAddresses`. */
  assignPrivateIpAddresses(
    r: AssignPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly string[]>> {
    return this.#call('AssignPrivateIpAddresses', () => this.#inner.assignPrivateIpAddresses(r), {
      networkInterfaceId: r.networkInterfaceId,
      clientToken: null,
    });
  }
  /** Equivalent to: `aliyun ecs UnassignPrivateIpAddresses`. */
  unassignPrivateIpAddresses(r: UnassignPrivateIpAddressesRequest): Operation<CloudResult<void>> {
    return this.#call('UnassignPrivateIpAddresses', () =>
      this.#inner.unassignPrivateIpAddresses(r),
    );
  }
  /** Equivalent to: `aliyun ecs AssignIpv6Addresses`. */
  assignIpv6Addresses(r: AssignIpv6AddressesRequest): Operation<CloudResult<readonly string[]>> {
    return this.#call('AssignIpv6Addresses', () => this.#inner.assignIpv6Addresses(r), {
      networkInterfaceId: r.networkInterfaceId,
      clientToken: null,
    });
  }
  /** Equivalent to: `aliyun ecs UnassignIpv6Addresses`. */
  unassignIpv6Addresses(r: UnassignIpv6AddressesRequest): Operation<CloudResult<void>> {
    return this.#call('UnassignIpv6Addresses', () => this.#inner.unassignIpv6Addresses(r));
  }
  /** Equivalent to: `aliyun ecs DescribeNetworkInterfaces`. */
  describeNetworkInterfaces(
    r: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>> {
    return this.#call('DescribeNetworkInterfaces', () => this.#inner.describeNetworkInterfaces(r));
  }
  /** Equivalent to: `aliyun vpc DescribeVSwitches`. */
  describeVSwitches(r: DescribeVSwitchesRequest): Operation<CloudResult<readonly VSwitchInfo[]>> {
    return this.#call('DescribeVSwitches', () => this.#inner.describeVSwitches(r));
  }
  /** Equivalent to: `aliyun eflo CreateElasticNetworkInterface`. */
  createElasticNetworkInterface(
    r: CreateElasticNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>> {
    return this.#call('CreateElasticNetworkInterface', () =>
      this.#inner.createElasticNetworkInterface(r),
    );
  }
  /** Equivalent to: `aliyun eflo AttachElasticNetworkInterface`. */
  attachElasticNetworkInterface(r: AttachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call(
      'AttachElasticNetworkInterface',
      () => this.#inner.attachElasticNetworkInterface(r),
      { networkInterfaceId: r.networkInterfaceId, clientToken: null },
    );
  }
  /** Equivalent to: `aliyun eflo DetachElasticNetworkInterface`. */
  detachElasticNetworkInterface(r: DetachNetworkInterfaceRequest): Operation<CloudResult<void>> {
    return this.#call('DetachElasticNetworkInterface', () =>
      this.#inner.detachElasticNetworkInterface(r),
    );
  }
  /** Equivalent to: `aliyun eflo DeleteElasticNetworkInterface`. */
  deleteElasticNetworkInterface(r: NetworkInterfaceRef): Operation<CloudResult<void>> {
    return this.#call('DeleteElasticNetworkInterface', () =>
      this.#inner.deleteElasticNetworkInterface(r),
    );
  }
  /** Equivalent to: `aliyun eflo AssignLeniPrivateIpAddress`. */
  assignLeniPrivateIpAddress(r: NetworkInterfaceRef): Operation<CloudResult<LeniIp>> {
    return this.#call(
      'AssignLeniPrivateIpAddress',
      () => this.#inner.assignLeniPrivateIpAddress(r),
      { networkInterfaceId: r.networkInterfaceId, clientToken: null },
    );
  }
  /** Equivalent to: `aliyun eflo UnassignLeniPrivateIpAddress`. */
  unassignLeniPrivateIpAddress(
    r: UnassignLeniPrivateIpAddressRequest,
  ): Operation<CloudResult<void>> {
    return this.#call('UnassignLeniPrivateIpAddress', () =>
      this.#inner.unassignLeniPrivateIpAddress(r),
    );
  }
  /** Equivalent to: `aliyun eflo ListLeniPrivateIpAddresses`. */
  listLeniPrivateIpAddresses(
    r: ListLeniPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly LeniIp[]>> {
    return this.#call('ListLeniPrivateIpAddresses', () =>
      this.#inner.listLeniPrivateIpAddresses(r),
    );
  }
  /** Equivalent to: `aliyun eflo ListElasticNetworkInterfaces`. */
  listElasticNetworkInterfaces(
    r: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>> {
    return this.#call('ListElasticNetworkInterfaces', () =>
      this.#inner.listElasticNetworkInterfaces(r),
    );
  }
  /** Equivalent to: `aliyun eflo GetNodeInfoForPod`. */
  getNodeInfoForPod(r: { readonly nodeId: string }): Operation<CloudResult<LeniNodeInfo>> {
    return this.#call('GetNodeInfoForPod', () => this.#inner.getNodeInfoForPod(r));
  }
  /** Equivalent to: `aliyun eflo-controller DescribeNode`. */
  describeNode(r: DescribeNodeRequest): Operation<CloudResult<EfloNode>> {
    return this.#call('DescribeNode', () => this.#inner.describeNode(r));
  }
  /** Equivalent to: `aliyun eflo-controller DescribeNodeType`. */
  describeNodeType(r: DescribeNodeTypeRequest): Operation<CloudResult<EfloNodeType>> {
    return this.#call('DescribeNodeType', () => this.#inner.describeNodeType(r));
  }
}
