import { expect } from 'chai';
import { HLS_VERSIONS } from './versions.ts';
import {
  originBytes,
  playFor,
  sameBytes,
  servers,
  startPlayer,
  unexpected,
  type Player,
} from './player.ts';

/**
 * Two players in one page, each with its own Peerlane, on one stream with our
 * tracker: they connect over WebRTC, segments go from one to the other, and what each
 * hls.js received is the origin's bytes.
 */

async function expectOriginBytes(player: Player, label: string): Promise<void> {
  const fragments = player.received.filter((fragment) => !fragment.bitrateTest);
  expect(fragments.length, `${label} fragments`).to.be.at.least(3);
  for (const fragment of fragments) {
    const expected = await originBytes(fragment);
    expect(sameBytes(fragment.bytes, expected), `${label} ${fragment.url} bytes`).to.equal(true);
  }
}

function connected(player: Player, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no peer connected within ${timeoutMs} ms`));
    }, timeoutMs);
    const off = player.peerlane.on('peerConnected', () => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

const STREAMS = [
  { name: 'live MPEG-TS', path: '/live/ts/master.m3u8', live: true },
  { name: 'VOD fMP4', path: '/vod/fmp4/master.m3u8', live: false },
] as const;

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: two players share`, () => {
    for (const stream of STREAMS) {
      it(`${stream.name}: P2P bytes > 0, every player's bytes identical to the origin's`, async function () {
        this.timeout(45_000);
        const { originUrl, announceUrl } = servers();
        const options = {
          Hls,
          src: `${originUrl}${stream.path}`,
          peerlane: { trackers: [announceUrl], rtcConfig: { iceServers: [] } },
        };
        const players = [startPlayer(options), startPlayer(options)];
        try {
          await Promise.all(players.map((player) => connected(player, 15_000)));
          await Promise.all(players.map((player) => playFor(player, 8, 35_000)));
          const stats = players.map((player) => player.peerlane.stats());
          const p2p = stats.reduce((sum, s) => sum + s.p2p, 0);
          const http = stats.reduce((sum, s) => sum + s.http, 0);
          console.log(
            `${name} ${stream.name}: http ${http} B, p2p ${p2p} B, ratio ${(p2p / (http + p2p)).toFixed(2)}`,
          );
          expect(p2p).to.be.greaterThan(0);
          for (const [i, player] of players.entries()) {
            expect(unexpected(player.errors), `player ${i}`).to.deep.equal([]);
            const { latency, targetLatency } = player.hls;
            // hls.js's own distance behind live (3 target durations of 2 s), not more: P2P
            // waits within it, and a stall would have raised the target. The latency
            // itself grows by up to a segment between playlist refreshes.
            if (stream.live) {
              expect(targetLatency, `player ${i} target latency`).to.equal(3 * 2);
              expect(latency, `player ${i} latency`).to.be.below(3 * 2 + 2 * 2);
            }
            await expectOriginBytes(player, `player ${i}`);
          }
        } finally {
          await Promise.all(players.map((player) => player.destroy()));
        }
      });
    }
  });
}
