import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summaryMarkdown } from '../report/markdown.ts';
import type { RunResult } from '../session.ts';
import type { Sdk, ViewerReport } from '../shared/viewer.ts';

/** A one-viewer live6 run whose SDK counted `p2p` of 100 bytes from peers. */
function run(sdk: Sdk, p2p: number): RunResult {
  const report: ViewerReport = {
    id: 'v0',
    kind: 'browser',
    sdk,
    uplinkBytesPerSecond: null,
    joinedAtMs: 0,
    leftAtMs: 10_000,
    startupMs: 1000,
    stalls: 0,
    stalledMs: 0,
    behindLiveSeconds: [],
    bitrateSamples: [],
    http: 100 - p2p,
    p2p,
    uploaded: 0,
    playerBytes: 100,
    fragments: 1,
    series: [],
    maxPeers: 0,
    errors: {},
    sdkStats: null,
  };
  return {
    scenario: 'live6',
    title: 'live',
    sdk,
    kind: 'browser',
    viewers: 8,
    live: true,
    window: 6,
    durationSeconds: 10,
    throttle: {},
    media: 'fixtures',
    manifestPath: '/live',
    startedAt: '2026-11-21T00:00:00.000Z',
    plans: [],
    reports: [report],
    origin: {
      mediaBytes: 100 - p2p,
      distinctBytes: 100,
      distinctSegments: 1,
      segmentRequests: 1,
      playlistBytes: 0,
      playlistRequests: 0,
      byClient: {},
      series: [],
    },
    cpuSeconds: 0,
    viewerSeconds: 10,
    bytesCheck: { checked: 1, mismatched: 0, examples: [] },
    hostErrors: [],
  };
}

const summary = summaryMarkdown(
  [run('peerlane', 80), run('p2pml', 20), run('p2pml-tuned', 40), run('off', 0)],
  { preamble: [], trailer: [] },
);
const tableRow = (starts: string): string | undefined =>
  summary.split('\n').find((line) => line.startsWith(starts));

test('the tuned run is labelled as such in the table', () => {
  assert.ok(tableRow('| 8 | p2p-media-loader (tuned: hls.js worker off) | 0.40'));
  assert.ok(tableRow('| 8 | p2p-media-loader | 0.20'));
});

test("ours ÷ theirs stays against p2p-media-loader's defaults; the tuned one has its own line", () => {
  const header = summary.split('\n').findIndex((l) => l.includes('P2P ratio ours ÷ theirs'));
  assert.match(summary.split('\n')[header + 2] ?? '', /^\| 8 \| 4\.00 \|/);
  const tuned = summary.split('\n').findIndex((l) => l.includes('P2P ratio ours ÷ tuned'));
  assert.match(summary.split('\n')[tuned + 2] ?? '', /^\| 8 \| 2\.00 \|/);
  assert.match(summary, /Ours beside p2p-media-loader \(tuned: hls\.js worker off\): a tuned run/);
});
