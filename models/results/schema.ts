/**
 * Where the JSON Schemas of the results and verdict documents ship
 * (`models/results/results.schema.json`, `verdict.schema.json`), and their `$id`s. Found beside
 * the sources, or three levels up from the compiled `dist/models/results/`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The results schema's `$id`. */
export const RESULTS_SCHEMA_ID = 'urn:enisim:results-v2';
/** The verdict schema's `$id`. */
export const VERDICT_SCHEMA_ID = 'urn:enisim:verdict-v1';

function shippedSchema(name: string): string {
  const candidates = [`./${name}`, `../../../models/results/${name}`];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`${name} not found beside ${fileURLToPath(import.meta.url)}`);
}

/** The path of the shipped results schema file. */
export function resultsSchemaFile(): string {
  return shippedSchema('results.schema.json');
}

/** The path of the shipped verdict schema file. */
export function verdictSchemaFile(): string {
  return shippedSchema('verdict.schema.json');
}
