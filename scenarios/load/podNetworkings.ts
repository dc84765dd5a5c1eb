/**
 * PodNetworkings, read as Terway's PodNetworking webhooks leave them: vSwitches and security
 * groups filled from the eni-config when the object names none, and the validating webhook's
 * refusals (no vSwitch or security group, a bad `releaseAfter`) reported as errors.
 */
import type { LabelSelector } from '../../models/labels.js';
import { vSwitchSelectionPolicyOf } from '../../models/podNetworking.js';
import type { LoadContext } from './context.js';
import { formatDuration } from './duration.js';
import type { ClusterTerwayConfig } from './eniConfig.js';
import type { ManifestObject } from './manifests.js';
import { readRequirement } from './podTemplate.js';
import type { RawNode } from './rawNode.js';
import { readDuration } from './readers.js';
import { didYouMean } from './suggest.js';
import type { PodNetworkingSpec, VSwitchSpec } from './types.js';

/** The docs give 5 minutes as the shortest TTL for a Fixed IP. */
export const FIXED_IP_TTL_MIN_US = 300_000_000;

/** Reads every PodNetworking, sorted by name as the webhook walks them. */
export function readPodNetworkings(
  objects: readonly ManifestObject[],
  terway: ClusterTerwayConfig,
  vSwitches: ReadonlyMap<string, VSwitchSpec>,
  declaredVSwitchIds: ReadonlySet<string>,
  context: LoadContext,
): PodNetworkingSpec[] {
  const result: PodNetworkingSpec[] = [];
  for (const object of objects) {
    if (object.kind !== 'PodNetworking' || object.name === '') continue;
    const spec = object.node.get('spec');
    const allocation = readAllocation(spec.get('allocationType'), context);
    const vSwitchOptions = readVSwitchOptions(
      spec,
      terway,
      { vSwitches, declaredVSwitchIds },
      object,
      context,
    );
    const securityGroupIds = readSecurityGroups(spec, terway, object, context);
    const selector = spec.get('selector');
    const eniType = spec.get('eniOptions').get('eniType').string();
    const policy = spec.get('vSwitchSelectOptions').get('vSwitchSelectionPolicy').string();
    result.push({
      name: object.name,
      eniType: eniType === 'ENI' || eniType === 'Trunk' ? eniType : 'Default',
      allocationType: allocation.view,
      podSelector: readSelector(selector.get('podSelector')),
      namespaceSelector: readSelector(selector.get('namespaceSelector')),
      vSwitchOptions,
      securityGroupIds,
      status: 'Ready',
      vSwitchZones: vSwitchOptions.flatMap((id) => {
        const zone = vSwitches.get(id)?.zone;
        return zone === undefined ? [] : [zone];
      }),
      releaseAfterUs: allocation.releaseAfterUs,
      vSwitchSelectionPolicy: vSwitchSelectionPolicyOf(policy ?? ''),
      source: object.node.position(),
    });
  }
  return result.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** A label selector, or null when absent. */
export function readSelector(node: RawNode): LabelSelector | null {
  if (!node.present()) return null;
  return {
    matchLabels: node.get('matchLabels').stringMap(),
    matchExpressions: node.get('matchExpressions').items().map(readRequirement),
  };
}

function readAllocation(
  node: RawNode,
  context: LoadContext,
): { readonly view: PodNetworkingSpec['allocationType']; readonly releaseAfterUs: number | null } {
  const type = node.get('type').string() === 'Fixed' ? 'Fixed' : 'Elastic';
  const strategyText = node.get('releaseStrategy').string();
  const strategy = strategyText === 'TTL' || strategyText === 'Never' ? strategyText : null;
  const afterNode = node.get('releaseAfter');
  const afterText = afterNode.string() ?? null;
  if (type === 'Elastic') {
    if (strategy !== null || afterText !== null) {
      context.findings.warning({
        code: 'IGNORED_FIELD',
        message: 'releaseStrategy and releaseAfter apply to Fixed allocation only: ignored',
        hint: 'set allocationType.type: Fixed to keep pod IPs, or remove them',
        ...node.get(strategy !== null ? 'releaseStrategy' : 'releaseAfter').where({ atKey: true }),
      });
    }
    return { view: { type, releaseStrategy: null, releaseAfter: null }, releaseAfterUs: null };
  }
  if (strategy === 'Never' && afterText !== null) {
    context.findings.error({
      code: 'PODNETWORKING_DENIED',
      message:
        'releaseAfter must be empty with releaseStrategy Never (the validating webhook refuses it)',
      hint: 'remove releaseAfter, or use releaseStrategy: TTL',
      ...afterNode.where({ atKey: true }),
    });
  }
  let releaseAfterUs: number | null = null;
  if (strategy === 'TTL') {
    if (afterText === null) {
      context.findings.error({
        code: 'PODNETWORKING_DENIED',
        message:
          'releaseStrategy TTL needs releaseAfter (the validating webhook refuses an empty one)',
        hint: 'add releaseAfter: "10m" (at least 5m)',
        ...node.get('releaseStrategy').where(),
      });
    } else {
      releaseAfterUs = readDuration(afterNode, context) ?? null;
      if (releaseAfterUs !== null && releaseAfterUs < FIXED_IP_TTL_MIN_US) {
        context.findings.warning({
          code: 'FIXED_IP_TTL_SHORT',
          message: `releaseAfter ${formatDuration(releaseAfterUs)} is below the documented minimum of 5m`,
          hint: 'use 5m or more',
          ...afterNode.where(),
        });
      }
    }
  }
  return {
    view: { type, releaseStrategy: strategy, releaseAfter: afterText },
    releaseAfterUs,
  };
}

function readVSwitchOptions(
  spec: RawNode,
  terway: ClusterTerwayConfig,
  known: {
    readonly vSwitches: ReadonlyMap<string, VSwitchSpec>;
    readonly declaredVSwitchIds: ReadonlySet<string>;
  },
  object: ManifestObject,
  context: LoadContext,
): string[] {
  const { vSwitches } = known;
  const list = spec.get('vSwitchOptions');
  const given = list.items().flatMap((item) => {
    const id = item.string();
    if (id === undefined) return [];
    if (vSwitches.has(id)) return [id];
    if (known.declaredVSwitchIds.has(id)) return [];
    context.findings.error({
      code: 'UNKNOWN_VSWITCH',
      message: `PodNetworking ${object.name}: vSwitch ${id} is not in spec.cluster.vSwitches`,
      hint: didYouMean(id, vSwitches.keys(), 'declare it in spec.cluster.vSwitches'),
      ...item.where(),
    });
    return [];
  });
  if (given.length > 0 || list.items().length > 0) return given;
  const defaults = Object.values(terway.conf.vswitches).flat();
  if (defaults.length > 0) return [...new Set(defaults)];
  context.findings.error({
    code: 'PODNETWORKING_NO_VSWITCH',
    message: `PodNetworking ${object.name} names no vSwitchOptions and the eni-config has no vswitches to fill in`,
    hint: "list vSwitch IDs in spec.vSwitchOptions (Terway's validating webhook refuses a PodNetworking without them)",
    ...spec.where(),
  });
  return [];
}

function readSecurityGroups(
  spec: RawNode,
  terway: ClusterTerwayConfig,
  object: ManifestObject,
  context: LoadContext,
): string[] {
  const given = spec
    .get('securityGroupIDs')
    .items()
    .flatMap((item) => (item.string() === undefined ? [] : [item.string() ?? '']));
  if (given.length > 0) return given;
  if (terway.conf.securityGroups.length > 0) return [...terway.conf.securityGroups];
  context.findings.error({
    code: 'PODNETWORKING_NO_SECURITY_GROUP',
    message: `PodNetworking ${object.name} names no securityGroupIDs and the eni-config has no security_group to fill in`,
    hint: 'add securityGroupIDs, or security_group to the eni_conf (Terway refuses a PodNetworking without one)',
    ...spec.where(),
  });
  return [];
}
