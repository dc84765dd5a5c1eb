/**
 * The built command (`node bin/enisim.js`) in a child process, as users run it. Builds `dist/`
 * once when a test file runs alone before `npm run build`.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));
export const enisimBin = join(repositoryRoot, 'bin', 'enisim.js');

/** What a finished child printed and how it ended. */
export interface CliRun {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Builds dist/ if it is missing. */
export function ensureBuilt(): void {
  if (existsSync(join(repositoryRoot, 'dist', 'cli', 'main.js'))) return;
  spawnSync(
    process.execPath,
    [join(repositoryRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
    { cwd: repositoryRoot, stdio: 'ignore' },
  );
}

/** Runs `enisim ARGS` to the end (bounded by `timeoutMs`, then SIGKILL). */
export function enisimSync(
  args: readonly string[],
  options: { readonly cwd?: string; readonly timeoutMs?: number; readonly input?: string } = {},
): CliRun {
  const result = spawnSync(process.execPath, [enisimBin, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: options.timeoutMs ?? 60_000,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
    ...(options.input === undefined ? {} : { input: options.input }),
  });
  return {
    status: result.status,
    signal: result.signal,
    stdout: result.stdout,
    stderr: result.stderr,
  };
}

/** A running `enisim ARGS`, with its output collected, and a promise of how it ended. */
export interface RunningCli {
  readonly child: ChildProcess;
  /** Resolves when stderr has printed `text`. */
  stderrIncludes(text: string): Promise<void>;
  readonly done: Promise<CliRun>;
}

/** Starts `enisim ARGS` without waiting for it. */
export function enisimSpawn(
  args: readonly string[],
  options: { readonly cwd?: string } = {},
): RunningCli {
  const child = spawn(process.execPath, [enisimBin, ...args], {
    cwd: options.cwd ?? repositoryRoot,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const waiter of waiters.filter((entry) => stderr.includes(entry.text))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve();
    }
  });
  const done = new Promise<CliRun>((resolve) => {
    child.on('close', (status, signal) => {
      resolve({ status, signal, stdout, stderr });
    });
  });
  return {
    child,
    done,
    stderrIncludes: (text) =>
      stderr.includes(text)
        ? Promise.resolve()
        : new Promise((resolve) => {
            waiters.push({ text, resolve });
          }),
  };
}
