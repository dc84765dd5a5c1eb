/**
 * Terway's daemon configuration (`daemon/config.go`: `getPoolConfig`, `getENIConfig`) in the
 * shapes its unit tests use (`daemon.Config`, `client.Limits`), mapped onto enisim: the
 * `eni_conf` parse of `models/eniConf.ts`, the models' capacity and pool sizing, and the
 * allocator core's choice of allocator. Every import those cases need is here.
 *
 * The adapters translate; they decide nothing the product decides. A `daemon.Config` field
 * becomes its `eni_conf` JSON key (the `json:` tag of `types/daemon/config.go`); Terway's
 * `PoolConfig` is read back from the enisim parts that compute each of its fields.
 */
import type { CreateNetworkInterfaceRequest } from '../../../sim/contracts/cloudApi.js';
import { podCapacity } from '../../../models/capacity.js';
import { parseEniConf, type EniConf } from '../../../models/eniConf.js';
import type { InstanceType } from '../../../models/instanceType.js';
import { sharedPoolSizing, terwayMaxEni } from '../../../models/poolSizing.js';
import { terwayVersion } from '../../../models/terwayVersion.js';
import { allocatorConfigFromEniConf, chooseSharedAllocator } from '../../../sim/allocator/index.js';
import type { NodeLimits } from '../../../sim/allocator/index.js';
import { pod, seconds, World } from '../../unit/allocator/harness.js';

/** The `daemon.Config` fields the tests set, by their Go names. */
export interface TerwayConfig {
  readonly MaxPoolSize?: number;
  readonly MinPoolSize?: number;
  readonly EniCapRatio?: number;
  readonly EniCapShift?: number;
  readonly MaxENI?: number;
  readonly MinENI?: number;
  readonly RegionID?: string;
  readonly IPAMType?: 'crd';
  readonly IdleIPReclaimBatchSize?: number;
  readonly IdleIPReclaimInterval?: string;
  readonly IdleIPReclaimAfter?: string;
  readonly IdleIPReclaimJitterFactor?: string;
  readonly SecurityGroups?: readonly string[];
  readonly VSwitchSelectionPolicy?: string;
  readonly EniSelectionPolicy?: string;
  readonly EnableENITrunking?: boolean;
  readonly EnableERDMA?: boolean;
  readonly VSwitches?: Readonly<Record<string, readonly string[]>>;
}

/** `client.Limits` as the tests fill it. */
export interface TerwayLimits {
  readonly Adapters: number;
  readonly IPv4PerAdapter?: number;
  readonly MemberAdapterLimit?: number;
}

/** `daemon.ModeENIMultiIP` ("ENIMultiIP") and `daemon.ModeENIOnly` ("ENIOnly"). */
export type DaemonMode = 'ENIMultiIP' | 'ENIOnly';

const JSON_KEY: Readonly<Record<keyof TerwayConfig, string>> = {
  MaxPoolSize: 'max_pool_size',
  MinPoolSize: 'min_pool_size',
  EniCapRatio: 'eni_cap_ratio',
  EniCapShift: 'eni_cap_shift',
  MaxENI: 'max_eni',
  MinENI: 'min_eni',
  RegionID: 'region_id',
  IPAMType: 'ipam_type',
  IdleIPReclaimBatchSize: 'idle_ip_reclaim_batch_size',
  IdleIPReclaimInterval: 'idle_ip_reclaim_interval',
  IdleIPReclaimAfter: 'idle_ip_reclaim_after',
  IdleIPReclaimJitterFactor: 'idle_ip_reclaim_jitter_factor',
  SecurityGroups: 'security_groups',
  VSwitchSelectionPolicy: 'vswitch_selection_policy',
  EniSelectionPolicy: 'eni_selection_policy',
  EnableENITrunking: 'enable_eni_trunking',
  EnableERDMA: 'enable_erdma',
  VSwitches: 'vswitches',
};

/** The `eni_conf` document of a `daemon.Config`, parsed by the models. */
export function parseConfig(
  cfg: TerwayConfig,
): { ok: true; conf: EniConf } | { ok: false; keys: string[] } {
  const document: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(cfg)) {
    document[JSON_KEY[field as keyof TerwayConfig]] = value;
  }
  const parsed = parseEniConf(document);
  if (!parsed.ok) return { ok: false, keys: parsed.issues.map((issue) => issue.path) };
  return { ok: true, conf: parsed.conf };
}

/** Terway's `PoolConfig` fields the tests read (durations in µs). */
export interface TerwayPoolConfig {
  /** `MaxENI`, from `models/poolSizing.ts` `terwayMaxEni`. */
  readonly MaxENI: number;
  /** `Capacity`, from `models/capacity.ts` `podCapacity` (which sizes by `terwayMaxEni`). */
  readonly Capacity: number;
  readonly MaxPoolSize: number;
  readonly MinPoolSize: number;
  readonly MaxIPPerENI: number;
  readonly ReclaimBatchSize: number;
  readonly ReclaimIntervalUs: number;
  readonly ReclaimAfterUs: number;
  readonly ReclaimFactor: number;
}

/** An ECS instance type with the test's `Limits` and nothing else known. */
function instanceTypeOf(limit: TerwayLimits): InstanceType {
  return {
    id: 'terway-test',
    platform: 'ecs',
    lingjunApi: null,
    family: null,
    cpuCores: null,
    memoryGiB: null,
    eniQuantity: limit.Adapters,
    ipv4PerEni: limit.IPv4PerAdapter ?? 0,
    ipv6PerEni: null,
    eniTotalQuantity: null,
    trunkSupported: null,
    eriQuantity: null,
    highDensityQuantity: null,
    source: null,
  };
}

