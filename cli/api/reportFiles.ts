/**
 * The files a results document is rendered into, written atomically: `report.html` and
 * `timeseries.csv` (by `run` and `report`), and `pods.csv`, streamed to a temporary file while
 * the run goes and renamed into place only when the run finished.
 */
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

import type { Results } from '../../models/results/document.js';
import type { PodRecordEvent } from '../../models/results/podRecord.js';
import { podsCsvHeader, podsCsvRow, timeseriesCsv } from '../../reports/csv.js';
import { renderReport } from '../../reports/html/report.js';
import { writeOutputSet, type OutputFile } from '../atomicWrite.js';

/** `DIR/timeseries.csv` and `DIR/report.html` for `results`, rendered, to write as one set. */
export function reportOutputs(dir: string, results: Results): OutputFile[] {
  return [
    { path: join(dir, 'timeseries.csv'), content: timeseriesCsv(results) },
    { path: join(dir, 'report.html'), content: renderReport(results) },
  ];
}

/** Writes `DIR/timeseries.csv` and `DIR/report.html` for `results`; returns the report's path. */
export async function writeReportFiles(dir: string, results: Results): Promise<string> {
  await writeOutputSet(reportOutputs(dir, results));
  return join(dir, 'report.html');
}

/** Bytes buffered before a write: rows go out in blocks, not one system call per pod. */
const FLUSH_BYTES = 1 << 16;

/** `pods.csv`, streamed: rows are appended to a temporary file and committed at the end. */
export class PodsCsvWriter {
  readonly path: string;
  readonly #temporary: string;
  #fd: number | null;
  #buffer = '';

  constructor(path: string) {
    this.path = path;
    this.#temporary = join(dirname(path), `.enisim-tmp-${process.pid}-${basename(path)}`);
    this.#fd = openSync(this.#temporary, 'w');
    this.#buffer = podsCsvHeader();
  }

  /** Appends one pod (the run observer's `podRecord`). */
  readonly add = (record: PodRecordEvent): void => {
    this.#buffer += podsCsvRow(record);
    if (this.#buffer.length >= FLUSH_BYTES) this.#flush();
  };

  #flush(): void {
    if (this.#fd === null || this.#buffer === '') return;
    writeSync(this.#fd, this.#buffer);
    this.#buffer = '';
  }

  /** Writes what is left and renames the file into place. */
  commit(): void {
    this.#flush();
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    renameSync(this.#temporary, this.path);
  }

  /** Drops the temporary file (the run failed). */
  abandon(): void {
    if (this.#fd !== null) closeSync(this.#fd);
    this.#fd = null;
    rmSync(this.#temporary, { force: true });
  }
}
