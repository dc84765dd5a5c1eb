/**
 * A value read from a YAML document together with where it sits, so that any check made on it
 * can report the file, line and column. Readers return `undefined` for a value of the wrong
 * type: the schema has already reported it, and normalisation carries on to find the rest.
 */
import type { SourcePosition } from './findings.js';
import type { PathSegment } from './instancePath.js';
import type { YamlDocument } from './yamlSource.js';

/** A located value. */
export class RawNode {
  readonly document: YamlDocument;
  readonly path: readonly PathSegment[];
  readonly value: unknown;

  constructor(document: YamlDocument, path: readonly PathSegment[], value: unknown) {
    this.document = document;
    this.path = path;
    this.value = value;
  }

  /** The root of a document. */
  static root(document: YamlDocument): RawNode {
    return new RawNode(document, [], document.data);
  }

  /** The child at `key` (a node with value `undefined` when absent). */
  get(key: PathSegment): RawNode {
    const container = this.value;
    let child: unknown;
    if (typeof key === 'number' && Array.isArray(container)) child = container[key];
    // Own keys only: `constructor` or `__proto__` must not read through the prototype chain.
    else if (isRecord(container) && typeof key === 'string' && Object.hasOwn(container, key)) {
      child = container[key];
    }
    return new RawNode(this.document, [...this.path, key], child);
  }

  /** Whether a value is present (not absent and not null). */
  present(): boolean {
    return this.value !== undefined && this.value !== null;
  }

  string(): string | undefined {
    return typeof this.value === 'string' ? this.value : undefined;
  }

  number(): number | undefined {
    return typeof this.value === 'number' && Number.isFinite(this.value) ? this.value : undefined;
  }

  integer(): number | undefined {
    return Number.isSafeInteger(this.value) ? (this.value as number) : undefined;
  }

  boolean(): boolean | undefined {
    return typeof this.value === 'boolean' ? this.value : undefined;
  }

  /** The items of a list (empty when this is not a list). */
  items(): RawNode[] {
    return Array.isArray(this.value) ? this.value.map((_, index) => this.get(index)) : [];
  }

  /** The entries of a mapping (empty when this is not a mapping). */
  entries(): [string, RawNode][] {
    return isRecord(this.value) ? Object.keys(this.value).map((key) => [key, this.get(key)]) : [];
  }

  /** A mapping of strings to strings, keeping only string values. */
  stringMap(): Record<string, string> {
    const result: Record<string, string> = {};
    for (const [key, node] of this.entries()) {
      const text = node.string();
      if (text !== undefined) result[key] = text;
    }
    return result;
  }

  /** The value as a JSON-like object, or undefined. */
  record(): Readonly<Record<string, unknown>> | undefined {
    return isRecord(this.value) ? this.value : undefined;
  }

  /** Where this node is, for a finding (`atKey`: its key rather than its value). */
  where(options?: { readonly atKey?: boolean }): {
    readonly location: SourcePosition;
    readonly path: string;
  } {
    return {
      location: this.document.locate(this.path, options),
      path: this.document.pathText(this.path),
    };
  }

  /** The source position alone. */
  position(): SourcePosition {
    return this.document.locate(this.path);
  }
}

/** Whether a value is a plain mapping. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
