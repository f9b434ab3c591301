import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startOrigin } from '../origin/index.ts';
import type { Origin } from '../origin/index.ts';
import { createMediaTree, removeMediaTree, SEGMENT_COUNT, SEGMENT_SECONDS } from './media-tree.ts';

const T0 = Date.UTC(2024, 0, 1);
const SEGMENT_MS = SEGMENT_SECONDS * 1000;

/** The tags and segment URIs of a live media playlist, as the assertions need them. */
interface LiveView {
  mediaSequence: number;
  discontinuitySequence: number;
  programDateTime: string[];
  uris: string[];
  /** Indexes (into `uris`) of the segments preceded by EXT-X-DISCONTINUITY. */
  discontinuities: number[];
  lines: string[];
}

function view(text: string): LiveView {
  const lines = text.trim().split('\n');
  const value = (tag: string): string[] =>
    lines.filter((line) => line.startsWith(`${tag}:`)).map((line) => line.slice(tag.length + 1));
  const uris: string[] = [];
  const discontinuities: number[] = [];
  for (const line of lines) {
    if (line === '#EXT-X-DISCONTINUITY') discontinuities.push(uris.length);
    else if (!line.startsWith('#')) uris.push(line);
  }
  return {
    mediaSequence: Number(value('#EXT-X-MEDIA-SEQUENCE')[0]),
    discontinuitySequence: Number(value('#EXT-X-DISCONTINUITY-SEQUENCE')[0]),
    programDateTime: value('#EXT-X-PROGRAM-DATE-TIME'),
    uris,
    discontinuities,
    lines,
  };
}

