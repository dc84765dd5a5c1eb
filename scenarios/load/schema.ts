/**
 * The scenario's JSON Schema (`scenarios/schema/scenario.schema.json`, shipped in the package
 * and usable by editors) and the translation of ajv's errors into findings that name the line,
 * the instance path, the schema keyword and a fix.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';

import type { FindingList } from './findings.js';
import { pointerToPath, type PathSegment } from './instancePath.js';
import { didYouMean } from './suggest.js';
import type { YamlDocument } from './yamlSource.js';
import { quoteInput } from '../../models/displayText.js';
import { describeValue } from '../../models/inputIssue.js';

/** The schema's `$id`. */
export const SCENARIO_SCHEMA_ID = 'urn:enisim:scenario-v1alpha1';

/** The shipped schema file: beside the sources, or two levels up from the compiled `dist/`. */
export function scenarioSchemaFile(): string {
  const candidates = [
    '../schema/scenario.schema.json',
    '../../../scenarios/schema/scenario.schema.json',
  ];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`scenario.schema.json not found beside ${fileURLToPath(import.meta.url)}`);
}

type SchemaObject = Readonly<Record<string, unknown>>;

/** The compiled validators: the whole scenario, and one Kubernetes manifest. */
interface Validators {
  readonly root: SchemaObject;
  /** Each sub-schema object of the root and its JSON Pointer, to print full schema paths. */
  readonly pointers: WeakMap<object, string>;
  readonly scenario: ValidateFunction;
  readonly manifest: ValidateFunction;
}

// NOTE: compiling the schema takes ~0.1 s, so the validators are built once per process. They
// hold no state between validations, so sharing them cannot leak one file's result into another.
let compiled: Validators | undefined;

function validators(): Validators {
  if (compiled !== undefined) return compiled;
  const root = JSON.parse(readFileSync(scenarioSchemaFile(), 'utf8')) as SchemaObject;
  const ajv = new Ajv({
    allErrors: true,
    discriminator: true,
    strict: true,
    allowUnionTypes: true,
    verbose: true,
  });
  const scenario = ajv.compile(root);
  const manifest = ajv.getSchema(`${SCENARIO_SCHEMA_ID}#/definitions/Manifest`);
  if (manifest === undefined) throw new Error('the schema has no #/definitions/Manifest');
  compiled = { root, pointers: schemaPointers(root), scenario, manifest };
  return compiled;
}

/** Maps every object inside `root` to its JSON Pointer (`#/definitions/NodePool`). */
function schemaPointers(root: SchemaObject): WeakMap<object, string> {
  const pointers = new WeakMap<object, string>();
  const walk = (node: unknown, pointer: string, depth: number): void => {
    if (typeof node !== 'object' || node === null || depth > 64) return;
    pointers.set(node, pointer);
    for (const [key, child] of Object.entries(node)) {
      walk(child, `${pointer}/${key.replaceAll('~', '~0').replaceAll('/', '~1')}`, depth + 1);
    }
  };
  walk(root, '#', 0);
  return pointers;
}

/**
 * The failing keyword's absolute schema path. Ajv gives it relative to the last `$ref`
 * (`#/additionalProperties`); the parent schema's own place in the file is more useful.
 */
function absoluteSchemaPath(error: ErrorObject, pointers: WeakMap<object, string>): string {
  const parent = error.parentSchema;
  const base = parent === undefined ? undefined : pointers.get(parent);
  if (base === undefined) return error.schemaPath;
  const keyword = error.schemaPath.slice(error.schemaPath.lastIndexOf('/') + 1);
  return `${base}/${keyword}`;
}

/**
 * Checks `document` against the scenario schema (`what: 'scenario'`) or the manifest definition
 * (`'manifest'`, for a document of a referenced file), adding a finding per problem. Returns
 * whether it is valid.
 */
export function checkSchema(
  document: YamlDocument,
  what: 'scenario' | 'manifest',
  findings: FindingList,
): boolean {
  const { root, pointers, scenario, manifest } = validators();
  const validate = what === 'scenario' ? scenario : manifest;
  const exact = checkExactNumbers(document, findings);
  if (validate(document.data)) return exact;
  for (const error of relevantErrors(validate.errors ?? [])) {
    report(error, document, { root, pointers }, findings);
  }
  return false;
}

/** How deep {@link checkExactNumbers} looks: far deeper than any scenario or manifest nests. */
const NUMBER_WALK_DEPTH_MAX = 64;

/**
 * Reports every number too large to count exactly (beyond 2^53 − 1: `count: 1e23`). The schema
 * calls such a number an integer, but the loader's readers cannot hold it and would drop the
 * field without a word, so it must be an error here. Returns whether there was none.
 */
