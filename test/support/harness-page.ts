/**
 * Runs inside the harness page (bundled by esbuild, loaded after hls.js by
 * script tag): plays a stream with plain hls.js and reports what happened.
 */
import type HlsType from 'hls.js';

export interface PlaybackResult {
  startTime: number;
  endTime: number;
  errors: string[];
  live: boolean;
  startSequence: number;
  endSequence: number;
}

declare global {
  interface Window {
    Hls: typeof HlsType;
    peerlaneHarness: { playFor: typeof playFor };
  }
}

/** Resolves once `seconds` of media have played; rejects on a fatal error or after `timeoutMs`. */
function playFor(src: string, seconds: number, timeoutMs: number): Promise<PlaybackResult> {
  return new Promise((resolve, reject) => {
    const Hls = window.Hls;
    const video = document.createElement('video');
    video.muted = true;
    document.body.append(video);
    const hls = new Hls();
    const errors: string[] = [];
    let startTime: number | undefined;
    let startSequence = -1;
    let finished = false;
    const sequence = (): number => hls.levels[hls.currentLevel]?.details?.startSN ?? -1;
    const finish = (error?: Error): void => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      const endSequence = sequence();
      const live = hls.levels[hls.currentLevel]?.details?.live ?? false;
      const endTime = video.currentTime;
      hls.destroy();
      video.remove();
      if (error) reject(error);
      else
        resolve({ startTime: startTime ?? 0, endTime, errors, live, startSequence, endSequence });
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
