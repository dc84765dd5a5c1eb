/// <reference lib="dom" />
/**
 * The HTML report and the comparison page in a real browser: Debian's Chromium (/usr/bin/chromium)
 * driven by playwright-core with a fresh profile. Checks what a reader sees: no console error and
 * no request beyond the file itself, every chart an SVG with data marks, figures read off the page
 * equal to results.json, series told apart by dash or marker as well as colour, the CSP, and
 * hostile input shown as text with nothing run. A full-page screenshot goes to test-output/.
 * Without Chromium the suite fails with one line naming the package to install.
 */
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { POD_PHASES, type PodPhaseName, type Results } from '../../models/results/index.js';
import { PHASE_LABELS } from '../../reports/html/phaseNames.js';

const CHROMIUM = '/usr/bin/chromium';
const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'enisim.js');
const output = join(root, 'test-output');
const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

let work: string;
let browser: Browser;

function enisim(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { cwd: work, encoding: 'utf8' });
}

/** Opens a file, recording console errors, dialogs (a run script) and every request. */
async function open(file: string, javaScriptEnabled = true) {
  const context = await browser.newContext({ javaScriptEnabled });
  const page: Page = await context.newPage();
  const errors: string[] = [];
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => requests.push(request.url()));
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const url = pathToFileURL(file).href;
  await page.goto(url, { waitUntil: 'load' });
  return { page, errors, requests, dialogs, url, close: () => context.close() };
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  }
  work = mkdtempSync(join(tmpdir(), 'enisim-browser-'));
  mkdirSync(output, { recursive: true });
  // A hostile description and file name: the scenario copied under a name carrying markup.
  const text = readFileSync(join(root, 'scenarios', 'vswitch-exhaustion.yaml'), 'utf8');
  const hostileText = text.replace(/description: .*/, `description: '${HOSTILE}'`);
  expect(hostileText).toContain(HOSTILE);
  writeFileSync(join(work, 'scenario.yaml'), hostileText);
  // Its manifests, which paths in a scenario name relative to the scenario file.
  cpSync(join(root, 'scenarios', 'manifests'), join(work, 'manifests'), { recursive: true });
  expect(enisim('run', 'scenario.yaml', '--out', 'vsw').status).toBe(0);
  expect(
    enisim('run', join(root, 'scenarios', 'burst-scale-out.yaml'), '--out', 'burst').status,
  ).toBe(0);
  expect(enisim('compare', 'vsw', 'burst', '--out', 'cmp').status).toBe(0);
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  console.log(`browser: Chromium ${browser.version()}`);
}, 120_000);

afterAll(async () => {
  // eslint-disable-next-line @typescript-eslint/no-unnecessary-condition -- beforeAll may fail first
  await browser?.close();
  copyFileSync(join(work, 'vsw', 'report.html'), join(output, 'report-vswitch-exhaustion.html'));
  rmSync(work, { recursive: true, force: true });
});

function results(dir: string): Results {
  return JSON.parse(readFileSync(join(work, dir, 'results.json'), 'utf8')) as Results;
}

