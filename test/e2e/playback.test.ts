import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startOrigin, type Origin } from '../../demo/origin/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { playFor, startHarness, type Harness } from '../support/harness.ts';

/**
 * In the fixtures, audio starts 21 ms before video (the AAC encoder's priming
 * frame), so hls.js may step over that hole at the start with a non-fatal
 * bufferSeekOverHole, as it does on many real streams. Any other error fails.
 */
const unexpected = (errors: string[]): string[] =>
  errors.filter((error) => error !== 'bufferSeekOverHole');

describe('hls.js plays the local origin in Chromium', () => {
  const closers: (() => Promise<void>)[] = [];
  let origin: Origin;
  let page: Page;

  before(async () => {
    origin = await startOrigin({ port: 0 });
    closers.push(() => origin.close());
    const harness: Harness = await startHarness();
    closers.push(() => harness.close());
    const browser: Browser = await launchChromium();
    closers.push(() => browser.close());
    page = await browser.newPage();
    await page.goto(harness.url);
  });

  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  test('script tags expose PeerlaneHls beside the Hls global', async () => {
    const supported = await page.evaluate(() => {
      const global = window as unknown as {
        Hls: { version: string };
        PeerlaneHls?: { isSupportedHlsVersion(version: string): boolean };
      };
      return global.PeerlaneHls?.isSupportedHlsVersion(global.Hls.version);
    });
    assert.equal(supported, true);
  });

  for (const variant of ['ts', 'fmp4']) {
    test(`VOD ${variant} plays 5 s with no error`, async () => {
      origin.resetStats();
      const result = await playFor(page, `${origin.url}/vod/${variant}/master.m3u8`, 5);
      assert.deepEqual(unexpected(result.errors), []);
      assert.equal(result.live, false);
      assert.ok(result.endTime - result.startTime >= 5);
      const segments = Object.keys(origin.stats().byPath).filter((path) =>
        /\/seg-\d+\.(ts|m4s)$/.test(path),
      );
      assert.ok(segments.length >= 3, `segments fetched: ${segments.join(', ')}`);
    });
  }

  test('the simulated live stream plays 5 s with a rising media sequence', async () => {
    origin.resetStats();
    const result = await playFor(page, `${origin.url}/live/ts/master.m3u8`, 5);
    assert.deepEqual(unexpected(result.errors), []);
    assert.equal(result.live, true);
    assert.ok(result.endTime - result.startTime >= 5);
    assert.ok(
      result.endSequence > result.startSequence,
      `media sequence ${result.startSequence} -> ${result.endSequence}`,
    );
    const liveSegments = Object.keys(origin.stats().byPath).filter((path) =>
      /^\/live\/ts\/\w+\/\d+\/seg-\d+\.ts$/.test(path),
    );
    assert.ok(liveSegments.length >= 3, `live segments fetched: ${liveSegments.join(', ')}`);
  });
});
