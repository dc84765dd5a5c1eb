/**
 * The report `enisim run` writes beside results.json (and `enisim report` re-renders): one
 * self-contained HTML file, no script, no request, readable in a minute. Top to bottom: the
 * verdict, the scenario in brief, density per pool and type, pod network-ready latency (CDF and
 * histogram by mode), where start-up time goes, pods over time, addresses per vSwitch, the cloud
 * API, ENIs per node, unschedulable pods, replications, warnings. A pure function of the
 * results document.
 */
import {
  latencyBinBoundsMs,
  LATENCY_MODES,
  POD_PHASES,
  type LatencyMode,
  type Results,
} from '../../models/results/index.js';
import {
  countBars,
  fmt,
  legend,
  lineChart,
  logCdf,
  logHistogram,
  msFormat,
  stackedBars,
  type LineSeries,
  type LogBin,
  type VerticalMarker,
} from './charts.js';
import { downsample } from './downsample.js';
import { escapeHtml } from './escape.js';
import { page } from './page.js';
import { PHASE_LABELS } from './phaseNames.js';
import { dataTable, figure, table, type Cell } from './table.js';
import { cpuQuantity, duration, kiQuantity, timeUnit } from './units.js';

/** Below this many seeds the report lists each seed's value rather than a t-interval. */
export const SEEDS_FOR_INTERVAL = 5;

function section(id: string, title: string, body: string): string {
  return `<section id="${id}" aria-labelledby="${id}-h"><h2 id="${id}-h">${escapeHtml(title)}</h2>${body}</section>`;
}

function modesWithPods(results: Results): LatencyMode[] {
  return LATENCY_MODES.filter(
    (mode) => mode !== 'all' && results.latency.podNetworkReadyMs[mode].count > 0,
  );
}

function bins(counts: readonly number[], edgesMs: readonly number[]): LogBin[] {
  return counts.map((count, index) => ({ ...latencyBinBoundsMs(index, edgesMs), count }));
}

/** Time on the x axis, in the unit the run's length reads best in. */
function timeAxis(results: Results) {
  const unit = timeUnit(results.simulatedDurationS);
  return {
    label: `time since the start of the run (${unit.label})`,
    scale: (points: [number, number][]): [number, number][] =>
      points.map(([s, value]) => [s * unit.perSecond, value]),
    unit,
  };
}

function verdict(results: Results): string {
  if (results.slos.length === 0) {
    return section(
      'verdict',
      'Verdict',
      '<p class="verdict">No SLOs were set for this scenario.</p>',
    );
  }
  const met = results.slos.filter((slo) => slo.pass).length;
  const rows: Cell[][] = results.slos.map((slo) => [
    slo.name,
    { html: slo.pass ? 'met' : 'not met', className: slo.pass ? 'pass' : 'fail' },
    slo.measured,
    `${slo.bound === 'max' ? '≤' : '≥'} ${fmt(slo.threshold)}`,
    `${slo.passedReplications} of ${slo.replications}`,
  ]);
  const headline = `<p class="verdict">${met} of ${results.slos.length} SLOs met.</p>`;
  return section(
    'verdict',
    'Verdict',
    headline +
      table({
        caption: 'Service-level objectives',
        columns: ['SLO', 'verdict', 'measured', 'bound', 'replications meeting it'],
        rows,
        format: fmt,
        id: 'slo-table',
      }),
  );
}

