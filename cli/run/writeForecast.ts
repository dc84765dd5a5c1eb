/**
 * Runs a forecast into an `--out` directory as `enisim run` does (and `enisim check --out`):
 * `pods.csv` streamed while the run goes, then `timeseries.csv`, `report.html`, `timings.json`
 * and `results.json` last, each atomically and as one set, so the files always describe the same
 * run. A signal stops the simulation between slices and leaves nothing of this run behind; one
 * that arrives while the set is written waits until it is whole.
 */
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';

import type { Results } from '../../models/results/index.js';
import type { Scenario } from '../../scenarios/load/index.js';
import { forecast, PodsCsvWriter, reportOutputs } from '../api/index.js';
import { writeOutputSet } from '../atomicWrite.js';
import { InterruptedError, type Interruption } from '../interrupt.js';
import { outDirError, prepareOutDir, removeCreatedDirectories } from './outDir.js';

/** What to run and where to write it. */
export interface ForecastIntoOptions {
  /** The scenario's file as the user named it (for messages). */
  readonly file: string;
  readonly out: string;
  readonly seeds: readonly number[];
  readonly checkInvariants: boolean;
}

/** A forecast written into its directory. */
export interface WrittenForecast {
  readonly results: Results;
  /** results.json as written: two-space JSON and a final newline. */
  readonly resultsText: string;
  readonly resultsFile: string;
  readonly reportFile: string;
}

/** The results document as written: two-space JSON and a final newline. */
export function resultsText(results: Results): string {
  return `${JSON.stringify(results, null, 2)}\n`;
}

/** Prepares `options.out`, runs the forecast and writes every file of it. */
export async function forecastInto(
  scenario: Scenario,
  options: ForecastIntoOptions,
  interruption: Interruption,
): Promise<WrittenForecast> {
  const { out } = options;
  const created = prepareOutDir(out);
  const resultsFile = join(out, 'results.json');
  const timingsFile = join(out, 'timings.json');
  const reportFile = join(out, 'report.html');
  let pods: PodsCsvWriter;
  try {
    pods = new PodsCsvWriter(join(out, 'pods.csv'));
  } catch (error) {
    removeCreatedDirectories(created);
    throw outDirError(out, error);
  }
  let results: Results;
  let text: string;
  let timingsText: string;
  try {
    const forecasted = await forecast(scenario, {
      seeds: options.seeds,
      checkInvariants: options.checkInvariants,
      signal: interruption.abortSignal,
      observer: { podRecord: pods.add },
    });
    results = forecasted.results;
    text = resultsText(results);
    // The digest of the results.json it goes with: a reader can check the pair belongs together.
    const resultsSha256 = createHash('sha256').update(text).digest('hex');
    timingsText = `${JSON.stringify({ ...forecasted.timings, resultsSha256 }, null, 2)}\n`;
  } catch (error) {
    pods.abandon();
    removeCreatedDirectories(created);
    const signal = interruption.received;
    if (signal === null) throw error;
    throw new InterruptedError(
      signal,
      `the run of ${options.file} stopped before it finished; nothing was written to ${out}`,
    );
  }
  try {
    await interruption.whileWriting(async () => {
      try {
        pods.commit();
        await writeOutputSet([
          ...reportOutputs(out, results),
          { path: timingsFile, content: timingsText },
          { path: resultsFile, content: text },
        ]);
      } catch (error) {
        pods.abandon();
        rmSync(pods.path, { force: true });
        throw error;
      }
    });
  } catch (error) {
    throw outDirError(out, error);
  }
  interruption.throwIfReceived(
    () => `the run had finished: ${resultsFile} and the files beside it are complete`,
  );
  return { results, resultsText: text, resultsFile, reportFile };
}
