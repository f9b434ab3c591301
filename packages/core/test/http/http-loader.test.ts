import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startOrigin } from '../../../../demo/origin/index.ts';
import type { Origin } from '../../../../demo/origin/index.ts';
import { HttpStatusError, PeerlaneError } from '../../src/errors.ts';
import type { PeerlaneErrorCode } from '../../src/errors.ts';
import { loadOverHttp } from '../../src/http/http-loader.ts';
import type { HttpLoaderOptions } from '../../src/http/types.ts';
import { serveBytes, startScriptedServer } from './scripted-server.ts';

const FIXTURES = new URL('../../../../demo/media/fixtures/', import.meta.url);
const SEGMENT_PATH = 'vod/ts/240p/seg-000.ts';
const MEDIA_PATH = 'vod/byterange/240p/media.ts';
const segment = readFileSync(new URL('ts/240p/seg-000.ts', FIXTURES));
const media = readFileSync(new URL('byterange/240p/media.ts', FIXTURES));
/** The second segment of the byte-range rendition (EXT-X-BYTERANGE:29704@29328). */
const RANGE = { start: 29328, end: 59032 };
/** Fast retries, so that retry tests take milliseconds. */
const QUICK: HttpLoaderOptions = { retryDelayMs: 1, random: () => 0 };

let origin: Origin;
before(async () => {
  origin = await startOrigin({ port: 0 });
});
after(() => origin.close());

function resetOrigin(throttle = {}): void {
  origin.setThrottle(throttle);
  origin.resetStats();
}

function rejectsWith(code: PeerlaneErrorCode): (error: unknown) => boolean {
  return (error) => error instanceof PeerlaneError && error.code === code;
}

/** Rejects after `ms`, so that a test waiting on an event fails instead of hanging. */
function within<T>(ms: number, promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`not within ${ms} ms`));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}

test('loads a whole segment from the origin, with ordered timings', async () => {
  resetOrigin();
  const url = `${origin.url}/${SEGMENT_PATH}`;
  const result = await loadOverHttp({ url });
  assert.deepEqual(result.bytes, new Uint8Array(segment));
  assert.equal(result.bytes.buffer.byteLength, segment.length);
  assert.equal(result.status, 200);
  assert.equal(result.url, url);
  assert.ok(result.startedAt <= result.firstByteAt && result.firstByteAt <= result.endedAt);
});

test('loads a byte range with a Range request', async () => {
  resetOrigin();
  const result = await loadOverHttp({ url: `${origin.url}/${MEDIA_PATH}`, byteRange: RANGE });
  assert.deepEqual(result.bytes, new Uint8Array(media.subarray(RANGE.start, RANGE.end)));
  assert.equal(result.status, 206);
  assert.equal(origin.stats().totalBytes, RANGE.end - RANGE.start);
});

test('reports progress as bytes arrive, and real timings', async () => {
  resetOrigin({ bitsPerSecond: 8_000_000, firstByteDelayMs: 100 });
  const chunks: Uint8Array[] = [];
  const loads: number[] = [];
  const result = await loadOverHttp({
    url: `${origin.url}/${MEDIA_PATH}`,
    onProgress: (chunk, loaded, total) => {
      chunks.push(chunk);
      loads.push(loaded);
      assert.equal(total, media.length);
    },
  });
  assert.ok(chunks.length > 2, `${chunks.length} progress calls`);
  assert.deepEqual(Buffer.concat(chunks), media);
  assert.deepEqual(result.bytes, new Uint8Array(media));
  assert.ok(loads.every((loaded, i) => i === 0 || loaded > (loads[i - 1] ?? 0)));
  assert.equal(loads.at(-1), media.length);
  // 100 ms to the first byte, then 284 KB at 1 MB/s: about 280 ms more.
  assert.ok(result.firstByteAt - result.startedAt >= 90, 'time to first byte');
  assert.ok(result.endedAt - result.firstByteAt >= 150, 'transfer time');
});

test('a 404 rejects with its status, without retry', async () => {
  resetOrigin();
  const url = `${origin.url}/vod/ts/240p/seg-999.ts`;
  const error = await loadOverHttp({ url }, QUICK).catch((e: unknown) => e);
  assert.ok(error instanceof HttpStatusError);
  assert.equal(error.status, 404);
  assert.equal(error.url, url);
  assert.equal(origin.stats().requests, 1);
});

