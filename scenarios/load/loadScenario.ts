/**
 * Loads a scenario file: parses it and every file it references, validates them against the
 * JSON Schema and the semantic rules (the models' node-pool rules included), and returns the
 * normalised {@link Scenario} with every finding. Nothing stops at the first problem: one run
 * reports all of them, each at its file, line and column.
 */
import { TERWAY_CONTROL_PLANE_DEFAULTS } from '../../models/terwayControlPlane.js';
import { dirname, resolve } from 'node:path';

import type { Catalog } from '../../models/catalog.js';
import {
  defaultTerwayVersion,
  parseTerwayVersion,
  type TerwayVersion,
} from '../../models/terwayVersion.js';
import type { LoadContext } from './context.js';
import { readCatalogs } from './catalogFiles.js';
import { readCloud, readSlos } from './cloud.js';
import { readTerwayConfig, type ClusterTerwayConfig } from './eniConfig.js';
import { FindingList, type Finding } from './findings.js';
import { collectManifests, type ManifestObject } from './manifests.js';
import { readNamespaces, readNetworkPolicies } from './namespaces.js';
import { NodeLabel } from './nodeLabels.js';
import { readNodePool, type PoolEnvironment } from './nodePools.js';
import { checkPlacement, webhookConfigOf } from './placementChecks.js';
import { readPodNetworkings } from './podNetworkings.js';
import { admit, checkPoolAdmission, hintFor } from './poolRules.js';
import { RawNode } from './rawNode.js';
import { readPositiveDuration } from './readers.js';
import { checkSchema } from './schema.js';
import { readEvents, type PoolDeclaration, type TimelineResult } from './timeline.js';
import type { ClusterSpec, Datapath, Scenario, VSwitchSpec } from './types.js';
import { readVSwitches } from './vSwitches.js';
import { readWorkloads } from './workloads.js';
import { readYamlFile, type YamlDocument } from './yamlSource.js';
import { describeValue } from '../../models/inputIssue.js';

/** The outcome of a load: the scenario when there is no error, and every finding either way. */
export interface LoadResult {
  readonly scenario: Scenario | null;
  /** Every finding, sorted by file, line and column. */
  readonly findings: readonly Finding[];
}

/** The results' default sampling step. */
export const DEFAULT_SAMPLE_STEP_US = 10_000_000;
/** The most samples a time series may hold (duration ÷ sampleStep). */
export const SAMPLES_MAX = 1_000_000;
const AUTOSCALER_SCAN_INTERVAL_US = 10_000_000;
const SCALE_DOWN_UNNEEDED_TIME_US = 600_000_000;

/**
 * Loads `file` (relative paths against `options.cwd`, default the process's). The returned
 * scenario is null exactly when some finding is an error.
 */
export function loadScenario(file: string, options: { readonly cwd?: string } = {}): LoadResult {
  const findings = new FindingList();
  const absolute = resolve(options.cwd ?? process.cwd(), file);
  const context: LoadContext = {
    findings,
    baseDir: dirname(absolute),
    displayDir: dirname(file),
  };
  const parsed = readYamlFile(absolute, file, findings, null);
  if (!parsed.ok) return { scenario: null, findings: findings.sorted() };
  const document = singleDocument(parsed.documents, file, context);
  if (document === undefined) return { scenario: null, findings: findings.sorted() };
  checkSchema(document, 'scenario', findings);
  const scenario = normalise(document, file, context);
  return {
    scenario: findings.hasErrors() ? null : scenario,
    findings: findings.sorted(),
  };
}

