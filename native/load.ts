/**
 * Loads the rtnetlink addon and explains itself when it cannot: not Linux, not built, or (for
 * what changes the kernel) no CAP_NET_ADMIN each give one error naming what to do. The simulator
 * never loads it; only `enisim node` and library users of `native/` do.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawBinding } from './rawBinding.js';

/** Why the binding cannot be used. */
export type NativeUnavailableCode =
  'ERR_NATIVE_UNSUPPORTED' | 'ERR_NATIVE_NOT_BUILT' | 'ERR_NATIVE_NO_CAP_NET_ADMIN';

/** The binding cannot be used here; `message` says why and what to do (the CLI exits 4). */
export class NativeUnavailableError extends Error {
  readonly code: NativeUnavailableCode;
  constructor(code: NativeUnavailableCode, message: string) {
    super(message);
    this.name = 'NativeUnavailableError';
    this.code = code;
  }
}

const ADDON_FILE = 'enisim_rtnl.node';

/** Where a build leaves the addon, seen from this file in the source tree and in dist/. */
export function addonCandidates(): string[] {
  const here = dirname(fileURLToPath(import.meta.url));
  return [
    resolve(here, 'build', 'Release', ADDON_FILE),
    resolve(here, '..', '..', 'native', 'build', 'Release', ADDON_FILE),
  ];
}

/** What to load, for tests that pretend to be elsewhere. */
export interface LoadOptions {
  readonly platform?: NodeJS.Platform;
  readonly paths?: readonly string[];
}

let cached: RawBinding | undefined;

/** The addon, or a {@link NativeUnavailableError} saying why not. */
export function loadBinding(options: LoadOptions = {}): RawBinding {
  const platform = options.platform ?? process.platform;
  if (platform !== 'linux')
    throw new NativeUnavailableError(
      'ERR_NATIVE_UNSUPPORTED',
      `the native netlink binding needs Linux (this is ${platform}); node mode cannot run here, the simulator can`,
    );
  const defaults = options.paths === undefined;
  if (defaults && cached !== undefined) return cached;
  const paths = options.paths ?? addonCandidates();
  const path = paths.find((candidate) => existsSync(candidate));
  if (path === undefined)
    throw new NativeUnavailableError(
      'ERR_NATIVE_NOT_BUILT',
      `the native netlink binding is not built (looked for ${paths.join(', ')}); run \`npm run build:native\` (needs g++, make and python3)`,
    );
  try {
    const binding = createRequire(import.meta.url)(path) as RawBinding;
    if (defaults) cached = binding;
    return binding;
  } catch (error) {
    throw new NativeUnavailableError(
      'ERR_NATIVE_NOT_BUILT',
      `the native netlink binding at ${path} does not load (${(error as Error).message}); run \`npm run build:native\``,
    );
  }
}

const CAP_NET_ADMIN = 12;
const CAP_SYS_ADMIN = 21;

/** The effective capabilities that matter here, read from /proc/self/status. */
export function capabilities(statusText?: string): {
  readonly netAdmin: boolean;
  readonly sysAdmin: boolean;
} {
  const text = statusText ?? readFileSync('/proc/self/status', 'utf8');
  const hex = /^CapEff:\s*([0-9a-f]+)$/m.exec(text)?.[1] ?? '0';
  const effective = BigInt(`0x${hex}`);
  const has = (bit: number): boolean => (effective & (1n << BigInt(bit))) !== 0n;
  return { netAdmin: has(CAP_NET_ADMIN), sysAdmin: has(CAP_SYS_ADMIN) };
}

/** Throws unless this process may change network namespaces (CAP_NET_ADMIN and CAP_SYS_ADMIN). */
export function requireNetAdmin(statusText?: string): void {
  const caps = capabilities(statusText);
  if (!caps.netAdmin || !caps.sysAdmin)
    throw new NativeUnavailableError(
      'ERR_NATIVE_NO_CAP_NET_ADMIN',
      `node mode needs CAP_NET_ADMIN and CAP_SYS_ADMIN to create and enter network namespaces (this process has${caps.netAdmin ? '' : ' no CAP_NET_ADMIN'}${caps.sysAdmin ? '' : ' no CAP_SYS_ADMIN'}); run it as root`,
    );
}
