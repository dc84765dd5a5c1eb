/**
 * Pod templates' topologySpreadConstraints and pod (anti-)affinity: read with the API defaults
 * (never ignored), and refused where the API server refuses them.
 */
import { describe, expect, it } from 'vitest';
import { deployment, loadParts, SHARED_POOL } from './scenarioText.js';

const spreadAndAntiAffinity = `
            topologySpreadConstraints:
              - { maxSkew: 1, topologyKey: topology.kubernetes.io/zone, whenUnsatisfiable: DoNotSchedule, labelSelector: { matchLabels: { app: web } } }
            affinity:
              podAntiAffinity:
                requiredDuringSchedulingIgnoredDuringExecution:
                  - { labelSelector: { matchLabels: { app: web } }, topologyKey: kubernetes.io/hostname, matchLabelKeys: [tier] }`;

describe('pod placement rules in the loader', () => {
  it('reads spread constraints with API defaults and merges matchLabelKeys into the affinity selector', () => {
    const result = loadParts({
      pools: [SHARED_POOL],
      manifests: [deployment('web', 'tier: front', spreadAndAntiAffinity)],
    });
    expect(result.findings.filter((finding) => finding.severity === 'error')).toEqual([]);
    const template = result.scenario?.workloads[0]?.template;
    expect(template?.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'topology.kubernetes.io/zone',
        whenUnsatisfiable: 'DoNotSchedule',
        labelSelector: { matchLabels: { app: 'web' }, matchExpressions: [] },
        matchLabelKeys: [],
        minDomains: null,
        nodeAffinityPolicy: 'Honor',
        nodeTaintsPolicy: 'Ignore',
      },
    ]);
    expect(template?.podAffinity?.requiredAntiAffinity).toEqual([
      {
        labelSelector: {
          matchLabels: { app: 'web' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
        },
        namespaces: [],
        namespaceSelector: null,
        topologyKey: 'kubernetes.io/hostname',
      },
    ]);
  });

  it('refuses minDomains with ScheduleAnyway as BAD_SPREAD_CONSTRAINT', () => {
    const result = loadParts({
      pools: [SHARED_POOL],
      manifests: [
        deployment(
          'web',
          'tier: front',
          `
            topologySpreadConstraints:
              - { maxSkew: 1, minDomains: 2, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, labelSelector: {} }`,
        ),
      ],
    });
    const errors = result.findings.filter((finding) => finding.severity === 'error');
    expect(errors.map((finding) => [finding.code, finding.message])).toEqual([
      [
        'BAD_SPREAD_CONSTRAINT',
        'topologySpreadConstraints[0].minDomains: can only be set with whenUnsatisfiable DoNotSchedule',
      ],
    ]);
  });
});
