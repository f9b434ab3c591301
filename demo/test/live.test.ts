import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  createTimeline,
  discontinuitySequence,
  isPublished,
  liveWindowAt,
  MAX_LIVE_WINDOW,
  publishedCount,
  segmentEndMs,
  segmentStartMs,
  startsLoop,
} from '../origin/live.ts';

const T0 = Date.UTC(2024, 0, 1);

describe('live timeline', () => {
  const timeline = createTimeline([2, 1.5, 2.5]);

  it('loops the VOD segments in whole milliseconds', () => {
    assert.deepEqual(timeline, { segmentCount: 3, loopMs: 6000, endsMs: [2000, 3500, 6000] });
    assert.equal(segmentStartMs(timeline, 0), 0);
    assert.equal(segmentEndMs(timeline, 0), 2000);
    assert.equal(segmentStartMs(timeline, 4), 8000);
    assert.equal(segmentEndMs(timeline, 5), 12000);
  });

  it('publishes a segment at the instant it is complete', () => {
    assert.equal(publishedCount(timeline, -1), 0);
    assert.equal(publishedCount(timeline, 1999), 0);
    assert.equal(publishedCount(timeline, 2000), 1);
    assert.equal(publishedCount(timeline, 5999), 2);
    assert.equal(publishedCount(timeline, 6000), 3);
    assert.equal(publishedCount(timeline, 7999), 3);
    assert.equal(publishedCount(timeline, 8000), 4);
  });

  it('marks the loop wraps and counts the ones before a window', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 6].map((k) => startsLoop(timeline, k)),
      [false, false, false, true, false, true],
    );
    // The tag on segment 3 is still listed while 3 is first, so it is not counted yet.
    assert.deepEqual(
      [0, 1, 3, 4, 6, 7].map((k) => discontinuitySequence(timeline, k)),
      [0, 0, 0, 1, 1, 2],
    );
  });

  it('refuses durations that would stall the clock', () => {
    assert.throws(() => createTimeline([]), /at least one segment/);
    assert.throws(() => createTimeline([2, 0]), /at least 1 ms/);
    assert.throws(() => createTimeline([2, Number.NaN]), /at least 1 ms/);
  });
});

describe('live window', () => {
  const timeline = createTimeline([2, 2, 2, 2]);

  it('is already full at t0, for every window size allowed', () => {
    for (const size of [1, 6, MAX_LIVE_WINDOW]) {
      const window = liveWindowAt(timeline, T0, T0, size);
      assert.equal(window.end - window.first, size);
      assert.equal(window.end, MAX_LIVE_WINDOW);
    }
  });

  it('slides one segment per segment duration', () => {
    const at = (ms: number): number => liveWindowAt(timeline, T0, T0 + ms, 6).first;
    assert.deepEqual([at(0), at(1999), at(2000), at(4000), at(20_000)], [94, 94, 95, 96, 104]);
  });

  it('dates its first segment so that the live edge is now', () => {
    const window = liveWindowAt(timeline, T0, T0 + 500, 6);
    const edge = window.firstStartWallMs + (window.end - window.first) * 2000;
    assert.equal(edge, T0);
  });

  it('knows which segments exist yet', () => {
    assert.equal(isPublished(timeline, T0, T0, 99), true);
    assert.equal(isPublished(timeline, T0, T0, 100), false);
    assert.equal(isPublished(timeline, T0, T0 + 2000, 100), true);
  });
});
