/**
 * The `--out` directory of `enisim run`: checked (and created) before the simulation starts, so a
 * bad `--out` is one usage line at once rather than a stack trace after a long run.
 */
import { accessSync, constants, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

import { UsageError } from '../errors.js';

/** What an errno code means to someone who typed the path. */
const REASONS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  ENOTDIR: 'a part of the path is a file, not a directory',
  ENOENT: 'it cannot be created here',
};

function reasonOf(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
  return REASONS[code] ?? code;
}

/** The error for an `--out` (or another output flag's) path that cannot hold the output. */
export function outDirError(out: string, error: unknown, flag = '--out'): UsageError {
  return new UsageError(`${flag} ${out}: ${reasonOf(error)}`);
}

/**
 * Makes sure `out` is a writable directory, creating it and any missing parents. Each missing
 * level is created on its own rather than with `mkdirSync(…, { recursive: true })`, which on some
 * pseudo file systems (e.g. under /proc, where mkdir fails with ENOENT for an existing parent)
 * retries forever instead of failing.
 */
export function prepareOutDir(out: string, flag = '--out'): void {
  const missing: string[] = [];
  let path = resolve(out);
  // Bounded by the path's depth: dirname of the root is the root.
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(path).isDirectory();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outDirError(out, error, flag);
      missing.push(path);
      const parent = dirname(path);
      if (parent === path) throw outDirError(out, error, flag);
      path = parent;
      continue;
    }
    if (!isDirectory) {
      throw new UsageError(
        path === resolve(out)
          ? `${flag} ${out} is a file, not a directory`
          : `${flag} ${out}: ${path} is a file, not a directory`,
      );
    }
    break;
  }
  try {
    for (const directory of missing.reverse()) mkdirSync(directory);
    accessSync(resolve(out), constants.W_OK | constants.X_OK);
  } catch (error) {
    throw outDirError(out, error, flag);
  }
}
