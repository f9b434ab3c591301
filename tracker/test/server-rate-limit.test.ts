import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';
import { id, TestClient } from './support.ts';

// A refill this slow adds no token while a test runs: only the burst passes.
const SLOW = 0.001;
const scrape = { action: 'scrape', info_hash: id('h') };

test('beyond the burst, messages get "rate limit exceeded" and the connection stays up', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', rate: SLOW, burst: 3 });
  t.after(() => tracker.close());
  const client = await TestClient.open(tracker.announceUrl);
  t.after(() => client.close());
  for (let i = 0; i < 5; i++) client.send(scrape);
  const replies = [];
  for (let i = 0; i < 5; i++) replies.push(await client.next());
  assert.deepEqual(
    replies.map((reply) => reply.action ?? reply['failure reason']),
    ['scrape', 'scrape', 'scrape', 'rate limit exceeded', 'rate limit exceeded'],
  );
  assert.deepEqual(replies[3], { 'failure reason': 'rate limit exceeded' });
  assert.equal(tracker.stats().rateLimited, 2);
  assert.equal(tracker.stats().messagesIn.scrape, 3);
  assert.equal(client.ws.readyState, client.ws.OPEN);
  // Other connections have their own bucket.
  const other = await TestClient.open(tracker.announceUrl);
  t.after(() => other.close());
  other.send(scrape);
  assert.equal((await other.next()).action, 'scrape');
});

test('a sustained flood is closed with 1008, and counted once', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', rate: SLOW, burst: 2 });
  t.after(() => tracker.close());
  const flooder = await TestClient.open(tracker.announceUrl);
  for (let i = 0; i < 200; i++) flooder.send(scrape);
  const { code, reason } = await flooder.closed();
  assert.equal(code, 1008);
  assert.equal(reason, 'flood');
  const answered = flooder.pending.filter((m) => m.action === 'scrape').length;
  const refused = flooder.pending.filter((m) => m['failure reason'] === 'rate limit exceeded');
  assert.equal(answered, 2);
  assert.equal(refused.length, 20, 'refused with a failure until the strike limit');
  assert.deepEqual(tracker.stats().closed, { flood: 1 }, 'one connection closed for flooding');

  const polite = await TestClient.open(tracker.announceUrl);
  t.after(() => polite.close());
  polite.send(scrape);
  assert.equal((await polite.next()).action, 'scrape');
});

test('rate 0 turns the limit off', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', rate: 0, burst: 1 });
  t.after(() => tracker.close());
  const client = await TestClient.open(tracker.announceUrl);
  t.after(() => client.close());
  for (let i = 0; i < 100; i++) client.send(scrape);
  for (let i = 0; i < 100; i++) assert.equal((await client.next()).action, 'scrape');
  assert.equal(tracker.stats().rateLimited, 0);
});
