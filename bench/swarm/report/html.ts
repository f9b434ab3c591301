/**
 * The HTML report: uPlot charts (inlined, so the file stands alone) of offload
 * against N for each scenario, and of the rate by source over time for each run,
 * below the Markdown summary's tables.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { figuresOf } from '../figures.ts';
import { runName } from '../plan.ts';
import type { RunResult } from '../session.ts';
import type { Sdk } from '../shared/viewer.ts';
import { SDK_COLOR, SDK_LABEL } from './sdks.ts';

const require = createRequire(import.meta.url);

interface ChartSeries {
  readonly label: string;
  readonly color: string;
  readonly dash?: readonly number[];
}

/** One uPlot chart: x values first, then one array per series (null: no point). */
interface Chart {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly points: boolean;
  /** Fixed y range (ratios: 0 to 1); absent: fitted to the data. */
  readonly yRange?: readonly [number, number];
  readonly series: readonly ChartSeries[];
  readonly data: readonly (readonly (number | null)[])[];
}

/** Segments arrive in bursts: rates are shown as a trailing mean over this many seconds. */
const SMOOTHING_SECONDS = 4;

function offloadCharts(results: readonly RunResult[]): Chart[] {
  const groups = new Set(results.map((r) => `${r.scenario}|${r.kind}`));
  return [...groups].flatMap((group) => {
    const runs = results.filter((r) => `${r.scenario}|${r.kind}` === group);
    const counts = [...new Set(runs.map((r) => r.viewers))].sort((a, b) => a - b);
    const sdks = (['peerlane', 'p2pml', 'p2pml-tuned'] as const).filter((sdk) =>
      runs.some((r) => r.sdk === sdk),
    );
    const first = runs[0];
    // A line needs two points: with one N the tables say it all.
    if (first === undefined || sdks.length === 0 || counts.length < 2) return [];
    const at = (sdk: Sdk, n: number): number | null => {
      const run = runs.find((r) => r.sdk === sdk && r.viewers === n);
      return run === undefined ? null : figuresOf(run).p2pRatio;
    };
    return [
      {
        title: `Offload against N — ${first.scenario}, ${first.kind} viewers`,
        xLabel: 'viewers N',
        yLabel: 'P2P ratio',
        points: true,
        yRange: [0, 1],
        series: [
          ...sdks.map((sdk) => ({ label: SDK_LABEL[sdk], color: SDK_COLOR[sdk] })),
          { label: 'bound 1 − 1/N', color: '#2ca02c', dash: [6, 4] },
        ],
        data: [
          counts,
          ...sdks.map((sdk) => counts.map((n) => at(sdk, n))),
          counts.map((n) => 1 - 1 / n),
        ],
      },
    ];
  });
}

/** Mbit/s by second, summed over viewers: SDK HTTP, P2P, upload; origin media; viewers there. */
function rateChart(result: RunResult): Chart {
  const seconds = Array.from({ length: Math.ceil(result.durationSeconds) }, (_, i) => i);
  const http = seconds.map(() => 0);
  const p2p = seconds.map(() => 0);
  const up = seconds.map(() => 0);
  const origin = seconds.map(() => 0);
  const add = (into: number[], second: number, bytes: number): void => {
    if (second >= 0 && second < into.length) into[second] = (into[second] ?? 0) + (bytes * 8) / 1e6;
  };
  for (const report of result.reports) {
    for (const [second, h, p, u] of report.series) {
      add(http, second, h);
      add(p2p, second, p);
      add(up, second, u);
    }
  }
  for (const [second, bytes] of result.origin.series) add(origin, second, bytes);
  const smooth = (values: readonly number[]): number[] =>
    values.map((_, i) => {
      const window = values.slice(Math.max(0, i - SMOOTHING_SECONDS + 1), i + 1);
      return window.reduce((a, b) => a + b, 0) / window.length;
    });
  const present = seconds.map(
    (s) =>
      result.reports.filter((r) => r.joinedAtMs <= s * 1000 && (r.leftAtMs ?? Infinity) > s * 1000)
        .length,
  );
  return {
    title: `Rate by source — ${runName(result)}`,
    xLabel: 'seconds into the run',
    yLabel: `Mbit/s, ${SMOOTHING_SECONDS}-s mean (viewers: count)`,
    points: false,
    series: [
      { label: 'HTTP (SDK)', color: '#ff7f0e' },
      { label: 'P2P', color: '#1f77b4' },
      { label: 'upload', color: '#9467bd', dash: [4, 3] },
      { label: 'origin media', color: '#d62728', dash: [2, 2] },
      { label: 'viewers', color: '#7f7f7f' },
    ],
    data: [seconds, smooth(http), smooth(p2p), smooth(up), smooth(origin), present],
  };
}

