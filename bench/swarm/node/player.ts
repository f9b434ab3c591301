/**
 * A simulated hls.js for Node viewers: it refreshes the live playlist every
 * target duration, starts where hls.js starts (3 target durations behind the
 * end of a live playlist, at 0 for VOD), reads segments in order, one at a
 * time, while less than hls.js's default buffer target lies ahead, and moves
 * the playhead at 1× once the first segment is in. With nothing ahead of the
 * playhead it stalls until the next segment arrives.
 */
import type { PlaybackMeter } from '../shared/playback-meter.ts';
import { parseMediaPlaylist, type MediaPlaylist, type PlaylistSegment } from './playlist.ts';

/** hls.js defaults: maxBufferLength and liveSyncDurationCount. */
const BUFFER_TARGET_SECONDS = 30;
const LIVE_SYNC_COUNT = 3;
const TICK_MS = 250;
const SAMPLE_EVERY_TICKS = 1000 / TICK_MS;
/** hls.js retries a failed fragment after a pause; so does the simulation. */
const RETRY_MS = 1000;

/** Where segment bytes come from: an SDK, or plain HTTP. */
export interface SegmentSource {
  /** The playlist's segments, after every refresh. */
  update(segments: readonly PlaylistSegment[]): void;
  /** The playhead (seconds on the segments' timeline), every tick. */
  setPlayback(position: number, playing: boolean): void;
  load(segment: PlaylistSegment, signal: AbortSignal): Promise<Uint8Array>;
}

export interface PlayerOptions {
  readonly playlistUrl: string;
  readonly live: boolean;
  /** Bits/s of the rendition, for the bitrate-played figure. */
  readonly bitrate: number;
  readonly source: SegmentSource;
  readonly meter: PlaybackMeter;
  readonly fetchText: (url: string) => Promise<string>;
  /** False when the bytes differ from the origin's file. */
  readonly check: (segment: PlaylistSegment, bytes: Uint8Array) => boolean;
}

export class SimulatedPlayer {
  readonly #o: PlayerOptions;
  readonly #abort = new AbortController();
  #playlist: MediaPlaylist | undefined;
  #refreshed: () => void = () => undefined;
  #next: number | undefined;
  #position = 0;
  #bufferEnd: number | undefined;
  #ended = false;
  #lastTick = performance.now();
  #ticks = 0;
  #mismatches = 0;
  readonly #timers: ReturnType<typeof setInterval>[] = [];

  constructor(options: PlayerOptions) {
    this.#o = options;
  }

  get mismatches(): number {
    return this.#mismatches;
  }

  /** Starts playing; errors of the stream itself end up in the meter. */
  start(): void {
    const { live, meter } = this.#o;
    this.#timers.push(
      setInterval(() => {
        this.#tick();
      }, TICK_MS),
    );
    void this.#refresh()
      .then(() => {
        const target = this.#playlist?.targetDuration ?? 2;
        if (live) this.#timers.push(setInterval(() => void this.#refresh(), target * 1000));
        return this.#loadLoop();
      })
      .catch((error: unknown) => {
        if (!this.#abort.signal.aborted) meter.error(`player: ${String(error)}`);
      });
  }

  stop(): void {
    this.#abort.abort();
    for (const timer of this.#timers) clearInterval(timer);
    this.#refreshed();
  }

  async #refresh(): Promise<void> {
    const { playlistUrl, fetchText, source, meter } = this.#o;
    try {
      const playlist = parseMediaPlaylist(await fetchText(playlistUrl), playlistUrl);
      if (this.#abort.signal.aborted) return;
      this.#playlist = playlist;
      source.update(playlist.segments);
      this.#refreshed();
    } catch (error) {
      if (this.#playlist === undefined) throw error;
      meter.error(`playlist: ${String(error)}`);
    }
  }

  #nextRefresh(): Promise<void> {
    return new Promise((resolve) => (this.#refreshed = resolve));
  }

  /** The segment to load next, or what to wait for. */
  #wanted(playlist: MediaPlaylist): PlaylistSegment | 'refresh' | 'ended' {
    const { segments, endList } = playlist;
    const first = segments[0];
    this.#next ??=
      segments[this.#o.live ? Math.max(0, segments.length - LIVE_SYNC_COUNT) : 0]?.sequence;
    if (this.#next === undefined || first === undefined) return 'refresh';
    if (this.#next < first.sequence) {
      // hls.js jumps back into the window when it falls out of it; so do we.
      this.#o.meter.error('fell out of the live window');
      this.#next = first.sequence;
    }
    const segment = segments[this.#next - first.sequence];
    if (segment !== undefined) return segment;
    return endList ? 'ended' : 'refresh';
  }

  async #loadLoop(): Promise<void> {
    const { meter, check } = this.#o;
    const signal = this.#abort.signal;
    // A function, not the property: it changes while this loop awaits.
    const stopped = (): boolean => signal.aborted;
    while (!stopped()) {
      const playlist = this.#playlist;
      if (playlist === undefined) return;
      const wanted = this.#wanted(playlist);
      if (wanted === 'ended') {
        this.#ended = true;
        return;
      }
      if (wanted === 'refresh') {
        if (!stopped()) await this.#nextRefresh();
        continue;
      }
      if (
        this.#bufferEnd !== undefined &&
        this.#bufferEnd - this.#position >= BUFFER_TARGET_SECONDS
      ) {
        await sleep(TICK_MS);
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = await this.#loadOne(wanted);
      } catch (error) {
        if (stopped()) return;
        meter.error(`fragment: ${String(error)}`);
        await sleep(RETRY_MS);
        continue;
      }
      if (stopped()) return;
      meter.fragment(bytes.length);
      if (!check(wanted, bytes)) this.#mismatches++;
      if (this.#bufferEnd === undefined) this.#position = wanted.startTime;
      this.#bufferEnd = wanted.startTime + wanted.duration;
      this.#next = wanted.sequence + 1;
      if (!meter.started || meter.stalled) meter.playing();
    }
  }

  /** One load with a signal of its own, so that listeners don't pile up on the player's. */
  async #loadOne(segment: PlaylistSegment): Promise<Uint8Array> {
    const stop = this.#abort.signal;
    const abort = new AbortController();
    const onStop = (): void => {
      abort.abort();
    };
    stop.addEventListener('abort', onStop);
    try {
      return await this.#o.source.load(segment, abort.signal);
    } finally {
      stop.removeEventListener('abort', onStop);
    }
  }

  #tick(): void {
    const { meter, source, live, bitrate } = this.#o;
    const now = performance.now();
    const elapsed = (now - this.#lastTick) / 1000;
    this.#lastTick = now;
    const bufferEnd = this.#bufferEnd;
    if (bufferEnd === undefined) return;
    const playing = meter.started && !meter.stalled;
    if (playing) {
      this.#position = Math.min(this.#position + elapsed, bufferEnd);
      if (this.#position >= bufferEnd && !this.#ended) meter.waiting();
    }
    source.setPlayback(this.#position, playing);
    if (playing && ++this.#ticks % SAMPLE_EVERY_TICKS === 0) {
      meter.sample(bitrate, live ? Date.now() / 1000 - this.#position : undefined);
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
