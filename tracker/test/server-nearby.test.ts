import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker, type Tracker } from '../src/index.ts';
import { announce, id, offers, TestClient } from './support.ts';

/** A client whose address, as a trusted proxy reports it, is `address`. */
async function from(tracker: Tracker, address: string): Promise<TestClient> {
  return TestClient.open(tracker.announceUrl, { headers: { 'x-forwarded-for': address } });
}

/** Joins `peerId` to HASH and waits for the reply. */
async function join(client: TestClient, peerId: string): Promise<void> {
  client.send(announce(id('hash'), id(peerId), { event: 'started' }));
  await client.next();
}

/** Whether `client` got an offer: a scrape round trip flushes anything sent before it. */
async function gotOffer(client: TestClient): Promise<boolean> {
  client.send({ action: 'scrape', info_hash: id('hash') });
  await client.next((m) => m.action === 'scrape');
  return client.pending.some((m) => 'offer' in m);
}

test('offers go to peers behind the same /24 first, then the same /16 (addresses from X-Forwarded-For)', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', trustProxies: ['127.0.0.1'] });
  t.after(() => tracker.close());
  const far = await Promise.all(
    Array.from({ length: 8 }, (_, i) => from(tracker, `198.${51 + i}.100.7`)),
  );
  const same16 = await from(tracker, '203.0.200.9');
  const same24 = await from(tracker, '203.0.113.200');
  const announcer = await from(tracker, '203.0.113.5');
  const all = [...far, same16, same24, announcer];
  t.after(() => Promise.all(all.map((client) => client.close())));
  for (const [i, client] of far.entries()) await join(client, `far${i}`);
  await join(same16, 'same16');
  await join(same24, 'same24');

  announcer.send(announce(id('hash'), id('announcer'), { numwant: 3, offers: offers('x', 3) }));
  await announcer.next();
  assert.equal(await gotOffer(same24), true, 'the /24 neighbour');
  assert.equal(await gotOffer(same16), true, 'the /16 neighbour');
  const farReached = [];
  for (const client of far) farReached.push(await gotOffer(client));
  assert.equal(farReached.filter(Boolean).length, 1, 'one more, at random');
  assert.deepEqual(tracker.stats().offersByTier, { 'nearby/24': 1, 'nearby/16': 1, random: 1 });
});

test('nearby: false picks at random', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', nearby: false });
  t.after(() => tracker.close());
  assert.equal(tracker.stats().nearby, false);
  const a = await from(tracker, '203.0.113.7');
  const b = await from(tracker, '203.0.113.8');
  t.after(() => Promise.all([a.close(), b.close()]));
  await join(a, 'a');
  b.send(announce(id('hash'), id('b'), { offers: offers('b', 1) }));
  await b.next();
  assert.equal(await gotOffer(a), true);
  assert.deepEqual(tracker.stats().offersByTier, { random: 1 });
});

test('without trustProxies, X-Forwarded-For is ignored: the socket address decides', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  // Claimed addresses in different networks; both really come from 127.0.0.1.
  const a = await from(tracker, '203.0.113.7');
  const b = await from(tracker, '198.51.100.8');
  t.after(() => Promise.all([a.close(), b.close()]));
  await join(a, 'a');
  b.send(announce(id('hash'), id('b'), { offers: offers('b', 1) }));
  await b.next();
  assert.equal(await gotOffer(a), true);
  assert.deepEqual(tracker.stats().offersByTier, { 'nearby/24': 1 });
});
