/**
 * Builds small scenario files for the rule tests: a one-zone cluster whose pools, manifests and
 * events each test states, written to a temporary directory and loaded from there.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { loadScenario, type LoadResult } from '../../../scenarios/load/index.js';

/** What a test varies; YAML fragments are indented as their place in the file needs. */
export interface ScenarioParts {
  readonly terwayVersion?: string;
  readonly ipStack?: 'ipv4' | 'dual';
  readonly datapath?: string;
  /** Items of spec.cluster.nodePools, each a flow mapping or block lines indented by 6. */
  readonly pools?: readonly string[];
  /** Items of spec.manifests (inline objects, as flow mappings or blocks indented by 6). */
  readonly manifests?: readonly string[];
  /** Items of spec.timeline.events. */
  readonly events?: readonly string[];
  /** Items of spec.timeline.workloads. */
  readonly workloads?: readonly string[];
  /** Extra files beside the scenario: name → content. */
  readonly files?: Readonly<Record<string, string>>;
  readonly catalog?: string;
  /** The eni-config's eni_conf JSON (default: one pod vSwitch and a security group). */
  readonly eniConf?: string;
  /** More items of spec.cluster.vSwitches, as flow mappings. */
  readonly vSwitches?: readonly string[];
}

const DEFAULT_ENI_CONF = '{"vswitches": {"cn-hangzhou-j": ["vsw-pods"]}, "security_group": "sg-a"}';

/** A YAML list of `items` after `key:`, or `key: []` when there are none. */
const list = (key: string, items: readonly string[] | undefined, indent: string): string =>
  items === undefined || items.length === 0
    ? `${indent.slice(2)}${key}: []\n`
    : `${indent.slice(2)}${key}:\n${items.map((item) => `${indent}- ${item.trimStart()}\n`).join('')}`;

/** The scenario text for `parts`. */
export function scenarioText(parts: ScenarioParts): string {
  return `apiVersion: enisim/v1alpha1
kind: Scenario
metadata:
  name: rules
spec:
${parts.catalog === undefined ? '' : `  catalog: ${parts.catalog}\n`}  manifests:
    - apiVersion: v1
      kind: ConfigMap
      metadata: { name: eni-config, namespace: kube-system }
      data:
        eni_conf: '${parts.eniConf ?? DEFAULT_ENI_CONF}'
${(parts.manifests ?? []).map((item) => `    - ${item.trimStart()}\n`).join('')}  cluster:
    terwayVersion: '${parts.terwayVersion ?? 'v1.16.4'}'
    ipStack: ${parts.ipStack ?? 'ipv4'}
${parts.datapath === undefined ? '' : `    datapath: ${parts.datapath}\n`}    vSwitches:
      - { id: vsw-nodes, zone: cn-hangzhou-j, ipv4Cidr: 172.16.0.0/22, ipv6Cidr: '2408:4005:39c:100::/64' }
      - { id: vsw-pods, zone: cn-hangzhou-j, ipv4Cidr: 172.16.32.0/19, ipv6Cidr: '2408:4005:39c:200::/64' }
${(parts.vSwitches ?? []).map((item) => `      - ${item}\n`).join('')}${list('nodePools', parts.pools, '      ')}  timeline:
    duration: 1h
${list('workloads', parts.workloads, '      ')}${list('events', parts.events, '      ')}`;
}

/** Writes the scenario (and its extra files) to a fresh directory and loads it. */
export function loadParts(parts: ScenarioParts): LoadResult & { readonly text: string } {
  const directory = mkdtempSync(join(tmpdir(), 'enisim-scenario-'));
  const text = scenarioText(parts);
  writeFileSync(join(directory, 'scenario.yaml'), text);
  for (const [name, content] of Object.entries(parts.files ?? {})) {
    writeFileSync(join(directory, name), content);
  }
  return { ...loadScenario('scenario.yaml', { cwd: directory }), text };
}

/** The line (1-based) of the first line of `text` containing `needle`. */
export function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${needle} is not in the scenario`);
  return index + 1;
}

/** A shared pool of ecs.g7.2xlarge. */
export const SHARED_POOL =
  '{ name: shared, instanceTypes: [ecs.g7.2xlarge], count: 2, vSwitches: [vsw-nodes] }';

/** An exclusive pool of `type`, tainted. */
export function exclusivePool(type: string, name = 'exclusive', extra = ''): string {
  return `{ name: ${name}, instanceTypes: [${type}], count: 2, vSwitches: [vsw-nodes], labels: { k8s.aliyun.com/exclusive-mode-eni-type: eniOnly }, taints: [{ key: dedicated, value: eni, effect: NoSchedule }]${extra} }`;
}

/** A Deployment `name` labelled `labels` that tolerates the exclusive pool's taint. */
export function deployment(name: string, labels: string, extraSpec = ''): string {
  return `apiVersion: apps/v1
      kind: Deployment
      metadata: { name: ${name} }
      spec:
        replicas: 3
        selector: { matchLabels: { app: ${name} } }
        template:
          metadata: { labels: { app: ${name}, ${labels} } }
          spec:
            tolerations: [{ key: dedicated, operator: Exists }]${extraSpec}
            containers: [{ name: c, image: x, resources: { requests: { cpu: 100m, memory: 128Mi } } }]`;
}

/** A PodNetworking `name` with eniType `eniType` selecting pods labelled `network: <name>`. */
export function podNetworking(
  name: string,
  eniType: string,
  allocation = '{ type: Elastic }',
): string {
  return `apiVersion: network.alibabacloud.com/v1beta1
      kind: PodNetworking
      metadata: { name: ${name} }
      spec:
        eniOptions: { eniType: ${eniType} }
        allocationType: ${allocation}
        selector: { podSelector: { matchLabels: { network: ${name} } } }`;
}
