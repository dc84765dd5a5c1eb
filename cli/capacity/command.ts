/**
 * `enisim capacity`: how many pods fit on a node of each instance type, in a Terway mode and
 * version, and what kubelet reports as Capacity and Allocatable, exactly as ACK and Terway
 * compute it.
 *
 * Exit codes: 0 when the plans were printed, including plans that ACK would refuse (a planner
 * asking about a refused type gets the answer, `admitted: false`, and the reasons); 1 for bad
 * input data (an unknown type, a bad catalog or eni_conf file); 2 for a bad command line.
 * Everything is computed before anything is printed, so a bad input prints nothing but its error.
 */
import type { ArgumentsCamelCase, Argv } from 'yargs';

import {
  DEFAULT_ENI_CONF,
  defaultCatalog,
  defaultTerwayVersion,
  lookupInstanceType,
  mergeCatalogs,
  NEWEST_KNOWN_TERWAY,
  parseTerwayVersion,
  planNodeCapacity,
  type Catalog,
  type EniConf,
  type EniMode,
  type IpStack,
  type NodeCapacityOptions,
  type NodeCapacityPlan,
  type ReservationPolicy,
  type TerwayVersion,
} from '../../models/index.js';
import type { CliCommand } from '../command.js';
import { InputError, UsageError } from '../errors.js';
import { ExitCode } from '../exitCodes.js';
import type { CommandIo } from '../io.js';
import { renderDescribe, renderJson, renderTable, warningLines } from './format.js';
import { loadCatalogFile, loadEniConfFile } from './loadFiles.js';
import { quoteInput } from '../../models/displayText.js';
import { renderCapacityHtml } from '../../reports/html/capacity.js';
import { writeFileAtomic } from '../atomicWrite.js';

/** The instance types `--popular` (and `npm start`) plans, in both modes. */
export const POPULAR_TYPES = [
  'ecs.g7.4xlarge',
  'ecs.c7.4xlarge',
  'ecs.c6.4xlarge',
  'ecs.g8i.4xlarge',
  'ecs.r7.4xlarge',
  'ecs.g7.xlarge',
] as const;

const MODES = ['shared', 'exclusive'] as const;
const STACKS = ['ipv4', 'dual'] as const;
const RESERVATIONS = ['1.28', '1.20', 'legacy'] as const;

/**
 * Checks the enum flags before yargs validates `choices`, so a bad value gets one line naming the
 * flag, the value and the choices (yargs' own message spans lines). `choices` stays for `--help`.
 * A `UsageError` thrown from before-validation middleware reaches `main` as is.
 */
function checkEnums(argv: Record<string, unknown>): void {
  const enums: readonly [string, readonly string[]][] = [
    ['mode', MODES],
    ['stack', STACKS],
    ['reservation', RESERVATIONS],
  ];
  for (const [flag, choices] of enums) {
    const value = argv[flag];
    if (value === undefined || (typeof value === 'string' && choices.includes(value))) continue;
    if (value === true || value === '') {
      throw new UsageError(`--${flag} needs a value: ${choices.join(', ')}`);
    }
    const shown = Array.isArray(value)
      ? value.map((item) => JSON.stringify(item)).join(' ')
      : JSON.stringify(value);
    throw new UsageError(`--${flag} must be one of ${choices.join(', ')}, got ${shown}`);
  }
}