function brief(results: Results): string {
  const pools = results.nodePools
    .map((pool) => {
      const types = pool.density.map((d) => `${d.instanceType} ×${d.nodes}`).join(', ');
      return `${pool.name} (${pool.mode}${pool.trunk ? ', trunk' : ''}, ${pool.platform}): ${types === '' ? (pool.refusal ?? 'no nodes') : types}`;
    })
    .map((line) => `<li>${escapeHtml(line)}</li>`)
    .join('');
  const stacks = [...new Set(results.nodePools.flatMap((p) => p.density.map((d) => d.stack)))];
  const vSwitches = results.vSwitches
    .map(
      (v) =>
        `<li>${escapeHtml(`${v.id} (${v.zone}, ${v.cidr}${v.ipv6 === null ? '' : `, ${v.ipv6.cidr}`}): ${fmt(v.usableAddresses)} usable IPv4`)}</li>`,
    )
    .join('');
  const terway =
    results.terway.versionAtStart === results.terway.versionAtEnd
      ? results.terway.versionAtStart
      : `${results.terway.versionAtStart} → ${results.terway.versionAtEnd}`;
  const entries: [string, string][] = [
    [
      'Scenario',
      `${escapeHtml(results.scenario.name)} (<code>${escapeHtml(results.scenario.file)}</code>)`,
    ],
    ['Terway', escapeHtml(terway)],
    ['IP stack', escapeHtml(stacks.join(', ') || '—')],
    ['Node pools', `<ul>${pools}</ul>`],
    ['vSwitches', `<ul>${vSwitches}</ul>`],
    ['Seed', escapeHtml(String(results.seed))],
    ['Replications', escapeHtml(String(results.replications))],
    ['Simulated', escapeHtml(duration(results.simulatedDurationS * 1000))],
    [
      'Pods',
      escapeHtml(
        `${fmt(results.pods.created)} created, ${fmt(results.pods.started)} started, ${fmt(results.pods.atEnd.pendingPhase)} pending at the end`,
      ),
    ],
    ['enisim', escapeHtml(results.enisimVersion)],
  ];
  return section(
    'scenario',
    'The scenario in brief',
    `<dl class="brief">${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`,
  );
}

function resources(
  figures: NonNullable<Results['nodePools'][number]['density'][number]['node']>['capacity'],
): string {
  const extended = Object.entries(figures.extended).map(([name, value]) => `${name}: ${value}`);
  return [
    `cpu: ${cpuQuantity(figures.cpuMillis)}`,
    `memory: ${kiQuantity(figures.memoryBytes)}`,
    `ephemeral-storage: ${kiQuantity(figures.ephemeralStorageBytes)}`,
    `pods: ${figures.pods}`,
    ...extended,
  ].join('\n');
}

function density(results: Results): string {
  const rows: Cell[][] = [];
  const nodeRows: Cell[][] = [];
  for (const pool of results.nodePools) {
    if (pool.density.length === 0) {
      rows.push([
        pool.name,
        null,
        pool.mode,
        null,
        null,
        null,
        null,
        null,
        pool.refusal ?? 'no nodes',
      ]);
      continue;
    }
    for (const d of pool.density) {
      rows.push([
        pool.name,
        d.instanceType,
        pool.mode,
        d.nodes,
        d.podLimitForMode,
        d.memberEniLimit,
        d.kubeletMaxPods,
        d.podsPerNodeMax,
        d.nodesAtLimit,
      ]);
      if (d.node !== null) {
        nodeRows.push([
          `${pool.name} / ${d.instanceType}`,
          { html: `<pre>${escapeHtml(resources(d.node.capacity))}</pre>` },
          { html: `<pre>${escapeHtml(resources(d.node.allocatable))}</pre>` },
        ]);
      }
    }
  }
  const warnings =
    results.warnings.length === 0
      ? '<p class="muted">No violations or warnings.</p>'
      : `<ul class="warnings">${results.warnings
          .map(
            (w) =>
              `<li><code>${escapeHtml(w.code)}</code>${w.pool === null ? '' : ` — pool ${escapeHtml(w.pool)}`}${w.instanceType === null ? '' : `, ${escapeHtml(w.instanceType)}`}: ${escapeHtml(w.message)}</li>`,
          )
          .join('')}</ul>`;
  const nodeTable =
    nodeRows.length === 0
      ? ''
      : table({
          caption: 'A node of each type as kubectl describe node shows it (the capacity model)',
          columns: ['pool / instance type', 'Capacity', 'Allocatable'],
          rows: nodeRows,
          id: 'node-table',
        });
  return section(
    'density',
    'Density per pool and instance type',
    table({
      caption:
        'The pod limit of each pool’s mode (aliyun/eni for exclusive pools, the shared address capacity otherwise) against the density reached',
      columns: [
        'pool',
        'instance type',
        'mode',
        'nodes',
        'pod limit of the mode',
        'aliyun/member-eni',
        'kubelet max-pods',
        'most pods on a node',
        'nodes at the limit',
      ],
      rows,
      format: fmt,
      id: 'density-table',
    }) +
      nodeTable +
      `<h3>Violations and warnings</h3>${warnings}`,
  );
}

