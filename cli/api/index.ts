/**
 * enisim as a library: load a scenario, forecast it over seeds. The commands are built on the
 * same functions, so a library caller gets exactly what `enisim run` writes.
 */
export { loadScenarioOrThrow } from './loadScenario.js';
export {
  forecast,
  seedRange,
  type Forecast,
  type ForecastOptions,
  type ForecastTimings,
  type SeedTiming,
} from './forecast.js';
export { PodsCsvWriter, reportOutputs, writeReportFiles } from './reportFiles.js';
