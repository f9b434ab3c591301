import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  masterUris,
  parseMediaPlaylist,
  rewriteMasterUris,
  serializeLivePlaylist,
} from '../origin/playlist.ts';

describe('parseMediaPlaylist', () => {
  it('reads segments, the init section and byte ranges', () => {
    const text = [
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-TARGETDURATION:4',
      '#EXT-X-PLAYLIST-TYPE:VOD',
      '#EXT-X-MAP:URI="init.mp4",BYTERANGE="720@0"',
      '#EXTINF:3.96,title, with comma',
      '#EXT-X-BYTERANGE:1000@720',
      'media.mp4',
      '',
      '#EXTINF:4,',
      '#EXT-X-BYTERANGE:500',
      'media.mp4',
      '#EXT-X-ENDLIST',
    ].join('\r\n');
    assert.deepEqual(parseMediaPlaylist(text, 'p.m3u8'), {
      version: 7,
      independentSegments: true,
      targetDuration: 4,
      map: { uri: 'init.mp4', byteRange: { length: 720, offset: 0 } },
      segments: [
        { duration: 3.96, uri: 'media.mp4', byteRange: { length: 1000, offset: 720 } },
        { duration: 4, uri: 'media.mp4', byteRange: { length: 500, offset: 1720 } },
      ],
    });
  });

  it('names the file and line of what it refuses', () => {
    const cases: [string, RegExp][] = [
      ['#EXT-X-TARGETDURATION:2\n', /p\.m3u8: not a playlist/],
      ['#EXTM3U\n#EXTINF:2,\nseg.ts\n', /p\.m3u8: missing EXT-X-TARGETDURATION/],
      ['#EXTM3U\n#EXT-X-TARGETDURATION:2\nseg.ts\n', /p\.m3u8:3: URI without EXTINF/],
      ['#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:x,\nseg.ts\n', /p\.m3u8:3: bad EXTINF/],
      ['#EXTM3U\n#EXT-X-KEY:METHOD=AES-128,URI="k"\n', /EXT-X-KEY is not supported/],
      ['#EXTM3U\n#EXTINF:2,\n#EXT-X-DISCONTINUITY\n', /EXT-X-DISCONTINUITY is not supported/],
      ['#EXTM3U\n#EXTINF:2,\n#EXT-X-BYTERANGE:10\nm.ts\n', /without offset/],
    ];
    for (const [text, error] of cases)
      assert.throws(() => parseMediaPlaylist(text, 'p.m3u8'), error);
  });
});

describe('serializeLivePlaylist', () => {
  it('writes the live header, discontinuities and the first date', () => {
    const text = serializeLivePlaylist({
      version: 4,
      independentSegments: false,
      targetDuration: 2,
      map: { uri: 'init.mp4' },
      mediaSequence: 7,
      discontinuitySequence: 1,
      segments: [
        { duration: 2, uri: '7/a.ts', discontinuity: false, programDateTimeMs: 0 },
        { duration: 2, uri: '8/m.ts', discontinuity: true, byteRange: { length: 5, offset: 10 } },
      ],
    });
    assert.equal(
      text,
      [
        '#EXTM3U',
        '#EXT-X-VERSION:4',
        '#EXT-X-TARGETDURATION:2',
        '#EXT-X-MEDIA-SEQUENCE:7',
        '#EXT-X-DISCONTINUITY-SEQUENCE:1',
        '#EXT-X-MAP:URI="init.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:1970-01-01T00:00:00.000Z',
        '#EXTINF:2,',
        '7/a.ts',
        '#EXT-X-DISCONTINUITY',
        '#EXTINF:2,',
        '#EXT-X-BYTERANGE:5@10',
        '8/m.ts',
        '',
      ].join('\n'),
    );
  });
});

describe('multivariant playlists', () => {
  const master = [
    '#EXTM3U',
    '#EXT-X-INDEPENDENT-SEGMENTS',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="en",URI="en/index.m3u8"',
    '#EXT-X-STREAM-INF:BANDWIDTH=1,CODECS="avc1.4d401e,mp4a.40.2",AUDIO="a"',
    '240p/index.m3u8',
    '',
  ].join('\n');

  it('lists variant and rendition URIs', () => {
    assert.deepEqual(masterUris(master, 'm'), [
      { uri: 'en/index.m3u8', kind: 'rendition' },
      { uri: '240p/index.m3u8', kind: 'variant' },
    ]);
  });

  it('rewrites only the URIs', () => {
    const rewritten = rewriteMasterUris(master, 'm', (uri) => `x/${uri}`);
    assert.equal(rewritten, master.replace('URI="en', 'URI="x/en').replace('\n240p', '\nx/240p'));
  });

  it('refuses a media playlist', () => {
    assert.throws(
      () => masterUris('#EXTM3U\n#EXTINF:2,\na.ts\n', 'm'),
      /not a multivariant playlist/,
    );
  });
});
