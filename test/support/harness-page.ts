/**
 * Runs inside the harness page (bundled by esbuild, loaded after hls.js and Peerlane's
 * UMD bundle by script tag): plays a stream through Peerlane exactly as the
 * @peerlane/hlsjs README's script-tag example does, and reports what happened.
 */
import type HlsType from 'hls.js';
import type * as PeerlaneHlsModule from '../../packages/hlsjs/src/index.ts';

export interface PlayOptions {
  readonly src: string;
  /** Seconds of media to play. */
  readonly seconds: number;
  readonly timeoutMs: number;
  /** Tracker announce URLs; none: Peerlane loads over HTTP only. */
  readonly trackers?: readonly string[];
}

export interface PlaybackResult {
  startTime: number;
  endTime: number;
  errors: string[];
  live: boolean;
  startSequence: number;
  endSequence: number;
  /** Bytes the engine downloaded by source. */
  http: number;
  p2p: number;
  /** Segments hls.js got through the engine, by source. */
  sources: Record<string, number>;
}

declare global {
  interface Window {
    Hls: typeof HlsType;
    PeerlaneHls: typeof PeerlaneHlsModule;
    peerlaneHarness: { playFor: typeof playFor };
  }
}

/** Resolves once `seconds` of media have played; rejects on a fatal error or after `timeoutMs`. */
function playFor({ src, seconds, timeoutMs, trackers = [] }: PlayOptions): Promise<PlaybackResult> {
  return new Promise((resolve, reject) => {
    const { Hls, PeerlaneHls } = window;
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    // The README's script-tag example.
    const peerlane = new PeerlaneHls.Peerlane({ trackers });
    const hls = peerlane.createHls(Hls, {});
    const errors: string[] = [];
    const sources: Record<string, number> = {};
    let startTime: number | undefined;
    let startSequence = -1;
    let finished = false;
    peerlane.on('segmentLoaded', ({ source }) => {
      sources[source] = (sources[source] ?? 0) + 1;
    });
    const sequence = (): number => hls.levels[hls.currentLevel]?.details?.startSN ?? -1;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const endSequence = sequence();
      const live = hls.levels[hls.currentLevel]?.details?.live ?? false;
      const endTime = video.currentTime;
      const { http, p2p } = peerlane.stats();
      hls.destroy();
      video.remove();
      if (error) reject(error);
      else {
        const result = { startTime: startTime ?? 0, endTime, errors, live, startSequence };
        resolve({ ...result, endSequence, http, p2p, sources });
      }
    };
    const timer = setTimeout(() => {
      const at = video.currentTime;
      finish(new Error(`timed out after ${timeoutMs} ms at ${at} s; errors: ${errors.join(', ')}`));
    }, timeoutMs);
    hls.on(Hls.Events.ERROR, (_event, data) => {
      errors.push(`${data.details}${data.fatal ? ' (fatal)' : ''}`);
      if (data.fatal) finish(new Error(`fatal hls.js error: ${data.details}`));
    });
    video.addEventListener('playing', () => {
      if (startTime === undefined) {
        startTime = video.currentTime;
        startSequence = sequence();
      }
    });
    video.addEventListener('timeupdate', () => {
      if (startTime !== undefined && video.currentTime - startTime >= seconds) finish();
    });
    hls.loadSource(src);
    hls.attachMedia(video);
    video.play().catch((err: unknown) => {
      finish(err instanceof Error ? err : new Error(String(err)));
    });
  });
}

window.peerlaneHarness = { playFor };
