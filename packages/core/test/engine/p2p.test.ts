import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cleanup } from 'node-datachannel';
import { DEFAULT_MEDIA_ROOT, startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { startTracker, type Tracker } from '../../../../tracker/src/index.ts';
import { waitFor } from '../../../../test/support/wait-for.ts';
import { seededRandom } from '../../../../test/support/seeded-random.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { Platform } from '../../src/engine/types.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load, until } from './engine-harness.ts';
import { nodePlatform, p2pConfig, ProbeEngine, vodSegments } from './support.ts';

/**
 * Engines exchanging segments over real WebRTC (node-datachannel) through our tracker:
 * multi-source ranges, a stalled peer finished over HTTP, init segments, and P2P
 * switched off and on at runtime.
 */

let origin: Origin;
let tracker: Tracker;
const engines: Engine[] = [];
before(async () => {
  origin = await startOrigin();
  tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 0, rate: 0 });
});
after(async () => {
  await Promise.all(engines.map((engine) => engine.destroy()));
  await tracker.close();
  await origin.close();
  cleanup();
});

function engine(platform: Platform = {}, config = {}): ProbeEngine {
  const created = new ProbeEngine(
    { ...p2pConfig(tracker.announceUrl), ...config },
    { ...nodePlatform, ...platform },
  );
  engines.push(created);
  return created;
}

/** Joins `manifestUrl` and registers `segments` with the playhead at `position`. */
async function join(
  joining: Engine,
  manifestUrl: string,
  segments: Segment[],
  position: number,
): Promise<void> {
  await joining.setStream({ manifestUrl });
  joining.updateSegments(segments[0]?.rendition ?? '', segments);
  joining.setPlayback({ position, rate: 1, rendition: segments[0]?.rendition ?? '' });
}

/** Resolves once `engine` is connected to peers that announced `segment`. */
function holdersOf(probe: ProbeEngine, segment: Segment, count: number): Promise<void> {
  return waitFor(
    () => probe.holders(segment) >= count,
    () => `${probe.holders(segment)} of ${count} holders of ${segment.id}`,
    30_000,
  );
}

const fixture = (path: string): Buffer => readFileSync(`${DEFAULT_MEDIA_ROOT}/${path}`);

test('a large segment comes as byte ranges from two peers, byte-identical', async () => {
  const random = seededRandom(7);
  const bytes = Uint8Array.from({ length: 600_000 }, () => (random() * 256) | 0);
  const segment: Segment = {
    id: 'big|0',
    rendition: 'big',
    sequence: 0,
    startTime: 20,
    duration: 2,
    url: 'http://origin.invalid/big/0.ts',
  };
  const manifestUrl = 'http://origin.invalid/big.m3u8';
  const fromOrigin = (): Promise<Response> => Promise.resolve(new Response(bytes));
  const seeders = [engine({ fetch: fromOrigin }), engine({ fetch: fromOrigin })];
  for (const seeder of seeders) {
    await join(seeder, manifestUrl, [segment], 20);
    await load(seeder, segment.id);
  }
  const downloader = engine({ fetch: () => Promise.reject(new Error('no HTTP in this test')) });
  await downloader.setStream({ manifestUrl });
  await holdersOf(downloader, segment, 2);
  const sources = new Set<string>();
  downloader.on('bytesDownloaded', ({ peerId }) => {
    if (peerId !== undefined) sources.add(peerId);
  });
  downloader.updateSegments('big', [segment]);
  downloader.setPlayback({ position: 10, rate: 1, rendition: 'big' });
  const { bytes: received, info } = await load(downloader, segment.id);

  assert.deepEqual(received, bytes);
  assert.equal(info.source, 'p2p');
  assert.deepEqual([...sources].sort(), seeders.map((seeder) => seeder.peerId).sort());
  assert.equal(downloader.stats().http, 0);
  assert.equal(downloader.stats().p2p, bytes.length);
});

test('a peer that stops sending mid-segment: the rest comes over HTTP from the first missing byte', async () => {
  const [segment] = vodSegments(origin.url, 'ts', 1) as [Segment];
  const manifestUrl = `${origin.url}/vod/ts/240p/index.m3u8?stall`;
  // 2 KB/s: one DATA frame goes at once, the next only seconds later.
  const slow = engine({}, { uploadRate: 2000 });
  await join(slow, manifestUrl, [segment], 0);
  await load(slow, segment.id);

  const requests: string[] = [];
  const downloader = engine({
    fetch: (url, init) => {
      requests.push(`${url} ${new Headers(init.headers).get('range') ?? 'whole'}`);
      return fetch(url, init);
    },
  });
  await downloader.setStream({ manifestUrl });
  await holdersOf(downloader, segment, 1);
  downloader.updateSegments('240p', [segment]);
  // 8 s before its deadline: P2P first.
  downloader.setPlayback({ position: -8, rate: 1, rendition: '240p' });
  const { bytes, info } = await load(downloader, segment.id, 20_000);

  const expected = fixture('ts/240p/seg-000.ts');
  assert.deepEqual(Buffer.from(bytes), expected);
  const { p2p, http, httpReasons } = downloader.stats();
  assert.ok(p2p > 0 && p2p < expected.length, `p2p ${p2p} of ${expected.length}`);
  assert.equal(http, expected.length - p2p);
  assert.deepEqual(requests, [`${segment.url} bytes=${p2p}-${expected.length - 1}`]);
  assert.equal(httpReasons.fallback, 1);
  assert.equal(info.source, 'p2p');
  assert.equal(info.peerId, slow.peerId);
});

