import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { TERWAY_CONTROL_PLANE_DEFAULTS } from '../../../models/terwayControlPlane.js';
import { loadScenario } from '../../../scenarios/load/index.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const library = readFileSync(join(root, 'scenarios/exclusive-eni-node-pool.yaml'), 'utf8');

function loadWith(controlPlane: string | null) {
  const text =
    controlPlane === null
      ? library
      : library.replace(
          '    region: cn-hangzhou\n',
          `    region: cn-hangzhou\n    terwayControlPlane: ${controlPlane}\n`,
        );
  // Beside the library file, so its manifest paths resolve.
  const file = join(root, 'scenarios', `.cp-${process.pid}.yaml`);
  writeFileSync(file, text);
  try {
    return loadScenario(file, { cwd: root });
  } finally {
    rmSync(file);
  }
}

describe('spec.cluster.terwayControlPlane', () => {
  it("defaults to Terway's config_default.go: 10, 10, 20 QPS, burst 30", () => {
    const { scenario } = loadWith(null);
    expect(scenario?.cluster.terwayControlPlane).toEqual(TERWAY_CONTROL_PLANE_DEFAULTS);
    expect(TERWAY_CONTROL_PLANE_DEFAULTS).toEqual({
      podMaxConcurrent: 10,
      podENIMaxConcurrent: 10,
      kubeClientQPS: 20,
      kubeClientBurst: 30,
    });
  });

  it('takes Terway’s keys', () => {
    const { scenario } = loadWith('{ podENIMaxConcurrent: 40, kubeClientQPS: 50 }');
    expect(scenario?.cluster.terwayControlPlane).toEqual({
      ...TERWAY_CONTROL_PLANE_DEFAULTS,
      podENIMaxConcurrent: 40,
      kubeClientQPS: 50,
    });
  });

  it('refuses a worker count of 0 and an unknown key, naming the field', () => {
    const zero = loadWith('{ podMaxConcurrent: 0 }');
    expect(zero.scenario).toBeNull();
    expect(JSON.stringify(zero.findings)).toMatch(/terwayControlPlane\.podMaxConcurrent/);
    const unknown = loadWith('{ eniMaxConcurrentt: 5 }');
    expect(unknown.scenario).toBeNull();
  });
});
