/**
 * Our tracker against the real WebTorrent tracker client (npm bittorrent-tracker),
 * with real WebRTC offers and answers.
 *
 * WebRTC in Node: the client's peers are simple-peer 10 instances, which take
 * RTCPeerConnection from webrtc-polyfill (node-datachannel) and ignore the
 * client's `wrtc` option, so none is passed. webrtc-polyfill never fires the
 * end-of-candidates event (a null candidate), so simple-peer, which gathers
 * before signalling (trickle off), would wait its 5 s iceCompleteTimeout for
 * every offer and answer; the patch below fires it once gathering is complete
 * (the local description then already holds the candidates).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import Client, {
  type AnnounceResponse,
  type Peer,
  type ScrapeResponse,
} from 'bittorrent-tracker/client';
import { cleanup } from 'node-datachannel';
import { RTCPeerConnection } from 'webrtc-polyfill';
import { startTracker, type Tracker } from '../src/index.ts';
import { waitFor } from './support.ts';

const EVENT_TIMEOUT_MS = 10_000;

type Connection = EventTarget & { iceGatheringState: string };
const dispatch = (target: EventTarget, event: Event): boolean =>
  EventTarget.prototype.dispatchEvent.call(target, event);
(RTCPeerConnection.prototype as Connection).dispatchEvent = function (this: Connection, event) {
  const result = dispatch(this, event);
  if (event.type === 'icegatheringstatechange' && this.iceGatheringState === 'complete') {
    setImmediate(() => {
      dispatch(this, Object.assign(new Event('icecandidate'), { candidate: null }));
    });
  }
  return result;
};

// node-datachannel keeps the process alive until cleaned up.
after(() => {
  cleanup();
});

const hex = (bytes: number): string => randomBytes(bytes).toString('hex');
/** A WebTorrent-style peer id: `-WW0208-` and 12 random bytes, in hex. */
const peerId = (): string => Buffer.from('-WW0208-').toString('hex') + hex(12);

/** A client on its own connection (the client pools sockets by announce URL). */
function client(tracker: Tracker, infoHash: string, name: string): Client & { warnings: Error[] } {
  const instance = Object.assign(
    new Client({
      infoHash,
      peerId: peerId(),
      announce: `${tracker.announceUrl}/${name}`,
      port: 6881,
      rtcConfig: { iceServers: [] },
    }),
    { warnings: [] as Error[] },
  );
  instance.on('warning', (error: Error) => instance.warnings.push(error));
  return instance;
}

async function next<T>(emitter: Client, event: string): Promise<T> {
  const [value] = (await once(emitter, event, {
    signal: AbortSignal.timeout(EVENT_TIMEOUT_MS),
  })) as [T];
  return value;
}

async function destroyed(tracker: Tracker, ...clients: Client[]): Promise<void> {
  for (const c of clients) c.destroy();
  await waitFor(
    () => tracker.stats().connections === 0,
    () => `connections: ${tracker.stats().connections}`,
  );
}

test('start, update, scrape, complete and stop from a bittorrent-tracker client', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const infoHash = hex(20);
  const c = client(tracker, infoHash, 'lifecycle');

  c.start();
  const started = await next<AnnounceResponse>(c, 'update');
  assert.equal(started.infoHash, infoHash);
  assert.equal(started.announce, `${tracker.announceUrl}/lifecycle`);
  assert.equal(started.complete, 0);
  assert.equal(started.incomplete, 1);
  assert.equal(started.interval, 120);
  assert.equal(tracker.stats().peers, 1);

  c.update();
  const updated = await next<AnnounceResponse>(c, 'update');
  assert.equal(updated.incomplete, 1);
  assert.equal(tracker.stats().messagesIn.announce, 2);

  c.scrape();
  const scraped = await next<ScrapeResponse>(c, 'scrape');
  assert.equal(scraped.infoHash, infoHash);
  assert.equal(scraped.complete, 0);
  assert.equal(scraped.incomplete, 1);
  assert.equal(scraped.downloaded, 0);

  c.complete();
  const completed = await next<AnnounceResponse>(c, 'update');
  assert.equal(completed.complete, 1);
  assert.equal(completed.incomplete, 0);

  c.stop();
  const stopped = await next<AnnounceResponse>(c, 'update');
  assert.equal(stopped.complete, 0);
  assert.equal(stopped.incomplete, 0);
  assert.equal(tracker.stats().peers, 0);
  assert.equal(tracker.stats().swarms, 0);

  assert.deepEqual(
    c.warnings.map((w) => w.message),
    [],
  );
  await destroyed(tracker, c);
});

test('Client.scrape of several info hashes, one of them unknown', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const known = hex(20);
  const unknown = hex(20);
  const seeder = client(tracker, known, 'seeder');
  seeder.start({ left: 0 });
  await next(seeder, 'update');

  const results = await new Promise<Record<string, ScrapeResponse>>((resolve, reject) => {
    Client.scrape(
      { announce: `${tracker.announceUrl}/scrape`, infoHash: [known, unknown] },
      (error, data) => {
        if (error === null) resolve(data as Record<string, ScrapeResponse>);
        else reject(error);
      },
    );
  });
  assert.deepEqual(
    {
      complete: results[known]?.complete,
      incomplete: results[known]?.incomplete,
      downloaded: results[known]?.downloaded,
    },
    { complete: 1, incomplete: 0, downloaded: 1 },
  );
  assert.deepEqual(
    {
      complete: results[unknown]?.complete,
      incomplete: results[unknown]?.incomplete,
      downloaded: results[unknown]?.downloaded,
    },
    { complete: 0, incomplete: 0, downloaded: 0 },
  );
  await destroyed(tracker, seeder);
});

test('two clients meet through the tracker and open a WebRTC data channel', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const infoHash = hex(20);
  const a = client(tracker, infoHash, 'a');
  const b = client(tracker, infoHash, 'b');
  t.after(() => destroyed(tracker, a, b));

  a.start();
  assert.equal((await next<AnnounceResponse>(a, 'update')).incomplete, 1);
  // b's offers can only go to a: a gets the offer and answers, b gets the answer.
  const aPeer = next<Peer>(a, 'peer');
  const bPeer = next<Peer>(b, 'peer');
  b.start();
  assert.equal((await next<AnnounceResponse>(b, 'update')).incomplete, 2);
  const [fromA, fromB] = await Promise.all([aPeer, bPeer]);
  assert.equal(fromA.id, b.peerId, "a's peer is b");
  assert.equal(fromB.id, a.peerId, "b's peer is a");
  assert.equal(tracker.stats().messagesOut.offer, 1);
  assert.equal(tracker.stats().messagesOut.answer, 1);

  await Promise.all([
    fromA.connected
      ? undefined
      : once(fromA, 'connect', { signal: AbortSignal.timeout(EVENT_TIMEOUT_MS) }),
    fromB.connected
      ? undefined
      : once(fromB, 'connect', { signal: AbortSignal.timeout(EVENT_TIMEOUT_MS) }),
  ]);
  const received = once(fromB, 'data', { signal: AbortSignal.timeout(EVENT_TIMEOUT_MS) });
  fromA.send('hello over WebRTC');
  const [data] = (await received) as [Uint8Array];
  assert.equal(Buffer.from(data).toString(), 'hello over WebRTC');
  assert.deepEqual(
    [...a.warnings, ...b.warnings].map((w) => w.message),
    [],
  );
});
