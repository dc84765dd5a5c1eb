/**
 * The results document of a run directory, for `report` and `compare`: `DIR/results.json` read
 * through the upgrader, every problem an input error naming the file (exit 1).
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';

import { readResultsFile, ResultsReadError, type Results } from '../../models/results/index.js';
import { InputError } from '../errors.js';

/** Reads `dir/results.json` (or `dir` itself when it names a file). */
export function readRunDirectory(dir: string): Results {
  let file = dir;
  try {
    if (statSync(dir).isDirectory()) file = join(dir, 'results.json');
  } catch {
    throw new InputError(`no such file or directory`, { file: dir });
  }
  try {
    return readResultsFile(file);
  } catch (error) {
    if (error instanceof ResultsReadError) throw new InputError(error.message);
    throw error;
  }
}
