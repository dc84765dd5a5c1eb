/**
 * Node pools of the four kinds a Terway cluster runs, each with a workload placed on it, as a
 * platform team lays them out:
 *
 * - `shared`: multi-IP ENIs, untainted, any pod may land there;
 * - `exclusive`: labelled `k8s.aliyun.com/exclusive-mode-eni-type: eniOnly` and tainted, its pods
 *   selected by a PodNetworking with `eniType: ENI` (so they ask for `aliyun/eni`);
 * - `trunk`: a shared pool of types with a known member-ENI quota, its pods selected by a
 *   PodNetworking with `eniType: Trunk` (`aliyun/member-eni`; eni-config turns trunking on);
 * - `lingjun`: an EFLO (LENI) pool, `alibabacloud.com/lingjun-worker: "true"`, tainted, its types
 *   from a generated EFLO catalog; PodNetworking does not apply there, so in exclusive mode its
 *   pods ask for `aliyun/eni: 1` themselves (Terway's documented way).
 *
 * Each pool carries the label `enisim.test/pool: <name>` and its workload a required node
 * affinity on it, so a generated workload runs on the pool it was made for.
 */
import fc from 'fast-check';

import type { EniMode } from '../models/capacity.js';
import { LabelKeys, ResourceNames } from '../models/wellKnownKeys.js';
import { instanceTypeIds, lingjunCatalogEntry, type InstanceTypeFilter } from './catalog.js';
import type { LingjunCatalogEntry } from './catalog.js';
import type { ManifestDocument, NodePoolDocument, TaintDocument } from './documents.js';
import { podNetworking } from './network.js';

/** The kinds of node pool. */
export const POOL_KINDS = ['shared', 'exclusive', 'trunk', 'lingjun'] as const;
export type PoolKind = (typeof POOL_KINDS)[number];

/** The label that ties a generated workload to its pool. */
export const POOL_LABEL = 'enisim.test/pool';
/** The Lingjun node label Terway and ACK use. */
export const LINGJUN_WORKER_LABEL = 'alibabacloud.com/lingjun-worker';

/** A bound on a count. */
export interface CountRange {
  readonly min?: number;
  readonly max?: number;
}

/** What a generated pool holds, for assertions: its name, kind, mode, nodes and workload. */
export interface GeneratedPool {
  readonly name: string;
  readonly kind: PoolKind;
  readonly mode: EniMode;
  /** The fixed node count. */
  readonly nodes: number;
  readonly instanceTypes: readonly string[];
  /** The Deployment placed on the pool. */
  readonly workload: { readonly name: string; readonly replicas: number };
}

/** A pool with everything it brings into the scenario. */
export interface PoolParts {
  readonly pool: GeneratedPool;
  readonly nodePool: NodePoolDocument;
  /** PodNetworkings and the Deployment. */
  readonly manifests: readonly ManifestDocument[];
  /** EFLO entries for a Lingjun pool's types (the scenario's catalog). */
  readonly catalog: readonly LingjunCatalogEntry[];
}

/** What {@link nodePool} needs to know of the cluster. */
export interface NodePoolOptions {
  readonly kind: PoolKind;
  readonly name: string;
  readonly nodeVSwitchIds: readonly string[];
  readonly terwayVersion: string;
  /** Narrows the ECS types (ignored for Lingjun). */
  readonly instanceTypes?: InstanceTypeFilter;
  /** Lingjun pools: the ENI mode (default either). */
  readonly lingjunMode?: EniMode;
  /** Nodes, fixed (default 1–3). */
  readonly nodes?: CountRange;
  /** The workload's replicas (default 0–30). */
  readonly replicas?: CountRange;
}

const EXCLUSIVE_TAINT: TaintDocument = {
  key: 'workload-type',
  value: 'network-intensive',
  effect: 'NoSchedule',
};
const LINGJUN_TAINT: TaintDocument = { key: 'lingjun', value: 'gpu', effect: 'NoSchedule' };

function range(bounds: CountRange | undefined, min: number, max: number): fc.Arbitrary<number> {
  return fc.integer({ min: bounds?.min ?? min, max: bounds?.max ?? max });
}