test('abort mid-body rejects at once with ERR_ABORTED, and no progress follows', async () => {
  resetOrigin({ bitsPerSecond: 100_000 });
  const controller = new AbortController();
  let calls = 0;
  const cut = new Promise<boolean>((resolve) => {
    const unsubscribe = origin.onResponse((record) => {
      unsubscribe();
      resolve(record.complete);
    });
  });
  const started = performance.now();
  await assert.rejects(
    within(
      1000,
      loadOverHttp({
        url: `${origin.url}/${SEGMENT_PATH}`,
        signal: controller.signal,
        onProgress: () => {
          calls++;
          controller.abort();
        },
      }),
    ),
    rejectsWith('ERR_ABORTED'),
  );
  // The whole segment would take 2.3 s at this rate.
  assert.ok(performance.now() - started < 1000);
  assert.equal(await within(2000, cut), false, 'the origin saw the body cut short');
  assert.equal(calls, 1);
});

test('requestSetup and headers shape the request', async () => {
  resetOrigin();
  let seenRange: string | null = null;
  await loadOverHttp(
    { url: `${origin.url}/${MEDIA_PATH}`, byteRange: RANGE },
    {
      headers: { 'X-Peerlane-Client': 'engine' },
      requestSetup: (_url, init) => {
        const headers = new Headers(init.headers);
        seenRange = headers.get('range');
        headers.set('X-Peerlane-Client', 'app');
        return Promise.resolve({ ...init, headers });
      },
    },
  );
  assert.equal(seenRange, `bytes=${RANGE.start}-${RANGE.end - 1}`);
  assert.deepEqual(Object.keys(origin.stats().byClient), ['app']);

  const server = await startScriptedServer((req, res) => {
    serveBytes(req, res, segment);
  });
  try {
    await loadOverHttp(
      { url: server.url },
      {
        headers: { 'X-Peerlane-Client': 'engine' },
        requestSetup: (_url, init) => {
          (init.headers as Headers).set('Authorization', 'Bearer t0ken');
        },
      },
    );
    assert.equal(server.requests[0]?.authorization, 'Bearer t0ken');
    assert.equal(server.requests[0]['x-peerlane-client'], 'engine');
  } finally {
    await server.close();
  }
});

test('408, 429 and 5xx are retried; other 4xx are not', async () => {
  let failWith: number | undefined;
  const server = await startScriptedServer((req, res) => {
    if (failWith === undefined) serveBytes(req, res, segment);
    else res.writeHead(failWith).end('no');
    failWith = undefined;
  });
  try {
    for (const status of [408, 429, 500, 503, 400, 403, 410]) {
      failWith = status;
      server.requests.length = 0;
      const outcome = await loadOverHttp({ url: server.url }, QUICK).catch((e: unknown) => e);
      if (status >= 500 || status === 408 || status === 429) {
        assert.ok(!(outcome instanceof Error), `${status} retried`);
        assert.equal(server.requests.length, 2);
      } else {
        assert.ok(outcome instanceof HttpStatusError && outcome.status === status);
        assert.equal(server.requests.length, 1, `${status} not retried`);
      }
    }
  } finally {
    await server.close();
  }
});

test('gives up after `retries` retries with the last error', async () => {
  const server = await startScriptedServer((_req, res) => {
    res.writeHead(503).end();
  });
  try {
    await assert.rejects(
      loadOverHttp({ url: server.url }, { ...QUICK, retries: 3 }),
      (error) => error instanceof HttpStatusError && error.status === 503,
    );
    assert.equal(server.requests.length, 4);
  } finally {
    await server.close();
  }
});

test('a body cut mid-way is resumed with a Range request for the rest', async () => {
  const half = 15_000;
  let halfArrived: () => void = () => undefined;
  const arrived = new Promise<void>((resolve) => {
    halfArrived = resolve;
  });
  const server = await startScriptedServer((req, res, index) => {
    if (index > 0) {
      serveBytes(req, res, segment);
      return;
    }
    res.writeHead(200, { 'Content-Length': segment.length });
    res.write(segment.subarray(0, half));
    // Cut once the client holds the first half, so that it has something to keep.
    void arrived.then(() => res.destroy());
  });
  try {
    const loads: number[] = [];
    const result = await loadOverHttp(
      {
        url: server.url,
        onProgress: (_chunk, loaded) => {
          loads.push(loaded);
          if (loaded === half) halfArrived();
        },
      },
      QUICK,
    );
    assert.deepEqual(result.bytes, new Uint8Array(segment));
    assert.equal(server.requests.length, 2);
    assert.equal(server.requests[1]?.range, `bytes=${half}-`);
    assert.ok(loads.every((loaded, i) => i === 0 || loaded > (loads[i - 1] ?? 0)));
  } finally {
    await server.close();
  }
});

test('a network error is retried, then rejects with ERR_HTTP_NETWORK', async () => {
  const server = await startScriptedServer(() => undefined);
  await server.close();
  let calls = 0;
  await assert.rejects(
    loadOverHttp(
      { url: server.url },
      {
        ...QUICK,
        fetch: (url, init) => {
          calls++;
          return fetch(url, init);
        },
      },
    ),
    rejectsWith('ERR_HTTP_NETWORK'),
  );
  assert.equal(calls, 3);
});

