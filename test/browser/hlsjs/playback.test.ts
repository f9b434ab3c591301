import { expect } from 'chai';
import { HLS_VERSIONS } from './versions.ts';
import { playFor, servers, startPlayer, unexpected, type Player } from './player.ts';

/**
 * hls.js plays the local origin's fixtures through Peerlane (no tracker: every
 * segment the engine serves comes over its HTTP), and every media and init segment
 * hls.js receives went through the engine.
 */

/** URLs the engine fetched, through a `fetch` handed to it as a platform object. */
function recordingFetch(urls: string[]): (url: string, init: RequestInit) => Promise<Response> {
  return (url, init) => {
    urls.push(url);
    return fetch(url, init);
  };
}

function throughEngine(player: Player, fetched: readonly string[]): void {
  const fragments = player.received.filter((fragment) => !fragment.bitrateTest);
  expect(fragments.length).to.be.at.least(2);
  for (const { url } of fragments) expect(fetched, url).to.include(url);
  expect(player.loaded.length).to.be.at.least(fragments.length);
}

const STREAMS = [
  { name: 'VOD MPEG-TS', path: '/vod/ts/master.m3u8', seconds: 3, init: false },
  { name: 'VOD fMP4', path: '/vod/fmp4/master.m3u8', seconds: 3, init: true },
  { name: 'live MPEG-TS', path: '/live/ts/master.m3u8', seconds: 4, init: false },
  { name: 'live fMP4', path: '/live/fmp4/master.m3u8', seconds: 4, init: true },
] as const;

/** Exercised on the newest hls.js only: the same loaders, other playlist shapes. */
const MORE_STREAMS = [
  { name: 'VOD byte ranges', path: '/vod/byterange/master.m3u8', seconds: 3, init: false },
  // On this fixture hls.js reports a non-fatal bufferAppendNoProgress with or without Peerlane.
  {
    name: 'VOD alternate audio',
    path: '/vod/audio/master.m3u8',
    seconds: 3,
    init: false,
    tolerate: ['bufferAppendNoProgress'],
  },
] as const;

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: playback`, () => {
    const streams = Hls === HLS_VERSIONS.at(-1)?.Hls ? [...STREAMS, ...MORE_STREAMS] : STREAMS;
    for (const stream of streams) {
      it(`plays ${stream.name}, every segment through the engine`, async function () {
        this.timeout(30_000);
        const fetched: string[] = [];
        const player = startPlayer({
          Hls,
          src: `${servers().originUrl}${stream.path}`,
          platform: { fetch: recordingFetch(fetched) },
        });
        try {
          await playFor(player, stream.seconds, 25_000);
          expect(
            unexpected(player.errors, 'tolerate' in stream ? stream.tolerate : []),
          ).to.deep.equal([]);
          throughEngine(player, fetched);
          expect(player.received.some((fragment) => fragment.init)).to.equal(stream.init);
          expect(player.peerlane.stats().http).to.be.greaterThan(0);
        } finally {
          await player.destroy();
        }
      });
    }
  });
}
