/**
 * Terway's configuration in a scenario: the `kube-system/eni-config` ConfigMap (its `eni_conf`
 * JSON and its `10-terway.conf` CNI JSON) and the per-pool overrides that the node label
 * `terway-config: <name>` applies as a JSON merge patch (RFC 7396) over `eni_conf`.
 */
import { DEFAULT_ENI_CONF, parseEniConf, type EniConf } from '../../models/eniConf.js';
import type { LoadContext } from './context.js';
import type { ManifestObject } from './manifests.js';
import { applyMergePatch } from './mergePatch.js';
import { isRecord, type RawNode } from './rawNode.js';
import type { Datapath } from './types.js';
import { quoteInput } from '../../models/displayText.js';

/** The cluster-wide Terway configuration. */
export interface ClusterTerwayConfig {
  /** The `eni_conf` object as written ({} without an eni-config). */
  readonly document: Readonly<Record<string, unknown>>;
  readonly conf: EniConf;
  /** Whether the scenario gives an eni-config ConfigMap at all. */
  readonly given: boolean;
  /** `eniip_virtual_type` of `10-terway.conf`, as a datapath, when it says. */
  readonly cniDatapath: Datapath | null;
  /** `disable_network_policy: "true"`. */
  readonly networkPolicyDisabled: boolean;
  /** Per-pool patches from ConfigMaps in kube-system, by ConfigMap name. */
  readonly poolPatches: ReadonlyMap<string, { readonly patch: unknown; readonly node: RawNode }>;
}

/** Where Terway reads its configuration. */
export const ENI_CONFIG = { namespace: 'kube-system', name: 'eni-config' } as const;

/**
 * Reads the eni-config and the ConfigMaps pools name (`terwayConfigNames`); any other
 * ConfigMap is ignored with a warning.
 */
export function readTerwayConfig(
  objects: readonly ManifestObject[],
  terwayConfigNames: ReadonlySet<string>,
  context: LoadContext,
): ClusterTerwayConfig {
  let document: Readonly<Record<string, unknown>> = {};
  let conf = DEFAULT_ENI_CONF;
  let given = false;
  let cniDatapath: Datapath | null = null;
  let networkPolicyDisabled = false;
  const poolPatches = new Map<string, { readonly patch: unknown; readonly node: RawNode }>();
  for (const object of objects) {
    if (object.kind !== 'ConfigMap') continue;
    const data = object.node.get('data');
    if (object.namespace === ENI_CONFIG.namespace && object.name === ENI_CONFIG.name) {
      given = true;
      const parsed = readEniConfJson(data.get('eni_conf'), context);
      document = parsed ?? {};
      conf = checkEniConf(document, data.get('eni_conf'), context) ?? DEFAULT_ENI_CONF;
      cniDatapath = readCniDatapath(data.get('10-terway.conf'), context);
      networkPolicyDisabled = data.get('disable_network_policy').string()?.trim() === 'true';
    } else if (object.namespace === ENI_CONFIG.namespace && terwayConfigNames.has(object.name)) {
      const patch = readEniConfJson(data.get('eni_conf'), context);
      if (patch !== undefined) poolPatches.set(object.name, { patch, node: data.get('eni_conf') });
    } else {
      context.findings.warning({
        code: 'IGNORED_MANIFEST',
        message: `ConfigMap ${object.namespace}/${object.name} is neither kube-system/eni-config nor a pool's terway-config: ignored`,
        hint:
          object.name === ENI_CONFIG.name
            ? 'Terway reads eni-config from the kube-system namespace'
            : "name it in a node pool's terwayConfig.name, or remove it",
        ...object.node.get('metadata').where(),
      });
    }
  }
  return { document, conf, given, cniDatapath, networkPolicyDisabled, poolPatches };
}

/** Decodes an `eni_conf` string; a missing key is `{}`, broken JSON a finding. */
function readEniConfJson(
  node: RawNode,
  context: LoadContext,
): Readonly<Record<string, unknown>> | undefined {
  const text = node.string();
  if (text === undefined) return node.present() ? undefined : {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    context.findings.error({
      code: 'BAD_ENI_CONF',
      message: `eni_conf is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'eni_conf is a JSON object inside a YAML string: check quotes, commas and braces',
      ...node.where(),
    });
    return undefined;
  }
  if (!isRecord(value)) {
    context.findings.error({
      code: 'BAD_ENI_CONF',
      message: 'eni_conf must be a JSON object',
      hint: 'write e.g. {"max_pool_size": 5, "min_pool_size": 0}',
      ...node.where(),
    });
    return undefined;
  }
  return value;
}

/** Parses an `eni_conf` object with the models, reporting each bad key at `node`. */
export function checkEniConf(
  document: unknown,
  node: RawNode,
  context: LoadContext,
  options: { readonly label?: string; readonly knownUnknownKeys?: ReadonlySet<string> } = {},
): EniConf | undefined {
  const label = options.label ?? 'eni_conf';
  const parsed = parseEniConf(document);
  if (!parsed.ok) {
    for (const issue of parsed.issues) {
      context.findings.error({
        code: 'BAD_ENI_CONF',
        message: `${label} ${issue.path}: ${issue.message}`,
        hint: "Terway's eni_conf keys and types: see terway.md §5.1",
        ...node.where(),
      });
    }
    return undefined;
  }
  for (const key of parsed.conf.unknownKeys) {
    // A key the cluster's eni_conf already has was reported there; a pool's merge keeps it.
    if (options.knownUnknownKeys?.has(key) === true) continue;
    context.findings.warning({
      code: 'UNKNOWN_ENI_CONF_KEY',
      message: `${label} key ${quoteInput(key)} is not one Terway reads: it has no effect`,
      hint: 'check the spelling (keys are snake_case, e.g. max_pool_size)',
      ...node.where(),
    });
  }
  return parsed.conf;
}

function readCniDatapath(node: RawNode, context: LoadContext): Datapath | null {
  const text = node.string();
  if (text === undefined) return null;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    context.findings.error({
      code: 'BAD_CNI_CONF',
      message: `10-terway.conf is not valid JSON: ${error instanceof Error ? error.message : String(error)}`,
      hint: 'it is the CNI configuration JSON Terway installs on each node',
      ...node.where(),
    });
    return null;
  }
  const type = isRecord(value) ? value['eniip_virtual_type'] : undefined;
  if (typeof type !== 'string') return null;
  const lower = type.toLowerCase();
  if (lower === 'datapathv2') return 'datapathv2';
  if (lower === 'ipvlan') return 'ipvlan';
  return 'veth';
}

/** The pool's effective `eni_conf`: the cluster's with `patch` merged over it. */
export function mergedEniConf(
  cluster: ClusterTerwayConfig,
  patch: unknown,
  node: RawNode,
  context: LoadContext,
  poolName: string,
): EniConf | undefined {
  const merged = applyMergePatch(cluster.document, patch);
  return checkEniConf(merged, node, context, {
    label: `node pool ${poolName}'s eni_conf`,
    knownUnknownKeys: new Set(Object.keys(cluster.document)),
  });
}
