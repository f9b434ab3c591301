/**
 * The Markdown summary: one table of figures per scenario, ours beside
 * p2p-media-loader and the P2P-off baseline, the goals of issue 7 read off
 * them, and whatever makes a run invalid. "Theirs" is always p2p-media-loader
 * with its defaults; a tuned run gets its own, labelled comparison.
 */
import { figuresOf, type RunFigures } from '../figures.ts';
import { runName } from '../plan.ts';
import type { RunResult } from '../session.ts';
import type { Sdk } from '../shared/viewer.ts';
import { divide, fmt, mb, table } from './format.ts';
import { SDK_LABEL } from './sdks.ts';

interface Row {
  readonly result: RunResult;
  readonly f: RunFigures;
}

function groupKey(result: RunResult): string {
  return `${result.scenario} ${result.kind}`;
}

function runsTable(rows: readonly Row[]): string {
  return table(
    [
      'N',
      'SDK',
      'P2P ratio (steady)',
      'bound 1−1/N',
      'origin offload',
      'CDN copies/segment',
      'behind live s',
      'stalls (s)',
      'startup ms median / max',
      'bitrate kb/s',
      'upload MB max / median',
      'CPU % core/viewer',
      'fragments checked (bad)',
    ],
    rows.map(({ result, f }) => [
      fmt(result.viewers),
      SDK_LABEL[result.sdk],
      `${fmt(f.p2pRatio, 2)} (${fmt(f.steadyP2pRatio, 2)})`,
      fmt(f.bound, 2),
      fmt(f.offload, 2),
      fmt(f.copies, 2),
      fmt(f.behindLiveSeconds, 1),
      `${fmt(f.stalls)} (${fmt(f.stalledSeconds, 1)})`,
      `${fmt(f.startupMedianMs)} / ${fmt(f.startupMaxMs)}`,
      fmt(f.bitrateKbps),
      `${mb(f.uploadMaxBytes)} / ${mb(f.uploadMedianBytes)}`,
      fmt(f.cpuPerViewer === null ? null : f.cpuPerViewer * 100, 1),
      `${fmt(f.bytesChecked)} (${fmt(f.bytesMismatched)})`,
    ]),
  );
}

/** Ours beside theirs and beside P2P off, for each N where both ran. */
function sideBySide(rows: readonly Row[]): string | null {
  const lines: string[][] = [];
  for (const n of new Set(rows.map((r) => r.result.viewers))) {
    const of = (sdk: Sdk): RunFigures | undefined =>
      rows.find((r) => r.result.viewers === n && r.result.sdk === sdk)?.f;
    const [ours, theirs, off] = [of('peerlane'), of('p2pml'), of('off')];
    if (ours === undefined || (theirs === undefined && off === undefined)) continue;
    lines.push([
      fmt(n),
      fmt(divide(ours.p2pRatio, theirs?.p2pRatio), 2),
      fmt(divide(ours.copies, theirs?.copies), 2),
      `${fmt(ours.stalls)} / ${fmt(theirs?.stalls)} / ${fmt(off?.stalls)}`,
      fmt(divide(ours.startupMedianMs, theirs?.startupMedianMs), 2),
      fmt(divide(ours.startupMedianMs, off?.startupMedianMs), 2),
      fmt(divide(ours.bitrateKbps, off?.bitrateKbps), 2),
      fmt(divide(ours.cpuPerViewer, off?.cpuPerViewer), 2),
    ]);
  }
  if (lines.length === 0) return null;
  return table(
    [
      'N',
      'P2P ratio ours ÷ theirs (defaults)',
      'CDN copies ours ÷ theirs',
      'stalls ours / theirs / off',
      'startup ours ÷ theirs',
      'startup ours ÷ off',
      'bitrate ours ÷ off',
      'CPU ours ÷ off',
    ],
    lines,
  );
}

/** Ours beside the tuned p2p-media-loader, for each N where both ran: apart from the default comparison. */
function sideBySideTuned(rows: readonly Row[]): string | null {
  const lines: string[][] = [];
  for (const n of new Set(rows.map((r) => r.result.viewers))) {
    const of = (sdk: Sdk): RunFigures | undefined =>
      rows.find((r) => r.result.viewers === n && r.result.sdk === sdk)?.f;
    const [ours, tuned] = [of('peerlane'), of('p2pml-tuned')];
    if (ours === undefined || tuned === undefined) continue;
    lines.push([
      fmt(n),
      fmt(divide(ours.p2pRatio, tuned.p2pRatio), 2),
      fmt(divide(ours.copies, tuned.copies), 2),
      `${fmt(ours.stalls)} / ${fmt(tuned.stalls)}`,
      fmt(divide(ours.startupMedianMs, tuned.startupMedianMs), 2),
    ]);
  }
  if (lines.length === 0) return null;
  return [
    `Ours beside ${SDK_LABEL['p2pml-tuned']}: a tuned run, apart from the comparison with its defaults.`,
    '',
    table(
      [
        'N',
        'P2P ratio ours ÷ tuned',
        'CDN copies ours ÷ tuned',
        'stalls ours / tuned',
        'startup ours ÷ tuned',
      ],
      lines,
    ),
  ].join('\n');
}

function find(
  rows: readonly Row[],
  scenario: string,
  kind: string,
  n: number,
  sdk: Sdk,
): Row | undefined {
  return rows.find(
    ({ result: r }) =>
      r.scenario === scenario && r.kind === kind && r.viewers === n && r.sdk === sdk,
  );
}