function percentileMarkers(results: Results, mode: LatencyMode): VerticalMarker[] {
  const summary = results.latency.podNetworkReadyMs[mode];
  const markers: VerticalMarker[] = [];
  for (const key of ['p50', 'p90', 'p99'] as const) {
    const value = summary[key];
    if (value !== null)
      markers.push({ x: value, label: `${key} ${msFormat(value)}`, id: `${mode}-${key}` });
  }
  return markers;
}

function latencySection(results: Results): string {
  const modes = modesWithPods(results);
  const summaryRows: Cell[][] = LATENCY_MODES.map((mode) => {
    const s = results.latency.podNetworkReadyMs[mode];
    return [mode, s.count, s.p50, s.p90, s.p99, s.max];
  });
  const summaryTable = table({
    caption: 'Pod network-ready latency (Binding to CNI ADD done), ms',
    columns: ['mode', 'pods', 'p50', 'p90', 'p99', 'max'],
    rows: summaryRows,
    format: fmt,
    id: 'latency-table',
  });
  const { histograms } = results.latency;
  if (histograms === null) {
    return section(
      'latency',
      'Pod network-ready latency',
      summaryTable +
        '<p class="muted">This results document (schema version 1) holds percentiles only; re-run with this enisim for the distribution.</p>',
    );
  }
  const seriesFor = (mode: LatencyMode) => ({
    name: mode,
    bins: bins(histograms.byMode[mode].networkReady, histograms.binEdgesMs),
  });
  const shown: LatencyMode[] =
    modes.length > 1 ? ['all', ...modes] : modes.length === 1 ? modes : ['all'];
  const markerMode: LatencyMode = modes.length === 1 ? (modes[0] ?? 'all') : 'all';
  const markers = percentileMarkers(results, markerMode);
  const binRows: Cell[][] = histograms.binEdgesMs
    .map((_, index) => index)
    .concat([histograms.binEdgesMs.length])
    .filter((index) => shown.some((mode) => (histograms.byMode[mode].networkReady[index] ?? 0) > 0))
    .map((index) => {
      const { lowMs, highMs } = latencyBinBoundsMs(index, histograms.binEdgesMs);
      return [
        `[${msFormat(lowMs)}, ${Number.isFinite(highMs) ? msFormat(highMs) : '∞'})`,
        ...shown.map((mode) => histograms.byMode[mode].networkReady[index] ?? 0),
      ];
    });
  const data = dataTable({
    caption: 'Pods per latency bin, by mode',
    columns: ['bin', ...shown],
    rows: binRows,
    format: fmt,
  });
  const markerNote = `Marked: ${markerMode === 'all' ? 'all pods' : `${markerMode} pods`}' p50, p90 and p99.`;
  const cdf = figure({
    caption: 'Cumulative distribution of pod network-ready latency, by ENI mode',
    chart: logCdf({
      id: 'chart-latency-cdf',
      title: 'Pods network-ready within a time, percent, by mode (log time axis)',
      series: shown.map(seriesFor),
      xLabel: 'network-ready latency (log scale)',
      markers,
    }),
    legend: legend(shown),
    note: `${markerNote} Drawn from the fixed log-spaced bins of results.json; each point is a bin's upper edge.`,
    data,
  });
  const histogram = figure({
    caption: 'Histogram of pod network-ready latency, by ENI mode',
    chart: logHistogram({
      id: 'chart-latency-histogram',
      title: 'Pods per latency bin, by mode (log time axis)',
      series: shown.map(seriesFor),
      xLabel: 'network-ready latency (log scale)',
      yLabel: 'pods',
      markers,
    }),
    legend: legend(shown, 'swatch'),
    note: markerNote,
    data,
  });
  return section('latency', 'Pod network-ready latency', summaryTable + cdf + histogram);
}

