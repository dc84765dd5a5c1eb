/**
 * Whether the namespace tests can run here, said loudly when they cannot. Where the addon does not
 * load they skip (the rest of the suite runs); with ENISIM_NATIVE=required (CI) they fail instead.
 * Root-only tests also skip, saying so, when the process lacks CAP_NET_ADMIN/CAP_SYS_ADMIN.
 */
import { execFileSync } from 'node:child_process';
import { capabilities, loadBinding, NativeUnavailableError } from '../../native/load.js';
import type { RawBinding } from '../../native/rawBinding.js';

export const nativeRequired = process.env['ENISIM_NATIVE'] === 'required';

function tryLoad(): { binding?: RawBinding; reason?: string } {
  try {
    return { binding: loadBinding() };
  } catch (error) {
    if (error instanceof NativeUnavailableError) return { reason: error.message };
    throw error;
  }
}

const loaded = tryLoad();
export const binding: RawBinding | undefined = loaded.binding;
export const caps = capabilities();
export const privileged = caps.netAdmin && caps.sysAdmin;

/** Why the namespace tests that need root skip here, or undefined when they run. */
export const rootSkipReason: string | undefined =
  loaded.reason ?? (privileged ? undefined : 'not root (no CAP_NET_ADMIN/CAP_SYS_ADMIN)');

if (loaded.reason !== undefined) {
  if (nativeRequired)
    throw new Error(`ENISIM_NATIVE=required but the binding does not load: ${loaded.reason}`);
  console.warn(`\n*** native namespace tests SKIPPED: ${loaded.reason} ***\n`);
} else if (!privileged) {
  console.warn(`\n*** root-only namespace tests SKIPPED: ${rootSkipReason ?? ''} ***\n`);
}

/** The binding, for code inside a test that the gate let run. */
export function theBinding(): RawBinding {
  if (binding === undefined) throw new Error('native binding not loaded');
  return binding;
}

/** Names under /run/netns (what `ip netns list` shows, without its ids). */
export function listNetns(): string[] {
  const out = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => line.split(' ')[0] ?? '')
    .filter((name) => name !== '');
}

/** A namespace prefix with this process's id, so parallel test files never meet. */
export function testPrefix(tag: string): string {
  return `enx${process.pid}${tag}-`;
}

/** Removes every namespace whose name starts with `prefix` (by `ip netns del`, the other tool). */
export function removeNetnsWithPrefix(prefix: string): void {
  for (const name of listNetns())
    if (name.startsWith(prefix)) execFileSync('ip', ['netns', 'del', name]);
}