describe('report.html in Chromium', () => {
  it('loads with no console error, no request beyond itself, and a strict CSP', async () => {
    const view = await open(join(work, 'vsw', 'report.html'));
    expect(view.errors).toEqual([]);
    expect(view.requests).toEqual([view.url]);
    const csp = await view.page.getAttribute(
      'meta[http-equiv="Content-Security-Policy"]',
      'content',
    );
    expect(csp).toContain("default-src 'none'");
    expect(await view.page.locator('script').count()).toBe(0);
    await view.page.screenshot({
      path: join(output, 'report-vswitch-exhaustion.png'),
      fullPage: true,
    });
    await view.close();
  });

  it('draws every chart as an SVG with data marks, and a legend beside each line chart', async () => {
    const view = await open(join(work, 'vsw', 'report.html'));
    const charts = await view.page.locator('svg.chart').all();
    expect(charts.length).toBeGreaterThanOrEqual(8);
    for (const chart of charts) {
      const id = await chart.getAttribute('id');
      const marks = await chart.locator('.mark').count();
      expect(marks, `chart ${id ?? '?'} has data marks`).toBeGreaterThan(0);
      expect(await chart.locator('title').first().textContent()).not.toBe('');
    }
    // The pods chart: one legend entry per series, in the same order.
    const legendNames = await view.page.locator('#chart-pods + ul.legend li').allTextContents();
    const seriesNames = await view.page
      .locator('#chart-pods g.series')
      .evaluateAll((groups) => groups.map((g) => g.getAttribute('data-series')));
    expect(legendNames.map((name) => name.trim())).toEqual(seriesNames);
    await view.close();
  });

  it('shows the p99 marker, a vSwitch minimum and the throttled total as results.json has them', async () => {
    const doc = results('vsw');
    const view = await open(join(work, 'vsw', 'report.html'));
    const p99 = doc.latency.podNetworkReadyMs.shared.p99;
    const marker = view.page.locator('#chart-latency-cdf g.marker[data-marker="shared-p99"]');
    expect(Number(await marker.getAttribute('data-value-ms'))).toBe(p99);
    expect(await marker.locator('title').textContent()).toMatch(/^p99 /);
    const vSwitch = doc.vSwitches[0];
    if (vSwitch === undefined) throw new Error('the scenario has a vSwitch');
    const free = await view.page.locator(`[data-vswitch-free-min="${vSwitch.id}"]`).textContent();
    expect(Number(free?.replaceAll(',', ''))).toBe(vSwitch.freeAddressesMin);
    const throttled = await view.page.locator('[data-throttled-total]').textContent();
    expect(Number(throttled?.replaceAll(',', ''))).toBe(doc.api.totals.throttled);
    // The histogram's bars hold exactly the document's counts.
    const counts = await view.page
      .locator('#chart-latency-histogram .bar')
      .evaluateAll((bars) =>
        bars.reduce((sum, bar) => sum + Number(bar.getAttribute('data-count')), 0),
      );
    const histograms = doc.latency.histograms;
    if (histograms === null) throw new Error('a v2 run has histograms');
    expect(counts).toBe(histograms.byMode.shared.networkReady.reduce((a, b) => a + b, 0));
    await view.close();
  });

  it('tells adjacent series apart by dash pattern or marker as well as colour', async () => {
    const view = await open(join(work, 'vsw', 'report.html'));
    const groups = await view.page.locator('svg.chart g.series[data-dash]').evaluateAll((nodes) =>
      nodes.map((g) => ({
        chart: g.closest('svg')?.id ?? '',
        color: g.getAttribute('data-color'),
        dash: g.querySelector('path.line')?.getAttribute('stroke-dasharray'),
        marker: g.getAttribute('data-marker-shape'),
      })),
    );
    let pairs = 0;
    for (let i = 1; i < groups.length; i++) {
      const [a, b] = [groups[i - 1], groups[i]];
      if (a === undefined || b === undefined || a.chart !== b.chart) continue;
      pairs++;
      expect(a.color).not.toBe(b.color);
      expect(a.dash !== b.dash || a.marker !== b.marker).toBe(true);
    }
    expect(pairs).toBeGreaterThan(3);
    await view.close();
  });

  it('draws where the time goes as results.json’s phase means, cloud wait split by operation', async () => {
    const doc = results('burst');
    const phases = doc.latency.phases;
    if (phases === null) throw new Error('a v2 run has phases');
    const view = await open(join(work, 'burst', 'report.html'));
    const rows = await view.page.locator('#chart-phases g.row').evaluateAll((groups) =>
      groups.map((g) => ({
        label: g.getAttribute('data-row') ?? '',
        segments: Array.from(g.querySelectorAll('rect.segment')).map((rect) => ({
          name: rect.getAttribute('data-segment') ?? '',
          value: Number(rect.getAttribute('data-value')),
          fill: rect.getAttribute('fill') ?? '',
        })),
      })),
    );
    const labels = Object.fromEntries(
      POD_PHASES.map((phase) => [phase, PHASE_LABELS[phase]]),
    ) as Record<PodPhaseName, string>;
    // One bar for all pods and one for the tail, per mode with pods, in the document's order.
    const expected = (['all', 'shared', 'exclusive', 'trunk'] as const)
      .filter((mode) => phases[mode].all.pods > 0)
      .flatMap((mode) => [phases[mode].all.meanMs, phases[mode].tail.meanMs]);
    expect(rows).toHaveLength(expected.length);
    rows.forEach((row, index) => {
      const means = expected[index];
      if (means == null) throw new Error(`row ${row.label} has means`);
      const drawn = POD_PHASES.filter((phase) => means[phase] > 0).map((phase) => ({
        name: labels[phase],
        value: means[phase],
      }));
      expect(
        row.segments.map(({ name, value }) => ({ name, value })),
        row.label,
      ).toEqual(drawn);
    });
    // The burst's throttled creates show as their own segment, apart from create and assign.
    const tail = rows.find((row) => row.label.startsWith('all: p99 tail'));
    const throttled = tail?.segments.find((seg) => seg.name === labels.cloudThrottled);
    expect(throttled?.value).toBe(phases.all.tail.meanMs?.cloudThrottled);
    expect(throttled?.value).toBeGreaterThan(0);
    // Adjacent segments differ in colour and in texture (pattern attributes).
    const looks = await view.page
      .locator('pattern[id^="hatch-"]')
      .evaluateAll((patterns) =>
        Object.fromEntries(
          patterns.map((p) => [
            `url(#${p.id})`,
            `${p.getAttribute('data-color') ?? ''} ${p.getAttribute('data-texture') ?? ''}`,
          ]),
        ),
      );
    for (const row of rows) {
      for (let i = 1; i < row.segments.length; i++) {
        const [a, b] = [looks[row.segments[i - 1]?.fill ?? ''], looks[row.segments[i]?.fill ?? '']];
        expect(a).toBeDefined();
        const [colorA, textureA] = (a ?? '').split(' ');
        const [colorB, textureB] = (b ?? '').split(' ');
        expect(colorA).not.toBe(colorB);
        expect(textureA).not.toBe(textureB);
      }
    }
    // The sentence under the chart names the tail's largest phase.
    const named = await view.page
      .locator('ul.tails li[data-tail-mode="all"]')
      .getAttribute('data-tail-phase');
    const tailMeans = phases.all.tail.meanMs;
    if (tailMeans === null) throw new Error('the tail has pods');
    expect(tailMeans[named as PodPhaseName]).toBe(Math.max(...Object.values(tailMeans)));
    await view.close();
  });

  it('shows hostile input as text and runs nothing, with scripts on and off', async () => {
    for (const scripts of [true, false]) {
      const view = await open(join(work, 'vsw', 'report.html'), scripts);
      expect(view.dialogs).toEqual([]);
      expect(await view.page.locator('.lede').textContent()).toBe(HOSTILE);
      expect(await view.page.locator('img').count()).toBe(0);
      await view.close();
    }
  });

  it('renders a hand-edited results.json with markup in every free string as text', async () => {
    const doc = JSON.parse(readFileSync(join(work, 'vsw', 'results.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    const edited = {
      ...doc,
      scenario: { name: HOSTILE, file: HOSTILE, description: HOSTILE },
      warnings: [{ code: HOSTILE, pool: HOSTILE, instanceType: HOSTILE, message: HOSTILE }],
    };
    mkdirSync(join(work, 'edited'));
    writeFileSync(join(work, 'edited', 'results.json'), JSON.stringify(edited));
    expect(enisim('report', 'edited').status).toBe(0);
    const view = await open(join(work, 'edited', 'report.html'));
    expect(view.dialogs).toEqual([]);
    expect(view.errors).toEqual([]);
    expect(await view.page.title()).toBe(`enisim forecast: ${HOSTILE}`);
    expect(await view.page.locator('ul.warnings li').textContent()).toContain(HOSTILE);
    expect(await view.page.locator('img, script').count()).toBe(0);
    await view.close();
  });
});

describe('compare.html in Chromium', () => {
  it('puts both runs on the same axes and lists the deltas of compare.json', async () => {
    const comparison = JSON.parse(readFileSync(join(work, 'cmp', 'compare.json'), 'utf8')) as {
      rows: { figure: string; subject: string; a: number | null; b: number | null }[];
    };
    const view = await open(join(work, 'cmp', 'compare.html'));
    expect(view.errors).toEqual([]);
    expect(view.requests).toEqual([view.url]);
    expect(await view.page.locator('#delta-table tbody tr').count()).toBe(comparison.rows.length);
    for (const id of ['chart-compare-cdf', 'chart-compare-running', 'chart-compare-free']) {
      expect(await view.page.locator(`#${id} g.series`).count(), id).toBe(2);
    }
    const throttled = comparison.rows.find((row) => row.figure === 'throttledCalls');
    expect(throttled?.a).toBe(results('vsw').api.totals.throttled);
    expect(throttled?.b).toBe(results('burst').api.totals.throttled);
    await view.page.screenshot({ path: join(output, 'compare.png'), fullPage: true });
    await view.close();
  });
});