function phasesSection(results: Results): string {
  const { phases } = results.latency;
  if (phases === null) {
    return section(
      'phases',
      'Where the time goes',
      '<p class="muted">This results document (schema version 1) does not record the phases of pod start-up.</p>',
    );
  }
  const modes = (['all', 'shared', 'exclusive', 'trunk'] as const).filter(
    (mode) => phases[mode].all.pods > 0,
  );
  const rows: { label: string; segments: number[]; pods: number; totalMs: number | null }[] = [];
  const tails: string[] = [];
  for (const mode of modes) {
    const b = phases[mode];
    const tailMeans = b.tail.meanMs;
    if (tailMeans !== null && b.tail.totalMeanMs !== null) {
      const largest = POD_PHASES.reduce((a, c) => (tailMeans[c] > tailMeans[a] ? c : a));
      tails.push(
        `<li data-tail-mode="${mode}" data-tail-phase="${largest}">${escapeHtml(
          `${mode === 'all' ? 'All pods' : `${mode[0]?.toUpperCase() ?? ''}${mode.slice(1)} pods`} at or above the p99 (${duration(b.tail.startAtLeastMs)}): most of their ${duration(b.tail.totalMeanMs)} is ${PHASE_LABELS[largest]} (${duration(tailMeans[largest])} on average).`,
        )}</li>`,
      );
    }
    for (const [which, means] of [
      ['all pods', b.all],
      [`p99 tail (≥ ${duration(b.tail.startAtLeastMs)})`, b.tail],
    ] as const) {
      if (means.meanMs === null) continue;
      const meanMs = means.meanMs;
      rows.push({
        label: `${mode}: ${which}`,
        segments: POD_PHASES.map((phase) => meanMs[phase]),
        pods: means.pods,
        totalMs: means.totalMeanMs,
      });
    }
  }
  if (rows.length === 0) {
    return section('phases', 'Where the time goes', '<p class="muted">No pod reached Running.</p>');
  }
  const names = POD_PHASES.map((phase) => PHASE_LABELS[phase]);
  const chart = stackedBars({
    id: 'chart-phases',
    title:
      'Mean time in each phase from creation to Running, by mode, for all pods and the p99 tail',
    rows: rows.map((row) => ({ label: row.label, segments: row.segments })),
    segmentNames: names,
    xLabel: 'mean time from creation to Running (ms)',
    valueFormat: (value) => duration(value),
  });
  const data = dataTable({
    caption: 'Mean ms in each phase',
    columns: ['pods', 'count', ...names, 'total'],
    rows: rows.map((row) => [row.label, row.pods, ...row.segments, row.totalMs]),
    format: fmt,
  });
  return section(
    'phases',
    'Where the time goes',
    figure({
      caption: 'Where a pod’s start-up time goes, by ENI mode',
      chart,
      legend: legend(names, 'swatch'),
      note: 'Each bar is the mean of each phase over the pods it describes, so it sums to their mean creation-to-Running time. A pod waiting for an address is charged to the warm pool when the pool answered; otherwise each moment of its wait goes to the call on its ENI in flight then: CreateNetworkInterface, AttachNetworkInterface (until the ENI is ready) or AssignPrivateIpAddresses, and to throttling while a call waited for a client token, was refused with Throttling or backed off after it.',
      data,
    }) + `<ul class="tails">${tails.join('')}</ul>`,
  );
}

