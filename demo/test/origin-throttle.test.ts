import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { get } from 'node:http';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startOrigin } from '../origin/index.ts';
import type { Origin, ResponseRecord } from '../origin/index.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

const BIG_PATH = '/vod/ts/240p/big.ts';
const BIG_SIZE = 64 * 1024;

describe('origin: CDN throttle', () => {
  let root: string;
  let origin: Origin;

  before(async () => {
    root = await createMediaTree();
    await writeFile(join(root, 'ts/240p/big.ts'), Buffer.alloc(BIG_SIZE, 'big'));
    origin = await startOrigin({ mediaRoot: root, now: () => Date.UTC(2024, 0, 1) });
  });

  beforeEach(() => {
    origin.setThrottle({});
    origin.resetStats();
  });

  after(async () => {
    await origin.close();
    await removeMediaTree(root);
  });

  async function timed(
    path: string,
  ): Promise<{ headersMs: number; totalMs: number; bytes: number }> {
    const start = performance.now();
    const response = await fetch(`${origin.url}${path}`);
    const headersMs = performance.now() - start;
    const bytes = (await response.arrayBuffer()).byteLength;
    return { headersMs, totalMs: performance.now() - start, bytes };
  }

  it('paces media bodies to the rate', async () => {
    origin.setThrottle({ bitsPerSecond: 256_000 });
    const { totalMs, bytes } = await timed(BIG_PATH);
    assert.equal(bytes, BIG_SIZE);
    // 64 KiB at 32 kB/s is 2 s.
    assert.ok(totalMs >= 1500, `took ${totalMs} ms`);
    assert.ok(totalMs < 6000, `took ${totalMs} ms`);
  });

  it('delays the first byte of every response', async () => {
    origin.setThrottle({ firstByteDelayMs: 300 });
    for (const path of ['/vod/ts/240p/seg-000.ts', '/live/ts/240p/index.m3u8', '/vod/nope.ts']) {
      const { headersMs } = await timed(path);
      assert.ok(headersMs >= 250, `${path}: first byte after ${headersMs} ms`);
    }
  });

  it('does not rate-cap playlists', async () => {
    origin.setThrottle({ bitsPerSecond: 800 });
    const { totalMs, bytes } = await timed('/live/ts/240p/index.m3u8?window=100');
    // Capped at 100 B/s this would take over 10 s.
    assert.ok(bytes > 1500);
    assert.ok(totalMs < 1000, `took ${totalMs} ms`);
  });

  it('applies a new throttle to bodies in flight', async () => {
    origin.setThrottle({ bitsPerSecond: 64_000 });
    const start = performance.now();
    const response = await fetch(`${origin.url}${BIG_PATH}`);
    origin.setThrottle({});
    assert.equal((await response.arrayBuffer()).byteLength, BIG_SIZE);
    // At 8 kB/s it would take 8 s.
    assert.ok(performance.now() - start < 3000);
  });

  it('stops sending and counting when the client leaves mid-body', async () => {
    origin.setThrottle({ bitsPerSecond: 64_000 });
    const { hostname, port } = new URL(origin.url);
    const ended = new Promise<ResponseRecord>((resolve) => {
      const unsubscribe = origin.onResponse((record) => {
        if (record.path !== BIG_PATH) return;
        unsubscribe();
        resolve(record);
      });
    });
    await new Promise<void>((resolve, reject) => {
      const req = get({ hostname, port, path: BIG_PATH }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'ECONNRESET') reject(error);
      });
    });
    const record = await ended;
    assert.equal(record.complete, false);
    assert.ok(record.bytes > 0 && record.bytes < BIG_SIZE, `sent ${record.bytes}`);
    assert.equal(origin.stats().byPath[BIG_PATH]?.bytes, record.bytes);
    origin.setThrottle({});
    const whole = new Promise<ResponseRecord>((resolve) => {
      const unsubscribe = origin.onResponse((next) => {
        unsubscribe();
        resolve(next);
      });
    });
    assert.equal((await timed(BIG_PATH)).bytes, BIG_SIZE);
    assert.deepEqual(
      { ...(await whole), durationMs: 0 },
      {
        path: BIG_PATH,
        client: '127.0.0.1',
        status: 200,
        bytes: BIG_SIZE,
        complete: true,
        durationMs: 0,
      },
    );
  });
});
