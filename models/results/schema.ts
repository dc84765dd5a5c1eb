/**
 * Where the results JSON Schema ships (`models/results/results.schema.json`), and its `$id`.
 * Found beside the sources, or three levels up from the compiled `dist/models/results/`.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The schema's `$id`. */
export const RESULTS_SCHEMA_ID = 'urn:enisim:results-v2';

/** The path of the shipped schema file. */
export function resultsSchemaFile(): string {
  const candidates = ['./results.schema.json', '../../../models/results/results.schema.json'];
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error(`results.schema.json not found beside ${fileURLToPath(import.meta.url)}`);
}
