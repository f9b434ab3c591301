import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOrigin } from '../origin/index.ts';
import type { Origin } from '../origin/index.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

describe('origin: SHA-256 sidecar', () => {
  let root: string;
  let origin: Origin;
  let disabled: Origin;

  before(async () => {
    root = await createMediaTree();
    const now = (): number => Date.UTC(2024, 0, 1);
    origin = await startOrigin({ mediaRoot: root, sha256: true, now });
    disabled = await startOrigin({ mediaRoot: root, now });
  });

  after(async () => {
    await Promise.all([origin.close(), disabled.close()]);
    await removeMediaTree(root);
  });

  async function digestOf(base: string, path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${base}${path}`);
    return { status: response.status, text: await response.text() };
  }

  it('digests VOD and live segments and init sections', async () => {
    const cases = [
      ['/vod/ts/240p/seg-001.ts', 'ts/240p/seg-001.ts'],
      ['/vod/fmp4/360p/init.mp4', 'fmp4/360p/init.mp4'],
      ['/live/ts/240p/97/seg-001.ts', 'ts/240p/seg-001.ts'],
      ['/live/fmp4/360p/init.mp4', 'fmp4/360p/init.mp4'],
    ];
    for (const [url, file = ''] of cases) {
      const { status, text } = await digestOf(origin.url, `${url}.sha256`);
      assert.equal(status, 200, url);
      assert.equal(text, sha256(await readFile(join(root, file))), url);
    }
  });

  it('digests a byte range of a byterange entry', async () => {
    const media = await readFile(join(root, 'byterange/240p/media.ts'));
    for (const base of ['/vod/byterange/240p/media.ts', '/live/byterange/240p/98/media.ts']) {
      const { status, text } = await digestOf(origin.url, `${base}.sha256?range=2100-3299`);
      assert.equal(status, 200, base);
      assert.equal(text, sha256(media.subarray(2100, 3300)), base);
    }
  });

  it('answers a bad range with 400', async () => {
    for (const range of ['0-99999', '5-4', 'x']) {
      const { status } = await digestOf(
        origin.url,
        `/vod/byterange/240p/media.ts.sha256?range=${range}`,
      );
      assert.equal(status, 400, range);
    }
  });

  it('has no digest for playlists, missing or future segments', async () => {
    for (const path of [
      '/vod/ts/master.m3u8.sha256',
      '/live/ts/240p/index.m3u8.sha256',
      '/vod/ts/240p/nope.ts.sha256',
      '/live/ts/240p/100/seg-000.ts.sha256',
    ]) {
      assert.equal((await digestOf(origin.url, path)).status, 404, path);
    }
  });

  it('answers 404 when disabled', async () => {
    assert.equal((await digestOf(disabled.url, '/vod/ts/240p/seg-001.ts.sha256')).status, 404);
    assert.equal((await digestOf(disabled.url, '/live/ts/240p/97/seg-001.ts.sha256')).status, 404);
  });
});
