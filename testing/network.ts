/**
 * The network of a generated cluster: zones, vSwitches with non-overlapping IPv4 blocks, the
 * `kube-system/eni-config` ConfigMap Terway reads (pod vSwitches per zone, pool sizes, trunking),
 * and PodNetworkings.
 */
import fc from 'fast-check';

import type { LabelsDocument, ManifestDocument, VSwitchDocument } from './documents.js';

/** The region every generated scenario is in, and its zones. */
export const REGION = 'cn-hangzhou';
export const ZONES = ['cn-hangzhou-h', 'cn-hangzhou-i', 'cn-hangzhou-j', 'cn-hangzhou-k'] as const;

/**
 * vSwitches with distinct second octets (10.N.0.0/P, P from `prefix`), so their blocks never
 * overlap; ids `vsw-<prefix>-<n>`; zones drawn from `zones`.
 */
export function vSwitches(
  options: {
    readonly idPrefix?: string;
    readonly minLength?: number;
    readonly maxLength?: number;
    readonly zones?: readonly string[];
    readonly prefix?: { readonly min: number; readonly max: number };
  } = {},
): fc.Arbitrary<VSwitchDocument[]> {
  const zones = options.zones ?? ZONES;
  const idPrefix = options.idPrefix ?? 'gen';
  const prefix = options.prefix ?? { min: 20, max: 24 };
  const one = fc.record({
    octet: fc.integer({ min: 0, max: 255 }),
    zone: fc.constantFrom(...zones),
    prefixLength: fc.integer(prefix),
  });
  return fc
    .uniqueArray(one, {
      minLength: options.minLength ?? 1,
      maxLength: options.maxLength ?? 4,
      selector: (entry) => entry.octet,
    })
    .map((entries) =>
      entries.map((entry, index): VSwitchDocument => ({
        id: `vsw-${idPrefix}-${index}`,
        zone: entry.zone,
        ipv4Cidr: `10.${entry.octet}.0.0/${entry.prefixLength}`,
      })),
    );
}

/**
 * The cluster's network: per zone a node vSwitch (/22–/24) and a pod vSwitch (/19–/21), in
 * 1 to `maxZones` zones; the eni-config maps each zone to its pod vSwitch.
 */
export interface NetworkLayout {
  readonly zones: readonly string[];
  readonly vSwitches: readonly VSwitchDocument[];
  readonly nodeVSwitchIds: readonly string[];
  readonly podVSwitchIdsByZone: Readonly<Record<string, readonly string[]>>;
}

/** A {@link NetworkLayout} in 1 to `maxZones` zones. */
export function networkLayout(maxZones = 2): fc.Arbitrary<NetworkLayout> {
  return fc
    .record({
      zones: fc.subarray([...ZONES], { minLength: 1, maxLength: Math.min(maxZones, ZONES.length) }),
      octets: fc.uniqueArray(fc.integer({ min: 0, max: 255 }), {
        minLength: 2 * ZONES.length,
        maxLength: 2 * ZONES.length,
      }),
      nodePrefix: fc.integer({ min: 22, max: 24 }),
      podPrefix: fc.integer({ min: 19, max: 21 }),
    })
    .map(({ zones, octets, nodePrefix, podPrefix }): NetworkLayout => {
      const vSwitchList: VSwitchDocument[] = [];
      const nodeVSwitchIds: string[] = [];
      const podVSwitchIdsByZone: Record<string, string[]> = {};
      zones.forEach((zone, index) => {
        const suffix = zone.slice(zone.lastIndexOf('-') + 1);
        const nodeId = `vsw-nodes-${suffix}`;
        const podId = `vsw-pods-${suffix}`;
        vSwitchList.push(
          { id: nodeId, zone, ipv4Cidr: `10.${octets[2 * index]}.0.0/${nodePrefix}` },
          { id: podId, zone, ipv4Cidr: `10.${octets[2 * index + 1]}.0.0/${podPrefix}` },
        );
        nodeVSwitchIds.push(nodeId);
        podVSwitchIdsByZone[zone] = [podId];
      });
      return { zones, vSwitches: vSwitchList, nodeVSwitchIds, podVSwitchIdsByZone };
    });
}

/** What an eni-config may set. */
export interface EniConfigOptions {
  readonly podVSwitchIdsByZone: Readonly<Record<string, readonly string[]>>;
  /** `enable_eni_trunking` (default false). */
  readonly trunk?: boolean;
}

/**
 * The `kube-system/eni-config` ConfigMap: `max_pool_size` 0–10, `min_pool_size` 0–max (Terway
 * refuses min > max), the pod vSwitches per zone, a security group, IPv4.
 */
export function eniConfig(options: EniConfigOptions): fc.Arbitrary<ManifestDocument> {
  return fc
    .integer({ min: 0, max: 10 })
    .chain((max) => fc.tuple(fc.constant(max), fc.integer({ min: 0, max })))
    .map(([maxPoolSize, minPoolSize]): ManifestDocument => {
      const conf: Record<string, unknown> = {
        version: '1',
        max_pool_size: maxPoolSize,
        min_pool_size: minPoolSize,
        vswitches: options.podVSwitchIdsByZone,
        security_group: 'sg-pods',
        ip_stack: 'ipv4',
      };
      if (options.trunk === true) conf['enable_eni_trunking'] = true;
      return {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'eni-config', namespace: 'kube-system' },
        data: { eni_conf: JSON.stringify(conf, null, 2) },
      };
    });
}

/** The eniTypes of a PodNetworking (`Default` follows the node's mode). */
export type PodNetworkingEniType = 'Default' | 'ENI' | 'Trunk';

/**
 * A PodNetworking selecting pods by `podLabels`, Elastic allocation, with the given eniType (or
 * any); `vSwitchOptions` default to the eni-config's.
 */
export function podNetworking(options: {
  readonly name: string;
  readonly podLabels: LabelsDocument;
  readonly eniType?: PodNetworkingEniType;
  readonly vSwitchOptions?: readonly string[];
}): fc.Arbitrary<ManifestDocument> {
  const eniType =
    options.eniType === undefined
      ? fc.constantFrom<PodNetworkingEniType>('Default', 'ENI', 'Trunk')
      : fc.constant(options.eniType);
  return eniType.map((type): ManifestDocument => ({
    apiVersion: 'network.alibabacloud.com/v1beta1',
    kind: 'PodNetworking',
    metadata: { name: options.name },
    spec: {
      eniOptions: { eniType: type },
      allocationType: { type: 'Elastic' },
      selector: { podSelector: { matchLabels: options.podLabels } },
      ...(options.vSwitchOptions === undefined ? {} : { vSwitchOptions: options.vSwitchOptions }),
    },
  }));
}
