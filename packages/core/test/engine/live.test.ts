import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cleanup } from 'node-datachannel';
import { DEFAULT_MEDIA_ROOT, startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { startTracker, type Tracker } from '../../../../tracker/src/index.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load, parsePlaylist, until } from './engine-harness.ts';
import { nodePlatform, p2pConfig } from './support.ts';

/**
 * Three engines with real WebRTC (node-datachannel) and our tracker on the local
 * origin's live stream, each with a simulated player a few seconds behind live.
 */

const RUN_MS = 20_000;
/** Seconds the playheads sit behind the wall clock (the live edge). */
const BEHIND = 7;

let origin: Origin;
let tracker: Tracker;
before(async () => {
  origin = await startOrigin();
  tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 0, rate: 0 });
});
after(async () => {
  await tracker.close();
  await origin.close();
  cleanup();
});

/** The fixture file a live segment URL (`…/<k>/seg-NNN.ts`) replays. */
const fixtureOf = (url: string): Buffer =>
  readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/240p/${url.split('/').at(-1) ?? ''}`);

test('three engines on a live stream share segments over WebRTC, byte-identical to the origin', async () => {
  const playlistUrl = `${origin.url}/live/ts/240p/index.m3u8`;
  const engines = [0, 1, 2].map(() => new Engine(p2pConfig(tracker.announceUrl), nodePlatform));
  let segments: Segment[] = [];
  let refreshed = (): void => undefined;
  let next = new Promise<void>((resolve) => (refreshed = resolve));
  const refresh = async (): Promise<void> => {
    segments = parsePlaylist(await (await fetch(playlistUrl)).text(), playlistUrl, '240p');
    for (const engine of engines) engine.updateSegments('240p', segments);
    refreshed();
    next = new Promise<void>((resolve) => (refreshed = resolve));
  };
  const position = (): number => Date.now() / 1000 - BEHIND;
  const connected = engines.map((engine) => until(engine, 'peerConnected', () => true, 15_000));
  await Promise.all(
    engines.map((engine) => engine.setStream({ manifestUrl: playlistUrl, live: true })),
  );
  await refresh();
  const refresher = setInterval(() => void refresh(), 2000);
  const playheads = setInterval(() => {
    for (const engine of engines)
      engine.setPlayback({ position: position(), rate: 1, rendition: '240p' });
  }, 250);
  const endAt = Date.now() + RUN_MS;
  const delivered = engines.map(() => 0);
  const sources = { http: 0, p2p: 0, memory: 0 };

  /** A player: from the segment under its playhead on, each segment in order, once. */
  const play = async (index: number, engine: Engine): Promise<void> => {
    engine.setPlayback({ position: position(), rate: 1, rendition: '240p' });
    let sequence = segments.find((s) => s.startTime + s.duration > position())?.sequence ?? 0;
    while (Date.now() < endAt) {
      const segment = segments.find((s) => s.sequence === sequence);
      if (segment === undefined) {
        await next;
        continue;
      }
      const { bytes, info } = await load(engine, segment.id);
      assert.deepEqual(Buffer.from(bytes), fixtureOf(segment.url), `engine ${index} ${segment.id}`);
      delivered[index] = (delivered[index] ?? 0) + 1;
      sources[info.source]++;
      sequence++;
    }
  };
  try {
    await Promise.all(connected);
    await Promise.all(engines.map((engine, i) => play(i, engine)));
  } finally {
    clearInterval(refresher);
    clearInterval(playheads);
    await Promise.all(engines.map((engine) => engine.destroy()));
  }
  const stats = engines.map((engine) => engine.stats());
  const http = stats.reduce((sum, s) => sum + s.http, 0);
  const p2p = stats.reduce((sum, s) => sum + s.p2p, 0);
  console.log(
    `delivered ${delivered.join('/')} (${JSON.stringify(sources)}); http ${http} B, p2p ${p2p} B,` +
      ` ratio ${(p2p / (http + p2p)).toFixed(2)}; reasons ${JSON.stringify(stats.map((s) => s.httpReasons))}`,
  );
  for (const count of delivered) assert.ok(count >= 5, `delivered ${delivered.join('/')}`);
  assert.ok(p2p > 0, 'P2P bytes');
});