function singleDocument(
  documents: readonly YamlDocument[],
  file: string,
  context: LoadContext,
): YamlDocument | undefined {
  const [first, second] = documents;
  if (second !== undefined) {
    context.findings.error({
      code: 'MULTIPLE_DOCUMENTS',
      message: `${file} holds ${documents.length} YAML documents; a scenario is one`,
      hint: 'put Kubernetes objects in their own file and list it under spec.manifests',
      location: second.locate([]),
    });
  }
  if (first === undefined || first.data === null) {
    context.findings.error({
      code: 'EMPTY_SCENARIO',
      message: `${file} is empty`,
      hint: 'start with apiVersion: enisim/v1alpha1 and kind: Scenario',
      location: { file, line: 1, column: 1 },
    });
    return undefined;
  }
  return first;
}

/** The cluster as it is at time 0, and what reading the rest of the scenario needs. */
interface ClusterParts {
  readonly catalog: Catalog;
  readonly manifests: readonly ManifestObject[];
  readonly terway: ClusterTerwayConfig;
  readonly datapath: Datapath;
  readonly terwayVersion: TerwayVersion;
  readonly vSwitches: readonly VSwitchSpec[];
  readonly vSwitchById: ReadonlyMap<string, VSwitchSpec>;
  readonly declaredVSwitchIds: ReadonlySet<string>;
  readonly poolEnvironment: PoolEnvironment;
  readonly initialPools: readonly PoolDeclaration[];
  readonly region: string | null;
}

function normalise(document: YamlDocument, file: string, context: LoadContext): Scenario {
  const root = RawNode.root(document);
  const spec = root.get('spec');
  const timelineNode = spec.get('timeline');
  const durationUs = readPositiveDuration(timelineNode.get('duration'), context);
  const sampleStepUs = readSampleStep(timelineNode.get('sampleStep'), durationUs, context);
  const parts = readClusterParts(spec, context);
  const { manifests, terway, vSwitchById, initialPools } = parts;
  const workloads = readWorkloads(manifests, timelineNode.get('workloads'), durationUs, context);
  const timeline = readEvents(timelineNode.get('events'), {
    context,
    durationUs,
    workloads,
    initialPools,
    initialTerway: parts.terwayVersion,
    pools: parts.poolEnvironment,
    catalog: parts.catalog,
  });
  const allPools = [...initialPools, ...timeline.addedPools];
  checkPools(allPools, timeline, vSwitchById, context);
  const podNetworkings = readPodNetworkings(
    manifests,
    terway,
    vSwitchById,
    parts.declaredVSwitchIds,
    context,
  );
  const namespaces = readNamespaces(manifests, workloads);
  const networkPolicies = readNetworkPolicies(manifests);
  checkPlacement({
    context,
    workloads,
    pools: allPools,
    existingNodes: timeline.existingNodes,
    podNetworkings,
    namespaces,
    networkPolicies,
    vSwitches: vSwitchById,
    terway,
    datapath: parts.datapath,
    region: parts.region,
  });
  const metadata = root.get('metadata');
  return {
    name: metadata.get('name').string() ?? '',
    description: metadata.get('description').string() ?? '',
    file,
    catalog: parts.catalog,
    cluster: clusterSpec(parts, spec.get('cluster'), context),
    podNetworkings,
    namespaces,
    networkPolicies,
    workloads,
    timeline: {
      durationUs: durationUs ?? 0,
      sampleStepUs: sampleStepUs ?? DEFAULT_SAMPLE_STEP_US,
      events: timeline.events,
    },
    cloud: readCloud(spec.get('cloud'), durationUs, context),
    slos: readSlos(spec.get('slos')),
    warnings: context.findings.sorted().filter((finding) => finding.severity === 'warning'),
  };
}