test('a viewer whose peer fetches a segment announces FETCHING too, before its playlist shows it, then loads it from that peer', async () => {
  const [segment] = vodSegments(origin.url, 'ts', 1) as [Segment];
  // A swarm of its own: the query is no part of a swarm id.
  const manifestUrl = `${origin.url}/relay/index.m3u8`;
  let release = (): void => undefined;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  const seeder = engine({ fetch: (url, init) => gate.then(() => fetch(url, init)) });
  const waiter = engine();
  await Promise.all([seeder.setStream({ manifestUrl }), waiter.setStream({ manifestUrl })]);
  await waitFor(
    () => seeder.stats().peers.length === 1 && waiter.stats().peers.length === 1,
    () => 'seeder and waiter connected',
    30_000,
  );
  // The waiter's playlist does not show the segment yet: the hint goes on all the same.
  waiter.setPlayback({ position: -20, rate: 1, rendition: '240p' });
  seeder.updateSegments('240p', [segment]);
  seeder.setPlayback({ position: 0, rate: 1, rendition: '240p' });
  const seeded = load(seeder, segment.id, 20_000);
  await waitFor(
    () => seeder.fetchers(segment) === 1,
    () => 'the waiter announced FETCHING',
    10_000,
  );
  const shared = until(waiter, 'segmentLoaded', ({ segmentId }) => segmentId === segment.id);
  // Far from its deadline: the waiter waits for the seeder's HAVE.
  waiter.updateSegments('240p', [segment]);
  release();
  await seeded;
  assert.equal((await shared).source, 'p2p');
  assert.equal(waiter.stats().http, 0);
});

test('fMP4 init segments load through the engine and are shared over P2P', async () => {
  const segments = vodSegments(origin.url, 'fmp4', 3);
  const [init, first] = segments as [Segment, Segment];
  const manifestUrl = `${origin.url}/vod/fmp4/240p/index.m3u8`;
  const a = engine();
  await join(a, manifestUrl, segments, 0);
  const [fromA] = await Promise.all([load(a, init.id), load(a, first.id)]);
  assert.deepEqual(Buffer.from(fromA.bytes), fixture('fmp4/240p/init.mp4'));

  const b = engine();
  await b.setStream({ manifestUrl });
  await holdersOf(b, init, 1);
  const shared = until(b, 'segmentLoaded', ({ segmentId }) => segmentId === init.id);
  b.updateSegments('240p', segments);
  // Ten seconds ahead of the playhead: the init segment is prefetched with the first segment.
  b.setPlayback({ position: -10, rate: 1, rendition: '240p' });
  const loaded = await shared;
  assert.equal(loaded.source, 'p2p');
  assert.equal(loaded.peerId, a.peerId);
  const fromB = await load(b, init.id);
  assert.equal(fromB.info.source, 'memory');
  assert.deepEqual(Buffer.from(fromB.bytes), fixture('fmp4/240p/init.mp4'));
});

test('p2p off at runtime closes the peers and leaves the tracker, loads go over HTTP; on again, it rejoins', async () => {
  const segments = vodSegments(origin.url, 'ts', 4);
  const [first, second] = segments as [Segment, Segment];
  const manifestUrl = `${origin.url}/vod/ts/240p/index.m3u8?toggle`;
  const a = engine();
  const b = engine();
  const peersBefore = tracker.stats().peers;
  const connected = until(b, 'peerConnected', ({ peerId }) => peerId === a.peerId, 20_000);
  await join(a, manifestUrl, segments, 0);
  await Promise.all([load(a, first.id), load(a, second.id)]);
  await join(b, manifestUrl, [], 0);
  await connected;
  await waitFor(
    () => tracker.stats().peers === peersBefore + 2,
    () => `tracker peers ${tracker.stats().peers}`,
    10_000,
  );

  const closed = until(b, 'peerClosed', ({ peerId }) => peerId === a.peerId);
  b.configure({ p2p: false });
  await closed;
  assert.deepEqual(b.stats().peers, []);
  await waitFor(
    () => tracker.stats().peers === peersBefore + 1,
    () => `tracker peers ${tracker.stats().peers}`,
    10_000,
  );
  // Only the first segment for now, so that the second is not prefetched over HTTP.
  b.updateSegments('240p', [first]);
  b.setPlayback({ position: -10, rate: 1, rendition: '240p' });
  const overHttp = await load(b, first.id);
  assert.equal(overHttp.info.source, 'http');
  assert.equal(b.stats().p2p, 0);

  const reconnected = until(b, 'peerConnected', ({ peerId }) => peerId === a.peerId, 20_000);
  b.configure({ p2p: true });
  await reconnected;
  await holdersOf(b, second, 1);
  b.updateSegments('240p', segments);
  const overP2P = await load(b, second.id);
  assert.equal(overP2P.info.source, 'p2p');
  assert.deepEqual(Buffer.from(overP2P.bytes), fixture('ts/240p/seg-001.ts'));
});
