import { expect } from 'chai';
import type { EngineEvents } from '../../../packages/hlsjs/src/index.ts';
import { HLS_VERSIONS } from './versions.ts';
import { playFor, servers, startPlayer, unexpected, type Player } from './player.ts';
import { throttledFetch } from './throttle.ts';

/**
 * hls.js's bandwidth estimate after segments served by peers and from memory stays
 * near what HTTP can deliver. The engine's HTTP goes through a 2 Mbit/s throttle; a
 * peer in the same page delivers in milliseconds and memory in no time, so reported
 * as such they would push the estimate far above the link (a runaway up-switch).
 */

const BYTES_PER_SECOND = 250_000;
/** How far the estimate may stray from measured HTTP throughput, either way. */
const SANE_FACTOR = 3;

/** Bytes per second of the segments a player got from peers or memory, as their raw times say. */
function rawRate(loaded: readonly EngineEvents['segmentLoaded'][]): number {
  const cached = loaded.filter(({ source }) => source !== 'http');
  const bytes = cached.reduce((sum, event) => sum + event.bytes, 0);
  const ms = cached.reduce((sum, event) => sum + (event.endedAt - event.startedAt), 0);
  return (bytes * 1000) / Math.max(ms, 1);
}

function ratio(player: Player, httpBytesPerSecond: number): number {
  return player.hls.bandwidthEstimate / (8 * httpBytesPerSecond);
}

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: ABR`, () => {
    it('the bandwidth estimate stays near HTTP throughput after peer and memory segments', async function () {
      this.timeout(60_000);
      const { originUrl, announceUrl } = servers();
      const options = {
        Hls,
        src: `${originUrl}/vod/ts/master.m3u8`,
        peerlane: { trackers: [announceUrl], rtcConfig: { iceServers: [] } },
        platform: { fetch: throttledFetch(BYTES_PER_SECOND) },
        // The bitrate test goes to hls.js's own loader, past the throttle.
        hls: { startLevel: 0 },
      };
      const first = startPlayer(options);
      let second: Player | undefined;
      try {
        await playFor(first, 4, 30_000);
        second = startPlayer(options);
        await playFor(second, 8, 30_000);
        const http = first.peerlane.engine.httpThroughput;
        expect(http, 'measured HTTP throughput').to.be.a('number');
        const measured = http ?? 0;
        const cached = second.loaded.filter(({ source }) => source !== 'http').length;
        const figures = [first, second].map((player) => ratio(player, measured).toFixed(2));
        console.log(
          `${name}: HTTP ${Math.round((measured * 8) / 1000)} kbit/s measured; estimate / HTTP ${figures.join(', ')};` +
            ` ${cached} segments from peers or memory, raw ${Math.round((rawRate(second.loaded) * 8) / 1000)} kbit/s`,
        );
        // Without synthesized timings, the second player's figure would be this far off.
        expect(cached).to.be.at.least(3);
        expect(rawRate(second.loaded)).to.be.greaterThan(SANE_FACTOR * measured);
        for (const player of [first, second]) {
          expect(unexpected(player.errors)).to.deep.equal([]);
          const value = ratio(player, measured);
          expect(value).to.be.within(1 / SANE_FACTOR, SANE_FACTOR);
        }
      } finally {
        await Promise.all([first.destroy(), second?.destroy()]);
      }
    });
  });
}