describe('origin: simulated live', () => {
  let root: string;
  let origin: Origin;
  let now = T0;

  before(async () => {
    root = await createMediaTree();
    origin = await startOrigin({ mediaRoot: root, now: () => now });
  });

  beforeEach(() => {
    now = T0;
  });

  after(async () => {
    await origin.close();
    await removeMediaTree(root);
  });

  async function get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(`${origin.url}${path}`);
    return { status: response.status, text: await response.text() };
  }

  async function playlist(path: string): Promise<LiveView> {
    const { status, text } = await get(path);
    assert.equal(status, 200, `${path}: ${text}`);
    return view(text);
  }

  it('serves the master with relative media playlist URIs', async () => {
    const { status, text } = await get('/live/ts/master.m3u8');
    assert.equal(status, 200);
    assert.equal(text, await readFile(join(root, 'ts/master.m3u8'), 'utf8'));
  });

  it('starts with a full window and slides it with the clock', async () => {
    const first = await playlist('/live/ts/240p/index.m3u8');
    assert.equal(first.uris.length, 6);
    assert.deepEqual(first.uris, [
      '94/seg-002.ts',
      '95/seg-003.ts',
      '96/seg-000.ts',
      '97/seg-001.ts',
      '98/seg-002.ts',
      '99/seg-003.ts',
    ]);
    assert.equal(first.mediaSequence, 94);
    assert.ok(!first.lines.includes('#EXT-X-ENDLIST'));
    assert.ok(!first.lines.some((line) => line.startsWith('#EXT-X-PLAYLIST-TYPE')));
    now = T0 + SEGMENT_MS - 1;
    assert.equal((await playlist('/live/ts/240p/index.m3u8')).mediaSequence, 94);
    now = T0 + SEGMENT_MS;
    const later = await playlist('/live/ts/240p/index.m3u8');
    assert.equal(later.mediaSequence, 95);
    assert.equal(later.uris.at(-1), '100/seg-000.ts');
    now = T0 + 1000 * SEGMENT_MS;
    assert.equal((await playlist('/live/ts/240p/index.m3u8')).mediaSequence, 1094);
  });

  it('marks each loop wrap and counts the wraps that slid out', async () => {
    const atT0 = await playlist('/live/ts/240p/index.m3u8');
    // 96 = 24 loops of SEGMENT_COUNT: its tag is listed; 23 earlier wraps slid out.
    assert.deepEqual(atT0.discontinuities, [2]);
    assert.equal(atT0.discontinuitySequence, 23);
    now = T0 + 2 * SEGMENT_MS;
    const wrapFirst = await playlist('/live/ts/240p/index.m3u8');
    assert.equal(wrapFirst.mediaSequence, 96);
    assert.deepEqual(wrapFirst.discontinuities, [0, SEGMENT_COUNT]);
    assert.equal(wrapFirst.discontinuitySequence, 23);
    now = T0 + 3 * SEGMENT_MS;
    const wrapGone = await playlist('/live/ts/240p/index.m3u8');
    assert.deepEqual(wrapGone.discontinuities, [SEGMENT_COUNT - 1]);
    assert.equal(wrapGone.discontinuitySequence, 24);
  });

  it('dates the first segment so that the last one ends now', async () => {
    now = T0 + 500;
    const live = await playlist('/live/ts/240p/index.m3u8');
    assert.equal(live.programDateTime.length, 1);
    const edge = Date.parse(live.programDateTime[0] ?? '') + live.uris.length * SEGMENT_MS;
    assert.equal(edge, T0);
    const firstEntry = live.lines.findIndex((line) => line.startsWith('#EXTINF'));
    assert.ok(live.lines[firstEntry - 1]?.startsWith('#EXT-X-PROGRAM-DATE-TIME'));
  });

  it('keeps every rendition, audio included, on one timeline', async () => {
    now = T0 + 7 * SEGMENT_MS + 123;
    const video = await playlist('/live/audio/240p/index.m3u8');
    const audio = await playlist('/live/audio/en/index.m3u8');
    const other = await playlist('/live/ts/480p/index.m3u8');
    assert.equal(audio.mediaSequence, video.mediaSequence);
    assert.deepEqual(audio.programDateTime, video.programDateTime);
    assert.deepEqual(
      audio.uris,
      video.uris.map((uri) => uri.replace('.ts', '.aac')),
    );
    assert.deepEqual(other.uris, video.uris);
  });

  it('serves published segments under their own URL, never future ones', async () => {
    const expected = await readFile(join(root, 'ts/480p/seg-003.ts'));
    const published = await fetch(`${origin.url}/live/ts/480p/99/seg-003.ts`);
    assert.equal(published.status, 200);
    assert.equal(published.headers.get('content-type'), 'video/mp2t');
    assert.deepEqual(Buffer.from(await published.arrayBuffer()), expected);
    assert.equal((await get('/live/ts/480p/3/seg-003.ts')).status, 200, 'an old segment stays');
    assert.equal((await get('/live/ts/480p/100/seg-000.ts')).status, 404, 'future');
    assert.equal((await get('/live/ts/480p/99/seg-000.ts')).status, 404, 'wrong file for k');
    assert.equal((await get('/live/ts/480p/099/seg-003.ts')).status, 404, 'non-canonical k');
    assert.equal((await get('/live/ts/480p/seg-003.ts')).status, 404, 'no k');
    assert.equal((await get('/live/ts/720p/99/seg-003.ts')).status, 404, 'unknown rendition');
    now = T0 + SEGMENT_MS;
    assert.equal((await get('/live/ts/480p/100/seg-000.ts')).status, 200, 'now published');
  });

  it('propagates ?window= from the master and honours it', async () => {
    const master = await get('/live/audio/master.m3u8?window=3');
    assert.match(master.text, /URI="en\/index\.m3u8\?window=3"/);
    assert.match(master.text, /^240p\/index\.m3u8\?window=3$/m);
    assert.equal((await playlist('/live/audio/en/index.m3u8?window=3')).uris.length, 3);
    assert.equal((await playlist('/live/ts/240p/index.m3u8?window=100')).uris.length, 100);
    assert.equal((await playlist('/live/ts/240p/index.m3u8?window=1')).uris.length, 1);
  });

  it('answers a bad ?window= with 400', async () => {
    for (const window of ['0', '101', '-1', '2.5', 'abc', '']) {
      assert.equal((await get(`/live/ts/master.m3u8?window=${window}`)).status, 400, window);
      assert.equal((await get(`/live/ts/240p/index.m3u8?window=${window}`)).status, 400, window);
    }
  });

  it('keeps EXT-X-MAP for fMP4 and serves the init section', async () => {
    const live = await playlist('/live/fmp4/360p/index.m3u8');
    assert.ok(live.lines.includes('#EXT-X-MAP:URI="init.mp4"'));
    assert.ok(live.lines.includes('#EXT-X-VERSION:7'));
    assert.equal(live.uris.at(-1), '99/seg-003.m4s');
    const init = await fetch(`${origin.url}/live/fmp4/360p/init.mp4`);
    assert.equal(init.status, 200);
    assert.equal(await init.text(), 'init-segment');
    const segment = await fetch(`${origin.url}/live/fmp4/360p/99/seg-003.m4s`);
    assert.equal(segment.headers.get('content-type'), 'video/mp4');
    assert.deepEqual(
      Buffer.from(await segment.arrayBuffer()),
      await readFile(join(root, 'fmp4/360p/seg-003.m4s')),
    );
  });

  it('keeps byte ranges, resolving omitted offsets', async () => {
    const live = await playlist('/live/byterange/240p/index.m3u8?window=4');
    assert.deepEqual(live.uris, ['96/media.ts', '97/media.ts', '98/media.ts', '99/media.ts']);
    const ranges = live.lines.filter((line) => line.startsWith('#EXT-X-BYTERANGE:'));
    assert.deepEqual(ranges, [
      '#EXT-X-BYTERANGE:1000@0',
      '#EXT-X-BYTERANGE:1100@1000',
      '#EXT-X-BYTERANGE:1200@2100',
      '#EXT-X-BYTERANGE:1300@3300',
    ]);
    const media = await readFile(join(root, 'byterange/240p/media.ts'));
    const part = await fetch(`${origin.url}/live/byterange/240p/97/media.ts`, {
      headers: { range: 'bytes=1000-2099' },
    });
    assert.equal(part.status, 206);
    assert.deepEqual(Buffer.from(await part.arrayBuffer()), media.subarray(1000, 2100));
    assert.equal((await get('/live/byterange/240p/100/media.ts')).status, 404);
  });

  it('serves only the playlists a live stream has', async () => {
    assert.equal((await get('/live/nope/master.m3u8')).status, 404);
    assert.equal((await get('/live/ts/240p/other.m3u8')).status, 404);
    assert.equal((await get('/live/ts')).status, 404);
    assert.equal((await get('/live/ts/master.m3u8/x')).status, 404);
  });
});

