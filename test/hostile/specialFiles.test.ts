/**
 * Input files that would hang or exhaust the machine are refused at once, naming the file: a
 * device, a FIFO, UTF-16 and bytes that are not UTF-8. A UTF-8 byte-order mark is accepted.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { enisimSync, ensureBuilt } from '../helpers/cli.js';

let dir = '';
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'enisim-special-'));
  execFileSync('mkfifo', [join(dir, 'fifo')]);
  writeFileSync(join(dir, 'utf16.json'), Buffer.from([0xff, 0xfe, 0x5b, 0x00, 0x5d, 0x00]));
  writeFileSync(join(dir, 'latin1.json'), Buffer.from([0x5b, 0x22, 0xe9, 0x22, 0x5d]));
  writeFileSync(join(dir, 'bom.json'), `\uFEFF[]`);
});

describe('special and mis-encoded files as --catalog', () => {
  it.each([
    ['/dev/zero', 'it is not a regular file (a device, FIFO or socket)'],
    ['fifo', 'it is not a regular file (a device, FIFO or socket)'],
    ['utf16.json', 'it is UTF-16; save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)'],
    ['latin1.json', 'it is not UTF-8 text (a binary file, or another encoding)'],
  ])('%s: exit 1 at once with one line naming the file', (file, reason) => {
    const run = enisimSync(['capacity', 'ecs.g7.xlarge', '--catalog', file], {
      cwd: dir,
      timeoutMs: 20_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`enisim: ${file}: cannot read: ${reason}\n`);
  });

  it('a UTF-8 byte-order mark is dropped', () => {
    const run = enisimSync(['capacity', 'ecs.g7.xlarge', '--catalog', 'bom.json'], { cwd: dir });
    expect(run.status).toBe(0);
  });

  it('validate refuses a FIFO as the scenario without blocking', () => {
    const run = enisimSync(['validate', 'fifo'], { cwd: dir, timeoutMs: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stdout).toContain('cannot read fifo: it is not a regular file');
  });
});
