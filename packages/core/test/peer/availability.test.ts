import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { LIMITS } from '../../src/p2p/protocol/frames.ts';
import type { Peer } from '../../src/p2p/peer/peer.ts';
import { RemoteAvailability } from '../../src/p2p/peer/remote-availability.ts';
import type { Announcement } from '../../src/p2p/peer/types.ts';
import { closeConnections, connectPeers, within } from './webrtc.ts';

after(closeConnections);

const ref = (rendition: string, sequence: number, init = false) => ({ rendition, sequence, init });

/** The next `count` availability changes `peer` reports. */
function changes(peer: Peer, count: number): Promise<Announcement[]> {
  const seen: Announcement[] = [];
  return within(
    5000,
    new Promise((resolve) => {
      const off = peer.on('availability', (change) => {
        seen.push(change);
        if (seen.length === count) {
          off();
          resolve(seen);
        }
      });
    }),
    'availability changes',
  );
}

test('a full map, then HAVE, FETCHING and LOST, are reflected on the other side', async () => {
  const { peerA, peerB, close } = await connectPeers();
  const received = changes(peerB, 7);
  const map = [
    { sequence: 0, init: true, size: 500 },
    { sequence: 1, init: false, size: 1000 },
    { sequence: 2, init: false, size: 2000 },
  ];
  peerA.announce({ type: 'availability', rendition: 'v1', segments: map });
  peerA.announce({ type: 'have', segment: ref('v1', 3), size: 3000 });
  peerA.announce({ type: 'have', segment: ref('v1', 3), size: 3000 }); // no change: no event
  peerA.announce({ type: 'fetching', segment: ref('v1', 4) });
  peerA.announce({ type: 'fetching', segment: ref('v1', 5) });
  peerA.announce({ type: 'lost', segment: ref('v1', 1) });
  peerA.announce({ type: 'have', segment: ref('v1', 4), size: 4000 }); // done fetching
  peerA.announce({ type: 'have', segment: ref('audio', 4), size: 400 });
  assert.deepEqual(await received, [
    { type: 'availability', rendition: 'v1', segments: map },
    { type: 'have', segment: ref('v1', 3), size: 3000 },
    { type: 'fetching', segment: ref('v1', 4) },
    { type: 'fetching', segment: ref('v1', 5) },
    { type: 'lost', segment: ref('v1', 1) },
    { type: 'have', segment: ref('v1', 4), size: 4000 },
    { type: 'have', segment: ref('audio', 4), size: 400 },
  ]);
  assert.equal(peerB.sizeOf(ref('v1', 0, true)), 500);
  assert.equal(peerB.has(ref('v1', 0)), false, 'the init segment is a segment of its own');
  assert.equal(peerB.has(ref('v1', 1)), false);
  assert.equal(peerB.sizeOf(ref('v1', 2)), 2000);
  assert.equal(peerB.sizeOf(ref('v1', 4)), 4000);
  assert.equal(peerB.isFetching(ref('v1', 4)), false);
  assert.equal(peerB.isFetching(ref('v1', 5)), true);
  assert.equal(peerB.sizeOf(ref('audio', 4)), 400);
  assert.equal(peerB.has(ref('v2', 2)), false);
  // Nothing flowed the other way.
  assert.equal(peerA.has(ref('v1', 2)), false);

  // A new full map replaces the old one and settles what was being fetched.
  const replaced = changes(peerB, 1);
  peerA.announce({
    type: 'availability',
    rendition: 'v1',
    segments: [{ sequence: 5, init: false, size: 5 }],
  });
  await replaced;
  assert.equal(peerB.has(ref('v1', 2)), false);
  assert.equal(peerB.sizeOf(ref('v1', 5)), 5);
  assert.equal(peerB.isFetching(ref('v1', 5)), false);
  assert.equal(peerB.sizeOf(ref('audio', 4)), 400);
  close();
});

test('rendition ids are per direction', async () => {
  const { peerA, peerB, close } = await connectPeers();
  const atA = changes(peerA, 2);
  const atB = changes(peerB, 2);
  // A's id 0 is "v1", B's id 0 is "audio".
  peerA.announce({ type: 'have', segment: ref('v1', 1), size: 10 });
  peerB.announce({ type: 'have', segment: ref('audio', 1), size: 20 });
  peerA.announce({ type: 'have', segment: ref('audio', 2), size: 30 });
  peerB.announce({ type: 'have', segment: ref('v1', 2), size: 40 });
  await Promise.all([atA, atB]);
  assert.equal(peerB.sizeOf(ref('v1', 1)), 10);
  assert.equal(peerB.sizeOf(ref('audio', 2)), 30);
  assert.equal(peerA.sizeOf(ref('audio', 1)), 20);
  assert.equal(peerA.sizeOf(ref('v1', 2)), 40);
  close();
});

test('the remote availability table is bounded per rendition, forgetting the oldest', () => {
  const table = new RemoteAvailability();
  assert.equal(table.declare(0, 'v1'), true);
  for (let sequence = 0; sequence <= LIMITS.availabilityEntries; sequence++) {
    table.have(0, sequence, false, 1);
    table.fetching(0, sequence + 100_000, false);
  }
  assert.equal(table.sizeOf(ref('v1', 0)), undefined);
  assert.equal(table.sizeOf(ref('v1', 1)), 1);
  assert.equal(table.sizeOf(ref('v1', LIMITS.availabilityEntries)), 1);
  assert.equal(table.isFetching(ref('v1', 100_000)), false);
  assert.equal(table.isFetching(ref('v1', 100_001)), true);
});

test('rendition declarations: repeats are fine, contradictions are refused', () => {
  const table = new RemoteAvailability();
  assert.equal(table.declare(0, 'v1'), true);
  assert.equal(table.declare(0, 'v1'), true);
  assert.equal(table.declare(0, 'v2'), false);
  assert.equal(table.declare(1, 'v1'), false);
  assert.equal(table.key(0), 'v1');
  assert.equal(table.key(1), undefined);
});
