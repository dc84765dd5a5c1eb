/**
 * enisim as a library: load a scenario, forecast it over seeds. The commands are built on the
 * same functions, so a library caller gets exactly what `enisim run` writes.
 */
export {
  loadScenarioOrThrow,
  validateScenarioFile,
  type ScenarioValidation,
} from './loadScenario.js';
export { InputError, InvariantError } from '../errors.js';
export type { Results } from '../../models/results/document.js';
export type { Scenario } from '../../scenarios/load/index.js';
export {
  forecast,
  seedRange,
  type Forecast,
  type ForecastOptions,
  type ForecastTimings,
  type SeedTiming,
} from './forecast.js';
export { PodsCsvWriter, reportOutputs, writeReportFiles } from './reportFiles.js';