/** Runs in the report page: draws each chart of DATA with uPlot. */
const DRAW = `
for (const chart of DATA) {
  const box = document.createElement('section');
  document.getElementById('charts').append(box);
  new uPlot({
    title: chart.title, width: 960, height: 320,
    scales: { x: { time: false }, ...(chart.yRange && { y: { range: chart.yRange } }) },
    axes: [{ label: chart.xLabel }, { label: chart.yLabel }],
    series: [{ label: chart.xLabel }, ...chart.series.map((s) => ({
      label: s.label, stroke: s.color, width: 2, dash: s.dash, spanGaps: true,
      points: { show: chart.points },
    }))],
  }, chart.data, box);
}`;

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] ?? c);
}

/** The summary's Markdown as HTML: headings, pipe tables, list items, paragraphs. */
function markdownToHtml(markdown: string): string {
  const inline = (text: string): string =>
    escapeHtml(text)
      .replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>')
      .replace(/`(.+?)`/g, '<code>$1</code>');
  const out: string[] = [];
  let rows: string[][] = [];
  const flushTable = (): void => {
    if (rows.length === 0) return;
    const [head = [], , ...body] = rows;
    const cells = (row: string[], tag: string): string =>
      `<tr>${row.map((cell) => `<${tag}>${inline(cell)}</${tag}>`).join('')}</tr>`;
    out.push(`<table>${cells(head, 'th')}${body.map((row) => cells(row, 'td')).join('')}</table>`);
    rows = [];
  };
  for (const line of markdown.split('\n')) {
    if (line.startsWith('|')) {
      rows.push(
        line
          .slice(1, -1)
          .split('|')
          .map((cell) => cell.trim()),
      );
      continue;
    }
    flushTable();
    const heading = /^(#{2,3}) (.*)$/.exec(line);
    if (heading)
      out.push(
        `<h${heading[1]?.length ?? 2}>${inline(heading[2] ?? '')}</h${heading[1]?.length ?? 2}>`,
      );
    else if (line.startsWith('- ')) out.push(`<li>${inline(line.slice(2))}</li>`);
    else if (line.startsWith('  - ')) out.push(`<li class="sub">${inline(line.slice(4))}</li>`);
    else if (line.trim() !== '') out.push(`<p>${inline(line)}</p>`);
  }
  flushTable();
  return out.join('\n');
}

export async function htmlReport(results: readonly RunResult[], summary: string): Promise<string> {
  const [js, css] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  const charts = [...offloadCharts(results), ...results.map(rateChart)];
  // JSON inside a script element: no '<' may close it early.
  const data = JSON.stringify(charts).replace(/</g, '\\u003c');
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Peerlane swarm benchmark</title>
<style>${css}
body { font: 14px system-ui, sans-serif; margin: 2em; }
.summary table { border-collapse: collapse; margin: 1em 0; }
.summary th, .summary td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: right; }
.summary th:first-child, .summary td:first-child { text-align: left; }
li.sub { margin-left: 2em; }
section { margin: 2em 0; }</style>
<script>${js}</script></head>
<body><h1>Peerlane swarm benchmark</h1>
<div class="summary">${markdownToHtml(summary)}</div>
<div id="charts"></div>
<script>const DATA = ${data};${DRAW}</script>
</body></html>
`;
}
