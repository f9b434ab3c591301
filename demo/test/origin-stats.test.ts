import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startOrigin } from '../origin/index.ts';
import type { Origin, OriginStats } from '../origin/index.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

describe('origin: byte accounting', () => {
  let root: string;
  let origin: Origin;

  before(async () => {
    root = await createMediaTree();
    origin = await startOrigin({ mediaRoot: root, now: () => Date.UTC(2024, 0, 1) });
  });

  beforeEach(() => {
    origin.resetStats();
  });

  after(async () => {
    await origin.close();
    await removeMediaTree(root);
  });

  async function drain(path: string, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${origin.url}${path}`, { headers });
    return (await response.arrayBuffer()).byteLength;
  }

  it('counts body bytes and requests per path, without the query', async () => {
    await drain('/vod/ts/240p/seg-000.ts');
    await drain('/vod/ts/240p/seg-000.ts?token=abc');
    await drain('/vod/ts/240p/seg-001.ts', { range: 'bytes=0-99' });
    const stats = origin.stats();
    assert.deepEqual(stats.byPath, {
      '/vod/ts/240p/seg-000.ts': { bytes: 2000, requests: 2 },
      '/vod/ts/240p/seg-001.ts': { bytes: 100, requests: 1 },
    });
    assert.equal(stats.totalBytes, 2100);
    assert.equal(stats.requests, 3);
  });

  it('counts each live segment under its own path', async () => {
    await drain('/live/ts/240p/95/seg-003.ts');
    await drain('/live/ts/240p/99/seg-003.ts');
    assert.deepEqual(Object.keys(origin.stats().byPath).sort(), [
      '/live/ts/240p/95/seg-003.ts',
      '/live/ts/240p/99/seg-003.ts',
    ]);
  });

  it('tells clients apart by header, then query, then address', async () => {
    await drain('/vod/ts/240p/seg-000.ts', { 'x-peerlane-client': 'alice' });
    await drain('/vod/ts/240p/seg-000.ts?client=bob');
    await drain('/vod/ts/240p/seg-000.ts?client=bob', { 'x-peerlane-client': 'carol' });
    await drain('/vod/ts/240p/seg-000.ts');
    assert.deepEqual(origin.stats().byClient, {
      alice: { bytes: 1000, requests: 1 },
      bob: { bytes: 1000, requests: 1 },
      carol: { bytes: 1000, requests: 1 },
      '127.0.0.1': { bytes: 1000, requests: 1 },
    });
  });

  it('publishes the same snapshot at /origin/stats.json, without counting itself', async () => {
    await drain('/vod/ts/master.m3u8');
    const response = await fetch(`${origin.url}/origin/stats.json`);
    assert.equal(response.headers.get('content-type'), 'application/json');
    assert.equal(response.headers.get('access-control-allow-origin'), '*');
    const published = (await response.json()) as OriginStats;
    assert.deepEqual(published, origin.stats());
    assert.equal(published.requests, 1);
  });

  it('returns snapshots, not live views', () => {
    const snapshot = origin.stats();
    snapshot.totalBytes = 99;
    assert.equal(origin.stats().totalBytes, 0);
  });
});
