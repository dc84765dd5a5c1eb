/**
 * `spec.catalog`: the user's instance-type files (the `--catalog` formats the models parse),
 * merged over the built-in catalog. Each problem the models find is reported at its JSON path,
 * located to the line and column of the file (JSON is read with the YAML parser, which keeps
 * positions).
 */
import { defaultCatalog, mergeCatalogs, parseCatalog, type Catalog } from '../../models/catalog.js';
import type { InstanceType } from '../../models/instanceType.js';
import { resolveReference, type LoadContext } from './context.js';
import type { PathSegment } from './instancePath.js';
import type { RawNode } from './rawNode.js';
import { readYamlFile } from './yamlSource.js';

/** The built-in catalog with every `spec.catalog` file over it, in the order listed. */
export function readCatalogs(node: RawNode, context: LoadContext): Catalog {
  const references = node.string() !== undefined ? [node] : node.items();
  let catalog = defaultCatalog();
  for (const reference of references) {
    const path = reference.string();
    if (path === undefined) continue;
    const types = readCatalogFile(path, reference, context);
    if (types !== undefined) catalog = mergeCatalogs(catalog, types);
  }
  return catalog;
}

function readCatalogFile(
  path: string,
  reference: RawNode,
  context: LoadContext,
): readonly InstanceType[] | undefined {
  const { absolute, display } = resolveReference(context, path);
  const file = readYamlFile(absolute, display, context.findings, reference.where());
  if (!file.ok) return undefined;
  const document = file.documents[0];
  if (file.documents.length !== 1 || document === undefined) {
    context.findings.error({
      code: 'BAD_CATALOG',
      message: `${display} must hold one JSON document`,
      hint: 'a DescribeInstanceTypes response, or a JSON array of instance types',
      ...reference.where(),
    });
    return undefined;
  }
  const parsed = parseCatalog(document.data, { source: display });
  if (parsed.ok) return parsed.types;
  for (const issue of parsed.issues) {
    context.findings.error({
      code: 'BAD_CATALOG',
      message: issue.message,
      hint: 'each entry needs InstanceTypeId, EniQuantity and EniPrivateIpAddressQuantity (or the EFLO LeniQuota/LeniSipQuota)',
      location: document.locate(jsonPathSegments(issue.path)),
      path: issue.path,
    });
  }
  return undefined;
}

/** Splits a JSONPath such as `$.InstanceTypes.InstanceType[3]["odd key"]` into segments. */
export function jsonPathSegments(path: string): PathSegment[] {
  const segments: PathSegment[] = [];
  const pattern = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]/gy;
  pattern.lastIndex = path.startsWith('$') ? 1 : 0;
  for (let match = pattern.exec(path); match !== null; match = pattern.exec(path)) {
    if (match[1] !== undefined) segments.push(match[1]);
    else if (match[2] !== undefined) segments.push(Number(match[2]));
    else if (match[3] !== undefined) segments.push(JSON.parse(match[3]) as string);
  }
  return segments;
}
