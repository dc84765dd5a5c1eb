/** Shared builders for the model tests: catalog lookups, synthetic types, plan options. */
import {
  DEFAULT_ENI_CONF,
  defaultCatalog,
  defaultTerwayVersion,
  parseEniConf,
  parseTerwayVersion,
  planNodeCapacity,
  type EniConf,
  type InstanceType,
  type NodeCapacityOptions,
  type NodeCapacityPlan,
  type TerwayVersion,
} from '../../../models/index.js';

/** A type of the default catalog; throws when it is missing, so a typo fails loudly. */
export function catalogType(id: string): InstanceType {
  const type = defaultCatalog().types.get(id);
  if (type === undefined) throw new Error(`not in the default catalog: ${id}`);
  return type;
}

/** A synthetic ECS type: 8 ENIs × 30 addresses, 16 vCPU, 32 GiB unless overridden. */
export function ecsType(overrides: Partial<InstanceType> = {}): InstanceType {
  return {
    id: 'ecs.test.4xlarge',
    platform: 'ecs',
    lingjunApi: null,
    family: 'ecs.test',
    cpuCores: 16,
    memoryGiB: 32,
    eniQuantity: 8,
    ipv4PerEni: 30,
    ipv6PerEni: 30,
    eniTotalQuantity: null,
    trunkSupported: null,
    eriQuantity: null,
    highDensityQuantity: null,
    source: 'test',
    ...overrides,
  };
}

/** A synthetic Lingjun LENI type. */
export function leniType(overrides: Partial<InstanceType> = {}): InstanceType {
  return ecsType({
    id: 'efg2.test',
    platform: 'lingjun',
    lingjunApi: 'leni',
    family: null,
    ipv6PerEni: 0,
    trunkSupported: false,
    eriQuantity: 0,
    ...overrides,
  });
}

/** A Terway version from a literal the test spells. */
export function version(text: string): TerwayVersion {
  const parsed = parseTerwayVersion(text);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.version;
}

/** An eni_conf from a literal the test spells. */
export function conf(document: Record<string, unknown>): EniConf {
  const parsed = parseEniConf(document);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.conf;
}

/** Plan options with every default the CLI uses. */
export function options(overrides: Partial<NodeCapacityOptions> = {}): NodeCapacityOptions {
  return {
    mode: 'shared',
    trunk: false,
    ipPrefix: false,
    erdma: false,
    stack: 'ipv4',
    terway: defaultTerwayVersion(),
    conf: DEFAULT_ENI_CONF,
    reservation: '1.28',
    memoryKi: null,
    ephemeralKi: null,
    maxPods: null,
    ...overrides,
  };
}

/** Plans a type (by id from the default catalog, or a given type). */
export function plan(
  type: string | InstanceType,
  overrides: Partial<NodeCapacityOptions> = {},
): NodeCapacityPlan {
  return planNodeCapacity(typeof type === 'string' ? catalogType(type) : type, options(overrides));
}

/** The codes of a list of diagnostics. */
export function codes(list: readonly { readonly code: string }[]): string[] {
  return list.map((item) => item.code);
}