function podsOverTime(results: Results): string {
  const axis = timeAxis(results);
  const names = ['pending', 'unschedulable', 'networkSetup', 'starting', 'running'] as const;
  const labels: Record<(typeof names)[number], string> = {
    pending: 'pending (not scheduled)',
    unschedulable: 'unschedulable',
    networkSetup: 'in network set-up',
    starting: 'starting',
    running: 'running',
  };
  const series: LineSeries[] = names.map((name) => ({
    name: labels[name],
    points: axis.scale(downsample(results.pods.series[name], results.sampleStepS)),
  }));
  const rows = downsample(results.pods.series.running, results.sampleStepS, 60).map(([s]) => {
    const index = Math.round(s / Math.max(results.sampleStepS, 1e-9));
    return [fmt(s), ...names.map((name) => results.pods.series[name][index] ?? 0)] as Cell[];
  });
  return section(
    'pods',
    'Pods over time',
    figure({
      caption: 'Pods by phase over time',
      chart: lineChart({
        id: 'chart-pods',
        title: 'Pods pending, unschedulable, in network set-up, starting and running over time',
        series,
        xLabel: axis.label,
        yLabel: 'pods',
        yUnit: 'pods',
      }),
      legend: legend(series.map((s) => s.name)),
      data: dataTable({
        caption: 'Pods by phase (a sample of the rows; timeseries.csv has every sample)',
        columns: ['time (s)', ...names.map((name) => labels[name])],
        rows,
        format: fmt,
      }),
    }),
  );
}

function vSwitchSection(results: Results): string {
  const axis = timeAxis(results);
  const summary = table({
    caption: 'Addresses per vSwitch (IPv4)',
    columns: [
      'vSwitch',
      'zone',
      'usable',
      'in use at start',
      'fewest free',
      'free at the end',
      'exhausted at (s)',
    ],
    rows: results.vSwitches.map((v) => [
      v.id,
      v.zone,
      v.usableAddresses,
      v.inUseAtStartAddresses,
      {
        html: `<span data-vswitch-free-min="${escapeHtml(v.id)}">${escapeHtml(fmt(v.freeAddressesMin))}</span>`,
        className: 'num',
      },
      v.atEnd.freeAddresses,
      v.exhaustedAtS,
    ]),
    format: fmt,
    id: 'vswitch-table',
  });
  const figures = results.vSwitches.map((v, index) => {
    const series: LineSeries[] = [
      {
        name: `${v.id} used IPv4`,
        points: axis.scale(downsample(v.series.usedAddresses, results.sampleStepS)),
      },
      {
        name: `${v.id} free IPv4`,
        points: axis.scale(downsample(v.series.freeAddresses, results.sampleStepS)),
      },
    ];
    if (v.ipv6 !== null) {
      series.push({
        name: `${v.id} used IPv6`,
        points: axis.scale(downsample(v.ipv6.series.usedAddresses, results.sampleStepS)),
      });
    }
    const markers: VerticalMarker[] =
      v.exhaustedAtS === null
        ? []
        : [
            {
              x: v.exhaustedAtS * axis.unit.perSecond,
              label: `exhausted at ${fmt(v.exhaustedAtS)} s`,
              id: `exhausted-${v.id}`,
            },
          ];
    const rows = downsample(v.series.freeAddresses, results.sampleStepS, 60).map(([s]) => {
      const i = Math.round(s / Math.max(results.sampleStepS, 1e-9));
      return [
        fmt(s),
        v.series.usedAddresses[i] ?? 0,
        v.series.freeAddresses[i] ?? 0,
        ...(v.ipv6 === null ? [] : [v.ipv6.series.usedAddresses[i] ?? 0]),
      ] as Cell[];
    });
    const ipv6Note =
      v.ipv6 === null
        ? undefined
        : `IPv6: ${v.ipv6.usableAddresses} usable in ${v.ipv6.cidr}; free = usable − used.`;
    return figure({
      caption: `Addresses used and free in ${v.id} over time`,
      chart: lineChart({
        id: `chart-vswitch-${index}`,
        title: `Addresses used and free in vSwitch ${v.id} over time`,
        series,
        xLabel: axis.label,
        yLabel: 'addresses',
        yUnit: 'addresses',
        markers,
      }),
      legend: legend(series.map((s) => s.name)),
      ...(ipv6Note === undefined ? {} : { note: ipv6Note }),
      data: dataTable({
        caption: `${v.id} addresses (a sample of the rows; timeseries.csv has every sample)`,
        columns: ['time (s)', 'used IPv4', 'free IPv4', ...(v.ipv6 === null ? [] : ['used IPv6'])],
        rows,
        format: fmt,
      }),
    });
  });
  return section('vswitches', 'Addresses per vSwitch', summary + figures.join(''));
}

