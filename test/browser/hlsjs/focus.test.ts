import { expect } from 'chai';
import type { PlaybackState, Segment } from '../../../packages/hlsjs/src/index.ts';
import { HLS_VERSIONS } from './versions.ts';
import { playFor, servers, startPlayer, type Player } from './player.ts';

/**
 * What the engine is told matches what hls.js does: the segment under the reported
 * playhead is the fragment hls.js is playing (one timeline for both), and a level
 * switch moves the engine's look-ahead to the new level's rendition.
 */

interface Watched {
  readonly playback: PlaybackState[];
  readonly segments: Map<string, readonly Segment[]>;
}

function watch(watched: Watched): (peerlane: Player['peerlane']) => void {
  return ({ engine }) => {
    const setPlayback = engine.setPlayback.bind(engine);
    const updateSegments = engine.updateSegments.bind(engine);
    engine.setPlayback = (playback) => {
      watched.playback.push(playback);
      setPlayback(playback);
    };
    engine.updateSegments = (rendition, segments) => {
      watched.segments.set(rendition, segments);
      updateSegments(rendition, segments);
    };
  };
}

for (const { name, Hls } of HLS_VERSIONS) {
  describe(`@peerlane/hlsjs with ${name}: playhead and focus`, () => {
    it('reports the playhead on the segments’ timeline and follows level switches', async function () {
      this.timeout(40_000);
      const watched: Watched = { playback: [], segments: new Map() };
      const player = startPlayer({
        Hls,
        src: `${servers().originUrl}/vod/ts/master.m3u8`,
        hls: { startLevel: 0 },
        before: watch(watched),
      });
      try {
        await playFor(player, 3, 20_000);
        const { hls, video } = player;
        const last = watched.playback.at(-1);
        expect(last, 'playback reported').to.not.equal(undefined);
        if (!last) return;
        expect(last.position).to.be.closeTo(video.currentTime, 0.5);
        expect(last.rate).to.equal(1);
        const playing = hls.levels[hls.currentLevel]?.details?.fragments.find(
          ({ start, end }) => start <= video.currentTime && video.currentTime < end,
        );
        const under = watched.segments
          .get(last.rendition)
          ?.find(
            ({ startTime, duration }) =>
              startTime <= last.position && last.position < startTime + duration,
          );
        expect(under?.sequence, 'the engine’s segment under the playhead').to.equal(playing?.sn);
        expect(under?.url).to.equal(playing?.url);

        video.pause();
        await new Promise((resolve) => {
          video.addEventListener('pause', resolve, { once: true });
        });
        expect(watched.playback.at(-1)?.rate).to.equal(0);
        void video.play();

        // Switch to the other end of the ladder: the look-ahead follows.
        const target = hls.loadLevel === 0 ? hls.levels.length - 1 : 0;
        const path = /\/(\d+p)\//.exec(hls.levels[target]?.url[0] ?? '')?.[1] ?? '?';
        hls.nextLevel = target;
        await playFor(player, 3, 20_000);
        const focus = watched.playback.at(-1)?.rendition ?? '';
        const focused = watched.segments.get(focus) ?? [];
        expect(focused.length).to.be.greaterThan(0);
        for (const { url } of focused) expect(url).to.include(`/${path}/`);
      } finally {
        await player.destroy();
      }
    });
  });
}
