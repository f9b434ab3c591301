import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { startTracker } from '../src/index.ts';
import { announce, answerTo, id, TestClient, waitFor, type Message } from './support.ts';

const CYCLES = 10_000;
const BATCH = 100;
const HASHES = [id('leak-a'), id('leak-b'), id('leak-c'), id('leak-d')];

/**
 * A garbage collector to call before reading the heap. `npm test` does not pass
 * --expose-gc, so it is switched on at run time; if even that fails, the heap
 * bound is a generous one that tolerates uncollected garbage.
 */
function collector(): (() => void) | undefined {
  const exposed = globalThis.gc;
  if (exposed !== undefined) {
    return () => {
      exposed();
    };
  }
  try {
    setFlagsFromString('--expose-gc');
    return runInNewContext('gc') as () => void;
  } catch {
    return undefined;
  }
}

/**
 * One batch: BATCH clients connect at once, each announces to one of a few
 * info hashes with one offer; even-numbered clients answer every offer they
 * receive, odd ones let theirs expire; then a scrape round trip (which comes
 * back after any offer sent to that client, so the answers are on their way
 * before the close), and everyone disconnects.
 */
async function batch(url: string, round: number): Promise<void> {
  const clients = await Promise.all(Array.from({ length: BATCH }, () => TestClient.open(url)));
  clients.forEach((client, i) => {
    const peerId = id(`p${round}-${i}`);
    if (i % 2 === 0) {
      client.ws.on('message', (data: Buffer) => {
        const message = JSON.parse(data.toString()) as Message;
        if ('offer' in message) client.send(answerTo(message, peerId));
      });
    }
    client.send(
      announce(HASHES[i % HASHES.length] ?? '', peerId, {
        event: 'started',
        numwant: 1,
        offers: [{ offer: { type: 'offer', sdp: 'v=0' }, offer_id: id(`o${round}-${i}`) }],
      }),
    );
  });
  await Promise.all(clients.map((client) => client.next((m) => 'complete' in m)));
  for (const client of clients) client.send({ action: 'scrape', info_hash: HASHES[0] });
  await Promise.all(clients.map((client) => client.next((m) => m.action === 'scrape')));
  await Promise.all(clients.map((client) => client.close()));
}

test(`${CYCLES} connect/announce/disconnect cycles leave nothing behind`, async (t) => {
  const gc = collector();
  const tracker = await startTracker({
    port: 0,
    logLevel: 'silent',
    // Sweeps every second; offers expire after one.
    interval: 1,
    offerTimeout: 1,
    maxConnectionsPerIp: 0,
    rate: 0,
  });
  t.after(() => tracker.close());
  const idle = (): boolean => {
    const stats = tracker.stats();
    return stats.connections === 0 && stats.peers === 0 && stats.swarms === 0;
  };
  const explain = (): string => JSON.stringify(tracker.stats());

  // The first batch warms up code paths and buffers; the heap is measured after it.
  await batch(tracker.announceUrl, 0);
  await waitFor(idle, explain);
  gc?.();
  const heapBefore = process.memoryUsage().heapUsed;

  for (let round = 1; round < CYCLES / BATCH; round++) await batch(tracker.announceUrl, round);
  await waitFor(idle, explain);

  const stats = tracker.stats();
  assert.equal(stats.connectionsTotal, CYCLES);
  assert.equal(stats.messagesIn.announce, CYCLES);
  assert.equal(stats.peers, 0);
  assert.equal(stats.swarms, 0);
  assert.equal(stats.connections, 0);
  assert.ok(stats.messagesOut.offer > CYCLES / 2, `offers relayed: ${stats.messagesOut.offer}`);
  assert.ok(stats.messagesOut.answer > 0, 'some offers were answered');
  assert.equal(stats.answersRejected, 0);

  // Unanswered offers outlive their connections until the sweep drops them.
  await waitFor(() => tracker.stats().offersPending === 0, explain, 5000);
  const swept = tracker.stats();
  assert.equal(swept.offersExpired + swept.messagesOut.answer, swept.messagesOut.offer);
  assert.ok(swept.offersExpired > 0, 'some offers expired');

  gc?.();
  const growth = process.memoryUsage().heapUsed - heapBefore;
  // With a collector the heap must be back to about where it was; without one,
  // uncollected garbage from 10k clients (in this same process) is allowed for.
  const bound = gc === undefined ? 30 * 1024 * 1024 : 5 * 1024 * 1024;
  assert.ok(
    growth < bound,
    `heap grew by ${(growth / 1024 / 1024).toFixed(1)} MB (bound ${bound / 1024 / 1024} MB, gc ${gc === undefined ? 'unavailable' : 'run'})`,
  );
});