function builder(yargs: Argv): Argv {
  return yargs
    .middleware(checkEnums, true)
    .positional('types', {
      describe: 'instance types (InstanceTypeId), e.g. ecs.c7.4xlarge',
      type: 'string',
      array: true,
    })
    .option('popular', {
      type: 'boolean',
      describe: `plan ${POPULAR_TYPES.join(', ')} in both modes`,
    })
    .option('mode', {
      choices: MODES,
      describe: 'Terway ENI mode (default: shared)',
    })
    .option('trunk', { type: 'boolean', describe: 'trunk ENI: member-ENI pods (shared mode)' })
    .option('ip-prefix', { type: 'boolean', describe: 'IP prefix mode, /28 per slot (1.17.1+)' })
    .option('erdma', { type: 'boolean', describe: 'set ENIs aside for ERDMA (1.7.0+)' })
    .option('stack', {
      choices: STACKS,
      describe: 'IP stack asked for (default: ipv4)',
    })
    .option('terway', {
      type: 'string',
      describe: `Terway version, e.g. v1.11.0 (default: ${NEWEST_KNOWN_TERWAY})`,
    })
    .option('eni-conf', {
      type: 'string',
      describe: 'eni_conf JSON (or the eni-config ConfigMap) to apply',
    })
    .option('reservation', {
      type: 'string',
      choices: RESERVATIONS,
      default: '1.28',
      describe: 'ACK resource reservation policy',
    })
    .option('memory-ki', { type: 'string', describe: "the node's MemTotal in KiB" })
    .option('ephemeral-ki', { type: 'string', describe: "the node's root filesystem in KiB" })
    .option('max-pods', { type: 'string', describe: 'kubelet max-pods set on the node pool' })
    .option('catalog', {
      type: 'string',
      describe: 'extra instance types (DescribeInstanceTypes JSON, array, or EFLO shapes)',
    })
    .option('json', { type: 'boolean', default: false, describe: 'print a JSON array' })
    .option('html', {
      type: 'string',
      describe: 'also write the comparison as a self-contained HTML page to FILE',
    })
    .example('$0 capacity ecs.c7.4xlarge --mode exclusive', 'one node, kubectl-describe style')
    .example('$0 capacity --popular', 'popular types in both modes')
    .example('$0 capacity ecs.g7.xlarge --trunk --json', 'JSON with member-ENI pods');
}

/** The typed command line. */
interface CapacityArgs {
  readonly types: readonly string[];
  readonly modes: readonly EniMode[];
  readonly json: boolean;
  readonly catalogFile: string | null;
  readonly eniConfFile: string | null;
  readonly base: Omit<
    NodeCapacityOptions,
    'mode' | 'conf' | 'trunk' | 'ipPrefix' | 'erdma' | 'stack'
  >;
  readonly flags: {
    readonly trunk: boolean | undefined;
    readonly ipPrefix: boolean | undefined;
    readonly erdma: boolean | undefined;
    readonly stack: IpStack | undefined;
  };
}

function optionalString(args: ArgumentsCamelCase, key: string): string | undefined {
  const value = args[key];
  if (value === undefined) return undefined;
  if (Array.isArray(value)) throw new UsageError(`--${key} is given more than once`);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A file flag, `null` when absent; a flag given without a file name is a usage error. */
function fileFlag(args: ArgumentsCamelCase, key: string): string | null {
  const value = optionalString(args, key);
  if (value === undefined) return null;
  if (value.trim() === '') throw new UsageError(`--${key} needs a FILE`);
  return value;
}

function optionalBoolean(args: ArgumentsCamelCase, key: string): boolean | undefined {
  const value = args[key];
  return typeof value === 'boolean' ? value : undefined;
}

/** A whole-number flag, `null` when absent. Parsed here so the message is exact. */
function wholeFlag(args: ArgumentsCamelCase, flag: string, max: number): number | null {
  const text = optionalString(args, flag);
  if (text === undefined) return null;
  const value = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < 1 || value > max) {
    throw new UsageError(
      `--${flag} must be a whole number from 1 to ${max}, got ${quoteInput(text)}`,
    );
  }
  return value;
}

function terwayFlag(args: ArgumentsCamelCase): TerwayVersion {
  const text = optionalString(args, 'terway');
  if (text === undefined) return defaultTerwayVersion();
  const parsed = parseTerwayVersion(text);
  if (!parsed.ok) throw new UsageError(`--terway: ${parsed.message}`);
  return parsed.version;
}

function typesOf(args: ArgumentsCamelCase): string[] {
  const raw = args['types'];
  const given = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).map(String);
  const popular = args['popular'] === true;
  if (popular && given.length > 0) {
    throw new UsageError('--popular plans its own list of types; give either TYPE... or --popular');
  }
  if (popular) return [...POPULAR_TYPES];
  if (given.length === 0) {
    throw new UsageError('name at least one instance type (e.g. ecs.c7.4xlarge), or use --popular');
  }
  return [...new Set(given)];
}

