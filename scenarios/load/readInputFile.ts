/**
 * Reads an input file as text, refusing what would hang or exhaust the machine: only regular
 * files (a FIFO blocks forever, /dev/zero never ends), at most {@link INPUT_BYTES_MAX} bytes,
 * decoded as strict UTF-8 (a byte-order mark is dropped; UTF-16 gets a hint to re-encode).
 */
import { closeSync, fstatSync, openSync, readSync, constants } from 'node:fs';

/** The largest input file read: far above any real scenario, catalog or manifest. */
export const INPUT_BYTES_MAX = 64 * 1024 * 1024;

/** Why a file cannot be read, in words, as an Error whose message is one line. */
export class InputFileError extends Error {
  override readonly name = 'InputFileError';
}

/** The file's text, or throws an {@link InputFileError} (or the system's error for a missing file). */
export function readInputFile(path: string): string {
  // O_NONBLOCK: opening a FIFO with no writer would otherwise block before fstat can refuse it.
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw new InputFileError('it is a directory, not a file');
    if (!stat.isFile()) {
      throw new InputFileError('it is not a regular file (a device, FIFO or socket)');
    }
    if (stat.size > INPUT_BYTES_MAX) {
      throw new InputFileError(
        `it is ${stat.size.toLocaleString('en-US')} bytes; the limit is ${INPUT_BYTES_MAX.toLocaleString('en-US')}`,
      );
    }
    const bytes = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const count = readSync(fd, bytes, read, stat.size - read, null);
      if (count === 0) break;
      read += count;
    }
    return decode(bytes.subarray(0, read));
  } finally {
    closeSync(fd);
  }
}

function decode(bytes: Buffer): string {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    throw new InputFileError('it is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)');
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new InputFileError('it is not UTF-8 text (a binary file, or another encoding)');
  }
  return text.replace(/^\uFEFF/u, '');
}