/** Reads the catalog, the manifests, Terway's configuration, the vSwitches and the first pools. */
function readClusterParts(spec: RawNode, context: LoadContext): ClusterParts {
  const clusterNode = spec.get('cluster');
  const catalog = readCatalogs(spec.get('catalog'), context);
  const manifests = collectManifests(spec.get('manifests'), context);
  const poolNodes = [
    ...clusterNode.get('nodePools').items(),
    ...spec
      .get('timeline')
      .get('events')
      .items()
      .filter((event) => event.get('type').string() === 'AddNodePool')
      .map((event) => event.get('nodePool')),
  ];
  const rawTerway = readTerwayConfig(manifests, terwayConfigNames(poolNodes), context);
  const terway = reconcileIpStack(rawTerway, clusterNode.get('ipStack'), context);
  const terwayVersion = readTerwayVersion(clusterNode.get('terwayVersion'), context);
  const { valid: vSwitches, declared } = readVSwitches(clusterNode.get('vSwitches'), context);
  const vSwitchById = new Map(vSwitches.map((vSwitch) => [vSwitch.id, vSwitch]));
  checkEniConfVSwitches(terway, vSwitchById, declared, manifestEniConfNode(manifests), context);
  const poolEnvironment: PoolEnvironment = {
    context,
    catalog,
    vSwitches: vSwitchById,
    declaredVSwitchIds: declared,
    terway,
  };
  return {
    catalog,
    manifests,
    terway,
    datapath: reconcileDatapath(terway, clusterNode.get('datapath'), context),
    terwayVersion,
    vSwitches,
    vSwitchById,
    declaredVSwitchIds: declared,
    poolEnvironment,
    initialPools: readInitialPools(clusterNode.get('nodePools'), poolEnvironment, terwayVersion),
    region: clusterNode.get('region').string() ?? null,
  };
}

function clusterSpec(parts: ClusterParts, node: RawNode, context: LoadContext): ClusterSpec {
  const autoscaler = node.get('autoscaler');
  const scheduler = node.get('scheduler');
  const controlPlane = node.get('terwayControlPlane');
  const duration = (field: RawNode, fallback: number): number =>
    readPositiveDuration(field, context, fallback) ?? fallback;
  return {
    region: parts.region,
    terwayVersion: parts.terwayVersion,
    ipStack: parts.terway.conf.ipStack,
    datapath: parts.datapath,
    eniConf: parts.terway.conf,
    eniConfDocument: parts.terway.document,
    webhook: webhookConfigOf(parts.terway),
    vSwitches: parts.vSwitches,
    nodePools: parts.initialPools.map((pool) => pool.spec),
    autoscaler: {
      scanIntervalUs: duration(autoscaler.get('scanInterval'), AUTOSCALER_SCAN_INTERVAL_US),
      scaleDownEnabled: autoscaler.get('scaleDownEnabled').boolean() ?? false,
      scaleDownUnneededTimeUs: duration(
        autoscaler.get('scaleDownUnneededTime'),
        SCALE_DOWN_UNNEEDED_TIME_US,
      ),
    },
    scheduler: {
      scoringStrategy:
        scheduler.get('scoringStrategy').string() === 'MostAllocated'
          ? 'MostAllocated'
          : 'LeastAllocated',
      percentageOfNodesToScore: scheduler.get('percentageOfNodesToScore').integer() ?? 0,
    },
    terwayControlPlane: {
      podMaxConcurrent:
        controlPlane.get('podMaxConcurrent').integer() ??
        TERWAY_CONTROL_PLANE_DEFAULTS.podMaxConcurrent,
      podENIMaxConcurrent:
        controlPlane.get('podENIMaxConcurrent').integer() ??
        TERWAY_CONTROL_PLANE_DEFAULTS.podENIMaxConcurrent,
      kubeClientQPS:
        controlPlane.get('kubeClientQPS').number() ?? TERWAY_CONTROL_PLANE_DEFAULTS.kubeClientQPS,
      kubeClientBurst:
        controlPlane.get('kubeClientBurst').integer() ??
        TERWAY_CONTROL_PLANE_DEFAULTS.kubeClientBurst,
    },
  };
}

