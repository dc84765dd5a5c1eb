/**
 * Loads a scenario for a command or a library caller: the scenario, or an {@link InputError}
 * listing every error at its file:line:column (the text `enisim validate` prints).
 */
import { loadScenario, type Scenario } from '../../scenarios/load/index.js';
import { InputError } from '../errors.js';
import { renderFinding } from '../validate/format.js';

/** The loaded scenario, or throws an InputError naming every error. */
export function loadScenarioOrThrow(file: string): Scenario {
  const { scenario, findings } = loadScenario(file);
  // The loader makes every check the simulator relies on: what it accepts, `run` runs.
  if (scenario !== null) return scenario;
  const errors = findings.filter((finding) => finding.severity === 'error');
  const text = errors.map((finding) => renderFinding(finding, file).trimEnd()).join('\n');
  throw new InputError(
    `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'} ` +
      `(see enisim validate):\n${text}`,
  );
}
