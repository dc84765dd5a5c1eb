/**
 * Outputs are written atomically (write-file-atomic: temporary file beside the target, fsync,
 * rename) and an output set is all or nothing.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { writeFileAtomic, writeOutputSet } from '../../../cli/atomicWrite.js';

describe('atomic outputs', () => {
  it('writes the whole content and leaves no temporary file beside it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-atomic-'));
    await writeFileAtomic(join(dir, 'a.json'), 'new\n');
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe('new\n');
    expect(readdirSync(dir)).toEqual(['a.json']);
  });

  it('a set whose second file cannot be written removes the first again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-atomic-'));
    writeFileSync(join(dir, 'timings.json'), 'old timings\n');
    mkdirSync(join(dir, 'results.json')); // a directory where the second output goes
    await expect(
      writeOutputSet([
        { path: join(dir, 'timings.json'), content: 'new timings\n' },
        { path: join(dir, 'results.json'), content: 'new results\n' },
      ]),
    ).rejects.toMatchObject({ code: 'EISDIR' });
    expect(readdirSync(dir).sort()).toEqual(['results.json']);
  });
});