/** The goals of issue 7, for the runs that are there. */
function goals(rows: readonly Row[]): string[] {
  const verdict = (ok: boolean): string => (ok ? 'met' : '**NOT met**');
  const lines: string[] = [];
  const live = (scenario: string, minRatio: number, maxCopies: number): void => {
    const ours = find(rows, scenario, 'browser', 8, 'peerlane')?.f;
    if (ours === undefined) return;
    const off = find(rows, scenario, 'browser', 8, 'off')?.f;
    const startup = divide(ours.startupMedianMs, off?.startupMedianMs);
    lines.push(
      `${scenario}, 8 browsers: P2P ratio ${fmt(ours.p2pRatio, 2)} ≥ ${minRatio} ${verdict((ours.p2pRatio ?? 0) >= minRatio)}; ` +
        `CDN copies ${fmt(ours.copies, 2)} ≤ ${maxCopies} ${verdict((ours.copies ?? Infinity) <= maxCopies)}; ` +
        `stalls ${fmt(ours.stalls)} = 0 ${verdict(ours.stalls === 0)}` +
        (startup === null
          ? ''
          : `; startup ÷ P2P off ${fmt(startup, 2)} ≤ 1.1 ${verdict(startup <= 1.1)}`),
    );
  };
  live('live6', 0.83, 1.2);
  live('live15', 0.86, 1.1);
  for (const scenario of ['abr', 'churn', 'upload-cap']) {
    const ours = find(rows, scenario, 'browser', 8, 'peerlane')?.f;
    const theirs = find(rows, scenario, 'browser', 8, 'p2pml')?.f;
    if (ours === undefined || theirs === undefined) continue;
    lines.push(
      `${scenario}, 8 browsers: P2P ratio ${fmt(ours.p2pRatio, 2)} ≥ p2p-media-loader's ${fmt(theirs.p2pRatio, 2)} ` +
        `${verdict((ours.p2pRatio ?? 0) >= (theirs.p2pRatio ?? 0))}; stalls ${fmt(ours.stalls)} = 0 ${verdict(ours.stalls === 0)}`,
    );
  }
  const node = find(rows, 'live6', 'node', 50, 'peerlane')?.f;
  if (node !== undefined) {
    lines.push(
      `live6, 50 Node viewers: P2P ratio ${fmt(node.p2pRatio, 2)} ≥ 0.95 ${verdict((node.p2pRatio ?? 0) >= 0.95)}`,
    );
  }
  return lines;
}

/** Errors that explain a playback fault (fatal ones, the SDK's own, uncaught in the page), most frequent first. */
function faultCauses(result: RunResult, limit: number): string[] {
  const counts = new Map<string, number>();
  for (const report of result.reports) {
    for (const [what, n] of Object.entries(report.errors)) {
      if (/\(fatal\)|^p2pml:|^page:/.test(what)) counts.set(what, (counts.get(what) ?? 0) + n);
    }
  }
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([what, n]) => `${fmt(n)} × ${what}`);
}

/**
 * What a reader must know before trusting a row: a run that went wrong (viewers that
 * never joined or played) is invalid; wrong bytes or fatal errors are the SDK's.
 */
function warnings(rows: readonly Row[]): string[] {
  const list = (problems: readonly (readonly [number, string])[]): string =>
    problems
      .filter(([n]) => n > 0)
      .map(([n, what]) => `${fmt(n)} ${what}`)
      .join(', ');
  return rows.flatMap(({ result, f }) => {
    const lines: string[] = [];
    const invalid = list([
      [f.neverPlayed, 'viewers that never played'],
      [result.hostErrors.length, 'viewers that failed to join or leave'],
    ]);
    if (invalid !== '') lines.push(`INVALID RUN — ${runName(result)}: ${invalid}.`);
    lines.push(...result.hostErrors.slice(0, 3).map((e) => `  - ${e}`));
    const playback = list([
      [f.bytesMismatched, 'fragments differing from the origin'],
      [f.fatalErrors, 'fatal player errors'],
    ]);
    if (playback !== '') {
      lines.push(`PLAYBACK FAULT — ${runName(result)}: ${playback}.`);
      lines.push(...faultCauses(result, 4).map((e) => `  - ${e}`));
    }
    lines.push(...result.bytesCheck.examples.map((e) => `  - ${e}`));
    return lines;
  });
}

export function summaryMarkdown(
  results: readonly RunResult[],
  notes: { readonly preamble: readonly string[]; readonly trailer: readonly string[] },
): string {
  const rows = results.map((result) => ({ result, f: figuresOf(result) }));
  const lines = [...notes.preamble, ''];
  for (const key of new Set(results.map(groupKey))) {
    const group = rows.filter((r) => groupKey(r.result) === key);
    const first = group[0]?.result;
    if (first === undefined) continue;
    const window = first.live ? `, window ${first.window}` : '';
    lines.push(`### ${first.scenario}: ${first.title} — ${first.kind} viewers${window}`, '');
    lines.push(runsTable(group), '');
    for (const side of [sideBySide(group), sideBySideTuned(group)]) {
      if (side !== null) lines.push(side, '');
    }
  }
  const goalLines = goals(rows);
  if (goalLines.length > 0)
    lines.push('### Goals (issue 7)', '', ...goalLines.map((g) => `- ${g}`), '');
  const warningLines = warnings(rows);
  if (warningLines.length > 0) lines.push(...warningLines, '');
  lines.push(...notes.trailer);
  return `${lines.join('\n')}\n`;
}