function checkExactNumbers(document: YamlDocument, findings: FindingList): boolean {
  let exact = true;
  const walk = (node: unknown, path: PathSegment[]): void => {
    if (typeof node === 'number') {
      if (!Number.isFinite(node) || Math.abs(node) <= Number.MAX_SAFE_INTEGER) return;
      exact = false;
      findings.error({
        code: 'OUT_OF_RANGE',
        message: `${show(node)} is too large: enisim counts exactly only up to ${Number.MAX_SAFE_INTEGER}`,
        hint: 'use a realistic figure',
        location: document.locate(path),
        path: document.pathText(path),
      });
      return;
    }
    if (typeof node !== 'object' || node === null || path.length >= NUMBER_WALK_DEPTH_MAX) return;
    if (Array.isArray(node)) {
      node.forEach((item, index) => {
        walk(item, [...path, index]);
      });
      return;
    }
    for (const [key, value] of Object.entries(node)) walk(value, [...path, key]);
  };
  walk(document.data, []);
  return exact;
}

/**
 * Drops errors that only restate others: `if` ("must match then"), and the failed branches of
 * an `anyOf`, which is reported once on its own.
 */
function relevantErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const anyOfAt = new Set(
    errors.filter((error) => error.keyword === 'anyOf').map((error) => error.instancePath),
  );
  const keyErrorsAt = new Set(
    errors.flatMap((error) =>
      error.propertyName === undefined ? [] : [`${error.instancePath}\u0000${error.propertyName}`],
    ),
  );
  return errors.filter((error) => {
    if (error.keyword === 'if') return false;
    // A bad key is reported by the keyword that failed on it; propertyNames only restates it.
    const keyName = (error.params as Record<string, unknown>)['propertyName'];
    if (
      error.keyword === 'propertyNames' &&
      keyErrorsAt.has(`${error.instancePath}\u0000${String(keyName)}`)
    ) {
      return false;
    }
    if (error.schemaPath.includes('/anyOf/') && anyOfAt.has(error.instancePath)) return false;
    return true;
  });
}

function report(
  error: ErrorObject,
  document: YamlDocument,
  { root, pointers }: Pick<Validators, 'root' | 'pointers'>,
  findings: FindingList,
): void {
  const path = pointerToPath(error.instancePath, document.data);
  const translated = onKey(translate(error, path, root), error, path);
  findings.error({
    code: translated.code,
    message: translated.message,
    hint: translated.hint,
    location: document.locate(translated.path, { atKey: translated.atKey }),
    path: document.pathText(translated.path),
    schemaPath: absoluteSchemaPath(error, pointers),
  });
}

interface Translated {
  readonly code: string;
  readonly message: string;
  readonly hint: string | null;
  readonly path: readonly PathSegment[];
  readonly atKey: boolean;
}

function translate(error: ErrorObject, path: PathSegment[], root: SchemaObject): Translated {
  const params = error.params as Record<string, unknown>;
  const parent = (error.parentSchema ?? {}) as SchemaObject;
  const base = { path, atKey: false };
  switch (error.keyword) {
    case 'additionalProperties':
      return unknownField(String(params['additionalProperty']), path, parent, root);
    case 'required':
      return { ...base, ...missingField(String(params['missingProperty']), parent, root) };
    case 'type':
      return { ...base, ...wrongType(error.data, String(params['type']), path) };
    case 'const':
    case 'enum': {
      const allowed =
        error.keyword === 'const'
          ? [params['allowedValue']]
          : (params['allowedValues'] as unknown[]);
      return { ...base, ...badValue(error.data, allowed) };
    }
    case 'pattern':
      return {
        ...base,
        code: 'BAD_FORMAT',
        message: `${show(error.data)} is not in the expected form`,
        hint: describe(parent, root) ?? `it must match ${String(params['pattern'])}`,
      };
    case 'discriminator': {
      const tag = String(params['tag']);
      const present = params['error'] === 'mapping';
      return { ...base, ...badTag(error, parent, root), path: present ? [...path, tag] : path };
    }
    case 'propertyNames':
      return {
        ...base,
        code: 'BAD_KEY',
        message: `key "${String(params['propertyName'])}" is not allowed here`,
        hint: describe(parent, root),
        path: [...path, String(params['propertyName'])],
        atKey: true,
      };
    case 'anyOf':
    case 'oneOf':
      return {
        ...base,
        code: 'WRONG_SHAPE',
        message: `${show(error.data)} does not have an accepted shape`,
        hint: describe(parent, root),
      };
    default:
      return {
        ...base,
        code: rangeCode(error.keyword),
        message: `${show(error.data)}: ${error.message ?? error.keyword}`,
        hint: describe(parent, root),
      };
  }
}

type Described = Omit<Translated, 'path' | 'atKey'>;

/** An error about a mapping key (ajv sets `propertyName`): reported at the key itself. */
function onKey(
  translated: Translated,
  error: ErrorObject,
  path: readonly PathSegment[],
): Translated {
  const key = error.propertyName;
  if (key === undefined) return translated;
  return {
    code: 'BAD_KEY',
    message: `key ${quoteInput(key)} is not allowed here`,
    hint: translated.hint,
    path: [...path, key],
    atKey: true,
  };
}

