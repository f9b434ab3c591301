import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';
import { announce, id, offers, TestClient } from './support.ts';

const HASH = id('hash');

test('GET /health answers ok; other paths 404; other methods 405', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const health = await fetch(`${tracker.url}/health`);
  assert.equal(health.status, 200);
  assert.match(health.headers.get('content-type') ?? '', /application\/json/);
  assert.deepEqual(await health.json(), { status: 'ok' });
  const missing = await fetch(`${tracker.url}/nope`);
  assert.equal(missing.status, 404);
  await missing.body?.cancel();
  const post = await fetch(`${tracker.url}/health`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  await post.body?.cancel();
  assert.equal((await fetch(`${tracker.url}/health?probe=1`, { method: 'HEAD' })).status, 200);
});

test('a port outside 0-65535 is refused, naming the option', async () => {
  await assert.rejects(startTracker({ port: 70000, logLevel: 'silent' }), /port/);
});

test('/stats.json reports the running counters', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const stats = async (): Promise<Record<string, unknown>> => {
    const response = await fetch(`${tracker.url}/stats.json`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'no-store');
    return (await response.json()) as Record<string, unknown>;
  };
  const before = await stats();
  assert.equal(before.connections, 0);
  assert.equal(before.peers, 0);
  assert.equal(before.swarms, 0);
  assert.equal(before.nearby, true);
  assert.equal(typeof before.uptimeSeconds, 'number');
  assert.equal(typeof (before.memory as Record<string, unknown>).heapUsed, 'number');

  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(tracker.announceUrl);
  t.after(() => Promise.all([a.close(), b.close()]));
  a.send(announce(HASH, id('a'), { event: 'started' }));
  await a.next();
  b.send(announce(HASH, id('b'), { event: 'started', offers: offers('b', 1) }));
  await b.next();
  await a.next((m) => 'offer' in m);
  a.send('not json');
  await a.next();

  const after = await stats();
  assert.equal(after.connections, 2);
  assert.equal(after.connectionsTotal, 2);
  assert.equal(after.peers, 2);
  assert.equal(after.swarms, 1);
  assert.equal(after.offersPending, 1);
  assert.deepEqual(after.messagesIn, { announce: 2, answer: 0, scrape: 0, invalid: 1 });
  assert.deepEqual(after.messagesOut, { announce: 2, offer: 1, answer: 0, scrape: 0, failure: 1 });
  assert.deepEqual(after.offersByTier, { 'nearby/24': 1 }, 'both on 127.0.0.1');
  assert.deepEqual(tracker.stats().messagesIn, after.messagesIn, 'tracker.stats() agrees');
});

test('/metrics serves Prometheus text with peerlane_tracker_* series', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  t.after(() => a.close());
  a.send(announce(HASH, id('a'), { event: 'started' }));
  await a.next();
  a.send({ action: 'scrape', info_hash: HASH });
  await a.next();

  const response = await fetch(`${tracker.url}/metrics`);
  assert.equal(response.status, 200);
  assert.match(response.headers.get('content-type') ?? '', /^text\/plain/);
  const text = await response.text();
  const value = (series: string): number | undefined => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };
  assert.equal(value('peerlane_tracker_connections'), 1);
  assert.equal(value('peerlane_tracker_peers'), 1);
  assert.equal(value('peerlane_tracker_swarms'), 1);
  assert.equal(value('peerlane_tracker_offers_pending'), 0);
  assert.equal(value('peerlane_tracker_connections_total{kind="accepted"}'), 1);
  assert.equal(value('peerlane_tracker_messages_in_total{kind="announce"}'), 1);
  assert.equal(value('peerlane_tracker_messages_in_total{kind="scrape"}'), 1);
  assert.equal(value('peerlane_tracker_messages_out_total{kind="scrape"}'), 1);
  assert.match(text, /^# TYPE peerlane_tracker_messages_in_total counter$/m);
  assert.match(text, /^# TYPE peerlane_tracker_peers gauge$/m);
  assert.match(text, /^peerlane_tracker_process_cpu_user_seconds_total /m, 'process metrics');

  // The series follow the counters.
  a.send(announce(HASH, id('a'), { event: 'stopped' }));
  await a.next();
  const again = await (await fetch(`${tracker.url}/metrics`)).text();
  assert.match(again, /^peerlane_tracker_peers 0$/m);
  assert.match(again, /^peerlane_tracker_messages_in_total\{kind="announce"\} 2$/m);
});
