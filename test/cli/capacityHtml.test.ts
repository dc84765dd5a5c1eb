/**
 * `enisim capacity --html FILE`: the page holds one row per plan with the figures `--json` gives
 * (ENI pods, kubelet max-pods, admitted), under the report's strict CSP and with no script; an
 * unwritable path exits 1 naming it and leaves nothing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { beforeAll, describe, expect, it } from 'vitest';

import { enisimBin, ensureBuilt } from '../helpers/cli.js';

function enisim(...args: string[]) {
  return spawnSync(process.execPath, [enisimBin, ...args], { encoding: 'utf8' });
}

beforeAll(() => {
  ensureBuilt();
});

describe('enisim capacity --html', () => {
  it('writes a row per plan with the --json figures, a strict CSP and no script', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-capacity-html-'));
    const file = join(dir, 'capacity.html');
    const types = ['ecs.g7.4xlarge', 'ecs.c7.4xlarge', 'ecs.g7.xlarge'];
    const run = enisim('capacity', ...types, '--mode', 'exclusive', '--html', file);
    expect(run.status).toBe(0);
    expect(run.stderr).toContain(`Capacity page: ${file}`);
    const json = enisim('capacity', ...types, '--mode', 'exclusive', '--json');
    const plans = JSON.parse(json.stdout) as {
      instanceType: string;
      containerPods: number | null;
      maxPods: number;
      admitted: boolean;
    }[];
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(`content="default-src 'none'`);
    expect(html).not.toMatch(/<script/i);
    const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '';
    const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) =>
      [...(m[1] ?? '').matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => c[1] ?? ''),
    );
    expect(rows).toHaveLength(plans.length);
    rows.forEach((cells, index) => {
      const plan = plans[index];
      expect(cells[0]).toBe(plan?.instanceType);
      expect(cells[4]).toBe(plan?.containerPods === null ? '—' : String(plan?.containerPods));
      expect(cells[6]).toBe(String(plan?.maxPods));
      expect(cells[9]?.startsWith(plan?.admitted === true ? 'admitted' : 'not admitted')).toBe(
        true,
      );
    });
  });

  it('shows markup in a --catalog instance type id as text: no element of it reaches the page', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-capacity-html-'));
    const hostile = '<script>alert(1)</script><img/src=x/onerror=alert(2)>';
    const catalog = join(dir, 'catalog.json');
    writeFileSync(
      catalog,
      JSON.stringify([
        {
          InstanceTypeId: hostile,
          EniQuantity: 4,
          EniPrivateIpAddressQuantity: 15,
          CpuCoreCount: 4,
          MemorySize: 16,
        },
      ]),
    );
    const file = join(dir, 'capacity.html');
    const run = enisim('capacity', hostile, '--catalog', catalog, '--html', file);
    expect(run.status).toBe(0);
    const html = readFileSync(file, 'utf8');
    expect(html).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img/src=x/onerror=alert(2)&gt;',
    );
    expect(html).not.toMatch(/<script|<img/i);
  });

  it('exits 1 naming an unwritable path, and writes nothing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'enisim-capacity-html-'));
    const blocked = join(dir, 'file');
    enisim('capacity', 'ecs.g7.xlarge', '--html', blocked);
    const run = enisim('capacity', 'ecs.g7.xlarge', '--html', join(blocked, 'page.html'));
    expect(run.status).toBe(1);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(join(blocked, 'page.html'));
    expect(existsSync(join(blocked, 'page.html'))).toBe(false);
  });
});
