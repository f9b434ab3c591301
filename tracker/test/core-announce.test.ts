import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idFromHex } from '../src/ids.ts';
import { createCore, FakeClient } from './core-support.ts';
import { announce, id, offers } from './support.ts';

const HASH = id('hash');
const reply = (complete: number, incomplete: number, infoHash = HASH): unknown => ({
  action: 'announce',
  interval: 120,
  info_hash: infoHash,
  complete,
  incomplete,
});

test('started: the peer joins and gets counts that include itself', () => {
  const { receive, counters } = createCore();
  const a = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started' }));
  assert.deepEqual(a.take(), [reply(0, 1)]);
  assert.equal(counters.peers, 1);
  assert.equal(counters.swarms, 1);
  assert.equal(counters.messagesIn.announce, 1);
  assert.equal(counters.messagesOut.announce, 1);

  const b = new FakeClient();
  receive(b, announce(HASH, id('b'), { event: 'started', left: 0 }));
  assert.deepEqual(b.take(), [reply(1, 1)]);
  assert.deepEqual(a.take(), [], 'nothing is pushed to other members');
  assert.equal(counters.peers, 2);
  assert.equal(counters.swarms, 1);
});

test('an update (absent event, "update", "paused") from an unknown peer is a join', () => {
  for (const event of [undefined, 'update', 'paused']) {
    const { receive, counters } = createCore();
    const a = new FakeClient();
    receive(a, announce(HASH, id('a'), event === undefined ? {} : { event }));
    assert.deepEqual(a.take(), [reply(0, 1)], `event ${String(event)}`);
    assert.equal(counters.peers, 1);
    // Announcing again does not add the peer twice.
    receive(a, announce(HASH, id('a'), event === undefined ? {} : { event }));
    receive(a, announce(HASH, id('a'), { event: 'started' }));
    assert.deepEqual(a.take(), [reply(0, 1), reply(0, 1)]);
    assert.equal(counters.peers, 1);
  }
});

test('left 0 or completed makes a seeder, which never turns back into a leecher', () => {
  const { receive } = createCore();
  const a = new FakeClient();
  const b = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started', left: 100 }));
  receive(b, announce(HASH, id('b'), { event: 'started', left: 100 }));
  assert.deepEqual(b.take(), [reply(0, 2)]);
  receive(a, announce(HASH, id('a'), { event: 'completed', left: 0 }));
  assert.deepEqual(a.take(), [reply(0, 1), reply(1, 1)], 'completed gets a reply');
  receive(a, announce(HASH, id('a'), { left: 100 }));
  assert.deepEqual(a.take(), [reply(1, 1)]);
  // completed without left: 0 also counts.
  receive(b, announce(HASH, id('b'), { event: 'completed' }));
  assert.deepEqual(b.take(), [reply(2, 0)]);
  // A completed event from an unknown peer joins it as a seeder.
  const c = new FakeClient();
  receive(c, announce(HASH, id('c'), { event: 'completed' }));
  assert.deepEqual(c.take(), [reply(3, 0)]);
});

test('stopped: the peer leaves and still gets a reply; empty swarms are removed', () => {
  const { receive, counters } = createCore();
  const a = new FakeClient();
  const b = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started', left: 0 }));
  receive(b, announce(HASH, id('b'), { event: 'started' }));
  b.take();
  receive(a, announce(HASH, id('a'), { event: 'stopped', left: 0 }));
  assert.deepEqual(a.take().at(-1), reply(0, 1));
  assert.equal(a.members.size, 0);
  assert.equal(counters.peers, 1);
  receive(b, announce(HASH, id('b'), { event: 'stopped' }));
  assert.deepEqual(b.take(), [reply(0, 0)]);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
  // Stopping an unknown peer, in an unknown swarm, is answered with zeros and creates nothing.
  receive(b, announce(id('other'), id('b'), { event: 'stopped' }));
  assert.deepEqual(b.take(), [reply(0, 0, id('other'))]);
  assert.equal(counters.swarms, 0);
  assert.equal(counters.messagesOut.announce, 5);
});

