/**
 * Reading the capacity command's input files (`--catalog`, `--eni-conf`) into validated models.
 * Every failure becomes one `InputError` line naming the file and, inside it, the JSON path or
 * line and column of the problem; nothing is printed before all input has been read.
 */

import { LineCounter, parseDocument } from 'yaml';

import {
  isJsonObject,
  parseCatalog,
  parseEniConf,
  type EniConf,
  type InputIssue,
  type InstanceType,
} from '../../models/index.js';
import { InputFileError, readInputFile } from '../../scenarios/load/readInputFile.js';
import { InputError } from '../errors.js';
import { findJsonError, JSON_DEPTH_MAX } from './jsonLocate.js';

function readText(file: string): string {
  try {
    return readInputFile(file);
  } catch (error) {
    if (error instanceof InputFileError)
      throw new InputError(`cannot read: ${error.message}`, { file });
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'is a directory, not a file'
          : code === 'EACCES'
            ? 'permission denied'
            : `cannot read it (${code ?? 'unknown error'})`;
    throw new InputError(`cannot read: ${reason}`, { file });
  }
}

/** `line L, column C` of a character offset. */
function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `line ${line}, column ${column}`;
}

/**
 * Decodes JSON text; on failure names the line and column of the first bad character, and calls
 * a document that ends early what it most likely is: truncated.
 */
export function decodeJson(text: string, where: { file: string; path?: string }): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    if (text.trim() === '') throw new InputError('the file is empty: expected JSON', where);
    const error = findJsonError(text);
    const offset = error?.offset ?? text.length;
    if (error?.tooDeep === true) {
      const message = `malformed JSON: nested deeper than ${JSON_DEPTH_MAX} levels`;
      throw new InputError(`${lineColumn(text, offset)}: ${message}`, where);
    }
    if (offset >= text.trimEnd().length) {
      throw new InputError('malformed JSON: the document ends early (truncated?)', where);
    }
    const found = JSON.stringify(text.charAt(offset));
    throw new InputError(`${lineColumn(text, offset)}: malformed JSON: unexpected ${found}`, where);
  }
}

/** The most alias expansions an eni-config may make: far above a real one's, far below a bomb's. */
const YAML_ALIAS_COUNT_MAX = 1000;

/**
 * Decodes YAML text; a syntax error names its line and column, and a document whose aliases
 * expand past {@link YAML_ALIAS_COUNT_MAX} ("billion laughs") is refused, not expanded.
 */
function decodeYaml(text: string, file: string): unknown {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const error = document.errors[0];
  if (error !== undefined) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    const message =
      error.code === 'MULTIPLE_DOCS'
        ? 'the file holds more than one document; give the eni-config ConfigMap alone'
        : (error.message.split('\n')[0] ?? '');
    throw new InputError(`line ${line}, column ${col}: malformed YAML: ${message}`, { file });
  }
  try {
    return document.toJS({ maxAliasCount: YAML_ALIAS_COUNT_MAX }) as unknown;
  } catch (cause) {
    // The yaml package throws a ReferenceError for too many alias expansions.
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new InputError(
      `malformed YAML: ${reason} (at most ${YAML_ALIAS_COUNT_MAX} alias expansions)`,
      { file },
    );
  }
}

function firstIssue(issues: readonly InputIssue[], file: string, prefix = ''): InputError {
  const first = issues[0];
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problems)` : '';
  return new InputError(`${first?.message ?? 'invalid'}${more}`, {
    file,
    path: `${prefix}${first?.path ?? '$'}`,
  });
}

/** Reads a `--catalog` file: a DescribeInstanceTypes response, a JSON array, or EFLO entries. */
export function loadCatalogFile(file: string): readonly InstanceType[] {
  const document = decodeJson(readText(file), { file });
  const parsed = parseCatalog(document, { source: file });
  if (!parsed.ok) throw firstIssue(parsed.issues, file);
  return parsed.types;
}

/**
 * Reads an `--eni-conf` file: the `eni_conf` JSON itself, or the whole `kube-system/eni-config`
 * ConfigMap (JSON, or YAML when the file is `.yaml`/`.yml`) whose `data.eni_conf` holds it.
 * Returns the configuration and any keys Terway would not know (likely typos).
 */
export function loadEniConfFile(file: string): EniConf {
  const text = readText(file);
  const document = /\.ya?ml$/i.test(file) ? decodeYaml(text, file) : decodeJson(text, { file });
  let conf: unknown = document;
  let prefix = '';
  if (isJsonObject(document) && document['kind'] === 'ConfigMap') {
    const data = document['data'];
    const embedded = isJsonObject(data) ? data['eni_conf'] : undefined;
    if (typeof embedded !== 'string') {
      throw new InputError('a ConfigMap must carry the eni_conf JSON as a string', {
        file,
        path: '$.data.eni_conf',
      });
    }
    prefix = '$.data.eni_conf → ';
    conf = decodeJson(embedded, { file, path: '$.data.eni_conf' });
  }
  const parsed = parseEniConf(conf);
  if (!parsed.ok) throw firstIssue(parsed.issues, file, prefix);
  return parsed.conf;
}
