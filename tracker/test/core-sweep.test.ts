import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCore, FakeClient } from './core-support.ts';
import { announce, answerTo, id, offers } from './support.ts';

const HASH = id('hash');

test('the sweep drops peers silent for longer than peerTimeout, and then empty swarms', () => {
  const { core, receive, counters, clock } = createCore({ peerTimeoutMs: 60_000 });
  const a = new FakeClient();
  const b = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started' }));
  receive(a, announce(id('solo'), id('a'), { event: 'started' }));
  clock.now += 30_000;
  receive(b, announce(HASH, id('b'), { event: 'started' }));

  clock.now += 30_000; // a: exactly peerTimeout ago
  core.sweep();
  assert.equal(counters.peers, 3);
  assert.equal(counters.peersExpired, 0);

  clock.now += 1;
  core.sweep();
  assert.equal(counters.peers, 1);
  assert.equal(counters.swarms, 1, 'the swarm of a alone is gone');
  assert.equal(counters.peersExpired, 2);
  assert.equal(a.members.size, 0, "a's connection no longer holds the expired peers");
  assert.equal(b.members.size, 1);

  // An announce keeps a peer alive.
  receive(b, announce(HASH, id('b')));
  clock.now += 60_000;
  core.sweep();
  assert.equal(counters.peers, 1);
  clock.now += 1;
  core.sweep();
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);

  // A swept peer announcing again simply rejoins.
  b.take();
  receive(b, announce(HASH, id('b')));
  assert.deepEqual(b.take(), [
    { action: 'announce', interval: 120, info_hash: HASH, complete: 0, incomplete: 1 },
  ]);
});

test('the sweep keeps exactly the fresh members of a large swarm (swap-remove while sweeping)', () => {
  const { core, receive, counters, clock } = createCore({ peerTimeoutMs: 1_000 });
  const clients = Array.from({ length: 500 }, () => new FakeClient());
  clients.forEach((client, i) => {
    receive(client, announce(HASH, id(`p${i}`)));
  });
  clock.now += 2_000;
  // Every third peer announces again: stale and fresh ones are interleaved, so
  // removals move members around while the sweep walks the swarm.
  const isFresh = (i: number): boolean => i % 3 === 0;
  clients.forEach((client, i) => {
    if (isFresh(i)) receive(client, announce(HASH, id(`p${i}`)));
  });
  core.sweep();
  const fresh = clients.filter((_, i) => isFresh(i)).length;
  assert.equal(counters.peers, fresh);
  assert.equal(counters.peersExpired, 500 - fresh);
  clients.forEach((client, i) => {
    assert.equal(client.members.size, isFresh(i) ? 1 : 0, `peer ${i}`);
  });
  const probe = new FakeClient();
  receive(probe, { action: 'scrape', info_hash: HASH });
  assert.deepEqual(probe.take()[0]?.files, {
    [HASH]: { complete: 0, incomplete: fresh, downloaded: 0 },
  });
  // Every fresh peer is still reachable: an offer to each of them goes through.
  const offerer = new FakeClient();
  for (let round = 0; round < Math.ceil(fresh / 10); round++) {
    receive(offerer, announce(HASH, id('offerer'), { offers: offers(`r${round}`, 10) }));
  }
  clients.forEach((client, i) => {
    if (!isFresh(i)) assert.equal(client.offers().length, 0, `stale peer ${i} got an offer`);
  });
});

test('the sweep drops offers older than offerTtl', () => {
  const { core, receive, counters, clock } = createCore({
    offerTtlMs: 10_000,
    peerTimeoutMs: 1_000_000,
  });
  const a = new FakeClient();
  const b = new FakeClient();
  receive(a, announce(HASH, id('a')));
  receive(b, announce(HASH, id('b'), { offers: offers('first', 1) }));
  clock.now += 5_000;
  receive(b, announce(HASH, id('b'), { offers: offers('second', 1) }));
  assert.equal(counters.offersPending, 2);
  const [first, second] = a.offers();
  assert.ok(first && second);

  clock.now += 4_999;
  core.sweep();
  assert.equal(counters.offersPending, 2);
  assert.equal(counters.offersExpired, 0);
  clock.now += 1;
  core.sweep();
  assert.equal(counters.offersPending, 1);
  assert.equal(counters.offersExpired, 1);

  a.take();
  receive(a, answerTo(first, id('a')));
  assert.deepEqual(a.take(), [
    { 'failure reason': 'unknown or expired offer_id', action: 'announce', info_hash: HASH },
  ]);
  clock.now += 5_000;
  core.sweep();
  assert.equal(counters.offersPending, 0);
  assert.equal(counters.offersExpired, 2);
});

test('offers of a disconnected peer are dropped by the sweep, not kept forever', () => {
  const { core, receive, counters, clock } = createCore({ offerTtlMs: 10_000 });
  const a = new FakeClient();
  const b = new FakeClient();
  receive(a, announce(HASH, id('a')));
  receive(b, announce(HASH, id('b'), { offers: offers('b', 1) }));
  core.disconnect(b);
  core.disconnect(a);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
  clock.now += 10_000;
  core.sweep();
  assert.equal(counters.offersPending, 0);
  assert.equal(counters.offersExpired, 1);
});