test('a stopped peer that announces again rejoins', () => {
  const { receive, counters } = createCore();
  const a = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started' }));
  receive(a, announce(HASH, id('a'), { event: 'stopped' }));
  receive(a, announce(HASH, id('a')));
  assert.deepEqual(a.take(), [reply(0, 1), reply(0, 0), reply(0, 1)]);
  assert.equal(counters.peers, 1);
  assert.equal(a.members.size, 1);
});

test('several peer ids and info hashes on one connection are all removed on disconnect', () => {
  const { core, receive, counters } = createCore();
  const shared = new FakeClient();
  const other = new FakeClient();
  const hashes = [id('h1'), id('h2'), id('h3')];
  receive(other, announce(hashes[0] ?? '', id('other')));
  for (const infoHash of hashes) {
    receive(shared, announce(infoHash, id('p1'), { event: 'started' }));
    receive(shared, announce(infoHash, id('p2'), { event: 'started', left: 0 }));
  }
  assert.equal(shared.members.size, 6);
  assert.equal(counters.peers, 7);
  assert.equal(counters.swarms, 3);

  core.disconnect(shared);
  assert.equal(shared.members.size, 0);
  assert.equal(counters.peers, 1);
  assert.equal(counters.swarms, 1);
  shared.take();
  receive(shared, { action: 'scrape' });
  assert.deepEqual(shared.take(), [
    {
      action: 'scrape',
      files: { [hashes[0] ?? '']: { complete: 0, incomplete: 1, downloaded: 0 } },
      flags: { min_request_interval: 120 },
    },
  ]);
  core.disconnect(other);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
  // Disconnecting twice is harmless.
  core.disconnect(other);
  assert.equal(counters.peers, 0);
});

test('the same peer_id on a new connection replaces the old one', () => {
  const { core, receive, counters } = createCore();
  const old = new FakeClient();
  const fresh = new FakeClient();
  const offerer = new FakeClient();
  receive(old, announce(HASH, id('a'), { event: 'started', left: 0 }));
  receive(fresh, announce(HASH, id('a'), { event: 'started' }));
  assert.deepEqual(fresh.take(), [reply(0, 1)], 'the old membership (a seeder) is gone');
  assert.equal(old.members.size, 0);
  assert.equal(fresh.members.size, 1);
  assert.equal(counters.peers, 1);
  assert.equal(counters.swarms, 1);

  // Offers for that peer go to the new connection only.
  receive(offerer, announce(HASH, id('b'), { offers: offers('b', 1) }));
  assert.equal(fresh.offers().length, 1);
  assert.equal(old.offers().length, 0);

  // The old connection closing does not remove the peer from its new connection.
  core.disconnect(old);
  assert.equal(counters.peers, 2);
  core.disconnect(fresh);
  core.disconnect(offerer);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
});

test('a stopped from the new connection of a reconnected peer removes it', () => {
  const { receive, counters } = createCore();
  const old = new FakeClient();
  const fresh = new FakeClient();
  receive(old, announce(HASH, id('a'), { event: 'started' }));
  receive(fresh, announce(HASH, id('a'), { event: 'stopped' }));
  assert.deepEqual(fresh.take(), [reply(0, 0)]);
  assert.equal(old.members.size, 0);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
});

test('allowedInfoHashes: other hashes fail with action and info_hash and create nothing', () => {
  const allowedHex = 'aa'.repeat(20);
  const allowed = idFromHex(allowedHex) ?? '';
  const { receive, counters } = createCore({ allowedInfoHashes: new Set([allowed]) });
  const a = new FakeClient();
  receive(a, announce(HASH, id('a'), { event: 'started', offers: offers('a', 2) }));
  assert.deepEqual(a.take(), [
    { 'failure reason': 'info_hash not allowed', action: 'announce', info_hash: HASH },
  ]);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
  assert.equal(counters.messagesOut.failure, 1);
  receive(a, announce(allowed, id('a'), { event: 'started' }));
  assert.deepEqual(a.take(), [reply(0, 1, allowed)]);
});
