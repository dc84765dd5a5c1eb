/**
 * The simulated cloud's state and the meaning of each API call: instances, vSwitches and ENIs,
 * and what a call does to them at the moment the server executes it.
 *
 * Everything here is synchronous and free of timing, limits and injected faults; the client
 * (`client.ts`) decides when a call reaches this point and whether it gets here at all. Expected
 * outcomes (a full vSwitch, an instance out of ENI slots) are returned as `CloudResult` values
 * with the codes ECS returns; a request that no correct caller would make (an ENI in another
 * zone, IPv6 on an IPv4-only vSwitch) throws a RangeError naming the value; a state that
 * contradicts itself throws an Error.
 */
import type { Clock, TimerId } from '../contracts/clock.js';
import type {
  AttachNetworkInterfaceRequest,
  CloudResult,
  CreateElasticNetworkInterfaceRequest,
  CreateNetworkInterfaceRequest,
  DescribeNetworkInterfacesRequest,
  DescribeVSwitchesRequest,
  DetachNetworkInterfaceRequest,
  EfloNode,
  EfloNodeType,
  LeniIp,
  LeniNodeInfo,
  ListLeniPrivateIpAddressesRequest,
  NetworkInterface,
  NetworkInterfaceStatus,
  VSwitchInfo,
} from '../contracts/cloudApi.js';
import { CloudErrorCode } from '../contracts/cloudApi.js';
import {
  resolveEcsEfloNode,
  resolveEcsInstance,
  resolveLingjunEfloNode,
  resolveLingjunNode,
} from './instance.js';
import type { EcsInstanceSpec, EfloNodeOf, InstanceView, LingjunNodeSpec } from './instance.js';
import { NodeTypeCatalog } from './nodeType.js';
import type { EfloNodeRecord } from './nodeType.js';
import type { AsyncLatencies } from './options.js';
import { AddressUse, VSwitchState } from './vSwitch.js';
import type { VSwitchAccounting, VSwitchSpec } from './vSwitch.js';

/** What a call needs from its caller's random streams while it executes. */
export interface CallContext {
  /** Draws how long an accepted attach or detach of this kind takes, in microseconds. */
  drawAsyncUs(phase: 'attach' | 'detach', kind: keyof AsyncLatencies): number;
  /** The code for an exhausted vSwitch: IpNotEnough, or sometimes QuotaExceeded. */
  exhaustedCode(): CloudErrorCode;
}

type EniProduct = 'ecs' | 'eflo';
type EniBaseType = 'Primary' | 'Secondary' | 'Trunk';

interface EniRecord {
  readonly id: string;
  readonly product: EniProduct;
  readonly baseType: EniBaseType;
  status: NetworkInterfaceStatus;
  readonly macAddress: string;
  readonly vSwitch: VSwitchState;
  readonly primaryIp: string;
  /** Secondary IPv4 addresses in the order they were assigned. */
  readonly secondaryIps: string[];
  readonly ipv6: string[];
  /** EFLO: each secondary address's ipName. */
  readonly leniIpNames: Map<string, string>;
  instanceId: string | null;
  trunkId: string | null;
  readonly securityGroupIds: readonly string[];
  /** EFLO: the node the LENI was created for (it attaches only there). */
  readonly ownerNodeId: string | null;
  /** The pending completion of an attach or detach. */
  pendingTimer: TimerId | null;
}

interface InstanceRecord {
  readonly view: InstanceView;
  /** ENIs attached, attaching or detaching, the primary included; members excluded. */
  readonly slots: Set<string>;
  /** Member ENIs attached, attaching or detaching. */
  readonly members: Set<string>;
  /** What eflo-controller knows of a Lingjun machine (either API); null for plain ECS. */
  readonly eflo: EfloNodeRecord | null;
}

/** The Alibaba Cloud OUI; ECS ENI MAC addresses start with it. */
const MAC_PREFIX = '00:16:3e';
const MAC_SUFFIX_LIMIT = 2 ** 24;

/** A failed call: assignable to every `CloudResult<T>`. */
type Failure = Extract<CloudResult<never>, { readonly ok: false }>;

function fail(code: CloudErrorCode, message: string): Failure {
  return { ok: false, code, message };
}

function ok<T>(value: T): CloudResult<T> {
  return { ok: true, value };
}

function wanted(request: DescribeNetworkInterfacesRequest, id: string): boolean {
  return request.networkInterfaceIds === undefined || request.networkInterfaceIds.includes(id);
}

