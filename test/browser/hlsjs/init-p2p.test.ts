import { expect } from 'chai';
import type { Segment } from '../../../packages/hlsjs/src/index.ts';
import { HLS_VERSIONS } from './versions.ts';
import { originBytes, playFor, sameBytes, servers, startPlayer, type Player } from './player.ts';

/**
 * fMP4 init segments travel between peers too: a viewer switching level loads the new
 * level's init segment at the end of its buffer, early enough to take it from a peer
 * that played that level before.
 */

const TOP = '480p';

/** Resolves on the first `timeupdate` for which `condition` holds; rejects after `timeoutMs`. */
function when(
  player: Player,
  condition: () => boolean,
  what: string,
  timeoutMs: number,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      player.video.removeEventListener('timeupdate', check);
      reject(new Error(`${what}: not within ${timeoutMs} ms`));
    }, timeoutMs);
    const check = (): void => {
      if (!condition()) return;
      clearTimeout(timer);
      player.video.removeEventListener('timeupdate', check);
      resolve();
    };
    player.video.addEventListener('timeupdate', check);
  });
}

const hasTopInit = (player: Player) => () =>
  player.received.some(({ init, url }) => init && url.includes(`/${TOP}/`));

/** Seconds buffered ahead of the playhead. */
const ahead =
  ({ video }: Player) =>
  () => {
    const { buffered, currentTime } = video;
    for (let i = 0; i < buffered.length; i++) {
      if (buffered.start(i) <= currentTime + 0.5 && currentTime <= buffered.end(i)) {
        return buffered.end(i) - currentTime;
      }
    }
    return 0;
  };

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: init segments`, () => {
    it('a level switch takes the new init segment from a peer', async function () {
      this.timeout(60_000);
      const { originUrl, announceUrl } = servers();
      const segments = new Map<string, readonly Segment[]>();
      const options = {
        Hls,
        src: `${originUrl}/vod/fmp4/master.m3u8`,
        peerlane: { trackers: [announceUrl], rtcConfig: { iceServers: [] } },
        // A short buffer, as on a live stream, so that loads go on while it plays.
        hls: { startLevel: 0, maxBufferLength: 6, maxMaxBufferLength: 6 },
      };
      const first = startPlayer(options);
      let second: Player | undefined;
      try {
        // The first viewer plays the lowest level, then the top one.
        first.hls.loadLevel = 0;
        await playFor(first, 2, 20_000);
        first.hls.loadLevel = first.hls.levels.length - 1;
        await when(first, hasTopInit(first), `first player's ${TOP} init`, 20_000);

        second = startPlayer({
          ...options,
          before: ({ engine }) => {
            const update = engine.updateSegments.bind(engine);
            engine.updateSegments = (rendition, list) => {
              segments.set(rendition, list);
              update(rendition, list);
            };
          },
        });
        const viewer = second;
        viewer.hls.loadLevel = 0;
        // The switch loads at the end of a full buffer, seconds ahead of the playhead.
        await when(viewer, () => ahead(viewer)() >= 5, 'a full buffer', 20_000);
        viewer.hls.loadLevel = viewer.hls.levels.length - 1;
        await when(viewer, hasTopInit(viewer), `second player's ${TOP} init`, 20_000);

        const init = [...segments.values()]
          .flat()
          .find(({ duration, url }) => duration === 0 && url.includes(`/${TOP}/`));
        expect(init, `${TOP} init segment registered`).to.not.equal(undefined);
        const loaded = viewer.loaded.find(({ segmentId }) => segmentId === init?.id);
        expect(loaded?.source, `${TOP} init segment's source`).to.equal('p2p');
        for (const fragment of viewer.received.filter(({ init }) => init)) {
          expect(sameBytes(fragment.bytes, await originBytes(fragment))).to.equal(true);
        }
      } finally {
        await Promise.all([first.destroy(), second?.destroy()]);
      }
    });
  });
}
