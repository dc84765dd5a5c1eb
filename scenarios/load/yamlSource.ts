/**
 * YAML files as the loader sees them: parsed documents that still know where every value came
 * from, so a finding about `spec.cluster.nodePools[1].count` can name its line and column.
 *
 * We keep the `yaml` package's document AST (`parseAllDocuments` with a `LineCounter`) beside the
 * plain data: the data is what we validate and normalise, the AST is only for locations.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseAllDocuments } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';

import type { FindingList, SourcePosition } from './findings.js';
import { formatPath, type PathSegment } from './instancePath.js';
import { readInputFile } from './readInputFile.js';

/** One YAML document of a file: its data and a way to locate a path inside it. */
export interface YamlDocument {
  /** The file as the user named it. */
  readonly file: string;
  /** The document's index in a multi-document file (0 for the first). */
  readonly index: number;
  /** The instance path of this view's root inside the document (empty for the whole document). */
  readonly rootPath: readonly PathSegment[];
  /** The document's data as plain JSON-like values (`null` for an empty document). */
  readonly data: unknown;
  /**
   * Where the node at `path` (relative to this view's root) starts. With `atKey`, where its key
   * starts (for "unknown field" findings). A path that does not exist locates its deepest
   * existing ancestor.
   */
  locate(path: readonly PathSegment[], options?: { readonly atKey?: boolean }): SourcePosition;
  /** A view of the sub-tree at `path`: for a manifest written inline in the scenario. */
  at(path: readonly PathSegment[]): YamlDocument;
  /**
   * The instance path of `path` (relative to this view) as text, prefixed with the document's
   * number in a multi-document file: `(document 2) spec.replicas`.
   */
  pathText(path: readonly PathSegment[]): string;
}

/** The most alias expansions a document may make: far above any real manifest's, far below a bomb's. */
const ALIAS_COUNT_MAX = 1000;

/** The outcome of reading a YAML file: its documents, or nothing when it could not be parsed. */
export type YamlFile =
  { readonly ok: true; readonly documents: readonly YamlDocument[] } | { readonly ok: false };

/**
 * Reads and parses `absolutePath`, reporting a missing file or malformed YAML to `findings`
 * under the name `displayPath`. `referencedFrom` locates the reference for a missing file.
 */
export function readYamlFile(
  absolutePath: string,
  displayPath: string,
  findings: FindingList,
  referencedFrom: { readonly location: SourcePosition; readonly path: string } | null,
): YamlFile {
  let text: string;
  try {
    text = readInputFile(absolutePath);
  } catch (error) {
    findings.error({
      code: 'FILE_NOT_FOUND',
      message: `cannot read ${displayPath}: ${describeReadError(error)}`,
      hint:
        referencedFrom === null
          ? 'check the path'
          : 'paths in a scenario are relative to the scenario file',
      location: referencedFrom?.location ?? null,
      path: referencedFrom?.path ?? null,
    });
    return { ok: false };
  }
  return parseYamlText(text, displayPath, findings);
}

function describeReadError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EISDIR') return 'it is a directory';
  if (code === 'EACCES') return 'permission denied';
  return error instanceof Error ? error.message : String(error);
}

/** Parses YAML text; malformed YAML becomes `YAML_SYNTAX` findings at the parser's position. */
export function parseYamlText(text: string, displayPath: string, findings: FindingList): YamlFile {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const parsed = Array.isArray(documents) ? documents : [];
  const position = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: displayPath, line, column: col };
  };
  let broken = false;
  for (const document of parsed) {
    for (const error of document.errors) {
      broken = true;
      findings.error({
        code: 'YAML_SYNTAX',
        message: `malformed YAML: ${firstLine(error.message)} (${error.code})`,
        hint: syntaxHint(error.code),
        location: position(error.pos[0]),
      });
    }
    for (const warning of document.warnings) {
      findings.warning({
        code: 'YAML_WARNING',
        message: firstLine(warning.message),
        location: position(warning.pos[0]),
      });
    }
  }
  if (broken) return { ok: false };
  const data: unknown[] = [];
  for (const document of parsed) {
    try {
      data.push(document.toJS({ maxAliasCount: ALIAS_COUNT_MAX }) ?? null);
    } catch (error) {
      // The yaml package refuses documents whose aliases expand beyond the limit ("billion laughs").
      findings.error({
        code: 'YAML_SYNTAX',
        message: `malformed YAML: ${error instanceof Error ? error.message : String(error)}`,
        hint: `use fewer aliases (at most ${ALIAS_COUNT_MAX} expansions per document)`,
        location: position(rangeStart(document.contents) ?? 0),
      });
      return { ok: false };
    }
  }
  return {
    ok: true,
    documents: parsed.map((document, index) => {
      const label = parsed.length > 1 ? `(document ${index + 1}) ` : '';
      return makeView({ document, index, file: displayPath, position, label }, [], data[index]);
    }),
  };
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function syntaxHint(code: string): string {
  switch (code) {
    case 'DUPLICATE_KEY':
      return 'a key may appear once per mapping: remove or merge the repeated one';
    case 'TAB_AS_INDENT':
      return 'YAML indents with spaces, never tabs';
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
      return 'check the indentation of this line against its siblings';
    case 'MISSING_CHAR':
      return 'a bracket or quote is not closed';
    default:
      return 'fix the YAML syntax at this position';
  }
}

/** What every view of one parsed document shares. */
interface ParsedDocument {
  readonly document: Document.Parsed;
  readonly index: number;
  readonly file: string;
  readonly position: (offset: number) => SourcePosition;
  /** `(document N) ` in a multi-document file, else ''. */
  readonly label: string;
}

function makeView(
  parsed: ParsedDocument,
  rootPath: readonly PathSegment[],
  rootData: unknown,
): YamlDocument {
  const { document, index, file, position, label } = parsed;
  return {
    file,
    index,
    rootPath,
    data: dataAt(rootData, rootPath),
    locate: (path, options) =>
      position(offsetOf(document, [...rootPath, ...path], options?.atKey ?? false)),
    at: (path) => makeView(parsed, [...rootPath, ...path], rootData),
    pathText: (path) => `${label}${formatPath([...rootPath, ...path])}`,
  };
}

function dataAt(data: unknown, path: readonly PathSegment[]): unknown {
  let node = data;
  for (const segment of path) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return node ?? null;
}

/** The source offset of the node at `path`, or of its key, or of its deepest existing ancestor. */
function offsetOf(document: Document.Parsed, path: readonly PathSegment[], atKey: boolean): number {
  let node: unknown = document.contents;
  let offset = rangeStart(node) ?? 0;
  for (let depth = 0; depth < path.length; depth += 1) {
    const segment = path[depth];
    const last = depth === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
      if (pair === undefined) return offset;
      const keyOffset = rangeStart(pair.key);
      if (last && atKey && keyOffset !== undefined) return keyOffset;
      node = pair.value;
      offset = rangeStart(node) ?? keyOffset ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = rangeStart(node) ?? offset;
    } else {
      return offset;
    }
  }
  return offset;
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  return range === undefined || range === null ? undefined : range[0];
}