/** The Deployment for a pool: small requests, so the network, not cpu or memory, limits density. */
function deployment(
  pool: { readonly name: string; readonly taints: readonly TaintDocument[] },
  replicas: number,
  podLabels: Readonly<Record<string, string>>,
  requestsEni: boolean,
): ManifestDocument {
  const eni = requestsEni ? { [ResourceNames.eni]: '1' } : {};
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: `${pool.name}-app`, namespace: 'default' },
    spec: {
      replicas,
      selector: { matchLabels: podLabels },
      template: {
        metadata: { labels: podLabels },
        spec: {
          tolerations: pool.taints.map((taint) => ({ ...taint, operator: 'Equal' })),
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [{ key: POOL_LABEL, operator: 'In', values: [pool.name] }],
                  },
                ],
              },
            },
          },
          containers: [
            {
              name: 'app',
              image: 'registry.example.com/app:1.0',
              resources: {
                requests: { cpu: '100m', memory: '128Mi', ...eni },
                ...(requestsEni ? { limits: eni } : {}),
              },
            },
          ],
        },
      },
    },
  };
}

interface KindLayout {
  readonly mode: EniMode;
  readonly labels: Readonly<Record<string, string>>;
  readonly taints: readonly TaintDocument[];
  readonly eniType: 'ENI' | 'Trunk' | null;
  readonly requestsEni: boolean;
}

function layoutOf(kind: PoolKind, lingjunMode: EniMode): KindLayout {
  switch (kind) {
    case 'shared':
      return { mode: 'shared', labels: {}, taints: [], eniType: null, requestsEni: false };
    case 'exclusive':
      return {
        mode: 'exclusive',
        labels: { [LabelKeys.exclusiveModeEniType]: 'eniOnly' },
        taints: [EXCLUSIVE_TAINT],
        eniType: 'ENI',
        requestsEni: false,
      };
    case 'trunk':
      return { mode: 'shared', labels: {}, taints: [], eniType: 'Trunk', requestsEni: false };
    case 'lingjun':
      return {
        mode: lingjunMode,
        labels: {
          [LINGJUN_WORKER_LABEL]: 'true',
          ...(lingjunMode === 'exclusive' ? { [LabelKeys.exclusiveModeEniType]: 'eniOnly' } : {}),
        },
        taints: [LINGJUN_TAINT],
        eniType: null,
        requestsEni: lingjunMode === 'exclusive',
      };
  }
}

/** The instance types of a pool: ECS ids from the catalog, or generated Lingjun entries. */
function typesOf(
  options: NodePoolOptions,
  mode: EniMode,
): fc.Arbitrary<{ ids: string[]; catalog: LingjunCatalogEntry[] }> {
  if (options.kind === 'lingjun') {
    return fc
      .uniqueArray(lingjunCatalogEntry({ mode, terwayVersion: options.terwayVersion }), {
        minLength: 1,
        maxLength: 2,
        selector: (entry) => entry.InstanceTypeId,
      })
      .map((catalog) => ({ ids: catalog.map((entry) => entry.InstanceTypeId), catalog }));
  }
  const filter: InstanceTypeFilter = {
    ...options.instanceTypes,
    mode,
    trunk: options.kind === 'trunk',
    terwayVersion: options.terwayVersion,
  };
  return instanceTypeIds(filter, 3).map((ids) => ({ ids, catalog: [] }));
}

/** A node pool of `options.kind` with its workload (and PodNetworking, where the kind uses one). */
export function nodePool(options: NodePoolOptions): fc.Arbitrary<PoolParts> {
  const lingjunMode =
    options.lingjunMode === undefined
      ? fc.constantFrom<EniMode>('exclusive', 'shared')
      : fc.constant(options.lingjunMode);
  return lingjunMode.chain((chosenMode) => {
    const layout = layoutOf(options.kind, chosenMode);
    const podLabels = { app: `${options.name}-app` };
    return fc
      .record({
        types: typesOf(options, layout.mode),
        nodes: range(options.nodes, 1, 3),
        replicas: range(options.replicas, 0, 30),
        vSwitches: fc.subarray([...options.nodeVSwitchIds], { minLength: 1 }),
        networking:
          layout.eniType === null
            ? fc.constant(null)
            : podNetworking({ name: options.name, podLabels, eniType: layout.eniType }),
      })
      .map(({ types, nodes, replicas, vSwitches, networking }): PoolParts => {
        const nodePoolDocument: NodePoolDocument = {
          name: options.name,
          instanceTypes: types.ids,
          count: nodes,
          labels: { ...layout.labels, [POOL_LABEL]: options.name },
          ...(layout.taints.length === 0 ? {} : { taints: layout.taints }),
          vSwitches,
        };
        const workload = deployment(
          { name: options.name, taints: layout.taints },
          replicas,
          podLabels,
          layout.requestsEni,
        );
        return {
          pool: {
            name: options.name,
            kind: options.kind,
            mode: layout.mode,
            nodes,
            instanceTypes: types.ids,
            workload: { name: workload.metadata.name, replicas },
          },
          nodePool: nodePoolDocument,
          manifests: networking === null ? [workload] : [networking, workload],
          catalog: types.catalog,
        };
      });
  });
}
