/**
 * The models state facts and return codes; the callers word the remedies. Every diagnostic the
 * capacity planner can emit, over the whole catalog and a grid of requests that reaches each
 * warning and note, names neither a CLI flag nor a scenario field: a hint in the models would be
 * wrong for one of its two callers.
 */
import { describe, expect, it } from 'vitest';

import {
  defaultCatalog,
  planNodeCapacity,
  type Diagnostic,
  type InstanceType,
} from '../../../models/index.js';
import { ecsType, leniType, options } from './fixtures.js';

/** Words that belong to one caller: `--flags`, `spec.` paths and the scenario's field names. */
const CALLER_WORDS = /--[a-z]|spec\.|memTotalKi|ephemeralStorageKi|\bmaxPods\b/;

function diagnosticsOf(type: InstanceType): Diagnostic[] {
  const found: Diagnostic[] = [];
  for (const mode of ['shared', 'exclusive'] as const) {
    for (const trunk of [false, true]) {
      for (const erdma of [false, true]) {
        for (const stack of ['ipv4', 'dual'] as const) {
          const plan = planNodeCapacity(
            type,
            options({ mode, trunk, erdma, stack, ipPrefix: trunk, maxPods: erdma ? 8 : null }),
          );
          found.push(...plan.violations, ...plan.warnings, ...plan.notes);
        }
      }
    }
  }
  return found;
}

describe('diagnostics: models word no caller input', () => {
  const unknowns = ecsType({
    id: 'ecs.unknown.large',
    cpuCores: null,
    memoryGiB: null,
    ipv6PerEni: null,
  });
  const types = [...defaultCatalog().types.values(), unknowns, leniType()];
  const diagnostics = types.flatMap(diagnosticsOf);
  const codes = new Set(diagnostics.map((diagnostic) => diagnostic.code));

  it('the grid reaches every code that once named a flag', () => {
    for (const code of [
      'TRUNK_QUOTA_UNKNOWN',
      'ERDMA_QUOTA_UNKNOWN',
      'IPV6_QUOTA_UNKNOWN',
      'RESOURCES_UNKNOWN',
      'MEMORY_ESTIMATED',
      'EPHEMERAL_ESTIMATED',
      'MAX_PODS_ASSUMED',
      'MAX_PODS_BELOW_NETWORK_PODS',
    ]) {
      expect(codes, code).toContain(code);
    }
  });

  it('no message names a CLI flag, a spec path or a scenario field', () => {
    const worded = diagnostics.filter((diagnostic) => CALLER_WORDS.test(diagnostic.message));
    expect(worded.map((diagnostic) => `${diagnostic.code}: ${diagnostic.message}`)).toEqual([]);
  });
});