function readSampleStep(
  node: RawNode,
  durationUs: number | undefined,
  context: LoadContext,
): number | undefined {
  const stepUs = readPositiveDuration(node, context, DEFAULT_SAMPLE_STEP_US);
  if (stepUs === undefined || durationUs === undefined) return stepUs;
  if (stepUs > durationUs) {
    context.findings.error({
      code: 'OUT_OF_RANGE',
      message: 'sampleStep is longer than the whole run',
      hint: 'use a step shorter than spec.timeline.duration',
      ...(node.present() ? node.where() : node.where({ atKey: true })),
    });
  } else if (durationUs / stepUs > SAMPLES_MAX) {
    context.findings.error({
      code: 'OUT_OF_RANGE',
      message: `duration ÷ sampleStep = ${Math.ceil(durationUs / stepUs)} samples, more than ${SAMPLES_MAX}`,
      hint: 'use a longer sampleStep',
      ...(node.present() ? node.where() : node.where({ atKey: true })),
    });
  }
  return stepUs;
}

/** The ConfigMap names pools point at (their terwayConfig or terway-config label). */
function terwayConfigNames(pools: readonly RawNode[]): Set<string> {
  const names = new Set<string>();
  for (const pool of pools) {
    const section = pool.get('terwayConfig');
    const label = pool.get('labels').get(NodeLabel.terwayConfig).string();
    const name = section.get('name').string() ?? label;
    if (name !== undefined) names.add(name);
    else if (section.present()) names.add(`${pool.get('name').string() ?? ''}-terway-config`);
  }
  return names;
}

/**
 * The cluster's IP stack: `spec.cluster.ipStack` and the eni_conf's `ip_stack` must agree when
 * both are given; one given alone sets the other, so pool patches merge over a complete base.
 */
function reconcileIpStack(
  terway: ClusterTerwayConfig,
  node: RawNode,
  context: LoadContext,
): ClusterTerwayConfig {
  const asked = node.string();
  if (asked !== 'ipv4' && asked !== 'dual') return terway;
  const written = terway.document['ip_stack'];
  if (written !== undefined && written !== asked) {
    context.findings.error({
      code: 'CONFLICTING_FIELDS',
      message: `spec.cluster.ipStack is ${asked} but the eni-config's ip_stack is ${describeValue(written)}`,
      hint: 'Terway reads ip_stack from eni_conf: make the two agree (or drop one)',
      ...node.where(),
    });
    return terway;
  }
  return {
    ...terway,
    document: { ...terway.document, ip_stack: asked },
    conf: { ...terway.conf, ipStack: asked },
  };
}

function reconcileDatapath(
  terway: ClusterTerwayConfig,
  node: RawNode,
  context: LoadContext,
): Datapath {
  const asked = node.string();
  const chosen: Datapath | undefined =
    asked === 'veth' || asked === 'ipvlan' || asked === 'datapathv2' ? asked : undefined;
  if (chosen !== undefined && terway.cniDatapath !== null && chosen !== terway.cniDatapath) {
    context.findings.error({
      code: 'CONFLICTING_FIELDS',
      message: `spec.cluster.datapath is ${chosen} but 10-terway.conf's eniip_virtual_type says ${terway.cniDatapath}`,
      hint: 'make the two agree, or drop spec.cluster.datapath',
      ...node.where(),
    });
  }
  return chosen ?? terway.cniDatapath ?? 'veth';
}

function readTerwayVersion(node: RawNode, context: LoadContext): TerwayVersion {
  const text = node.string();
  if (text === undefined) return defaultTerwayVersion();
  const parsed = parseTerwayVersion(text);
  if (parsed.ok) return parsed.version;
  context.findings.error({
    code: 'BAD_TERWAY_VERSION',
    message: parsed.message,
    hint: 'write a release such as "v1.11.1" or "1.14.3" (quoted)',
    ...node.where(),
  });
  return defaultTerwayVersion();
}

