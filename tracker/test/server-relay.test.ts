import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';
import { announce, answerTo, binaryId, id, offers, TestClient, waitFor } from './support.ts';

test('offer and answer are relayed end to end; the answerer gets no reply', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(`${tracker.announceUrl}/announce?any=path`);
  t.after(() => Promise.all([a.close(), b.close()]));
  // Binary ids: control characters and bytes >= 0x80 (two UTF-8 bytes each on the wire).
  const infoHash = binaryId(1);
  const aId = binaryId(2);
  const bId = binaryId(3);

  a.send(announce(infoHash, aId, { event: 'started', numwant: 5, left: 100 }));
  assert.deepEqual(await a.next(), {
    action: 'announce',
    interval: 120,
    info_hash: infoHash,
    complete: 0,
    incomplete: 1,
  });
  b.send(announce(infoHash, bId, { event: 'started', numwant: 5, offers: offers('b', 5) }));
  assert.deepEqual(await b.next(), {
    action: 'announce',
    interval: 120,
    info_hash: infoHash,
    complete: 0,
    incomplete: 2,
  });
  const offer = await a.next();
  const [sent] = offers('b', 1);
  assert.deepEqual(offer, {
    action: 'announce',
    offer: sent?.offer,
    offer_id: sent?.offer_id,
    peer_id: bId,
    info_hash: infoHash,
  });

  a.send(answerTo(offer, aId, 'v=0 answer'));
  assert.deepEqual(await b.next(), {
    action: 'announce',
    answer: { type: 'answer', sdp: 'v=0 answer' },
    offer_id: sent?.offer_id,
    peer_id: aId,
    info_hash: infoHash,
  });
  // One connection's messages are handled in order: had the answer produced a
  // reply to a, it would come before this scrape's.
  a.send({ action: 'scrape', info_hash: infoHash });
  assert.equal((await a.next()).action, 'scrape');
  b.send({ action: 'scrape', info_hash: infoHash });
  assert.equal((await b.next()).action, 'scrape', 'b got nothing else either');
  assert.deepEqual(a.pending, []);
  assert.deepEqual(b.pending, []);
});

test('binary frames are accepted like text frames', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  t.after(() => a.close());
  const infoHash = binaryId(9);
  a.ws.send(Buffer.from(JSON.stringify(announce(infoHash, id('a'), { event: 'started' }))), {
    binary: true,
  });
  assert.deepEqual(await a.next(), {
    action: 'announce',
    interval: 120,
    info_hash: infoHash,
    complete: 0,
    incomplete: 1,
  });
});

test('closing a connection removes every peer it announced', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(tracker.announceUrl);
  t.after(() => b.close());
  for (const hash of ['h1', 'h2', 'h3']) {
    a.send(announce(id(hash), id('a1'), { event: 'started' }));
    a.send(announce(id(hash), id('a2'), { event: 'started' }));
    await a.next();
    await a.next();
  }
  b.send(announce(id('h1'), id('b'), { event: 'started' }));
  await b.next();
  assert.equal(tracker.stats().peers, 7);
  assert.equal(tracker.stats().swarms, 3);

  await a.close();
  await waitFor(
    () => tracker.stats().connections === 1,
    () => `connections: ${tracker.stats().connections}`,
  );
  assert.equal(tracker.stats().peers, 1);
  assert.equal(tracker.stats().swarms, 1);
  b.send({ action: 'scrape' });
  assert.deepEqual((await b.next()).files, {
    [id('h1')]: { complete: 0, incomplete: 1, downloaded: 0 },
  });
});

test('a failure keeps the connection open', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  t.after(() => a.close());
  a.send('{"action":"announce"');
  assert.deepEqual(await a.next(), { 'failure reason': 'invalid JSON' });
  a.send(announce(id('h'), 'short'));
  assert.deepEqual(await a.next(), {
    'failure reason': 'invalid peer_id',
    action: 'announce',
    info_hash: id('h'),
  });
  a.send(announce(id('h'), id('a')));
  assert.equal((await a.next()).incomplete, 1);
});