function parseArgs(args: ArgumentsCamelCase): CapacityArgs {
  const mode = optionalString(args, 'mode') as EniMode | undefined;
  const popular = args['popular'] === true;
  return {
    types: typesOf(args),
    modes: mode !== undefined ? [mode] : popular ? MODES : ['shared'],
    json: args['json'] === true,
    catalogFile: fileFlag(args, 'catalog'),
    eniConfFile: fileFlag(args, 'eni-conf'),
    base: {
      terway: terwayFlag(args),
      reservation: (optionalString(args, 'reservation') ?? '1.28') as ReservationPolicy,
      // 64 TiB and 1 PiB in KiB: far beyond any instance, well inside exact arithmetic.
      memoryKi: wholeFlag(args, 'memory-ki', 64 * 1024 ** 3),
      ephemeralKi: wholeFlag(args, 'ephemeral-ki', 1024 ** 4),
      maxPods: wholeFlag(args, 'max-pods', 100_000),
    },
    flags: {
      trunk: optionalBoolean(args, 'trunk'),
      ipPrefix: optionalBoolean(args, 'ip-prefix'),
      erdma: optionalBoolean(args, 'erdma'),
      stack: optionalString(args, 'stack') as IpStack | undefined,
    },
  };
}

function resolveTypes(catalog: Catalog, ids: readonly string[]) {
  return ids.map((id) => {
    const found = lookupInstanceType(catalog, id);
    if (found.ok) return found.type;
    const hint =
      found.suggestions.length > 0
        ? `; did you mean ${found.suggestions.map((name) => quoteInput(name)).join(', ')}?`
        : '';
    throw new InputError(
      `unknown instance type ${quoteInput(id)}${hint} (add it with --catalog FILE)`,
    );
  });
}

/** Builds every plan the command line asks for; throws before anything is printed. */
export function planFromArgs(args: ArgumentsCamelCase): {
  readonly plans: readonly NodeCapacityPlan[];
  readonly json: boolean;
  readonly conf: EniConf;
  readonly eniConfFile: string | null;
} {
  const parsed = parseArgs(args);
  const extra = parsed.catalogFile === null ? [] : loadCatalogFile(parsed.catalogFile);
  const catalog = mergeCatalogs(defaultCatalog(), extra);
  const conf = parsed.eniConfFile === null ? DEFAULT_ENI_CONF : loadEniConfFile(parsed.eniConfFile);
  const types = resolveTypes(catalog, parsed.types);
  // A flag on the command line wins; otherwise eni_conf's setting; otherwise Terway's default.
  const features = {
    trunk: parsed.flags.trunk ?? conf.enableEniTrunking,
    ipPrefix: parsed.flags.ipPrefix ?? conf.enableIpPrefix,
    erdma: parsed.flags.erdma ?? conf.enableErdma,
    stack: parsed.flags.stack ?? conf.ipStack,
  };
  const plans = parsed.modes.flatMap((mode) =>
    types.map((type) => planNodeCapacity(type, { ...parsed.base, ...features, mode, conf })),
  );
  return { plans, json: parsed.json, conf, eniConfFile: parsed.eniConfFile };
}

async function run(args: ArgumentsCamelCase, io: CommandIo): Promise<number> {
  const { plans, json, conf, eniConfFile } = planFromArgs(args);
  const html = args['html'];
  if (html !== undefined) {
    if (typeof html !== 'string' || html === '') throw new UsageError('--html needs a FILE');
    try {
      await writeFileAtomic(html, renderCapacityHtml(plans));
    } catch (error) {
      const reason =
        error instanceof Error && 'code' in error ? String(error.code) : 'write failed';
      throw new InputError(`${quoteInput(html)}: cannot write the page (${reason})`);
    }
    io.err(`Capacity page: ${html}\n`);
  }
  // A likely typo in eni_conf is in no plan, so it goes to stderr in both output forms.
  for (const key of conf.unknownKeys) {
    io.err(
      `enisim: warning: ${eniConfFile ?? 'eni_conf'}: unknown eni_conf key ${quoteInput(key)} (Terway ignores it)\n`,
    );
  }
  if (json) {
    io.out(renderJson(plans));
    return ExitCode.ok;
  }
  for (const line of warningLines(plans)) io.err(`${line}\n`);
  const only = plans.length === 1 ? plans[0] : undefined;
  io.out(only === undefined ? renderTable(plans) : renderDescribe(only));
  return ExitCode.ok;
}

/** The `capacity` command. */
export const capacityCommand: CliCommand = {
  command: 'capacity [types..]',
  describe:
    'pods per node, Capacity and Allocatable for instance types, as ACK and Terway compute them',
  builder,
  run,
};