function checkCount(value: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${what} must be a non-negative integer, got ${value}`);
  }
}

/** The state of the simulated region: vSwitches, machines and ENIs. */
export class CloudWorld {
  readonly #clock: Clock;
  readonly #vSwitches = new Map<string, VSwitchState>();
  readonly #instances = new Map<string, InstanceRecord>();
  readonly #enis = new Map<string, EniRecord>();
  /** Every address on an ENI → the ENI's id: an address is never on two ENIs. */
  readonly #owners = new Map<string, string>();
  /** Idempotency: `action clientToken` → the value the first successful call returned. */
  readonly #tokens = new Map<string, string | readonly string[]>();
  /** Lingjun node types, for DescribeNodeType. */
  readonly #nodeTypes = new NodeTypeCatalog();
  #eniSerial = 0;
  #ipNameSerial = 0;

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  /** Adds a vSwitch; throws a RangeError for a bad spec, a duplicate id or an overlapping block. */
  addVSwitch(spec: VSwitchSpec): void {
    if (this.#vSwitches.has(spec.vSwitchId)) {
      throw new RangeError(`vSwitch ${spec.vSwitchId} is declared twice`);
    }
    const state = new VSwitchState(spec);
    const start = state.ipv4Cidr.network;
    const end = start + state.ipv4Cidr.size;
    for (const other of this.#vSwitches.values()) {
      const otherStart = other.ipv4Cidr.network;
      if (start < otherStart + other.ipv4Cidr.size && otherStart < end) {
        throw new RangeError(
          `vSwitch ${spec.vSwitchId} (${spec.cidrBlock}) ` +
            `overlaps ${other.vSwitchId} (${other.cidrBlock})`,
        );
      }
    }
    this.#vSwitches.set(spec.vSwitchId, state);
  }

  /** Adds an ECS instance with its primary ENI (InUse, address from its vSwitch). */
  addEcsInstance(spec: EcsInstanceSpec): InstanceView {
    return this.#addMachine(spec.instanceId, spec.vSwitchId, spec.zoneId, 'ecs', (primaryId) => {
      const view = resolveEcsInstance(spec, primaryId);
      return { view, eflo: resolveEcsEfloNode(spec, view) };
    });
  }

  /** Adds a Lingjun node with its primary LENI (InUse, address from its vSwitch). */
  addLingjunNode(spec: LingjunNodeSpec): InstanceView {
    return this.#addMachine(spec.nodeId, spec.vSwitchId, spec.zoneId, 'eflo', (primaryId) => {
      const view = resolveLingjunNode(spec, primaryId);
      return { view, eflo: resolveLingjunEfloNode(spec, view) };
    });
  }

  /**
   * Releases a machine (a scale-in). Its primary ENI is deleted; other ENIs are detached at once
   * and, with `deleteAttachedEnis` (ECS's DeleteENIOnECSRelease, which Terway sets for
   * non-fixed ENIs), deleted too.
   */
  removeInstance(instanceId: string, options: { readonly deleteAttachedEnis: boolean }): void {
    const instance = this.#instances.get(instanceId);
    if (instance === undefined) throw new RangeError(`no instance ${instanceId} to remove`);
    const attached = [...instance.members, ...instance.slots];
    for (const eniId of attached) {
      const eni = this.#eni(eniId);
      if (eni.pendingTimer !== null) this.#clock.cancelTimer(eni.pendingTimer);
      eni.pendingTimer = null;
      this.#finishDetach(eni);
      if (options.deleteAttachedEnis || eni.baseType === 'Primary') this.#deleteEni(eni);
    }
    if (instance.slots.size !== 0 || instance.members.size !== 0) {
      throw new Error(`instance ${instanceId} still has ENIs after removal`);
    }
    this.#instances.delete(instanceId);
  }

  /** ECS CreateNetworkInterface. */
  createNetworkInterface(
    request: CreateNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<NetworkInterface> {
    checkCount(request.secondaryPrivateIpAddressCount, 'secondaryPrivateIpAddressCount');
    checkCount(request.ipv6AddressCount, 'ipv6AddressCount');
    const tokenKey = request.clientToken === undefined ? null : `create ${request.clientToken}`;
    const previous = tokenKey === null ? undefined : this.#tokens.get(tokenKey);
    if (typeof previous === 'string' && this.#enis.has(previous)) {
      return ok(this.#snapshot(this.#eni(previous)));
    }
    const vSwitch = this.#vSwitches.get(request.vSwitchId);
    if (vSwitch === undefined) {
      return fail(CloudErrorCode.vSwitchNotFound, `vSwitch ${request.vSwitchId} does not exist`);
    }
    const shortage = this.#shortage(
      vSwitch,
      1 + request.secondaryPrivateIpAddressCount,
      request.ipv6AddressCount,
      context,
    );
    if (shortage !== null) return shortage;
    const eni = this.#newEni('ecs', request.instanceType ?? 'Secondary', vSwitch, {
      securityGroupIds: request.securityGroupIds,
      ownerNodeId: null,
      primaryUse: AddressUse.eniPrimary,
    });
    for (let index = 0; index < request.secondaryPrivateIpAddressCount; index++) {
      eni.secondaryIps.push(this.#takeIpv4(vSwitch, eni.id, AddressUse.eniSecondary));
    }
    for (let index = 0; index < request.ipv6AddressCount; index++) {
      eni.ipv6.push(this.#takeIpv6(vSwitch, eni.id));
    }
    if (tokenKey !== null) this.#tokens.set(tokenKey, eni.id);
    return ok(this.#snapshot(eni));
  }

  /** ECS AttachNetworkInterface: accepted now; the ENI turns InUse after the drawn latency. */
  attachNetworkInterface(
    request: AttachNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<void> {
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'ecs') return this.#eniNotFound(request.networkInterfaceId);
    const instance = this.#instances.get(request.instanceId);
    if (instance === undefined || instance.view.kind === 'lingjunLeni') {
      return fail(CloudErrorCode.instanceNotFound, `instance ${request.instanceId} does not exist`);
    }
    this.#checkZone(eni, instance);
    const trunkId = request.trunkNetworkInterfaceId ?? null;
    // ASSUMED: a repeated attach to the same instance (and trunk) while the first is in
    // progress or done is accepted and changes nothing. Terway's NetworkInterface controller
    // re-issues AttachNetworkInterface on every requeue (`pkg/controller/eni/eni.go:attach`)
    // and would never bind an ENI whose attach outlasts its first describe otherwise.
    if (
      (eni.status === 'Attaching' || eni.status === 'InUse') &&
      eni.instanceId === request.instanceId &&
      eni.trunkId === trunkId
    ) {
      return ok(undefined);
    }
    if (eni.status !== 'Available') return this.#wrongState(eni, 'attach', 'Available');
    if (trunkId !== null) {
      const refusal = this.#checkMemberAttach(eni, instance, trunkId);
      if (refusal !== null) return refusal;
    } else if (instance.slots.size >= instance.view.eniQuantity) {
      return fail(
        CloudErrorCode.eniPerInstanceLimitExceeded,
        `instance ${request.instanceId} already has ` +
          `${instance.slots.size} of its ${instance.view.eniQuantity} ENIs`,
      );
    }
    if (
      1 + eni.secondaryIps.length > instance.view.ipv4PerEni ||
      eni.ipv6.length > instance.view.ipv6PerEni
    ) {
      return fail(
        CloudErrorCode.privateIpQuotaExceeded,
        `ENI ${eni.id} holds more addresses than instance ` +
          `${instance.view.instanceId} allows per ENI`,
      );
    }
    const kind =
      trunkId !== null ? 'member' : instance.view.kind === 'lingjunEcs' ? 'ecsLingjun' : 'ecs';
    this.#beginAttach(eni, instance, trunkId, context.drawAsyncUs('attach', kind));
    return ok(undefined);
  }

  /** ECS DetachNetworkInterface: accepted now; the ENI turns Available after the drawn latency. */
  detachNetworkInterface(
    request: DetachNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<void> {
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'ecs') return this.#eniNotFound(request.networkInterfaceId);
    const refusal = this.#checkDetach(eni, request.instanceId);
    if (refusal !== null) return refusal;
    const instance = this.#instances.get(request.instanceId);
    const kind =
      eni.trunkId !== null ? 'member' : instance?.view.kind === 'lingjunEcs' ? 'ecsLingjun' : 'ecs';
    this.#beginDetach(eni, context.drawAsyncUs('detach', kind));
    return ok(undefined);
  }

  /** ECS DeleteNetworkInterface: the ENI must be Available; its addresses go back. */
  deleteNetworkInterface(networkInterfaceId: string, product: EniProduct): CloudResult<void> {
    const eni = this.#enis.get(networkInterfaceId);
    if (eni?.product !== product) return this.#eniNotFound(networkInterfaceId);
    if (eni.status !== 'Available') return this.#wrongState(eni, 'delete', 'Available');
    this.#deleteEni(eni);
    return ok(undefined);
  }

  /** ECS AssignPrivateIpAddresses: all or nothing. */
  assignPrivateIpAddresses(
    request: {
      readonly networkInterfaceId: string;
      readonly count: number;
      readonly clientToken?: string;
    },
    family: 'ipv4' | 'ipv6',
    context: CallContext,
  ): CloudResult<readonly string[]> {
    if (!Number.isSafeInteger(request.count) || request.count < 1) {
      throw new RangeError(`an assign must ask for at least one address, got ${request.count}`);
    }
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'ecs') return this.#eniNotFound(request.networkInterfaceId);
    const tokenKey =
      request.clientToken === undefined
        ? null
        : `assign ${family} ${eni.id} ${request.clientToken}`;
    const previous = tokenKey === null ? undefined : this.#tokens.get(tokenKey);
    if (Array.isArray(previous)) return ok(previous);
    const busy = this.#checkBusy(eni, 'assign addresses to');
    if (busy !== null) return busy;
    const held = family === 'ipv4' ? 1 + eni.secondaryIps.length : eni.ipv6.length;
    const quota = this.#perEniQuota(eni, family);
    if (quota !== null && held + request.count > quota) {
      return fail(
        CloudErrorCode.privateIpQuotaExceeded,
        `ENI ${eni.id} holds ${held} ${family} addresses; ` +
          `${request.count} more exceed its quota of ${quota}`,
      );
    }
    const v4 = family === 'ipv4' ? request.count : 0;
    const shortage = this.#shortage(eni.vSwitch, v4, request.count - v4, context);
    if (shortage !== null) return shortage;
    const assigned: string[] = [];
    for (let index = 0; index < request.count; index++) {
      const address =
        family === 'ipv4'
          ? this.#takeIpv4(eni.vSwitch, eni.id, AddressUse.eniSecondary)
          : this.#takeIpv6(eni.vSwitch, eni.id);
      (family === 'ipv4' ? eni.secondaryIps : eni.ipv6).push(address);
      assigned.push(address);
    }
    if (tokenKey !== null) this.#tokens.set(tokenKey, assigned);
    return ok(assigned);
  }

  /**
   * ECS UnassignPrivateIpAddresses / UnassignIpv6Addresses. An address the ENI does not hold is
   * skipped, so a retried unassign succeeds; asking to unassign the ENI's primary address is a
   * caller bug and throws.
   */
  unassignAddresses(
    networkInterfaceId: string,
    addresses: readonly string[],
    family: 'ipv4' | 'ipv6',
  ): CloudResult<void> {
    const eni = this.#enis.get(networkInterfaceId);
    if (eni?.product !== 'ecs') return this.#eniNotFound(networkInterfaceId);
    const busy = this.#checkBusy(eni, 'unassign addresses from');
    if (busy !== null) return busy;
    for (const address of addresses) {
      if (family === 'ipv4' && address === eni.primaryIp) {
        throw new RangeError(`unassign: ${address} is the primary address of ENI ${eni.id}`);
      }
      const list = family === 'ipv4' ? eni.secondaryIps : eni.ipv6;
      const index = list.indexOf(address);
      if (index < 0) continue;
      list.splice(index, 1);
      this.#releaseAddress(eni, address, family === 'ipv4' ? AddressUse.eniSecondary : null);
    }
    return ok(undefined);
  }

  /** ECS DescribeNetworkInterfaces / EFLO ListElasticNetworkInterfaces: one page. */
  describe(
    request: DescribeNetworkInterfacesRequest,
    product: EniProduct,
  ): CloudResult<readonly NetworkInterface[]> {
    const maxResults = request.maxResults ?? 500;
    if (!Number.isSafeInteger(maxResults) || maxResults < 1 || maxResults > 500) {
      throw new RangeError(`maxResults must be an integer in [1, 500], got ${maxResults}`);
    }
    const page: NetworkInterface[] = [];
    for (const eni of this.#candidates(request)) {
      if (page.length >= maxResults) break;
      if (eni.product !== product) continue;
      if (request.instanceId !== undefined && eni.instanceId !== request.instanceId) continue;
      if (wanted(request, eni.id)) page.push(this.#snapshot(eni));
    }
    return ok(page);
  }

  /** VPC DescribeVSwitches. */
  describeVSwitches(request: DescribeVSwitchesRequest): CloudResult<readonly VSwitchInfo[]> {
    const wanted = request.vSwitchIds === undefined ? null : new Set(request.vSwitchIds);
    const result: VSwitchInfo[] = [];
    for (const vSwitch of this.#vSwitches.values()) {
      if (wanted !== null && !wanted.has(vSwitch.vSwitchId)) continue;
      if (request.zoneId !== undefined && vSwitch.zoneId !== request.zoneId) continue;
      result.push({
        vSwitchId: vSwitch.vSwitchId,
        zoneId: vSwitch.zoneId,
        cidrBlock: vSwitch.cidrBlock,
        ipv6CidrBlock: vSwitch.ipv6CidrBlock,
        availableIpAddressCount: vSwitch.ipv4Free,
      });
    }
    return ok(result);
  }

  /** EFLO CreateElasticNetworkInterface: a LENI for one node, Available until attached. */
  createElasticNetworkInterface(
    request: CreateElasticNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<NetworkInterface> {
    const node = this.#instances.get(request.nodeId);
    if (node?.view.kind !== 'lingjunLeni') {
      return fail(CloudErrorCode.instanceNotFound, `Lingjun node ${request.nodeId} does not exist`);
    }
    const vSwitch = this.#vSwitches.get(request.vSwitchId);
    if (vSwitch === undefined) {
      return fail(CloudErrorCode.vSwitchNotFound, `vSwitch ${request.vSwitchId} does not exist`);
    }
    if (vSwitch.zoneId !== node.view.zoneId) {
      throw new RangeError(
        `a LENI for ${request.nodeId} (zone ${node.view.zoneId}) ` +
          `cannot use vSwitch ${vSwitch.vSwitchId} in ${vSwitch.zoneId}`,
      );
    }
    const shortage = this.#shortage(vSwitch, 1, 0, context);
    if (shortage !== null) return shortage;
    const eni = this.#newEni('eflo', 'Secondary', vSwitch, {
      securityGroupIds: [request.securityGroupId],
      ownerNodeId: request.nodeId,
      primaryUse: AddressUse.eniPrimary,
    });
    return ok(this.#snapshot(eni));
  }

  /** EFLO AttachElasticNetworkInterface: only to the node the LENI was created for. */
  attachElasticNetworkInterface(
    request: AttachNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<void> {
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'eflo') return this.#eniNotFound(request.networkInterfaceId);
    const node = this.#instances.get(request.instanceId);
    if (node?.view.kind !== 'lingjunLeni') {
      return fail(
        CloudErrorCode.instanceNotFound,
        `Lingjun node ${request.instanceId} does not exist`,
      );
    }
    if (eni.ownerNodeId !== request.instanceId) {
      return fail(
        CloudErrorCode.eniIncorrectStatus,
        `LENI ${eni.id} belongs to node ${eni.ownerNodeId ?? '(none)'}, not ${request.instanceId}`,
      );
    }
    if (eni.status !== 'Available') return this.#wrongState(eni, 'attach', 'Available');
    if (node.slots.size >= node.view.eniQuantity) {
      return fail(
        CloudErrorCode.eniPerInstanceLimitExceeded,
        `node ${request.instanceId} already has ` +
          `${node.slots.size} of its ${node.view.eniQuantity} LENIs`,
      );
    }
    this.#beginAttach(eni, node, null, context.drawAsyncUs('attach', 'leni'));
    return ok(undefined);
  }

  /** EFLO DetachElasticNetworkInterface. */
  detachElasticNetworkInterface(
    request: DetachNetworkInterfaceRequest,
    context: CallContext,
  ): CloudResult<void> {
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'eflo') return this.#eniNotFound(request.networkInterfaceId);
    const refusal = this.#checkDetach(eni, request.instanceId);
    if (refusal !== null) return refusal;
    this.#beginDetach(eni, context.drawAsyncUs('detach', 'leni'));
    return ok(undefined);
  }

  /** EFLO AssignLeniPrivateIpAddress: one secondary address, named by an `ipName`. */
  assignLeniPrivateIpAddress(
    networkInterfaceId: string,
    context: CallContext,
  ): CloudResult<LeniIp> {
    const eni = this.#enis.get(networkInterfaceId);
    if (eni?.product !== 'eflo') return this.#eniNotFound(networkInterfaceId);
    const busy = this.#checkBusy(eni, 'assign an address to');
    if (busy !== null) return busy;
    const quota = this.#perEniQuota(eni, 'ipv4');
    if (quota !== null && eni.secondaryIps.length >= quota) {
      return fail(
        CloudErrorCode.privateIpQuotaExceeded,
        `LENI ${eni.id} already holds its ${quota} secondary addresses`,
      );
    }
    const shortage = this.#shortage(eni.vSwitch, 1, 0, context);
    if (shortage !== null) return shortage;
    const address = this.#takeIpv4(eni.vSwitch, eni.id, AddressUse.eniSecondary);
    this.#ipNameSerial++;
    const ipName = `ip-sim${this.#ipNameSerial.toString().padStart(10, '0')}`;
    eni.secondaryIps.push(address);
    eni.leniIpNames.set(ipName, address);
    return ok({ ipName, privateIpAddress: address });
  }

  /** EFLO UnassignLeniPrivateIpAddress; an unknown ipName is skipped (a retry succeeds). */
  unassignLeniPrivateIpAddress(networkInterfaceId: string, ipName: string): CloudResult<void> {
    const eni = this.#enis.get(networkInterfaceId);
    if (eni?.product !== 'eflo') return this.#eniNotFound(networkInterfaceId);
    const busy = this.#checkBusy(eni, 'unassign an address from');
    if (busy !== null) return busy;
    const address = eni.leniIpNames.get(ipName);
    if (address === undefined) return ok(undefined);
    eni.leniIpNames.delete(ipName);
    const index = eni.secondaryIps.indexOf(address);
    if (index < 0) throw new Error(`LENI ${eni.id}: ${ipName} names ${address}, which it lacks`);
    eni.secondaryIps.splice(index, 1);
    this.#releaseAddress(eni, address, AddressUse.eniSecondary);
    return ok(undefined);
  }

  /** EFLO GetNodeInfoForPod. */
  getNodeInfoForPod(nodeId: string): CloudResult<LeniNodeInfo> {
    const node = this.#instances.get(nodeId);
    if (node?.view.kind !== 'lingjunLeni') {
      return fail(CloudErrorCode.instanceNotFound, `Lingjun node ${nodeId} does not exist`);
    }
    return ok({
      nodeId,
      zoneId: node.view.zoneId,
      leniQuota: node.view.eniQuantity,
      leniSipQuota: node.view.ipv4PerEni,
      hdeniQuota: node.view.hdeniQuota,
    });
  }

  /**
   * EFLO ListLeniPrivateIpAddresses: the LENI's secondary addresses with their ipNames, in the
   * order they were assigned, narrowed by the optional filters.
   */
  listLeniPrivateIpAddresses(
    request: ListLeniPrivateIpAddressesRequest,
  ): CloudResult<readonly LeniIp[]> {
    const eni = this.#enis.get(request.networkInterfaceId);
    if (eni?.product !== 'eflo') return this.#eniNotFound(request.networkInterfaceId);
    const listed: LeniIp[] = [];
    // A Map iterates in insertion order, and an unassigned name is deleted: assignment order.
    for (const [ipName, privateIpAddress] of eni.leniIpNames) {
      if (request.ipName !== undefined && ipName !== request.ipName) continue;
      if (request.privateIpAddress !== undefined && privateIpAddress !== request.privateIpAddress) {
        continue;
      }
      listed.push({ ipName, privateIpAddress });
    }
    return ok(listed);
  }

  /**
   * EFLO-controller DescribeNode: any Lingjun machine, on the LENI API or ECS-link. A plain ECS
   * instance, an unknown id and a released node all answer `InvalidInstanceId.NotFound`.
   */
  describeNode(nodeId: string): CloudResult<EfloNode> {
    const node = this.#instances.get(nodeId);
    if (node?.eflo === undefined || node.eflo === null) {
      return fail(CloudErrorCode.instanceNotFound, `Lingjun node ${nodeId} does not exist`);
    }
    return ok({ nodeId, zoneId: node.view.zoneId, ...node.eflo });
  }

  /**
   * EFLO-controller DescribeNodeType. Terway asks only for a type DescribeNode returned, and a
   * type stays known after its nodes are gone, so an unknown type is a caller bug: it throws.
   */
  describeNodeType(nodeType: string): CloudResult<EfloNodeType> {
    const type = this.#nodeTypes.get(nodeType);
    if (type === undefined) {
      throw new RangeError(`DescribeNodeType: no node type ${JSON.stringify(nodeType)}`);
    }
    return ok(type);
  }

  /** Every ENI and LENI as DescribeNetworkInterfaces would show it (a view for checkers). */
  networkInterfaces(): readonly NetworkInterface[] {
    return [...this.#enis.values()].map((eni) => this.#snapshot(eni));
  }

  /** Every machine's quotas. */
  instances(): readonly InstanceView[] {
    return [...this.#instances.values()].map((instance) => instance.view);
  }

  /** Per-vSwitch address accounting. */
  vSwitchAccounting(): readonly VSwitchAccounting[] {
    return [...this.#vSwitches.values()].map((vSwitch) => vSwitch.accounting());
  }

  /** The ENI that holds `address`, if any. */
  ownerOf(address: string): string | null {
    return this.#owners.get(address) ?? null;
  }

  /**
   * The ENIs a describe has to look at, in creation order: those named, or those on the
   * instance, or all. NOTE: the narrowing is only for speed (a poll per node per few seconds
   * would otherwise scan every ENI in the region); the filters in `describe` still apply.
   */
  #candidates(request: DescribeNetworkInterfacesRequest): Iterable<EniRecord> {
    const ids =
      request.networkInterfaceIds ??
      (request.instanceId === undefined ? undefined : this.#attachedTo(request.instanceId));
    if (ids === undefined) return this.#enis.values();
    const found: EniRecord[] = [];
    for (const id of new Set(ids)) {
      const eni = this.#enis.get(id);
      if (eni !== undefined) found.push(eni);
    }
    // Ids carry a zero-padded serial, so sorting them restores creation order.
    return found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  #attachedTo(instanceId: string): readonly string[] {
    const instance = this.#instances.get(instanceId);
    return instance === undefined ? [] : [...instance.slots, ...instance.members];
  }

  #addMachine(
    id: string,
    vSwitchId: string,
    zoneId: string,
    product: EniProduct,
    resolve: (primaryId: string) => { readonly view: InstanceView; readonly eflo: EfloNodeOf },
  ): InstanceView {
    if (this.#instances.has(id)) throw new RangeError(`instance ${id} is declared twice`);
    const vSwitch = this.#vSwitches.get(vSwitchId);
    if (vSwitch === undefined) throw new RangeError(`instance ${id}: no vSwitch ${vSwitchId}`);
    if (vSwitch.zoneId !== zoneId) {
      throw new RangeError(
        `instance ${id} in ${zoneId} cannot use vSwitch ${vSwitchId} in ${vSwitch.zoneId}`,
      );
    }
    // Validate before taking an address, so a bad spec leaves the vSwitch untouched.
    const { view, eflo } = resolve(this.#nextEniId(product, 0));
    if (eflo !== null) this.#nodeTypes.check(eflo.type, `instance ${id}`);
    if (vSwitch.ipv4Free === 0) {
      throw new RangeError(
        `instance ${id}: vSwitch ${vSwitchId} has no address for its primary ENI`,
      );
    }
    const primary = this.#newEni(product, 'Primary', vSwitch, {
      securityGroupIds: [],
      ownerNodeId: product === 'eflo' ? id : null,
      primaryUse: AddressUse.nodePrimary,
    });
    if (primary.id !== view.primaryNetworkInterfaceId) throw new Error('primary ENI id mismatch');
    primary.status = 'InUse';
    primary.instanceId = id;
    this.#instances.set(id, {
      view,
      slots: new Set([primary.id]),
      members: new Set(),
      eflo: eflo?.node ?? null,
    });
    if (eflo !== null) this.#nodeTypes.add(eflo.type);
    return view;
  }

  #nextEniId(product: EniProduct, ahead: number): string {
    const serial = (this.#eniSerial + 1 + ahead).toString().padStart(12, '0');
    return product === 'ecs' ? `eni-sim${serial}` : `leni-sim${serial}`;
  }

  #newEni(
    product: EniProduct,
    baseType: EniBaseType,
    vSwitch: VSwitchState,
    options: {
      readonly securityGroupIds: readonly string[];
      readonly ownerNodeId: string | null;
      readonly primaryUse: AddressUse;
    },
  ): EniRecord {
    const id = this.#nextEniId(product, 0);
    this.#eniSerial++;
    const macSerial = this.#eniSerial % MAC_SUFFIX_LIMIT;
    const mac = [macSerial >>> 16, (macSerial >>> 8) & 255, macSerial & 255]
      .map((octet) => octet.toString(16).padStart(2, '0'))
      .join(':');
    const eni: EniRecord = {
      id,
      product,
      baseType,
      status: 'Available',
      macAddress: `${MAC_PREFIX}:${mac}`,
      vSwitch,
      primaryIp: this.#takeIpv4(vSwitch, id, options.primaryUse),
      secondaryIps: [],
      ipv6: [],
      leniIpNames: new Map(),
      instanceId: null,
      trunkId: null,
      securityGroupIds: [...options.securityGroupIds],
      ownerNodeId: options.ownerNodeId,
      pendingTimer: null,
    };
    this.#enis.set(id, eni);
    return eni;
  }

  #takeIpv4(vSwitch: VSwitchState, eniId: string, use: AddressUse): string {
    const address = vSwitch.allocateIpv4(use);
    if (address === null) throw new Error(`vSwitch ${vSwitch.vSwitchId} ran out after a check`);
    this.#own(address, eniId);
    return address;
  }

  #takeIpv6(vSwitch: VSwitchState, eniId: string): string {
    const address = vSwitch.allocateIpv6();
    if (address === null)
      throw new Error(`vSwitch ${vSwitch.vSwitchId} ran out of IPv6 after a check`);
    this.#own(address, eniId);
    return address;
  }

  #own(address: string, eniId: string): void {
    const owner = this.#owners.get(address);
    if (owner !== undefined)
      throw new Error(`${address} handed to ${eniId} is already on ${owner}`);
    this.#owners.set(address, eniId);
  }

  /** Returns an address to its vSwitch; `use` null means IPv6. */
  #releaseAddress(eni: EniRecord, address: string, use: AddressUse | null): void {
    if (this.#owners.get(address) !== eni.id) {
      throw new Error(
        `${address} released from ${eni.id}, but it is on ${this.#owners.get(address) ?? 'no ENI'}`,
      );
    }
    this.#owners.delete(address);
    if (use === null) eni.vSwitch.releaseIpv6(address);
    else eni.vSwitch.releaseIpv4(address, use);
  }

  #deleteEni(eni: EniRecord): void {
    if (eni.status !== 'Available' || eni.instanceId !== null) {
      throw new Error(`deleting ENI ${eni.id} in state ${eni.status}`);
    }
    for (const address of eni.secondaryIps)
      this.#releaseAddress(eni, address, AddressUse.eniSecondary);
    for (const address of eni.ipv6) this.#releaseAddress(eni, address, null);
    const primaryUse = eni.baseType === 'Primary' ? AddressUse.nodePrimary : AddressUse.eniPrimary;
    this.#releaseAddress(eni, eni.primaryIp, primaryUse);
    eni.secondaryIps.length = 0;
    eni.ipv6.length = 0;
    eni.leniIpNames.clear();
    this.#enis.delete(eni.id);
  }

  /** Null if the vSwitch has the addresses, else the failure (IpNotEnough, or QuotaExceeded). */
  #shortage(
    vSwitch: VSwitchState,
    ipv4: number,
    ipv6: number,
    context: CallContext,
  ): Failure | null {
    if (ipv6 > 0 && vSwitch.ipv6Cidr === null) {
      throw new RangeError(
        `vSwitch ${vSwitch.vSwitchId} has no IPv6 block, but ${ipv6} IPv6 addresses were asked for`,
      );
    }
    if (vSwitch.ipv4Free >= ipv4 && vSwitch.ipv6Free >= BigInt(ipv6)) return null;
    return fail(
      context.exhaustedCode(),
      `vSwitch ${vSwitch.vSwitchId} has ${vSwitch.ipv4Free} free ` +
        `IPv4 addresses; ${ipv4} IPv4 and ${ipv6} IPv6 were asked for`,
    );
  }

  #perEniQuota(eni: EniRecord, family: 'ipv4' | 'ipv6'): number | null {
    const instanceId = eni.instanceId ?? eni.ownerNodeId;
    if (instanceId === null) return null;
    const view = this.#instances.get(instanceId)?.view;
    if (view === undefined) return null;
    return family === 'ipv4' ? view.ipv4PerEni : view.ipv6PerEni;
  }

  #checkZone(eni: EniRecord, instance: InstanceRecord): void {
    if (eni.vSwitch.zoneId !== instance.view.zoneId) {
      throw new RangeError(
        `ENI ${eni.id} in ${eni.vSwitch.zoneId} cannot attach to ` +
          `${instance.view.instanceId} in ${instance.view.zoneId}`,
      );
    }
  }

  #checkMemberAttach(
    eni: EniRecord,
    instance: InstanceRecord,
    trunkId: string,
  ): CloudResult<void> | null {
    const trunk = this.#enis.get(trunkId);
    if (trunk?.product !== 'ecs') return this.#eniNotFound(trunkId);
    if (
      trunk.baseType !== 'Trunk' ||
      trunk.status !== 'InUse' ||
      trunk.instanceId !== instance.view.instanceId
    ) {
      return fail(
        CloudErrorCode.eniIncorrectStatus,
        `${trunkId} is not a trunk ENI in use on ` +
          `${instance.view.instanceId} (${trunk.baseType}, ${trunk.status})`,
      );
    }
    if (eni.baseType !== 'Secondary') {
      return fail(
        CloudErrorCode.eniIncorrectStatus,
        `a ${eni.baseType} ENI cannot be a member ENI`,
      );
    }
    if (instance.members.size >= instance.view.memberEniQuantity) {
      return fail(
        CloudErrorCode.eniPerInstanceLimitExceeded,
        `instance ${instance.view.instanceId} already has ${instance.members.size} ` +
          `of its ${instance.view.memberEniQuantity} member ENIs`,
      );
    }
    return null;
  }

  #checkDetach(eni: EniRecord, instanceId: string): CloudResult<void> | null {
    if (eni.baseType === 'Primary') {
      return fail(
        CloudErrorCode.eniIncorrectStatus,
        `the primary ENI ${eni.id} cannot be detached`,
      );
    }
    if (eni.status !== 'InUse') return this.#wrongState(eni, 'detach', 'InUse');
    if (eni.instanceId !== instanceId) {
      return fail(
        CloudErrorCode.eniIncorrectStatus,
        `ENI ${eni.id} is attached to ${eni.instanceId ?? 'nothing'}, not ${instanceId}`,
      );
    }
    if (eni.baseType === 'Trunk') {
      const members = this.#instances.get(instanceId)?.members.size ?? 0;
      if (members > 0) {
        return fail(
          CloudErrorCode.eniIncorrectStatus,
          `trunk ENI ${eni.id} still carries ${members} member ENIs`,
        );
      }
    }
    return null;
  }

  /** An attach or detach in progress conflicts with address changes on the same ENI. */
  #checkBusy(eni: EniRecord, what: string): Failure | null {
    if (eni.status === 'Available' || eni.status === 'InUse') return null;
    return fail(
      CloudErrorCode.operationConflict,
      `cannot ${what} ENI ${eni.id} while it is ${eni.status}`,
    );
  }

  #beginAttach(
    eni: EniRecord,
    instance: InstanceRecord,
    trunkId: string | null,
    delayUs: number,
  ): void {
    eni.status = 'Attaching';
    eni.instanceId = instance.view.instanceId;
    eni.trunkId = trunkId;
    (trunkId === null ? instance.slots : instance.members).add(eni.id);
    eni.pendingTimer = this.#clock.setTimer(delayUs, () => {
      eni.pendingTimer = null;
      if (eni.status !== 'Attaching')
        throw new Error(`ENI ${eni.id} finished attaching in ${eni.status}`);
      eni.status = 'InUse';
    });
  }

  #beginDetach(eni: EniRecord, delayUs: number): void {
    eni.status = 'Detaching';
    eni.pendingTimer = this.#clock.setTimer(delayUs, () => {
      eni.pendingTimer = null;
      if (eni.status !== 'Detaching')
        throw new Error(`ENI ${eni.id} finished detaching in ${eni.status}`);
      this.#finishDetach(eni);
    });
  }

  #finishDetach(eni: EniRecord): void {
    const instanceId = eni.instanceId;
    if (instanceId !== null) {
      const instance = this.#instances.get(instanceId);
      if (instance === undefined)
        throw new Error(`ENI ${eni.id} is on a missing instance ${instanceId}`);
      const removed =
        eni.trunkId === null ? instance.slots.delete(eni.id) : instance.members.delete(eni.id);
      if (!removed) throw new Error(`ENI ${eni.id} was not counted on ${instanceId}`);
    }
    eni.status = 'Available';
    eni.instanceId = null;
    eni.trunkId = null;
  }

  #eni(id: string): EniRecord {
    const eni = this.#enis.get(id);
    if (eni === undefined) throw new Error(`ENI ${id} is missing`);
    return eni;
  }

  #eniNotFound(id: string): Failure {
    return fail(CloudErrorCode.eniNotFound, `network interface ${id} does not exist`);
  }

  #wrongState(eni: EniRecord, action: string, wanted: NetworkInterfaceStatus): Failure {
    return fail(
      CloudErrorCode.eniIncorrectStatus,
      `cannot ${action} ENI ${eni.id}: it is ${eni.status}, not ${wanted}`,
    );
  }

  #snapshot(eni: EniRecord): NetworkInterface {
    return {
      networkInterfaceId: eni.id,
      type: eni.trunkId !== null ? 'Member' : eni.baseType,
      status: eni.status,
      macAddress: eni.macAddress,
      vSwitchId: eni.vSwitch.vSwitchId,
      zoneId: eni.vSwitch.zoneId,
      primaryIpAddress: eni.primaryIp,
      privateIpAddresses: [eni.primaryIp, ...eni.secondaryIps],
      ipv6Addresses: [...eni.ipv6],
      instanceId: eni.instanceId,
      trunkNetworkInterfaceId: eni.trunkId,
      securityGroupIds: eni.securityGroupIds,
    };
  }
}
