import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DEFAULT_MEDIA_ROOT, listVariants, masterUrls, startOrigin } from '../origin/index.ts';
import type { Origin } from '../origin/index.ts';
import { masterUris, parseMediaPlaylist } from '../origin/playlist.ts';

const present = existsSync(join(DEFAULT_MEDIA_ROOT, 'ts/master.m3u8'));
const skip = present ? false : `no fixtures at ${DEFAULT_MEDIA_ROOT} (run demo/media/generate.sh)`;

async function text(url: string): Promise<string> {
  const response = await fetch(url);
  assert.equal(response.status, 200, url);
  return response.text();
}

async function bytes(url: string, headers: Record<string, string> = {}): Promise<Buffer> {
  const response = await fetch(url, { headers });
  assert.ok(response.ok, `${url}: ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

describe('origin on the committed fixtures', { skip }, () => {
  let origin: Origin;

  before(async () => {
    origin = await startOrigin({ sha256: true, now: () => Date.UTC(2024, 0, 1, 12) });
  });

  after(async () => {
    await origin.close();
  });

  it('finds the four packagings', async () => {
    assert.deepEqual(await listVariants(origin.mediaRoot), ['audio', 'byterange', 'fmp4', 'ts']);
  });

  it('replays every rendition live with the VOD bytes', async () => {
    for (const variant of await listVariants(origin.mediaRoot)) {
      const { vod, live } = masterUrls(origin.url, variant);
      const uris = masterUris(await text(live), live);
      assert.deepEqual(uris, masterUris(await text(vod), vod));
      for (const { uri } of uris) {
        const vodUrl = new URL(uri, vod).href;
        const liveUrl = new URL(uri, live).href;
        const vodPlaylist = parseMediaPlaylist(await text(vodUrl), vodUrl);
        const livePlaylist = parseLive(await text(liveUrl));
        assert.equal(livePlaylist.uris.length, 6, liveUrl);
        const last = livePlaylist.uris.at(-1) ?? '';
        const k = Number(last.split('/')[0]);
        const source = vodPlaylist.segments[k % vodPlaylist.segments.length];
        assert.ok(source !== undefined);
        assert.equal(last, `${k}/${source.uri}`);
        const range = source.byteRange;
        const headers: Record<string, string> =
          range === undefined
            ? {}
            : { range: `bytes=${range.offset}-${range.offset + range.length - 1}` };
        const fromLive = await bytes(new URL(last, liveUrl).href, headers);
        assert.deepEqual(fromLive, await bytes(new URL(source.uri, vodUrl).href, headers), liveUrl);
        const digestQuery =
          range === undefined ? '' : `?range=${range.offset}-${range.offset + range.length - 1}`;
        const digest = await text(`${new URL(last, liveUrl).href}.sha256${digestQuery}`);
        assert.equal(digest, createHash('sha256').update(fromLive).digest('hex'));
        if (vodPlaylist.map !== undefined) {
          assert.deepEqual(
            await bytes(new URL(vodPlaylist.map.uri, liveUrl).href),
            await bytes(new URL(vodPlaylist.map.uri, vodUrl).href),
          );
        }
      }
    }
  });
});

function parseLive(playlist: string): { uris: string[] } {
  return { uris: playlist.split('\n').filter((line) => line !== '' && !line.startsWith('#')) };
}
