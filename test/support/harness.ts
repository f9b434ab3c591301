import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type HlsType from 'hls.js';

/**
 * A page for end-to-end tests, served by Playwright's router so that no extra
 * server is needed: it loads hls.js and Peerlane's UMD bundle by script tag,
 * exactly as a video site would.
 */
export const HARNESS_URL = 'http://harness.peerlane.test/';

const require = createRequire(import.meta.url);
const root = new URL('../../', import.meta.url);

const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>harness</title>
<script src="/hls.min.js"></script>
<script src="/peerlane-hlsjs.umd.min.js"></script>
</head><body></body></html>`;

export async function openHarness(page: Page): Promise<void> {
  const files: Record<string, string> = {
    '/hls.min.js': require.resolve('hls.js/dist/hls.min.js'),
    '/peerlane-hlsjs.umd.min.js': new URL('packages/hlsjs/dist/peerlane-hlsjs.umd.min.js', root)
      .pathname,
  };
  await page.route(`${HARNESS_URL}**`, async (route) => {
    const path = new URL(route.request().url()).pathname;
    if (path === '/') {
      await route.fulfill({ contentType: 'text/html', body: html });
      return;
    }
    const file = files[path];
    if (file === undefined) {
      await route.fulfill({ status: 404, body: 'not found' });
      return;
    }
    await route.fulfill({ contentType: 'text/javascript', body: await readFile(file) });
  });
  await page.goto(HARNESS_URL);
}

export interface PlaybackResult {
  startTime: number;
  endTime: number;
  errors: string[];
  live: boolean;
  startSequence: number;
  endSequence: number;
}

/**
 * Plays `src` with plain hls.js until `seconds` of media have played, a fatal
 * error occurs, or `timeoutMs` passes, and reports what happened.
 */
export function playFor(
  page: Page,
  src: string,
  seconds: number,
  timeoutMs = 30_000,
): Promise<PlaybackResult> {
  return page.evaluate(
    ({ src, seconds, timeoutMs }) =>
      new Promise<PlaybackResult>((resolve, reject) => {
        const Hls = (window as unknown as { Hls: typeof HlsType }).Hls;
        const video = document.createElement('video');
        video.muted = true;
        document.body.append(video);
        const hls = new Hls();
        const errors: string[] = [];
        let startTime: number | undefined;
        let startSequence = -1;
        const sequence = (): number => hls.levels[hls.currentLevel]?.details?.startSN ?? -1;
        let finished = false;
        const finish = (error?: Error): void => {
          if (finished) return;
          finished = true;
          clearTimeout(timer);
          const endSequence = sequence();
          const live = hls.levels[hls.currentLevel]?.details?.live ?? false;
          hls.destroy();
          video.remove();
          if (error) reject(error);
          else
            resolve({
              startTime: startTime ?? 0,
              endTime: video.currentTime,
              errors,
              live,
              startSequence,
              endSequence,
            });
        };
        const timer = setTimeout(() => {
          finish(
            new Error(
              `timed out after ${timeoutMs} ms at currentTime ${video.currentTime}; errors: ${errors.join(', ')}`,
            ),
          );
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
      }),
    { src, seconds, timeoutMs },
  );
}