function manifestEniConfNode(manifests: readonly ManifestObject[]): RawNode | undefined {
  const object = manifests.find(
    (candidate) =>
      candidate.kind === 'ConfigMap' &&
      candidate.namespace === 'kube-system' &&
      candidate.name === 'eni-config',
  );
  return object?.node.get('data').get('eni_conf');
}

/** The eni-config's `vswitches` must name declared vSwitches, each under its own zone. */
function checkEniConfVSwitches(
  terway: ClusterTerwayConfig,
  vSwitches: ReadonlyMap<string, VSwitchSpec>,
  declared: ReadonlySet<string>,
  node: RawNode | undefined,
  context: LoadContext,
): void {
  if (node === undefined) return;
  for (const [zone, ids] of Object.entries(terway.conf.vswitches)) {
    for (const id of ids) {
      const vSwitch = vSwitches.get(id);
      if (vSwitch === undefined ? declared.has(id) : vSwitch.zone === zone) continue;
      context.findings.error({
        code: vSwitch === undefined ? 'UNKNOWN_VSWITCH' : 'VSWITCH_ZONE_MISMATCH',
        message:
          vSwitch === undefined
            ? `eni_conf vswitches names ${id}, which is not in spec.cluster.vSwitches`
            : `eni_conf lists ${id} under ${zone}, but it is in ${vSwitch.zone}`,
        hint: 'eni_conf vswitches maps each zone to the pod vSwitches in that zone',
        ...node.where(),
      });
    }
  }
}

function readInitialPools(
  list: RawNode,
  environment: PoolEnvironment,
  terway: TerwayVersion,
): PoolDeclaration[] {
  const pools: PoolDeclaration[] = [];
  for (const node of list.items()) {
    const spec = readNodePool(node, environment, 0);
    if (spec === undefined) continue;
    if (pools.some((pool) => pool.spec.name === spec.name)) {
      environment.context.findings.error({
        code: 'DUPLICATE_NODE_POOL',
        message: `node pool ${spec.name} is declared twice`,
        hint: 'give each pool its own name',
        ...node.get('name').where(),
      });
      continue;
    }
    pools.push({ spec, node, terway });
  }
  return pools;
}

/**
 * The per-pool checks: the models' admission of every instance type (at the Terway version in
 * force when the pool is created, and for existing nodes when they join), and IPv6 blocks for
 * dual-stack pools.
 */
function checkPools(
  pools: readonly PoolDeclaration[],
  timeline: TimelineResult,
  vSwitches: ReadonlyMap<string, VSwitchSpec>,
  context: LoadContext,
): void {
  for (const pool of pools) {
    checkPoolAdmission(pool.spec, pool.node, pool.terway, context);
    if (pool.spec.eniConf.ipStack !== 'dual') continue;
    const podVSwitches = new Set([
      ...pool.spec.vSwitchIds,
      ...Object.values(pool.spec.podVSwitchIdsByZone).flat(),
    ]);
    for (const id of podVSwitches) {
      const vSwitch = vSwitches.get(id);
      if (vSwitch === undefined || vSwitch.ipv6Cidr !== null || pool.spec.platform === 'lingjun')
        continue;
      context.findings.error({
        code: 'DUAL_STACK_NO_IPV6_CIDR',
        message: `node pool ${pool.spec.name} runs dual-stack but vSwitch ${id} has no ipv6Cidr`,
        hint: 'give the vSwitch its IPv6 /64 (ipv6Cidr), or use ipStack: ipv4',
        ...pool.node.get('vSwitches').where(),
      });
    }
  }
  for (const declaration of timeline.existingNodes) {
    const result = admit(declaration.pool, declaration.event.instanceType, declaration.terway);
    const at = declaration.node.where();
    for (const diagnostic of result.violations) {
      context.findings.error({
        ...at,
        code: diagnostic.code,
        message: `existing nodes for pool ${declaration.pool.name}: ${diagnostic.message}`,
        hint: hintFor(diagnostic.code),
      });
    }
  }
}
