import { test } from 'node:test';
import assert from 'node:assert/strict';
import { figuresOf } from '../../bench/swarm/figures.ts';
import { prepareMedia } from '../../bench/swarm/media.ts';
import { scenarioNamed } from '../../bench/swarm/scenarios.ts';
import { runSession } from '../../bench/swarm/session.ts';

/**
 * The swarm benchmark's short version: three Chromium pages play the live stream
 * with hls.js and @peerlane/hlsjs (script tags, default settings) against the
 * throttled local origin (4 Mbit/s, 50 ms) and our tracker, for 60 s. The bounds are
 * generous (the ideal ratio for 3 viewers is 0.67); the benchmark measures the rest.
 */
const VIEWERS = 3;
const SECONDS = 60;

test('three browser viewers share a live stream: P2P ratio > 0.3, no stall, bytes identical to the origin', async () => {
  const result = await runSession(
    {
      scenario: scenarioNamed('live6'),
      sdk: 'peerlane',
      kind: 'browser',
      viewers: VIEWERS,
      durationSeconds: SECONDS,
      throttle: { bitsPerSecond: 4e6, firstByteDelayMs: 50 },
      media: await prepareMedia('fixtures', () => undefined),
      window: 6,
      seed: 1,
      nodeProcesses: 1,
    },
    () => undefined,
  );
  const figures = figuresOf(result);
  const reports = result.reports.map(
    (r) =>
      `${r.id}: ${r.fragments} fragments, http ${r.http} B, p2p ${r.p2p} B, ` +
      `stalls ${r.stalls}, errors ${JSON.stringify(r.errors)}`,
  );
  const context = `\n  ${reports.join('\n  ')}`;
  assert.deepEqual(result.hostErrors, [], context);
  assert.equal(result.reports.length, VIEWERS, context);
  assert.equal(figures.neverPlayed, 0, context);
  assert.equal(figures.fatalErrors, 0, context);
  assert.equal(figures.stalls, 0, context);
  assert.ok((figures.p2pRatio ?? 0) > 0.3, `P2P ratio ${figures.p2pRatio}${context}`);
  // Every viewer got most of the minute's 30 segments, each checked against the origin's file.
  for (const report of result.reports) assert.ok(report.fragments >= 20, context);
  assert.ok(result.bytesCheck.checked >= VIEWERS * 20, context);
  assert.deepEqual(result.bytesCheck.examples, [], context);
  assert.equal(result.bytesCheck.mismatched, 0, context);
});
