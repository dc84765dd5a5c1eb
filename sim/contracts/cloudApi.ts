import type { Operation } from './operation.js';
import type { CloudErrorCode } from '../../models/cloudApiNames.js';
export { CloudErrorCode, type CloudApiAction } from '../../models/cloudApiNames.js';

/**
 * The cloud as the allocator core sees it: Alibaba Cloud's ECS and EFLO OpenAPI operations that
 * Terway calls, one method per API action, named as the API names them.
 *
 * The simulator implements it in `sim/cloud/`; a real node would implement it over the OpenAPI
 * SDK. Every call is an {@link Operation}: it completes later, and an expected failure (a
 * throttled call, a full vSwitch) is a value, never an exception.
 *
 * One `CloudApi` object belongs to one calling process (a node's daemon, or the cluster's
 * controller): the client-side token buckets of Terway's `pkg/aliyun/client/ratelimit.go` are
 * per process, so each caller gets its own client.
 */
export interface CloudApi {
  /** Equivalent to: `aliyun ecs CreateNetworkInterface`. */
  createNetworkInterface(
    request: CreateNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>>;
  /** Equivalent to: `aliyun ecs AttachNetworkInterface`. Completes once accepted; the ENI then
   * moves from `Attaching` to `InUse` on its own, which callers observe by polling
   * `describeNetworkInterfaces`. */
  attachNetworkInterface(request: AttachNetworkInterfaceRequest): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun ecs DetachNetworkInterface`. Asynchronous like attach. */
  detachNetworkInterface(request: DetachNetworkInterfaceRequest): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun ecs DeleteNetworkInterface`. The ENI must be `Available`. */
  deleteNetworkInterface(request: NetworkInterfaceRef): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun ecs AssignPrivateIpAddresses`. */
  assignPrivateIpAddresses(
    request: AssignPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly string[]>>;
  /** Equivalent to: `aliyun ecs UnassignPrivateIpAddresses`. */
  unassignPrivateIpAddresses(
    request: UnassignPrivateIpAddressesRequest,
  ): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun ecs AssignIpv6Addresses`. */
  assignIpv6Addresses(
    request: AssignIpv6AddressesRequest,
  ): Operation<CloudResult<readonly string[]>>;
  /** Equivalent to: `aliyun ecs UnassignIpv6Addresses`. */
  unassignIpv6Addresses(request: UnassignIpv6AddressesRequest): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun ecs DescribeNetworkInterfaces` (one page; Terway asks for 500). */
  describeNetworkInterfaces(
    request: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>>;
  /** Equivalent to: `aliyun vpc DescribeVSwitches`: free addresses for `vswitch_selection_policy`. */
  describeVSwitches(
    request: DescribeVSwitchesRequest,
  ): Operation<CloudResult<readonly VSwitchInfo[]>>;

  /** Equivalent to: `aliyun eflo CreateElasticNetworkInterface` (a Lingjun LENI). */
  createElasticNetworkInterface(
    request: CreateElasticNetworkInterfaceRequest,
  ): Operation<CloudResult<NetworkInterface>>;
  /** Equivalent to: `aliyun eflo AttachElasticNetworkInterface`. */
  attachElasticNetworkInterface(
    request: AttachNetworkInterfaceRequest,
  ): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun eflo DetachElasticNetworkInterface`. */
  detachElasticNetworkInterface(
    request: DetachNetworkInterfaceRequest,
  ): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun eflo DeleteElasticNetworkInterface`. */
  deleteElasticNetworkInterface(request: NetworkInterfaceRef): Operation<CloudResult<void>>;
  /** Equivalent to: `aliyun eflo AssignLeniPrivateIpAddress` (one address per call). */
  assignLeniPrivateIpAddress(request: NetworkInterfaceRef): Operation<CloudResult<LeniIp>>;
  /** Equivalent to: `aliyun eflo UnassignLeniPrivateIpAddress`. */
  unassignLeniPrivateIpAddress(
    request: UnassignLeniPrivateIpAddressRequest,
  ): Operation<CloudResult<void>>;
  /**
   * Equivalent to: `aliyun eflo ListLeniPrivateIpAddresses`: a LENI's secondary addresses with
   * their ipNames (the LENI's own primary address is not among them).
   */
  listLeniPrivateIpAddresses(
    request: ListLeniPrivateIpAddressesRequest,
  ): Operation<CloudResult<readonly LeniIp[]>>;
  /** Equivalent to: `aliyun eflo ListElasticNetworkInterfaces`. */
  listElasticNetworkInterfaces(
    request: DescribeNetworkInterfacesRequest,
  ): Operation<CloudResult<readonly NetworkInterface[]>>;
  /** Equivalent to: `aliyun eflo GetNodeInfoForPod`: the node's LENI quotas. */
  getNodeInfoForPod(request: { readonly nodeId: string }): Operation<CloudResult<LeniNodeInfo>>;
  /**
   * Equivalent to: `aliyun eflo-controller DescribeNode`: a Lingjun node's NodeType, which
   * Terway then looks up with `describeNodeType` for an ECS-link node's quotas.
   */
  describeNode(request: DescribeNodeRequest): Operation<CloudResult<EfloNode>>;
  /** Equivalent to: `aliyun eflo-controller DescribeNodeType`: a node type's ENI quotas. */
  describeNodeType(request: DescribeNodeTypeRequest): Operation<CloudResult<EfloNodeType>>;
}

/** The outcome of one call: a value, or an error code with the API's message. */
export type CloudResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly code: CloudErrorCode; readonly message: string };

/** ENI lifecycle states as DescribeNetworkInterfaces reports them. */
export type NetworkInterfaceStatus = 'Available' | 'Attaching' | 'InUse' | 'Detaching' | 'Deleting';

/** `Secondary` for an ordinary ENI, `Trunk` for a trunk ENI, `Member` for a trunk's member. */
export type NetworkInterfaceType = 'Primary' | 'Secondary' | 'Trunk' | 'Member';

/** An ENI (or a Lingjun LENI) as the cloud describes it. */
export interface NetworkInterface {
  readonly networkInterfaceId: string;
  readonly type: NetworkInterfaceType;
  readonly status: NetworkInterfaceStatus;
  readonly macAddress: string;
  readonly vSwitchId: string;
  readonly zoneId: string;
  /** The ENI's own primary IPv4 address; Terway lets pods use it on secondary ENIs. */
  readonly primaryIpAddress: string;
  /** Every IPv4 address on the ENI, the primary included. */
  readonly privateIpAddresses: readonly string[];
  readonly ipv6Addresses: readonly string[];
  /** The instance it is attached to (or attaching/detaching from), if any. */
  readonly instanceId: string | null;
  /** For a member ENI: the trunk ENI it rides on. */
  readonly trunkNetworkInterfaceId: string | null;
  readonly securityGroupIds: readonly string[];
}

export interface CreateNetworkInterfaceRequest {
  readonly vSwitchId: string;
  readonly securityGroupIds: readonly string[];
  /** `Secondary` (default) or `Trunk`. */
  readonly instanceType?: 'Secondary' | 'Trunk';
  /** SecondaryPrivateIpAddressCount: addresses besides the ENI's primary one. */
  readonly secondaryPrivateIpAddressCount: number;
  /** Ipv6AddressCount. */
  readonly ipv6AddressCount: number;
  readonly tags?: Readonly<Record<string, string>>;
  /** Terway passes an idempotency key so a retried create does not make two ENIs. */
  readonly clientToken?: string;
}

export interface NetworkInterfaceRef {
  readonly networkInterfaceId: string;
}

export interface AttachNetworkInterfaceRequest extends NetworkInterfaceRef {
  readonly instanceId: string;
  /** Attaches as a member of this trunk ENI. */
  readonly trunkNetworkInterfaceId?: string;
  readonly networkCardIndex?: number;
}

export interface DetachNetworkInterfaceRequest extends NetworkInterfaceRef {
  readonly instanceId: string;
  readonly trunkNetworkInterfaceId?: string;
}

export interface AssignPrivateIpAddressesRequest extends NetworkInterfaceRef {
  readonly secondaryPrivateIpAddressCount: number;
  readonly clientToken?: string;
}

export interface UnassignPrivateIpAddressesRequest extends NetworkInterfaceRef {
  readonly privateIpAddresses: readonly string[];
}

export interface AssignIpv6AddressesRequest extends NetworkInterfaceRef {
  readonly ipv6AddressCount: number;
  readonly clientToken?: string;
}

export interface UnassignIpv6AddressesRequest extends NetworkInterfaceRef {
  readonly ipv6Addresses: readonly string[];
}

export interface DescribeNetworkInterfacesRequest {
  readonly instanceId?: string;
  readonly networkInterfaceIds?: readonly string[];
  /** Page size; Terway uses 500. */
  readonly maxResults?: number;
}

export interface DescribeVSwitchesRequest {
  /** Only these vSwitches; omit for every vSwitch (in the zone, if given). */
  readonly vSwitchIds?: readonly string[];
  readonly zoneId?: string;
}

/** A vSwitch as DescribeVSwitches reports it. */
export interface VSwitchInfo {
  readonly vSwitchId: string;
  readonly zoneId: string;
  readonly cidrBlock: string;
  readonly ipv6CidrBlock: string | null;
  /** AvailableIpAddressCount: free IPv4 addresses right now. */
  readonly availableIpAddressCount: number;
}

export interface CreateElasticNetworkInterfaceRequest {
  readonly nodeId: string;
  readonly vSwitchId: string;
  readonly securityGroupId: string;
}

/** One secondary address of a LENI; EFLO names each with an `ipName`. */
export interface LeniIp {
  readonly ipName: string;
  readonly privateIpAddress: string;
}

export interface UnassignLeniPrivateIpAddressRequest extends NetworkInterfaceRef {
  readonly ipName: string;
}

/** GetNodeInfoForPod's quota fields. */
export interface LeniNodeInfo {
  readonly nodeId: string;
  readonly zoneId: string;
  readonly leniQuota: number;
  readonly leniSipQuota: number;
  readonly hdeniQuota: number;
}

/** ListLeniPrivateIpAddresses' filters: the LENI, and optionally one ipName or one address. */
export interface ListLeniPrivateIpAddressesRequest extends NetworkInterfaceRef {
  readonly ipName?: string;
  readonly privateIpAddress?: string;
}

export interface DescribeNodeRequest {
  /** The Lingjun node id (`e01-…`). */
  readonly nodeId: string;
}

/** DescribeNode's placement and type fields (the ones Terway and the planner read). */
export interface EfloNode {
  readonly nodeId: string;
  /** NodeType: the key for DescribeNodeType. */
  readonly nodeType: string;
  /** MachineType (e.g. `efg2.C48eNH3ebn`), or null where the cloud was not told one. */
  readonly machineType: string | null;
  readonly zoneId: string;
  /** HpnZone: the high-performance network zone, or null where the cloud was not told one. */
  readonly hpnZone: string | null;
}

export interface DescribeNodeTypeRequest {
  readonly nodeType: string;
}

/** DescribeNodeType's ENI quotas, which Terway reads for an ECS-link Lingjun node. */
export interface EfloNodeType {
  readonly nodeType: string;
  /** EniQuantity: ENIs per node, the primary included (Terway's Adapters). */
  readonly eniQuantity: number;
  /** EniPrivateIpAddressQuantity: IPv4 addresses per ENI (Terway's IPv4PerAdapter). */
  readonly eniPrivateIpAddressQuantity: number;
  /** EniIpv6AddressQuantity: IPv6 addresses per ENI. */
  readonly eniIpv6AddressQuantity: number;
  /** EniHighDenseQuantity: high-density ENIs (exclusive mode's `ecs-hdeni` backend). */
  readonly eniHighDenseQuantity: number;
}