function apiSection(results: Results): string {
  const { api } = results;
  const axis = timeAxis(results);
  const totals = table({
    caption: 'Cloud API calls per action',
    columns: ['action', 'calls', 'throttled', 'errors', 'errors by code'],
    rows: [
      ...api.byAction.map((a): Cell[] => [
        a.action,
        a.calls,
        a.throttled,
        a.errors,
        Object.entries(a.errorsByCode)
          .map(([code, count]) => `${code} ${count}`)
          .join(', ') || '—',
      ]),
      [
        'all actions',
        api.totals.calls,
        {
          html: `<span data-throttled-total>${escapeHtml(fmt(api.totals.throttled))}</span>`,
          className: 'num',
        },
        api.totals.errors,
        '',
      ],
    ],
    format: fmt,
    id: 'api-table',
  });
  const byCaller =
    api.byCaller === null
      ? ''
      : table({
          caption: 'Cloud API calls per caller',
          columns: ['caller', 'calls', 'throttled', 'errors'],
          rows: api.byCaller.map((row) => [
            row.caller === 'pool' ? `node pool ${row.pool ?? '(unknown)'}` : row.caller,
            row.calls,
            row.throttled,
            row.errors,
          ]),
          format: fmt,
          id: 'api-caller-table',
        });
  const measureChart = (measure: 'calls' | 'throttled' | 'errors', caption: string): string => {
    const actions = api.byAction.filter((a) => a[measure] > 0);
    if (actions.length === 0)
      return `<p class="muted">No ${measure === 'calls' ? 'calls' : `${measure} calls`}.</p>`;
    const series: LineSeries[] = actions.map((a) => ({
      name: a.action,
      points: axis.scale(downsample(a.series[measure], api.seriesBucketS)),
    }));
    const rows = downsample(actions[0]?.series[measure] ?? [], api.seriesBucketS, 60).map(([s]) => {
      const i = Math.round(s / Math.max(api.seriesBucketS, 1e-9));
      return [fmt(s), ...actions.map((a) => a.series[measure][i] ?? 0)] as Cell[];
    });
    return figure({
      caption,
      chart: lineChart({
        id: `chart-api-${measure}`,
        title: `${caption} (per ${fmt(api.seriesBucketS)} s bucket)`,
        series,
        xLabel: axis.label,
        yLabel: `${measure === 'calls' ? 'calls' : `${measure} calls`} per ${fmt(api.seriesBucketS)} s`,
        yUnit: 'calls',
      }),
      legend: legend(series.map((s) => s.name)),
      data: dataTable({
        caption: `${caption} (bucket start, s; timeseries.csv has every bucket)`,
        columns: ['bucket start (s)', ...actions.map((a) => a.action)],
        rows,
        format: fmt,
      }),
    });
  };
  return section(
    'api',
    'Cloud API',
    totals +
      byCaller +
      measureChart('calls', 'API calls over time, per action') +
      measureChart('throttled', 'Throttled calls over time, per action') +
      measureChart('errors', 'Failed calls (other than throttling) over time, per action'),
  );
}

