/**
 * The Kubernetes objects of a scenario: read from the files `spec.manifests` names (several
 * documents per file allowed) or written inline, each checked against the schema's manifest
 * definition, and indexed by kind.
 */
import { resolveReference, type LoadContext } from './context.js';
import { RawNode } from './rawNode.js';
import { checkSchema } from './schema.js';
import { readYamlFile } from './yamlSource.js';

/** The kinds a scenario may contain. */
export const SUPPORTED_KINDS = [
  'Deployment',
  'StatefulSet',
  'Job',
  'Pod',
  'PodNetworking',
  'ConfigMap',
  'NetworkPolicy',
  'Namespace',
] as const;

/** One supported kind. */
export type ManifestKind = (typeof SUPPORTED_KINDS)[number];

/** Kinds that live outside namespaces. */
const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['PodNetworking', 'Namespace']);

/** One Kubernetes object from the scenario. */
export interface ManifestObject {
  readonly kind: ManifestKind;
  readonly name: string;
  /** The namespace ('default' when omitted), or '' for cluster-scoped kinds. */
  readonly namespace: string;
  /** The object's root, located in its file. */
  readonly node: RawNode;
}

/**
 * Reads every manifest `spec.manifests` lists. Problems (a missing file, malformed YAML, a
 * schema violation, a duplicate object) become findings; objects of supported kinds are returned
 * even when a field of theirs is invalid, so later checks still see them.
 */
export function collectManifests(list: RawNode, context: LoadContext): ManifestObject[] {
  const objects: ManifestObject[] = [];
  for (const entry of list.items()) {
    const reference = entry.get('path');
    if (reference.present()) {
      const path = reference.string();
      if (path !== undefined) objects.push(...readManifestFile(path, reference, context));
    } else {
      const object = toObject(entry);
      if (object !== undefined) objects.push(object);
    }
  }
  reportDuplicates(objects, context);
  return objects;
}

function readManifestFile(
  path: string,
  reference: RawNode,
  context: LoadContext,
): ManifestObject[] {
  const { absolute, display } = resolveReference(context, path);
  const file = readYamlFile(absolute, display, context.findings, reference.where());
  if (!file.ok) return [];
  const objects: ManifestObject[] = [];
  for (const document of file.documents) {
    // An empty document (a trailing `---`) holds nothing, as kubectl treats it.
    if (document.data === null) continue;
    checkSchema(document, 'manifest', context.findings);
    const object = toObject(RawNode.root(document));
    if (object !== undefined) objects.push(object);
  }
  if (objects.length === 0 && file.documents.every((document) => document.data === null)) {
    context.findings.warning({
      code: 'EMPTY_MANIFEST_FILE',
      message: `${display} holds no objects`,
      hint: 'remove the reference or add the objects',
      ...reference.where(),
    });
  }
  return objects;
}

function toObject(node: RawNode): ManifestObject | undefined {
  const kind = node.get('kind').string();
  const found = SUPPORTED_KINDS.find((supported) => supported === kind);
  if (found === undefined) return undefined;
  const metadata = node.get('metadata');
  const name = metadata.get('name').string() ?? '';
  const namespace = CLUSTER_SCOPED.has(found)
    ? ''
    : (metadata.get('namespace').string() ?? 'default');
  return { kind: found, name, namespace, node };
}

function reportDuplicates(objects: readonly ManifestObject[], context: LoadContext): void {
  const seen = new Map<string, ManifestObject>();
  for (const object of objects) {
    if (object.name === '') continue;
    const key = `${object.kind}/${object.namespace}/${object.name}`;
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, object);
      continue;
    }
    const at = first.node.position();
    context.findings.error({
      code: 'DUPLICATE_OBJECT',
      message: `${object.kind} ${describeName(object)} is defined twice (first at ${at.file}:${at.line}:${at.column})`,
      hint: 'rename one of them or remove the copy',
      ...object.node.get('metadata').get('name').where(),
    });
  }
}

/** `namespace/name`, or `name` for cluster-scoped objects. */
export function describeName(object: Pick<ManifestObject, 'name' | 'namespace'>): string {
  return object.namespace === '' ? object.name : `${object.namespace}/${object.name}`;
}
