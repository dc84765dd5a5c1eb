/**
 * Writes a forecast into an `--out` directory as `enisim run` does (and `enisim check --out`):
 * `timings.json`, then `results.json` last, each atomically, and `timings.json` removed if
 * `results.json` cannot be written, so the two always describe the same run.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Forecast } from '../api/index.js';
import { writeFileAtomic } from '../atomicWrite.js';
import { outDirError } from './outDir.js';

/** The results document as written: two-space JSON and a final newline. */
export function resultsText(forecast: Forecast): string {
  return `${JSON.stringify(forecast.results, null, 2)}\n`;
}

/** Writes the forecast into `out` (already prepared) and returns the results file's path. */
export function writeForecast(out: string, forecast: Forecast): string {
  const resultsFile = join(out, 'results.json');
  const timingsFile = join(out, 'timings.json');
  try {
    writeFileAtomic(timingsFile, `${JSON.stringify(forecast.timings, null, 2)}\n`);
  } catch (error) {
    throw outDirError(out, error);
  }
  try {
    writeFileAtomic(resultsFile, resultsText(forecast));
  } catch (error) {
    rmSync(timingsFile, { force: true });
    throw outDirError(out, error);
  }
  return resultsFile;
}
