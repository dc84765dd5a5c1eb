/**
 * Whole scenarios of a bounded size: a network layout, an eni-config, one to a few node pools of
 * distinct kinds with a workload each, a Terway version that has every feature they use, and a
 * short timeline. Every scenario generated passes `enisim validate` (the property
 * test/testing/generatedScenarios.test.ts checks it with the loader itself).
 */
import fc from 'fast-check';

import type { EniMode } from '../models/capacity.js';
import type { TerwayFeatureName } from '../models/terwayVersion.js';
import type { InstanceTypeFilter } from './catalog.js';
import type { ScenarioDocument, SloBoundDocument, TestScenario } from './documents.js';
import { eniConfig, networkLayout, REGION } from './network.js';
import {
  nodePool,
  POOL_KINDS,
  type CountRange,
  type GeneratedPool,
  type PoolKind,
  type PoolParts,
} from './nodePools.js';
import { terwayVersion } from './terwayVersions.js';

/** The file a generated scenario's Lingjun types are written to, beside the scenario. */
export const LINGJUN_CATALOG_FILE = 'lingjun-catalog.json';

/** A generated scenario, with what it was built from for assertions. */
export interface GeneratedScenario extends TestScenario {
  readonly terwayVersion: string;
  /** The pools in `spec.cluster.nodePools` order. */
  readonly pools: readonly GeneratedPool[];
}

/** Bounds and choices of {@link scenario}. */
export interface ScenarioOptions {
  /** The kinds pools are drawn from, one pool per kind at most (default all four). */
  readonly pools?: readonly PoolKind[];
  /** How many pools (default 1 to the number of kinds). */
  readonly poolCount?: CountRange;
  /** Narrows the ECS instance types of every ECS pool. */
  readonly instanceTypes?: InstanceTypeFilter;
  /** Lingjun pools' ENI mode (default either). */
  readonly lingjunMode?: EniMode;
  /** Nodes per pool, fixed counts (default 1–3). */
  readonly nodes?: CountRange;
  /** Replicas of each pool's workload (default 0–30). */
  readonly replicas?: CountRange;
  /** A fixed Terway version (default: any known one with every feature the pools need). */
  readonly terwayVersion?: string;
  /** The simulated time (a Go duration, default 10m). */
  readonly duration?: string;
  /** SLOs to put in `spec.slos`, e.g. `{ podNetworkReadyP99Ms: { max: 60000 } }`. */
  readonly slos?: Readonly<Record<string, SloBoundDocument>>;
}

function featuresOf(kinds: readonly PoolKind[], lingjunMode: EniMode): TerwayFeatureName[] {
  const needs: TerwayFeatureName[] = ['sharedEni'];
  for (const kind of kinds) {
    if (kind === 'exclusive') needs.push('exclusiveEniPoolEcs', 'podNetworking');
    if (kind === 'trunk') needs.push('trunk', 'podNetworking');
    if (kind === 'lingjun') {
      needs.push(lingjunMode === 'exclusive' ? 'exclusiveEniPoolLingjun' : 'lingjunLeni');
    }
  }
  return needs;
}

/** One pool per kind, in the order the kinds were drawn. */
function poolsOf(
  kinds: readonly PoolKind[],
  context: {
    readonly options: ScenarioOptions;
    readonly lingjunMode: EniMode;
    readonly version: string;
    readonly nodeVSwitchIds: readonly string[];
  },
): fc.Arbitrary<PoolParts[]> {
  const { options } = context;
  return fc.tuple(
    ...kinds.map((kind) =>
      nodePool({
        kind,
        name: kind,
        nodeVSwitchIds: context.nodeVSwitchIds,
        terwayVersion: context.version,
        lingjunMode: context.lingjunMode,
        ...(options.instanceTypes === undefined ? {} : { instanceTypes: options.instanceTypes }),
        ...(options.nodes === undefined ? {} : { nodes: options.nodes }),
        ...(options.replicas === undefined ? {} : { replicas: options.replicas }),
      }),
    ),
  );
}

/** A whole scenario: see the module comment and {@link ScenarioOptions}. */
export function scenario(options: ScenarioOptions = {}): fc.Arbitrary<GeneratedScenario> {
  const kinds = options.pools ?? POOL_KINDS;
  if (kinds.length === 0) throw new RangeError('scenario() needs at least one pool kind');
  const poolCount = {
    minLength: options.poolCount?.min ?? 1,
    maxLength: options.poolCount?.max ?? kinds.length,
  };
  const lingjunMode =
    options.lingjunMode === undefined
      ? fc.constantFrom<EniMode>('exclusive', 'shared')
      : fc.constant(options.lingjunMode);
  return fc
    .record({
      kinds: fc.shuffledSubarray([...new Set(kinds)], poolCount),
      lingjunMode,
      layout: networkLayout(2),
    })
    .chain(({ kinds: chosen, lingjunMode: mode, layout }) =>
      (options.terwayVersion === undefined
        ? terwayVersion(featuresOf(chosen, mode))
        : fc.constant(options.terwayVersion)
      ).chain((version) =>
        fc
          .record({
            pools: poolsOf(chosen, {
              options,
              lingjunMode: mode,
              version,
              nodeVSwitchIds: layout.nodeVSwitchIds,
            }),
            eniConfig: eniConfig({
              podVSwitchIdsByZone: layout.podVSwitchIdsByZone,
              trunk: chosen.includes('trunk'),
            }),
          })
          .map(({ pools, eniConfig: config }): GeneratedScenario => {
            const catalog = pools.flatMap((parts) => parts.catalog);
            const document: ScenarioDocument = {
              apiVersion: 'enisim/v1alpha1',
              kind: 'Scenario',
              metadata: {
                name: `generated-${chosen.join('-')}`,
                description: `generated by enisim/testing: ${chosen.join(', ')} pools`,
              },
              spec: {
                ...(catalog.length === 0 ? {} : { catalog: [LINGJUN_CATALOG_FILE] }),
                manifests: [config, ...pools.flatMap((parts) => parts.manifests)],
                cluster: {
                  region: REGION,
                  terwayVersion: version,
                  ipStack: 'ipv4',
                  vSwitches: layout.vSwitches,
                  nodePools: pools.map((parts) => parts.nodePool),
                },
                timeline: {
                  duration: options.duration ?? '10m',
                  sampleStep: '10s',
                  workloads: pools.map((parts) => ({
                    workload: parts.pool.workload.name,
                    rollout: { type: 'AllAtOnce', start: '0s' },
                  })),
                },
                ...(options.slos === undefined ? {} : { slos: options.slos }),
              },
            };
            return {
              scenario: document,
              files: catalog.length === 0 ? {} : { [LINGJUN_CATALOG_FILE]: catalog },
              terwayVersion: version,
              pools: pools.map((parts) => parts.pool),
            };
          }),
      ),
    );
}
