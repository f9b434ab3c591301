import { expect } from 'chai';
import { waitFor } from '../../support/wait-for.ts';
import { HLS_VERSIONS } from './versions.ts';
import { countingPlatform } from './counting-platform.ts';
import { playFor, servers, startPlayer, unexpected, type Player } from './player.ts';

/**
 * A player's end (hls.destroy(), detachMedia(), a new loadSource()) stops its engine:
 * no WebSocket, RTCPeerConnection or timer of it outlives it. The engine's platform
 * objects are wrapped to count them.
 */

function next(player: Player, event: 'peerConnected' | 'segmentLoaded', ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const off = player.peerlane.on(event, () => {
      clearTimeout(timer);
      off();
      resolve();
    });
  });
}

const p2p = () => {
  const { announceUrl } = servers();
  return { trackers: [announceUrl], rtcConfig: { iceServers: [] } };
};
const liveSource = (variant: string): string =>
  `${servers().originUrl}/live/${variant}/master.m3u8`;

const newest = HLS_VERSIONS.at(-1);

if (newest) {
  describe(`@peerlane/hlsjs with ${newest.name}: lifecycle`, () => {
    it('creating and destroying a player 20 times leaves no socket, peer connection or timer', async function () {
      this.timeout(120_000);
      const { Hls } = newest;
      // A viewer that stays, so that every new player finds a peer.
      const anchor = startPlayer({ Hls, src: liveSource('ts'), peerlane: p2p() });
      const counting = countingPlatform();
      let peered = 0;
      try {
        for (let i = 0; i < 20; i++) {
          const player = startPlayer({
            Hls,
            src: liveSource('ts'),
            peerlane: p2p(),
            platform: counting.platform,
          });
          const [peer] = await Promise.allSettled([
            next(player, 'peerConnected', 8000),
            next(player, 'segmentLoaded', 8000),
          ]);
          if (peer.status === 'fulfilled') peered++;
          // Three ways a player ends.
          if (i % 3 === 1) player.hls.detachMedia();
          if (i % 3 === 2) player.hls.loadSource(liveSource('fmp4'));
          await player.destroy();
        }
        await waitFor(
          () => counting.leftovers().length === 0,
          () => counting.leftovers().join('; '),
          5000,
        );
      } finally {
        await anchor.destroy();
      }
      console.log(
        `20 players: ${counting.sockets.length} WebSockets and ${counting.connections.length} RTCPeerConnections made, all closed; ${peered} players found a peer`,
      );
      expect(peered).to.be.at.least(10);
      expect(counting.connections.length).to.be.at.least(peered);
    });
  });
}

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: a new source or a detached media element`, () => {
    it('gets a new engine, the old one stopped, and playback goes on', async function () {
      this.timeout(60_000);
      const counting = countingPlatform();
      const player = startPlayer({
        Hls,
        src: liveSource('ts'),
        peerlane: p2p(),
        platform: counting.platform,
      });
      try {
        await playFor(player, 2, 20_000);
        const first = player.peerlane.engine;
        const socketsBefore = counting.sockets.length;
        expect(socketsBefore).to.be.at.least(1);

        // hls.js reloads the media element for a new source: it pauses.
        player.hls.loadSource(liveSource('fmp4'));
        player.video.play().catch(() => undefined);
        const second = player.peerlane.engine;
        expect(second).to.not.equal(first);
        expect(second.peerId).to.not.equal(first.peerId);
        await playFor(player, 2, 20_000);
        expect(counting.sockets.slice(0, socketsBefore).every((s) => s.readyState >= 2)).to.equal(
          true,
        );

        player.hls.detachMedia();
        const detachedSockets = counting.sockets.length;
        await waitFor(
          () => counting.leftovers().length === 0,
          () => `after detachMedia: ${counting.leftovers().join('; ')}`,
          5000,
        );
        player.hls.attachMedia(player.video);
        player.video.play().catch(() => undefined);
        await playFor(player, 2, 20_000);
        expect(player.peerlane.engine).to.not.equal(second);
        expect(counting.sockets.length).to.be.greaterThan(detachedSockets);
        // hls.js 1.7 reports the loads it aborts for the new source as non-fatal `aborted`.
        expect(unexpected(player.errors, ['aborted'])).to.deep.equal([]);
      } finally {
        await player.destroy();
      }
      await waitFor(
        () => counting.leftovers().length === 0,
        () => counting.leftovers().join('; '),
        5000,
      );
    });
  });
}