test('no bytes for noBytesTimeoutMs fails the attempt with ERR_HTTP_TIMEOUT', async () => {
  const server = await startScriptedServer(() => undefined); // never answers
  try {
    const started = performance.now();
    await assert.rejects(
      loadOverHttp({ url: server.url }, { noBytesTimeoutMs: 200, retries: 0 }),
      rejectsWith('ERR_HTTP_TIMEOUT'),
    );
    const elapsed = performance.now() - started;
    assert.ok(elapsed >= 190 && elapsed < 2000, `${elapsed} ms`);
  } finally {
    await server.close();
  }
});

test('a body that stalls times out and resumes where it stopped', async () => {
  const half = 15_000;
  const server = await startScriptedServer((req, res, index) => {
    if (index > 0) {
      serveBytes(req, res, segment);
      return;
    }
    res.writeHead(200, { 'Content-Length': segment.length });
    res.write(segment.subarray(0, half)); // and then nothing
  });
  try {
    const result = await loadOverHttp({ url: server.url }, { ...QUICK, noBytesTimeoutMs: 300 });
    assert.deepEqual(result.bytes, new Uint8Array(segment));
    assert.equal(server.requests[1]?.range, `bytes=${half}-`);
  } finally {
    await server.close();
  }
});

test('a 200 to a Range request is cut to the range asked for', async () => {
  const server = await startScriptedServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': media.length }).end(media);
  });
  try {
    const part = media.subarray(RANGE.start, RANGE.end);
    const result = await loadOverHttp({
      url: server.url,
      byteRange: RANGE,
    });
    assert.deepEqual(result.bytes, new Uint8Array(part));
    assert.equal(result.status, 200);
    assert.equal(server.requests[0]?.range, `bytes=${RANGE.start}-${RANGE.end - 1}`);
  } finally {
    await server.close();
  }
});

test('a body shorter than the range asked for is ERR_HTTP_SHORT_BODY, retried', async () => {
  const server = await startScriptedServer((_req, res) => {
    res.writeHead(200).end(media.subarray(0, RANGE.start + 100)); // chunked, no length
  });
  try {
    await assert.rejects(
      loadOverHttp({ url: server.url, byteRange: RANGE }, QUICK),
      rejectsWith('ERR_HTTP_SHORT_BODY'),
    );
    assert.equal(server.requests.length, 3);
    assert.equal(server.requests[1]?.range, `bytes=${RANGE.start + 100}-${RANGE.end - 1}`);
  } finally {
    await server.close();
  }
});

test('a 206 with another range than asked is an error, not retried', async () => {
  const server = await startScriptedServer((_req, res) => {
    res
      .writeHead(206, { 'Content-Range': `bytes 0-99/${media.length}`, 'Content-Length': 100 })
      .end(media.subarray(0, 100));
  });
  try {
    await assert.rejects(
      loadOverHttp({ url: server.url, byteRange: RANGE }, QUICK),
      rejectsWith('ERR_HTTP_BAD_RANGE'),
    );
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test('abort during the backoff wait rejects at once', async () => {
  const server = await startScriptedServer((_req, res) => {
    res.writeHead(503).end();
  });
  const controller = new AbortController();
  try {
    const started = performance.now();
    await assert.rejects(
      within(
        2000,
        loadOverHttp(
          { url: server.url, signal: controller.signal },
          {
            retryDelayMs: 60_000,
            maxRetryDelayMs: 60_000,
            timers: {
              setTimeout: (callback, ms) => {
                // The backoff timer is the only long one: abort while it runs.
                if (ms >= 20_000) {
                  queueMicrotask(() => {
                    controller.abort();
                  });
                }
                return setTimeout(callback, ms);
              },
              clearTimeout: (handle) => {
                clearTimeout(handle as NodeJS.Timeout);
              },
            },
          },
        ),
      ),
      rejectsWith('ERR_ABORTED'),
    );
    assert.ok(performance.now() - started < 2000);
    assert.equal(server.requests.length, 1);
  } finally {
    await server.close();
  }
});

test('abort is prompt even with a fetch that ignores its signal', async () => {
  const controller = new AbortController();
  const load = loadOverHttp(
    { url: 'http://never.invalid/', signal: controller.signal },
    { fetch: () => new Promise<Response>(() => undefined) },
  );
  controller.abort();
  await assert.rejects(within(1000, load), rejectsWith('ERR_ABORTED'));
});

test('an already aborted signal sends nothing', async () => {
  let calls = 0;
  await assert.rejects(
    loadOverHttp(
      { url: 'http://never.invalid/', signal: AbortSignal.abort() },
      {
        fetch: () => {
          calls++;
          return Promise.reject(new Error('unreachable'));
        },
      },
    ),
    rejectsWith('ERR_ABORTED'),
  );
  assert.equal(calls, 0);
});