/**
 * `getPoolConfig(cfg, daemonMode, limit)`. The fields come from where enisim computes them:
 * MaxENI and Capacity from the models' capacity planner; the daemon's own pool bounds from the
 * pool sizing, and 0 when the allocator core runs no daemon pool for the node (`ipam_type: crd`
 * hands the pool to the controlplane, an exclusive-ENI node has none), which is when Terway
 * zeroes them; MaxIPPerENI from the sizing, or on an exclusive node from the address count of
 * the ENI a pod gets; the reclaim figures from the parsed `eni_conf`.
 */
export function getPoolConfig(
  cfg: TerwayConfig,
  mode: DaemonMode,
  limit: TerwayLimits,
): { ok: true; poolConfig: TerwayPoolConfig } | { ok: false; keys: string[] } {
  const parsed = parseConfig(cfg);
  if (!parsed.ok) return parsed;
  const conf = parsed.conf;
  const eniMode = mode === 'ENIOnly' ? 'exclusive' : 'shared';
  const limits = nodeLimitsOf(limit);
  const sizing = sharedPoolSizing(limits, conf);
  const kind = chooseSharedAllocator({
    config: allocatorConfigFromEniConf(conf, { terwayVersion: TERWAY, zoneId: 'zoneID' }),
    limits,
    mode: eniMode,
  });
  const capacity = podCapacity(instanceTypeOf(limit), {
    mode: eniMode,
    trunk: false,
    ipPrefix: false,
    erdma: false,
    conf,
  }).containerPods;
  if (capacity === null) throw new Error('the capacity planner could not size the test type');
  return {
    ok: true,
    poolConfig: {
      MaxENI: terwayMaxEni(limits, conf),
      Capacity: capacity,
      MaxPoolSize: kind === 'daemon' ? sizing.maxPoolSize : 0,
      MinPoolSize: kind === 'daemon' ? sizing.minPoolSize : 0,
      MaxIPPerENI: eniMode === 'exclusive' ? exclusiveEniAddresses(limit) : sizing.ipPerEni,
      ReclaimBatchSize: conf.idleIpReclaimBatchSize,
      ReclaimIntervalUs: conf.idleIpReclaimIntervalUs,
      ReclaimAfterUs: conf.idleIpReclaimAfterUs ?? 0,
      ReclaimFactor: conf.idleIpReclaimJitterFactor,
    },
  };
}

/** Terway v1.17.5, the tag the cases come from. */
const TERWAY = terwayVersion('1.17.5');

function nodeLimitsOf(limit: TerwayLimits): NodeLimits {
  return {
    eniQuantity: limit.Adapters,
    ipv4PerEni: limit.IPv4PerAdapter ?? 1,
    ipv6PerEni: 0,
    memberEniLimit: limit.MemberAdapterLimit ?? 0,
    platform: 'ecs',
    highDensity: false,
  };
}

/** The addresses of the ENI an exclusive-mode pod gets, on a whole simulated node. */
function exclusiveEniAddresses(limit: TerwayLimits): number {
  const world = new World({ seed: 1 });
  const node = world.addNode({
    name: 'x1',
    mode: 'exclusive',
    limits: { eniQuantity: limit.Adapters, ipv4PerEni: limit.IPv4PerAdapter ?? 1 },
  });
  const task = world.spawn(node.allocate(pod('p0', { kind: 'exclusive' })));
  world.runUntil(seconds(120));
  if (task.result?.ok !== true) throw new Error('the exclusive pod got no ENI');
  const create = world.callsOf('createNetworkInterface', 'controlplane')[0];
  const request = create?.request as CreateNetworkInterfaceRequest | undefined;
  if (request === undefined) throw new Error('no ENI was created');
  return request.secondaryPrivateIpAddressCount + 1;
}

/** Terway's `ENIConfig` fields the `getENIConfig` tests read. */
export interface TerwayEniConfig {
  readonly ZoneID: string;
  readonly SecurityGroupIDs: readonly string[];
  /** `vswitch.VSwitchSelectionPolicyRandom` ("random") or `...Most` ("most"). */
  readonly VSwitchSelectionPolicy: 'random' | 'most';
  readonly EniSelectionPolicy: 'most_ips' | 'least_ips';
  /** `EniTypeAttr`: `FeatTrunk` (1) | `FeatERDMA` (2). */
  readonly EniTypeAttr: number;
  /** `VSwitchOptions`: null where Terway's slice is nil. */
  readonly VSwitchOptions: readonly string[] | null;
}

/**
 * `getENIConfig(cfg, zoneID)`: the parsed `eni_conf` and the allocator configuration of a node in
 * `zoneID`, in Terway's names. enisim calls Terway's "most" vSwitch policy by its `eni_conf`
 * value, `ordered` (most free addresses first).
 */
export function getEniConfig(cfg: TerwayConfig, zoneId: string): TerwayEniConfig {
  const parsed = parseConfig(cfg);
  if (!parsed.ok) throw new Error(`config refused: ${parsed.keys.join(', ')}`);
  const conf = parsed.conf;
  const config = allocatorConfigFromEniConf(conf, { terwayVersion: TERWAY, zoneId });
  return {
    ZoneID: zoneId,
    SecurityGroupIDs: config.securityGroupIds,
    VSwitchSelectionPolicy: config.vswitchSelectionPolicy === 'ordered' ? 'most' : 'random',
    EniSelectionPolicy: config.eniSelectionPolicy,
    EniTypeAttr: (conf.enableEniTrunking ? 1 : 0) | (conf.enableErdma ? 2 : 0),
    VSwitchOptions: config.vSwitchIds.length === 0 ? null : config.vSwitchIds,
  };
}
