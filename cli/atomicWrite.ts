/**
 * Every file `enisim` writes goes through here, so that a reader sees the old file or the whole
 * new one, never a part. write-file-atomic writes a temporary file beside the target (named per
 * process, thread and call, so worker threads writing one path never share it), fsyncs it,
 * renames it over the target, and removes it on failure or when the process exits on a signal.
 */
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';

import writeFileAtomicLibrary from 'write-file-atomic';

/** Writes `content` to `path` atomically (temporary file in the same directory, fsync, rename). */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomicLibrary(path, typeof content === 'string' ? content : Buffer.from(content), {
    fsync: true,
  });
}

/** One file of an {@link writeOutputSet output set}. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Writes files that describe one result together (results.json and timings.json), each
 * atomically and in order. If one fails, those of the set already written are removed, so the
 * directory never holds new files of this set beside old ones of another. The caller keeps
 * signals from stopping the set midway (see `Interruption`): the set is written whole.
 */
export async function writeOutputSet(files: readonly OutputFile[]): Promise<void> {
  const written: string[] = [];
  try {
    for (const file of files) {
      await writeFileAtomic(file.path, file.content);
      written.push(file.path);
    }
  } catch (error) {
    await Promise.all(written.map((path) => rm(path, { force: true })));
    throw error;
  }
}