function enisSection(results: Results): string {
  const pools = results.nodePools.filter((pool) => pool.enisPerNodeAtEnd.nodes > 0);
  if (pools.length === 0)
    return section('enis', 'ENIs per node', '<p class="muted">No node at the end of the run.</p>');
  const series = pools.map((pool) => ({
    name: pool.name,
    bars: pool.enisPerNodeAtEnd.histogram.map((h) => ({ value: h.value, count: h.nodes })),
  }));
  return section(
    'enis',
    'ENIs per node',
    figure({
      caption: 'Secondary and trunk ENIs attached per node at the end of the run, per pool',
      chart: countBars({
        id: 'chart-enis',
        title: 'Nodes by the number of ENIs attached at the end, per pool',
        series,
        xLabel: 'ENIs attached to a node',
        yLabel: 'nodes',
      }),
      legend: legend(
        series.map((s) => s.name),
        'swatch',
      ),
      data: dataTable({
        caption: 'Nodes by ENIs attached, per pool',
        columns: ['pool', 'ENIs', 'nodes'],
        rows: pools.flatMap((pool) =>
          pool.enisPerNodeAtEnd.histogram.map((h): Cell[] => [pool.name, h.value, h.nodes]),
        ),
        format: fmt,
      }),
    }),
  );
}

function unschedulableSection(results: Results): string {
  const reasons = results.pods.unschedulableByReason;
  if (reasons.length === 0) {
    return section(
      'unschedulable',
      'Unschedulable pods',
      '<p class="muted">No pod was ever unschedulable.</p>',
    );
  }
  return section(
    'unschedulable',
    'Unschedulable pods',
    figure({
      caption: 'Pods rejected by the scheduler, by reason',
      chart: stackedBars({
        id: 'chart-unschedulable',
        title: 'Distinct pods rejected by the scheduler, by reason',
        rows: reasons.map((r) => ({ label: r.reason, segments: [r.pods] })),
        segmentNames: ['pods'],
        xLabel: 'pods',
        valueFormat: (value) => `${fmt(value)} pods`,
      }),
      data: dataTable({
        caption: 'Pods by reason, with the scheduler’s last message',
        columns: ['reason', 'pods', 'last message'],
        rows: reasons.map((r) => [r.reason, r.pods, r.lastMessage]),
        format: fmt,
      }),
    }),
  );
}

function replicationSection(results: Results): string {
  const summary = results.replicationSummary;
  if (summary === null) return '';
  const seeds = summary.seeds;
  if (seeds.length < SEEDS_FOR_INTERVAL) {
    return section(
      'replications',
      'Replications',
      `<p>With ${seeds.length} seeds a t-interval says little; each seed’s value is shown instead.</p>` +
        table({
          caption: 'Headline figures per seed',
          columns: ['figure', ...seeds.map((seed) => `seed ${seed}`), 'mean'],
          rows: summary.metrics.map((m) => [m.name, ...m.values, m.mean]),
          format: fmt,
          id: 'replication-table',
        }),
    );
  }
  return section(
    'replications',
    'Replications',
    table({
      caption: `Headline figures over ${seeds.length} seeds: mean and 95% confidence interval (Student t, cut at 0)`,
      columns: ['figure', 'mean', 'low 95%', 'high 95%', 'half-width'],
      rows: summary.metrics.map((m) => [m.name, m.mean, m.low95, m.high95, m.halfWidth95]),
      format: fmt,
      id: 'replication-table',
    }),
  );
}

/** The report of one results document as a complete HTML page. */
export function renderReport(results: Results): string {
  const description =
    results.scenario.description === ''
      ? ''
      : `<p class="lede">${escapeHtml(results.scenario.description)}</p>`;
  const header =
    `<header><h1>enisim forecast: ${escapeHtml(results.scenario.name)}</h1>${description}` +
    `<p class="muted">Seed ${escapeHtml(String(results.seed))}, ${escapeHtml(String(results.replications))} replication(s), ${escapeHtml(duration(results.simulatedDurationS * 1000))} simulated, from <code>${escapeHtml(results.scenario.file)}</code>; results schema ${escapeHtml(String(results.schemaVersion))}, enisim ${escapeHtml(results.enisimVersion)}.</p></header>`;
  const body = [
    header,
    '<main>',
    verdict(results),
    brief(results),
    density(results),
    latencySection(results),
    phasesSection(results),
    podsOverTime(results),
    vSwitchSection(results),
    apiSection(results),
    enisSection(results),
    unschedulableSection(results),
    replicationSection(results),
    '</main>',
  ].join('\n');
  return page(`enisim forecast: ${results.scenario.name}`, body);
}
