/**
 * Loads a scenario for a command or a library caller: the scenario, or an {@link InputError}
 * listing every error at its file:line:column (the text `enisim validate` prints).
 */
import { loadScenario, type Finding, type Scenario } from '../../scenarios/load/index.js';
import { InputError } from '../errors.js';
import { renderFinding } from '../validate/format.js';

/** What `enisim validate` finds in a scenario file, for a library caller. */
export interface ScenarioValidation {
  /** The loaded scenario, or null when there is an error. */
  readonly scenario: Scenario | null;
  readonly errors: readonly Finding[];
  readonly warnings: readonly Finding[];
  /** The errors as `enisim validate` prints them (empty when there is none). */
  readonly errorText: string;
}

/** Loads and checks `file` (relative paths against `options.cwd`) as `enisim validate` does. */
export function validateScenarioFile(
  file: string,
  options: { readonly cwd?: string } = {},
): ScenarioValidation {
  const { scenario, findings } = loadScenario(file, options);
  const errors = findings.filter((finding) => finding.severity === 'error');
  return {
    scenario,
    errors,
    warnings: findings.filter((finding) => finding.severity === 'warning'),
    errorText: errors.map((finding) => renderFinding(finding, file).trimEnd()).join('\n'),
  };
}

/** The loaded scenario, or throws an InputError naming every error. */
export function loadScenarioOrThrow(
  file: string,
  options: { readonly cwd?: string } = {},
): Scenario {
  const { scenario, errors, errorText } = validateScenarioFile(file, options);
  // The loader makes every check the simulator relies on: what it accepts, `run` runs.
  if (scenario !== null) return scenario;
  throw new InputError(
    `${file} has ${errors.length} error${errors.length === 1 ? '' : 's'} ` +
      `(see enisim validate):\n${errorText}`,
  );
}
