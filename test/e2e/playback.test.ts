import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startOrigin, type Origin } from '../../demo/origin/index.ts';
import { startTracker, type Tracker } from '../../tracker/src/index.ts';
import { launchChromium } from '../support/chromium.ts';
import { playFor, startHarness, type Harness } from '../support/harness.ts';

/**
 * In the fixtures, audio starts 21 ms before video (the AAC encoder's priming
 * frame), so hls.js may step over that hole at the start with a non-fatal
 * bufferSeekOverHole, as it does on many real streams. Any other error fails.
 */
const unexpected = (errors: string[]): string[] =>
  errors.filter((error) => error !== 'bufferSeekOverHole');

/**
 * hls.js and Peerlane's UMD bundle by script tag, as a video site has them, playing
 * the local origin through Peerlane (the README's script-tag example), and pages
 * sharing segments through our tracker.
 */
describe('hls.js plays the local origin through Peerlane in Chromium', () => {
  const closers: (() => Promise<void>)[] = [];
  let origin: Origin;
  let tracker: Tracker;
  let harness: Harness;
  let browser: Browser;
  let page: Page;

  before(async () => {
    origin = await startOrigin({ port: 0 });
    closers.push(() => origin.close());
    tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 0 });
    closers.push(() => tracker.close());
    harness = await startHarness();
    closers.push(() => harness.close());
    browser = await launchChromium();
    closers.push(() => browser.close());
    page = await browser.newPage();
    await page.goto(harness.url);
  });

  after(async () => {
    for (const close of closers.reverse()) await close();
  });

  test('script tags expose PeerlaneHls beside the Hls global', async () => {
    const exposed = await page.evaluate(() => ({
      supported: window.PeerlaneHls.isSupportedHlsVersion(window.Hls.version),
      peerlane: typeof window.PeerlaneHls.Peerlane,
    }));
    assert.deepEqual(exposed, { supported: true, peerlane: 'function' });
  });

  for (const variant of ['ts', 'fmp4']) {
    test(`VOD ${variant} plays 5 s with no error, segments through the engine`, async () => {
      origin.resetStats();
      const src = `${origin.url}/vod/${variant}/master.m3u8`;
      const result = await playFor(page, { src, seconds: 5, timeoutMs: 30_000 });
      assert.deepEqual(unexpected(result.errors), []);
      assert.equal(result.live, false);
      assert.ok(result.endTime - result.startTime >= 5);
      assert.ok(
        (result.sources.http ?? 0) + (result.sources.memory ?? 0) >= 3,
        JSON.stringify(result.sources),
      );
      const segments = Object.keys(origin.stats().byPath).filter((path) =>
        /\/seg-\d+\.(ts|m4s)$/.test(path),
      );
      assert.ok(segments.length >= 3, `segments fetched: ${segments.join(', ')}`);
    });
  }

  test('the simulated live stream plays 5 s with a rising media sequence', async () => {
    origin.resetStats();
    const src = `${origin.url}/live/ts/master.m3u8`;
    const result = await playFor(page, { src, seconds: 5, timeoutMs: 30_000 });
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

  test('two pages on the live stream share segments over WebRTC', async () => {
    const second = await browser.newPage();
    try {
      await second.goto(harness.url);
      const options = {
        src: `${origin.url}/live/ts/master.m3u8`,
        seconds: 10,
        timeoutMs: 40_000,
        trackers: [tracker.announceUrl],
      };
      const results = await Promise.all([playFor(page, options), playFor(second, options)]);
      for (const result of results) assert.deepEqual(unexpected(result.errors), []);
      const http = results.reduce((sum, result) => sum + result.http, 0);
      const p2p = results.reduce((sum, result) => sum + result.p2p, 0);
      console.log(
        `two pages, live: http ${http} B, p2p ${p2p} B, ratio ${(p2p / (http + p2p)).toFixed(2)}`,
      );
      assert.ok(p2p > 0, `p2p ${p2p} B, http ${http} B`);
    } finally {
      await second.close();
    }
  });

  test('the Plyr example plays through Peerlane and shares with a second tab', async () => {
    const query = new URLSearchParams({
      src: `${origin.url}/live/ts/master.m3u8`,
      tracker: tracker.announceUrl,
    });
    const url = `${harness.url}packages/hlsjs/examples/plyr.html?${query.toString()}`;
    const tabs = [await browser.newPage(), await browser.newPage()];
    try {
      const failures: string[] = [];
      for (const tab of tabs) {
        tab.on('pageerror', (error) => failures.push(error.message));
        // A media element's MediaSource blob: URL counts as failed when it is let go.
        tab.on('requestfailed', (request) => {
          if (!request.url().startsWith('blob:')) failures.push(`${request.url()} failed`);
        });
        await tab.goto(url);
      }
      const timeout = { timeout: 40_000 };
      await Promise.all(
        tabs.map((tab) =>
          tab.waitForFunction(`(${EXAMPLE}.player?.currentTime ?? 0) > 4`, undefined, timeout),
        ),
      );
      await Promise.any(
        tabs.map((tab) =>
          tab.waitForFunction(`${EXAMPLE}.peerlane.stats().p2p > 0`, undefined, timeout),
        ),
      );
      assert.deepEqual(failures, []);
      const text = await tabs[0]?.textContent('#figures');
      assert.match(text ?? '', /^P2P \d+% · HTTP \d+ kB/);
    } finally {
      for (const tab of tabs) await tab.close();
    }
  });
});

/**
 * What the Plyr example page exposes, read by expressions evaluated in the page (a
 * string, not a function: tsx would rewrite a function's source).
 */
const EXAMPLE = 'window.peerlaneExample';
