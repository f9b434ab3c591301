import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Announcement, PeerCloseReason, SegmentRef } from '../../src/p2p/peer/types.ts';
import { Swarm, type SwarmPeer } from '../../src/p2p/swarm.ts';

const SEGMENT: SegmentRef = { rendition: '720p', sequence: 7, init: false };

/** A stand-in for Peer that records what it was told. */
class FakePeer implements SwarmPeer {
  readonly announced: Announcement[] = [];
  closedWith: string | undefined;
  #onClose: ((reason: PeerCloseReason) => void) | undefined;

  announce(announcement: Announcement): void {
    this.announced.push(announcement);
  }
  close(message = 'closed'): void {
    this.closedWith = message;
    this.#onClose?.({ code: 'closed', message });
  }
  on(_event: 'close', listener: (reason: PeerCloseReason) => void): () => void {
    this.#onClose = listener;
    return () => undefined;
  }
}

test('one connection per peer, a cap on peers that follows its limits, and a peer that closes leaves', () => {
  const limits = { maxPeers: 2 };
  const swarm = new Swarm(limits);
  const a = new FakePeer();
  assert.equal(swarm.add('a', a), true);
  const duplicate = new FakePeer();
  assert.equal(swarm.add('a', duplicate), false);
  assert.equal(duplicate.closedWith, 'not wanted');
  assert.equal(swarm.peers.get('a'), a);
  assert.equal(swarm.add('b', new FakePeer()), true);
  assert.equal(swarm.canConnect('c'), false);
  limits.maxPeers = 3;
  assert.equal(swarm.canConnect('c'), true);
  limits.maxPeers = 2;
  a.close();
  assert.deepEqual([...swarm.peers.keys()], ['b']);
  assert.equal(swarm.canConnect('c'), true);
});

test('a banned peer is closed and never admitted again', () => {
  const swarm = new Swarm({ maxPeers: 5 });
  const bad = new FakePeer();
  swarm.add('bad', bad);
  swarm.ban('bad', 'sent corrupt bytes');
  assert.equal(bad.closedWith, 'banned: sent corrupt bytes');
  assert.equal(swarm.peers.size, 0);
  assert.equal(swarm.canConnect('bad'), false);
  const again = new FakePeer();
  assert.equal(swarm.add('bad', again), false);
  assert.equal(again.closedWith, 'banned');
});

test('broadcast reaches every peer; close closes them all', () => {
  const swarm = new Swarm({ maxPeers: 5 });
  const peers = [new FakePeer(), new FakePeer()];
  peers.forEach((peer, i) => swarm.add(`p${i}`, peer));
  const have: Announcement = { type: 'have', segment: SEGMENT, size: 1000 };
  swarm.broadcast(have);
  assert.deepEqual(
    peers.map((p) => p.announced),
    [[have], [have]],
  );
  swarm.close();
  assert.equal(swarm.peers.size, 0);
  assert.deepEqual(
    peers.map((p) => p.closedWith),
    ['swarm closed', 'swarm closed'],
  );
});