function unknownField(
  field: string,
  path: readonly PathSegment[],
  parent: SchemaObject,
  root: SchemaObject,
): Translated {
  const known = Object.keys(propertiesOf(parent, root));
  return {
    code: 'UNKNOWN_FIELD',
    message: `unknown field "${field}"`,
    hint: didYouMean(
      field,
      known,
      known.length > 0 ? `known fields: ${known.join(', ')}` : 'remove it',
    ),
    path: [...path, field],
    atKey: true,
  };
}

function missingField(field: string, parent: SchemaObject, root: SchemaObject): Described {
  const description = describe(propertiesOf(parent, root)[field], root);
  return {
    code: 'MISSING_FIELD',
    message: `missing required field "${field}"`,
    hint: description === null ? `add "${field}"` : `add "${field}": ${description}`,
  };
}

function badValue(data: unknown, allowed: readonly unknown[]): Described {
  const names = allowed.map((value) => String(value));
  const fallback = `use one of ${names.join(', ')}`;
  return {
    code: 'BAD_VALUE',
    message: `${show(data)} is not allowed here: expected ${names.map((name) => quoteInput(name)).join(' or ')}`,
    hint: typeof data === 'string' ? didYouMean(data, names, fallback) : fallback,
  };
}

function rangeCode(keyword: string): string {
  if (keyword.endsWith('Items') || keyword === 'uniqueItems') return 'BAD_LIST';
  if (keyword.endsWith('Length')) return 'BAD_LENGTH';
  return 'OUT_OF_RANGE';
}

function wrongType(data: unknown, expected: string, path: readonly PathSegment[]): Described {
  const message = `expected ${expected.replaceAll(',', ' or ')}, got ${kindOf(data)} ${show(data)}`;
  if (expected.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) {
    const last = path[path.length - 1];
    const versionLike =
      typeof data === 'number' && typeof last === 'string' && /version|reservation/iu.test(last);
    return {
      code: 'WRONG_TYPE',
      message,
      hint: versionLike
        ? `quote it: YAML reads an unquoted ${show(data)} as a number (write "1.10", not 1.10)`
        : `quote it: "${String(data)}"`,
    };
  }
  return { code: 'WRONG_TYPE', message, hint: null };
}

function badTag(error: ErrorObject, parent: SchemaObject, root: SchemaObject): Described {
  const params = error.params as Record<string, unknown>;
  const tag = String(params['tag']);
  const tags = branchTags(parent, tag, root);
  const value = params['tagValue'];
  if (params['error'] !== 'mapping') {
    return {
      code: 'MISSING_FIELD',
      message: `missing or non-string "${tag}"`,
      hint: `set "${tag}" to one of ${tags.join(', ')}`,
    };
  }
  const code = tag === 'kind' ? 'UNSUPPORTED_KIND' : 'BAD_VALUE';
  const what = tag === 'kind' ? 'manifest kind' : `"${tag}"`;
  return {
    code,
    message: `unsupported ${what} ${show(value)}; supported: ${tags.join(', ')}`,
    hint:
      tag === 'kind'
        ? didYouMean(
            String(value),
            tags,
            'enisim simulates the pod networking of these kinds only: remove this object or convert it',
          )
        : didYouMean(String(value), tags, `use one of ${tags.join(', ')}`),
  };
}

/** The `const` of `tag` in each `oneOf` branch of a discriminated schema. */
function branchTags(schema: SchemaObject, tag: string, root: SchemaObject): string[] {
  const branches = Array.isArray(schema['oneOf']) ? (schema['oneOf'] as unknown[]) : [];
  return branches.flatMap((branch) => {
    const resolved = resolve(branch, root);
    const property = resolve(propertiesOf(resolved, root)[tag], root);
    return typeof property['const'] === 'string' ? [property['const']] : [];
  });
}

function propertiesOf(schema: unknown, root: SchemaObject): Readonly<Record<string, unknown>> {
  const properties = resolve(schema, root)['properties'];
  return typeof properties === 'object' && properties !== null
    ? (properties as Record<string, unknown>)
    : {};
}

function describe(schema: unknown, root: SchemaObject): string | null {
  if (typeof schema !== 'object' || schema === null) return null;
  const own = (schema as SchemaObject)['description'];
  if (typeof own === 'string') return own;
  const resolved = resolve(schema, root)['description'];
  return typeof resolved === 'string' ? resolved : null;
}

/** Follows a local `$ref` (`#/definitions/X`) to its schema; other schemas come back as they are. */
function resolve(schema: unknown, root: SchemaObject): SchemaObject {
  if (typeof schema !== 'object' || schema === null) return {};
  const reference = (schema as SchemaObject)['$ref'];
  if (typeof reference !== 'string' || !reference.startsWith('#/')) return schema as SchemaObject;
  let node: unknown = root;
  for (const segment of reference.slice(2).split('/')) {
    node = typeof node === 'object' && node !== null ? (node as SchemaObject)[segment] : undefined;
  }
  return typeof node === 'object' && node !== null ? (node as SchemaObject) : {};
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return typeof value;
}

/** A short rendering of a value for a message. */
export function show(value: unknown): string {
  if (typeof value === 'string') return quoteInput(value);
  if (typeof value === 'object' && value !== null) return describeValue(value);
  return String(value);
}
