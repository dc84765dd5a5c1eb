/**
 * Parsers for the two pod annotations that configure a pod's networks directly:
 * `k8s.aliyun.com/pod-networks` (`{"podNetworks":[{interface, vSwitchOptions, securityGroupIDs,
 * eniOptions:{eniType}, allocationType:{type, releaseStrategy, releaseAfter}}]}`) and
 * `k8s.aliyun.com/pod-networks-request` (`[{interfaceName, network}]`). Bad JSON is an expected
 * outcome (the webhook denies the pod), so they return a result instead of throwing.
 */
import { AnnotationKeys } from './wellKnownKeys.js';
import { vSwitchSelectionPolicyOf } from './podNetworking.js';
import type {
  AllocationType,
  EniAttachType,
  PodNetwork,
  VSwitchSelectPolicy,
} from './podNetworking.js';

/** A parse result. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

/** One entry of `pod-networks-request`. */
export interface PodNetworkRequest {
  readonly interfaceName: string;
  /** The name of a PodNetworking. */
  readonly network: string;
}

class ShapeError extends Error {}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function stringField(entry: Record<string, unknown>, key: string, fallback: string): string {
  const value = entry[key];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'string') throw new ShapeError(`${key} must be a string`);
  return value;
}

function stringList(entry: Record<string, unknown>, key: string): string[] {
  const value = entry[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new ShapeError(`${key} must be a list of strings`);
  }
  return value;
}

const ENI_TYPES: readonly string[] = ['Default', 'ENI', 'Trunk'];

function eniTypeOf(entry: Record<string, unknown>): EniAttachType {
  const options = entry['eniOptions'];
  if (options === undefined || options === null) return 'Default';
  if (!isRecord(options)) throw new ShapeError('eniOptions must be an object');
  const eniType = stringField(options, 'eniType', 'Default') || 'Default';
  if (!ENI_TYPES.includes(eniType)) throw new ShapeError(`unknown eniType ${eniType}`);
  return eniType as EniAttachType;
}

function allocationTypeOf(entry: Record<string, unknown>): AllocationType {
  const value = entry['allocationType'];
  if (value === undefined || value === null) {
    return { type: 'Elastic', releaseStrategy: null, releaseAfter: null };
  }
  if (!isRecord(value)) throw new ShapeError('allocationType must be an object');
  const type = stringField(value, 'type', 'Elastic') || 'Elastic';
  if (type !== 'Elastic' && type !== 'Fixed') throw new ShapeError(`unknown allocation ${type}`);
  const strategy = stringField(value, 'releaseStrategy', '');
  if (strategy !== '' && strategy !== 'TTL' && strategy !== 'Never') {
    throw new ShapeError(`unknown releaseStrategy ${strategy}`);
  }
  const releaseAfter = stringField(value, 'releaseAfter', '');
  return {
    type,
    releaseStrategy: strategy === '' ? null : strategy,
    releaseAfter: releaseAfter === '' ? null : releaseAfter,
  };
}

/** `vSwitchSelectOptions.vSwitchSelectionPolicy`; an absent or unknown one is `ordered`. */
function selectionPolicyOf(entry: Record<string, unknown>): VSwitchSelectPolicy {
  const options = entry['vSwitchSelectOptions'];
  if (options === undefined || options === null) return 'ordered';
  if (!isRecord(options)) throw new ShapeError('vSwitchSelectOptions must be an object');
  return vSwitchSelectionPolicyOf(stringField(options, 'vSwitchSelectionPolicy', ''));
}

function parseJson<T>(key: string, text: string, read: (value: unknown) => T): Parsed<T> {
  try {
    return { ok: true, value: read(JSON.parse(text) as unknown) };
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof ShapeError) {
      return { ok: false, message: `unable parse annotation field ${key}, ${error.message}` };
    }
    throw error;
  }
}

/** Parses `k8s.aliyun.com/pod-networks`. */
export function parsePodNetworksAnnotation(text: string): Parsed<readonly PodNetwork[]> {
  return parseJson(AnnotationKeys.podNetworks, text, (value) => {
    if (!isRecord(value)) throw new ShapeError('expected an object');
    const list = value['podNetworks'];
    if (!Array.isArray(list)) throw new ShapeError('podNetworks must be a list');
    return list.map((entry: unknown): PodNetwork => {
      if (!isRecord(entry)) throw new ShapeError('each pod network must be an object');
      return {
        interface: stringField(entry, 'interface', ''),
        vSwitchOptions: stringList(entry, 'vSwitchOptions'),
        securityGroupIds: stringList(entry, 'securityGroupIDs'),
        eniType: eniTypeOf(entry),
        allocationType: allocationTypeOf(entry),
        vSwitchSelectionPolicy: selectionPolicyOf(entry),
      };
    });
  });
}

/** Parses `k8s.aliyun.com/pod-networks-request`; a missing interface name is `eth0`. */
export function parsePodNetworksRequest(text: string): Parsed<readonly PodNetworkRequest[]> {
  return parseJson(AnnotationKeys.podNetworksRequest, text, (value) => {
    if (!Array.isArray(value)) throw new ShapeError('expected a list');
    return value.map((entry: unknown): PodNetworkRequest => {
      if (!isRecord(entry)) throw new ShapeError('each request must be an object');
      const network = stringField(entry, 'network', '');
      if (network === '') throw new ShapeError('network must name a PodNetworking');
      return { interfaceName: stringField(entry, 'interfaceName', '') || 'eth0', network };
    });
  });
}
