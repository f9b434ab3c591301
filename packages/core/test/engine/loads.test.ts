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
  const segments = vodSegments(origin.url, 'ts', 6);
  const [first, , , , , last] = segments as [Segment, Segment, Segment, Segment, Segment, Segment];
  // The last segment's response never comes: only an abort ends its request.
  const asked: string[] = [];
  const stopped: string[] = [];
  const engine = new ProbeEngine(
    { p2p: false },
    {
      fetch: (url, init) => {
        if (url !== last.url) return fetch(url, init);
        asked.push(url);
        return new Promise((_, reject) => {
          init.signal?.addEventListener('abort', () => {
            stopped.push(url);
            reject(new DOMException('aborted', 'AbortError'));
          });
        });
      },
    },
  );
  try {
    await engine.setStream({ manifestUrl: `${origin.url}/vod/ts/240p/index.m3u8` });
    engine.updateSegments('240p', segments);
    engine.setPlayback({ position: 0, rate: 1, rendition: '240p' });

    const aborted = recorder();
    const controller = new AbortController();
    engine.loadSegment(first.id, aborted, controller.signal);
    const other = load(engine, first.id);
    controller.abort();
    const { bytes } = await other;
    assert.deepEqual(Buffer.from(bytes), readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/240p/seg-000.ts`));

    // A segment the engine does not want for itself (beyond the prefetch window): aborting
    // its only waiter stops its download and forgets it.
    engine.configure({ prefetchWindow: 3 });
    const alone = recorder();
    const stop = new AbortController();
    engine.loadSegment(last.id, alone, stop.signal);
    await waitFor(
      () => asked.length > 0,
      () => 'no request',
      5000,
    );
    assert.equal(engine.jobCount, 1);
    stop.abort();
    assert.equal(engine.jobCount, 0);
    await waitFor(
      () => stopped.length > 0,
      () => 'the request was not aborted',
      5000,
    );
    // Callbacks are asynchronous: let any that were queued run before checking.
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.deepEqual(aborted.calls, []);
    assert.deepEqual(alone.calls, []);
  } finally {
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

test('what the player has buffered is not prefetched again', async () => {
  const requested: string[] = [];
  const engine = new ProbeEngine(
    { p2p: false },
    {
      fetch: (url, init) => {
        requested.push(url.split('/').at(-1) ?? url);
        return fetch(url, init);
      },
    },
  );
  try {
    await engine.setStream({ manifestUrl: `${origin.url}/vod/ts/240p/index.m3u8` });
    engine.updateSegments('240p', vodSegments(origin.url, 'ts', 6));
    // Buffered to a frame short of 6 s: segments 0 to 2 are the player's already.
    engine.setPlayback({ position: 1, rate: 1, rendition: '240p', bufferedEnd: 5.96 });
    await waitFor(
      () => requested.length >= 3,
      () => `requested ${requested.join(', ')}`,
      10_000,
    );
    assert.deepEqual(requested.slice(0, 3).sort(), ['seg-003.ts', 'seg-004.ts', 'seg-005.ts']);
  } finally {
    await engine.destroy();
  }
});
