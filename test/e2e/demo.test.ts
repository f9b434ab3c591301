import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { WebSocket } from 'ws';
import type { DemoConfig } from '../../demo/page/demo-config.ts';
import { startDemo, type Demo } from '../../demo/server.ts';
import { launchChromium } from '../support/chromium.ts';

const root = new URL('../../', import.meta.url);
const artifacts = new URL('test-results/', root);

/** Generous: players need a few segments each before they have anything to share. */
const P2P_TIMEOUT_MS = 120_000;

/** Collects what a page reports as broken: uncaught exceptions and console errors. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    // hls.js revokes its MediaSource object URL once attached; a player library that
    // reloads the video element (Plyr does) makes Chromium log a failed load of that
    // blob: URL, which costs nothing.
    if (message.type() !== 'error' || message.location().url.startsWith('blob:')) return;
    errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Resolves once the number in `selector`'s `data-<key>` attribute is above `floor` (0). */
async function waitForAbove(page: Page, selector: string, key: string, floor = 0): Promise<number> {
  const handle = await page.waitForFunction(
    ([selector, key, floor]) => {
      const value = Number(document.querySelector<HTMLElement>(selector)?.dataset[key] ?? 0);
      return value > floor ? value : false;
    },
    [selector, key, floor] as const,
    { timeout: P2P_TIMEOUT_MS, polling: 500 },
  );
  return (await handle.jsonValue()) as number;
}

function dataNumber(page: Page, selector: string, key: string): Promise<number> {
  return page.$eval(selector, (node, key) => Number((node as HTMLElement).dataset[key] ?? 0), key);
}

/**
 * Resolves, with the sum, once the numbers in `data-<downKey>` of `down` and
 * `data-<upKey>` of `up` add up to more than zero: bytes (or chart points) moved
 * over P2P in either direction.
 */
async function waitForP2P(
  page: Page,
  down: string,
  up: string,
  downKey = 'bytes',
  upKey = 'bytes',
): Promise<number> {
  const handle = await page.waitForFunction(
    ([down, up, downKey, upKey]) => {
      // No named helpers in here: tsx would wrap them in a `__name` the page lacks.
      const sum =
        Number(document.querySelector<HTMLElement>(down)?.dataset[downKey] ?? 0) +
        Number(document.querySelector<HTMLElement>(up)?.dataset[upKey] ?? 0);
      return sum > 0 ? sum : false;
    },
    [down, up, downKey, upKey] as const,
    { timeout: P2P_TIMEOUT_MS, polling: 500 },
  );
  return (await handle.jsonValue()) as number;
}

/** `wait`, or on failure an error that also says what each tab shows: totals, peers, recent events. */
async function explained<T>(tabs: readonly Page[], wait: Promise<T>): Promise<T> {
  try {
    return await wait;
  } catch (error) {
    const states = await Promise.all(
      tabs.map(async (tab, i) => {
        const totals = await tab.locator('.totals').innerText();
        const log = (await tab.locator('#log').innerText()).split('\n').slice(0, 20);
        return `tab ${i}: ${totals.replace(/\n/g, ' ')}\n  ${log.join('\n  ')}`;
      }),
    );
    throw new Error(`${String(error)}\n${states.join('\n')}`, { cause: error });
  }
}

async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: new URL(name, artifacts).pathname, fullPage: true });
}

