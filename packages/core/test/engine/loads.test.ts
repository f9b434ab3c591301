import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DEFAULT_MEDIA_ROOT, startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { waitFor } from '../../../../test/support/wait-for.ts';
import { HttpStatusError } from '../../src/errors.ts';
import type { LoadCallbacks } from '../../src/engine/types.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load } from './engine-harness.ts';
import { ProbeEngine, vodSegments } from './support.ts';

/** Loads as the player sees them over HTTP: aborts, and failures with their retries. */

let origin: Origin;
before(async () => {
  origin = await startOrigin();
});
after(() => origin.close());

/** Callbacks that record every call. */
function recorder(): LoadCallbacks & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    onProgress: () => calls.push('progress'),
    onSuccess: () => calls.push('success'),
    onError: (error) => calls.push(`error ${error.message}`),
  };
}

test('an aborted load calls back nothing, other waiters still get the segment, no job is left', async () => {
  // The origin answers after 300 ms, so that the aborts land mid-download.
  origin.setThrottle({ firstByteDelayMs: 300 });
  const engine = new ProbeEngine({ p2p: false });
  try {
    await engine.setStream({ manifestUrl: `${origin.url}/vod/ts/240p/index.m3u8` });
    const segments = vodSegments(origin.url, 'ts', 6);
    const [first, , , , , last] = segments as [
      Segment,
      Segment,
      Segment,
      Segment,
      Segment,
      Segment,
    ];
    engine.updateSegments('240p', segments);
    engine.setPlayback({ position: 0, rate: 1, rendition: '240p' });

    const aborted = recorder();
    const controller = new AbortController();
    engine.loadSegment(first.id, aborted, controller.signal);
    const other = load(engine, first.id);
    controller.abort();
    const { bytes } = await other;
    assert.deepEqual(Buffer.from(bytes), readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/240p/seg-000.ts`));
    assert.deepEqual(aborted.calls, []);

    // A segment the scheduler does not want (beyond the prefetch window): aborting its
    // only waiter stops its download.
    engine.configure({ prefetchWindow: 3 });
    const alone = recorder();
    const stop = new AbortController();
    engine.loadSegment(last.id, alone, stop.signal);
    await waitFor(
      () => engine.jobCount > 0,
      () => 'no job',
      5000,
    );
    stop.abort();
    await waitFor(
      () => engine.jobCount === 0,
      () => `${engine.jobCount} jobs left`,
      5000,
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    assert.deepEqual(alone.calls, []);
    assert.equal(engine.jobCount, 0);
  } finally {
    origin.setThrottle({});
    await engine.destroy();
  }
});

test('a failed HTTP download is not retried in a loop; only an urgent failure reaches the player', async () => {
  const calls: number[] = [];
  const started = Date.now();
  const engine = new ProbeEngine(
    { p2p: false },
    {
      fetch: () => {
        calls.push(Date.now() - started);
        return Promise.resolve(new Response('unavailable', { status: 503 }));
      },
    },
  );
  try {
    await engine.setStream({ manifestUrl: `${origin.url}/vod/ts/240p/index.m3u8` });
    const segments = vodSegments(origin.url, 'ts', 10);
    const [segment] = segments.slice(9) as [Segment];
    engine.updateSegments('240p', segments.slice(9));
    // Eighteen seconds ahead: a prefetch, which fails after the HTTP layer's retries.
    engine.setPlayback({ position: 0, rate: 1, rendition: '240p' });
    const waiting = recorder();
    engine.loadSegment(segment.id, waiting);
    await new Promise((resolve) => setTimeout(resolve, 4000));
    // Each download is three attempts (two retries); then the segment waits 1 s, 2 s, 4 s …
    assert.ok(
      calls.length >= 3 && calls.length <= 9,
      `${calls.length} requests: ${calls.join(', ')}`,
    );
    assert.deepEqual(waiting.calls, []);

    // Urgent now: the next failure goes to the player.
    const failed = new Promise<Error>((resolve) => {
      engine.loadSegment(segment.id, {
        onSuccess: () => undefined,
        onError: resolve,
      });
    });
    engine.setPlayback({ position: 17.5, rate: 1, rendition: '240p' });
    const error = await failed;
    assert.ok(error instanceof HttpStatusError, String(error));
    assert.equal(error.status, 503);
    assert.match(waiting.calls.join('; '), /^error HTTP 503 /);
  } finally {
    await engine.destroy();
  }
});
