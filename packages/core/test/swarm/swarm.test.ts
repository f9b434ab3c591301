import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Announcement, PeerCloseReason, SegmentRef } from '../../src/p2p/peer/types.ts';
import { Swarm, type SwarmPeer } from '../../src/p2p/swarm.ts';

const SEGMENT: SegmentRef = { rendition: '720p', sequence: 7, init: false };

/** A stand-in for Peer: what it holds and how fast it is are set by the test. */
class FakePeer implements SwarmPeer {
  readonly announced: Announcement[] = [];
  closedWith: string | undefined;
  #onClose: ((reason: PeerCloseReason) => void) | undefined;

  constructor(
    readonly holds: boolean,
    readonly throughput: number | undefined,
    readonly rtt: number | undefined,
    readonly fetching = false,
  ) {}

  has(): boolean {
    return this.holds;
  }
  sizeOf(): number | undefined {
    return this.holds ? 1000 : undefined;
  }
  isFetching(): boolean {
    return this.fetching;
  }
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

test('holders are ranked by throughput, then round-trip time, unmeasured last', () => {
  const swarm = new Swarm({ maxPeers: 10 });
  swarm.add('slow', new FakePeer(true, 100_000, 5));
  swarm.add('fast-far', new FakePeer(true, 900_000, 80));
  swarm.add('fast-near', new FakePeer(true, 900_000, 10));
  swarm.add('unmeasured', new FakePeer(true, undefined, undefined));
  swarm.add('without', new FakePeer(false, 5_000_000, 1));
  assert.deepEqual(
    swarm.holders(SEGMENT).map((h) => h.peerId),
    ['fast-near', 'fast-far', 'slow', 'unmeasured'],
  );
});

test('one connection per peer, a cap on peers, and a peer that closes leaves', () => {
  const swarm = new Swarm({ maxPeers: 2 });
  const left: string[] = [];
  swarm.on('left', ({ peerId }) => left.push(peerId));
  const a = new FakePeer(false, undefined, undefined);
  assert.equal(swarm.add('a', a), true);
  const duplicate = new FakePeer(false, undefined, undefined);
  assert.equal(swarm.add('a', duplicate), false);
  assert.equal(duplicate.closedWith, 'not wanted');
  assert.equal(swarm.add('b', new FakePeer(false, undefined, undefined)), true);
  assert.equal(swarm.canConnect('c'), false);
  a.close();
  assert.deepEqual(left, ['a']);
  assert.equal(swarm.size, 1);
  assert.equal(swarm.canConnect('c'), true);
});

test('a banned peer is closed and never admitted again', () => {
  const swarm = new Swarm({ maxPeers: 5 });
  const bad = new FakePeer(true, 1, 1);
  swarm.add('bad', bad);
  const banned: string[] = [];
  swarm.on('banned', ({ peerId, reason }) => banned.push(`${peerId}: ${reason}`));
  swarm.ban('bad', 'sent corrupt bytes');
  assert.equal(bad.closedWith, 'banned: sent corrupt bytes');
  assert.deepEqual(banned, ['bad: sent corrupt bytes']);
  assert.equal(swarm.size, 0);
  assert.equal(swarm.canConnect('bad'), false);
  const again = new FakePeer(true, 1, 1);
  assert.equal(swarm.add('bad', again), false);
  assert.equal(again.closedWith, 'banned');
});

test('broadcast reaches every peer; fetching hints are visible', () => {
  const swarm = new Swarm({ maxPeers: 5 });
  const peers = [new FakePeer(false, 1, 1), new FakePeer(false, 1, 1, true)];
  peers.forEach((peer, i) => swarm.add(`p${i}`, peer));
  assert.equal(swarm.isFetching(SEGMENT), true);
  const have: Announcement = { type: 'have', segment: SEGMENT, size: 1000 };
  swarm.broadcast(have);
  assert.deepEqual(
    peers.map((p) => p.announced),
    [[have], [have]],
  );
  swarm.close();
  assert.equal(swarm.size, 0);
  assert.deepEqual(
    peers.map((p) => p.closedWith),
    ['swarm closed', 'swarm closed'],
  );
});