describe('origin: live on media it cannot replay', () => {
  it('answers 500 naming the problem', async () => {
    const root = await createMediaTree();
    const extinf = `#EXTINF:${SEGMENT_SECONDS},`;
    const files: Record<string, string> = {
      'uneven/master.m3u8':
        '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na/index.m3u8\n#EXT-X-STREAM-INF:BANDWIDTH=2\nb/index.m3u8\n',
      'uneven/a/index.m3u8': `#EXTM3U\n#EXT-X-TARGETDURATION:2\n${extinf}\n0.ts\n${extinf}\n1.ts\n`,
      'uneven/b/index.m3u8': `#EXTM3U\n#EXT-X-TARGETDURATION:2\n${extinf}\n0.ts\n`,
      'absolute/master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\na/index.m3u8\n',
      'absolute/a/index.m3u8': `#EXTM3U\n#EXT-X-TARGETDURATION:2\n${extinf}\nhttp://cdn.test/0.ts\n`,
      'flat/master.m3u8': '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1\nvideo.m3u8\n',
    };
    for (const [path, content] of Object.entries(files)) {
      await mkdir(dirname(join(root, path)), { recursive: true });
      await writeFile(join(root, path), content);
    }
    const origin = await startOrigin({ mediaRoot: root });
    try {
      const cases: [string, RegExp][] = [
        ['/live/uneven/master.m3u8', /rendition b has 1 segments, the first variant has 2/],
        [
          '/live/absolute/a/index.m3u8',
          /plain relative segment URIs, got "http:\/\/cdn\.test\/0\.ts"/,
        ],
        ['/live/flat/master.m3u8', /URIs like "<rendition>\/index\.m3u8", got "video\.m3u8"/],
      ];
      for (const [path, message] of cases) {
        const response = await fetch(`${origin.url}${path}`);
        assert.equal(response.status, 500, path);
        assert.match(await response.text(), message, path);
      }
    } finally {
      await origin.close();
      await removeMediaTree(root);
    }
  });
});