describe('the demo pages', () => {
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

  test('two tabs on the live stream exchange segments over P2P and chart them', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const tabs = [await context.newPage(), await context.newPage()];
    const errors = tabs.map(watchErrors);
    for (const tab of tabs) await tab.goto(demo.url);
    for (const tab of tabs) {
      assert.match(await tab.locator('#url').inputValue(), /\/live\/ts\/master\.m3u8$/);
    }

    // Which tab downloads from which is the scheduler's call (the one ahead may seed
    // every segment), so each tab must count P2P bytes one way or the other.
    const p2pBytes = await explained(
      tabs,
      Promise.all(tabs.map((tab) => waitForP2P(tab, '#total-p2p', '#total-upload'))),
    );
    await explained(
      tabs,
      Promise.all(
        tabs.map((tab) => waitForP2P(tab, '#chart', '#chart', 'p2pPoints', 'uploadPoints')),
      ),
    );
    const downloaded = await Promise.all(tabs.map((tab) => dataNumber(tab, '#total-p2p', 'bytes')));
    assert.ok(
      downloaded.some((bytes) => bytes > 0),
      'a tab downloaded from its peer',
    );
    for (const tab of tabs) {
      assert.match((await tab.locator('#total-http').textContent()) ?? '', /[1-9]/);
      assert.ok(
        await tab.locator('#peers tr:not(.closed) td.mono').count(),
        'a connected peer row',
      );
    }
    // A screenshot worth looking at: several seconds of P2P traffic in the chart.
    const downloader = tabs[downloaded.findIndex((bytes) => bytes > 0)] as Page;
    await explained(tabs, waitForAbove(downloader, '#chart', 'p2pPoints', 8));
    await screenshot(downloader, 'demo-two-tabs.png');
    assert.deepEqual(errors.flat(), [], `P2P bytes ${p2pBytes.join(', ')}`);
    await context.close();
  });

  test('the swarm view holds N players and charts what they moved together', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    const errors = watchErrors(page);
    await page.goto(`${demo.url}swarm.html?n=3`);
    assert.equal(await page.locator('#tiles iframe').count(), 3);
    await waitForAbove(page, '#total-p2p', 'bytes');
    await waitForAbove(page, '#chart', 'p2pPoints');
    await waitForAbove(page, '#total-playing', 'count', 2);
    await waitForAbove(page, '#chart', 'p2pPoints', 8);
    await screenshot(page, 'demo-swarm.png');
    assert.deepEqual(errors, []);
    await page.close();
  });

  test("every example page plays: the script tag with no build step, and the adapter's", async () => {
    const config = (await (
      await fetch(new URL('demo/config.json', demo.url))
    ).json()) as DemoConfig;
    assert.ok(config.examples.includes('/demo/examples/script-tag.html'));
    for (const path of config.examples) {
      const page = await browser.newPage();
      const errors = watchErrors(page);
      await page.goto(new URL(path, demo.url).href);
      await page.waitForFunction(
        () => (document.querySelector('video')?.readyState ?? 0) >= 3,
        undefined,
        { timeout: 60_000 },
      );
      // A live stream starts at its live edge: playing means the position moves on from there.
      const start = await page.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
      await page.waitForFunction(
        (start) => (document.querySelector('video')?.currentTime ?? 0) > start + 2,
        start,
        { timeout: 60_000 },
      );
      if (path.endsWith('script-tag.html')) {
        assert.match((await page.locator('#stats').textContent()) ?? '', /HTTP [1-9]\d* KiB/);
      }
      assert.deepEqual(errors, [], path);
      await page.close();
    }
  });
});

describe('npm start (demo/start.ts)', () => {
  const start = (...args: string[]): ChildProcessWithoutNullStreams =>
    spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/start.ts', '--media', 'demo/media/fixtures', ...args],
      { cwd: root.pathname },
    );

  const exited = (child: ChildProcessWithoutNullStreams): Promise<number | null> =>
    new Promise((resolve) => child.once('exit', resolve));

  const output = (stream: NodeJS.ReadableStream): (() => string) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => (text += chunk));
    return () => text;
  };

  test('a busy port gets one clear line and a failing exit code', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const { port } = blocker.address() as AddressInfo;
    try {
      const child = start('--port', String(port));
      const stderr = output(child.stderr);
      const code = await exited(child);
      assert.notEqual(code, 0);
      assert.equal(
        stderr().trim(),
        `npm start: port ${port} on 127.0.0.1 is already in use; stop what uses it or pick another with --port`,
      );
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  test('Ctrl-C stops the page, the origin and the tracker, and exits with 0', async () => {
    const child = start('--port', '0');
    const stdout = output(child.stdout);
    const exit = exited(child);
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', () => {
        const found = /Peerlane demo: (http:\S+)/.exec(stdout());
        if (found?.[1] !== undefined) resolve(found[1]);
      });
      void exit.then((code) => {
        reject(new Error(`start.ts exited (${code}) before serving: ${stdout()}`));
      });
    });
    assert.equal((await fetch(new URL('live/ts/master.m3u8', url))).status, 200);
    // A tracker connection held open must not keep the process alive.
    const socket = new WebSocket(new URL('announce', url.replace(/^http/, 'ws')));
    await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));

    child.kill('SIGINT');
    assert.equal(await exit, 0);
    await assert.rejects(fetch(url));
    socket.terminate();
  });
});
