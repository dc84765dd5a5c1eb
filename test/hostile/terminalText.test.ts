/**
 * Control characters from input never reach the terminal: C0 (but tab and newline), DEL and C1
 * are written as JSON-style escapes, and a quoted input value is a short one-line preview.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { escapeTerminalControls, quoteInput } from '../../models/displayText.js';
import { enisimSync, ensureBuilt } from '../helpers/cli.js';

/** Any byte a terminal acts on: C0 but tab and newline, DEL, C1 (as UTF-8). */
// eslint-disable-next-line no-control-regex -- the test looks for raw control characters
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/u;

describe('terminal text', () => {
  it('escapes C0, DEL and C1 and keeps tab and newline', () => {
    expect(escapeTerminalControls('a\u001b[2J\u0007\u007f\u0085\tb\n')).toBe(
      'a\\u001b[2J\\u0007\\u007f\\u0085\tb\n',
    );
  });

  it('quotes a value on one line, escaped, and cuts a long one to 80 characters and its length', () => {
    expect(quoteInput('x\ny\u0085\u2028')).toBe('"x\\ny\\u0085\\u2028"');
    const secret = `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(2000)}`;
    const quoted = quoteInput(secret);
    expect(quoted).toMatch(/…" \(2,028 characters\)$/u);
    expect(quoted.length).toBeLessThan(120);
  });

  it('enisim capacity prints a catalog InstanceTypeId holding ESC, BEL and C1 escaped, text and JSON', () => {
    ensureBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'enisim-controls-'));
    const id = 'ecs.evil\u001b]0;pwned\u0007\u001b[2J\u0085x';
    writeFileSync(
      join(dir, 'catalog.json'),
      JSON.stringify([
        {
          InstanceTypeId: id,
          EniQuantity: 4,
          EniPrivateIpAddressQuantity: 10,
          CpuCoreCount: 4,
          MemorySize: 16,
        },
      ]),
    );
    const text = enisimSync(['capacity', id, '--catalog', 'catalog.json'], { cwd: dir });
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('ecs.evil\\u001b]0;pwned\\u0007\\u001b[2J\\u0085x');
    expect(text.stdout + text.stderr).not.toMatch(RAW_CONTROL);
    const json = enisimSync(['capacity', id, '--catalog', 'catalog.json', '--json'], { cwd: dir });
    expect(json.stdout).not.toMatch(RAW_CONTROL);
    expect((JSON.parse(json.stdout) as { instanceType: string }[])[0]?.instanceType).toBe(id);
    const unknown = enisimSync(['capacity', 'ecs.nope\u001b[2J'], { cwd: dir });
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toBe(
      'enisim: unknown instance type "ecs.nope\\u001b[2J" (add it with --catalog FILE)\n',
    );
  });
});
