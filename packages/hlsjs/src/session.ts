import type { Engine } from '@peerlane/core';
import { abrTiming } from './abr-timing.ts';
import type { FragmentRoute } from './fragment-loader.ts';
import type { FragmentLoaderContext, Hls } from './hls-types.ts';
import { followPlayhead, type Playhead } from './playhead.ts';
import { audioKey, levelKey, StreamMap } from './stream-map.ts';

/**
 * One source played by one hls.js instance, with its own engine: the playlists hls.js
 * parsed become the engine's renditions and segments, the media element's playhead
 * and hls.js's level choice become the engine's playback state, and fragments the
 * engine knows are routed to it. A new source or a detached media element ends it.
 */
export class Session {
  readonly engine: Engine;
  readonly #hls: Hls;
  readonly #manifestUrl: string;
  readonly #map = new StreamMap();
  #joined = false;
  #closed = false;
  /** The rendition hls.js is loading: where the engine looks ahead. */
  #focus = '';
  #playhead: Playhead | undefined;
  #unfollow: (() => void) | undefined;

  constructor(engine: Engine, hls: Hls, manifestUrl: string) {
    this.engine = engine;
    this.#hls = hls;
    this.#manifestUrl = manifestUrl;
  }

  /**
   * Registers every rendition and audio track hls.js holds a playlist for, as hls.js
   * has aligned it (on every live refresh, the whole window again). The first
   * playlist tells whether the stream is live, and joins the swarm.
   */
  sync(): void {
    if (this.#closed) return;
    const hls = this.#hls;
    // An init segment registered now is due where hls.js loads next (a level switch
    // loads from the end of the buffer).
    const position = this.#playhead?.bufferedEnd ?? this.#playhead?.position;
    const renditions = [
      ...hls.levels.map((level) => ({ details: level.details, key: () => levelKey(level) })),
      ...hls.allAudioTracks.map((track) => ({
        details: track.details,
        key: () => audioKey(track),
      })),
    ];
    let live: boolean | undefined;
    for (const { details, key } of renditions) {
      if (!details) continue;
      live ??= details.live;
      const rendition = key();
      this.engine.updateSegments(rendition, this.#map.segments(rendition, details, position));
    }
    if (this.#focus === '') this.focusLevel(hls.loadLevel);
    if (live !== undefined && !this.#joined) {
      this.#joined = true;
      // It fails only where WebCrypto is missing (a page not served securely): the
      // player then goes on over HTTP alone.
      this.engine.setStream({ manifestUrl: this.#manifestUrl, live }).catch(() => undefined);
    }
  }

  /** hls.js switches to loading level `index`: the engine looks ahead there. */
  focusLevel(index: number): void {
    const level = this.#hls.levels[index];
    if (level === undefined || this.#closed) return;
    this.#focus = levelKey(level);
    this.#report();
  }

  attachMedia(media: HTMLMediaElement): void {
    if (this.#closed) return;
    this.#unfollow?.();
    this.#unfollow = followPlayhead(media, (playhead) => {
      this.#playhead = playhead;
      this.#report();
    });
  }

  #report(): void {
    const playhead = this.#playhead;
    if (playhead === undefined || this.#focus === '') return;
    this.engine.setPlayback({ ...playhead, rendition: this.#focus });
  }

  /**
   * The engine's route for a fragment hls.js asks for: a media or init segment of a
   * registered playlist, asked for whole (the range hls.js asks is the segment's own;
   * AES adjustments widen it). LL-HLS parts and the bitrate test go over HTTP.
   */
  route(context: FragmentLoaderContext): FragmentRoute | undefined {
    const { frag, part } = context;
    if (this.#closed || part || frag.bitrateTest) return undefined;
    const id = this.#map.idOf(frag);
    if (id === undefined) return undefined;
    const [start, end] = frag.byteRange;
    const whole =
      start === undefined || end === undefined
        ? !context.rangeEnd
        : context.rangeStart === start && context.rangeEnd === end;
    if (!whole) return undefined;
    const { engine } = this;
    const hls = this.#hls;
    return {
      load: (callbacks, signal) => {
        engine.loadSegment(id, callbacks, signal);
      },
      timing: (bytes, info, requestedAt) =>
        abrTiming({
          requestedAt,
          info,
          bytes,
          httpBytesPerSecond: engine.httpThroughput,
          playerBitsPerSecond: hls.bandwidthEstimate,
          ttfbMs: hls.ttfbEstimate,
        }),
    };
  }

  /** Stops following the media and stops the engine (peers, tracker, timers). */
  close(): Promise<void> {
    this.#closed = true;
    this.#unfollow?.();
    this.#unfollow = undefined;
    return this.engine.destroy();
  }
}
