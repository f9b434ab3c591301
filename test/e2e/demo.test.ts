import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { startDemo, type Demo } from '../../demo/server.ts';
import { launchChromium } from '../support/chromium.ts';

const closers: (() => Promise<void>)[] = [];
let demo: Demo;
let browser: Browser;

before(async () => {
  demo = await startDemo({ port: 0 });
  closers.push(() => demo.close());
  browser = await launchChromium();
  closers.push(() => browser.close());
});

after(async () => {
  for (const close of closers.reverse()) await close();
});

test('the demo page plays its default live stream and shows origin traffic', async () => {
  const page = await browser.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  await page.goto(demo.url);
  await page.waitForFunction(
    () => (document.querySelector('video')?.currentTime ?? 0) > 2,
    undefined,
    { timeout: 30_000 },
  );
  await page.waitForFunction(
    () => /[1-9]\d* KiB/.test(document.getElementById('cdn')?.textContent ?? ''),
    undefined,
    { timeout: 10_000 },
  );
  assert.deepEqual(pageErrors, []);
  const log = await page.locator('#log').textContent();
  assert.doesNotMatch(log ?? '', /fatal/);
});
