/**
 * The `--out` directory of `enisim run`: checked (and created) before the simulation starts, so a
 * bad `--out` is one usage line at once rather than a stack trace after a long run.
 */
import { accessSync, constants, mkdirSync, rmdirSync, statSync } from 'node:fs';
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
  EISDIR: 'a directory stands where an output file goes',
  EEXIST: 'a file of that name is in the way',
  ELOOP: 'the path loops through symbolic links',
  ENAMETOOLONG: 'the path is too long',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the output is larger than the file system allows',
  EIO: 'the device reported an input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files',
  EBUSY: 'the file is busy',
  EXDEV: 'the temporary file and the target are on different file systems',
};

function reasonOf(error: unknown): string {
  const errno = error as NodeJS.ErrnoException;
  const code = errno.code ?? 'unknown error';
  const reason = REASONS[code] ?? 'the system refused it';
  return errno.code === undefined ? reason : `${reason} (${errno.code})`;
}

/** The error for an `--out` (or another output flag's) path that cannot hold the output. */
export function outDirError(out: string, error: unknown, flag = '--out'): UsageError {
  return new UsageError(`${flag} ${out}: ${reasonOf(error)}`);
}

/**
 * Makes sure `out` is a writable directory, creating it and any missing parents, and returns the
 * directories it created (outermost first) so that a run that writes nothing can remove them. Each missing
 * level is created on its own rather than with `mkdirSync(…, { recursive: true })`, which on some
 * pseudo file systems (e.g. under /proc, where mkdir fails with ENOENT for an existing parent)
 * retries forever instead of failing.
 */
export function prepareOutDir(out: string, flag = '--out'): readonly string[] {
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
  const created: string[] = [];
  try {
    for (const directory of missing.reverse()) {
      mkdirSync(directory);
      created.push(directory);
    }
    accessSync(resolve(out), constants.W_OK | constants.X_OK);
  } catch (error) {
    removeCreatedDirectories(created);
    throw outDirError(out, error, flag);
  }
  return created;
}

/** Removes directories {@link prepareOutDir} created, innermost first, where they are still empty. */
export function removeCreatedDirectories(created: readonly string[]): void {
  for (const directory of [...created].reverse()) {
    try {
      rmdirSync(directory);
    } catch {
      return; // not empty (or gone): leave it and its parents
    }
  }
}
