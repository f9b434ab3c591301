import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  MAX_PEERS_PER_CONNECTION,
  MAX_PENDING_OFFERS_PER_CONNECTION,
} from '../src/tracker-core.ts';
import { createCore, FakeClient } from './core-support.ts';

const id = (n: number, prefix = 'p'): string => `${prefix}${String(n).padStart(19, '0')}`;
const announce = (infoHash: string, peerId: string, offerIds: string[] = []): string =>
  JSON.stringify({
    action: 'announce',
    info_hash: infoHash,
    peer_id: peerId,
    offers: offerIds.map((offerId) => ({
      offer_id: offerId,
      offer: { type: 'offer', sdp: 'v=0' },
    })),
  });

test('one connection may hold a bounded number of peers', () => {
  const { core: tracker, counters } = createCore();
  const client = new FakeClient();
  for (let i = 0; i < MAX_PEERS_PER_CONNECTION; i++)
    tracker.receive(client, announce(id(i, 'h'), id(0)));
  assert.equal(counters.peers, MAX_PEERS_PER_CONNECTION);
  tracker.receive(client, announce(id(MAX_PEERS_PER_CONNECTION, 'h'), id(0)));
  assert.equal(counters.peers, MAX_PEERS_PER_CONNECTION);
  assert.deepEqual(client.sent.at(-1), {
    'failure reason': `too many peers on one connection (at most ${MAX_PEERS_PER_CONNECTION})`,
    action: 'announce',
    info_hash: id(MAX_PEERS_PER_CONNECTION, 'h'),
  });
  tracker.disconnect(client);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
});

test('one connection may have a bounded number of offers awaiting answers', () => {
  const { core: tracker, counters } = createCore();
  const infoHash = id(1, 'h');
  const others = Array.from({ length: 10 }, () => new FakeClient());
  others.forEach((other, i) => {
    tracker.receive(other, announce(infoHash, id(i, 'o')));
  });
  const flooder = new FakeClient();
  const rounds = Math.ceil(MAX_PENDING_OFFERS_PER_CONNECTION / 10) + 5;
  for (let round = 0; round < rounds; round++) {
    const offerIds = Array.from({ length: 10 }, (_, i) => id(round * 10 + i, 'x'));
    tracker.receive(flooder, announce(infoHash, id(0, 'f'), offerIds));
  }
  const relayed = others.reduce(
    (sum, other) => sum + other.sent.filter((m) => 'offer' in m).length,
    0,
  );
  assert.equal(relayed, MAX_PENDING_OFFERS_PER_CONNECTION);
  assert.equal(counters.offersPending, MAX_PENDING_OFFERS_PER_CONNECTION);
  assert.equal(counters.offersRefused, rounds * 10 - MAX_PENDING_OFFERS_PER_CONNECTION);

  // An answer frees room for one more offer.
  const [firstOffer] = others.flatMap((other) =>
    other.sent.filter((m) => 'offer' in m).map((m) => ({ other, m })),
  );
  assert.ok(firstOffer);
  const answerer = others.indexOf(firstOffer.other);
  tracker.receive(
    firstOffer.other,
    JSON.stringify({
      action: 'announce',
      info_hash: infoHash,
      peer_id: id(answerer, 'o'),
      to_peer_id: id(0, 'f'),
      offer_id: firstOffer.m.offer_id,
      answer: { type: 'answer', sdp: 'v=0' },
    }),
  );
  assert.equal(counters.offersPending, MAX_PENDING_OFFERS_PER_CONNECTION - 1);
  tracker.receive(flooder, announce(infoHash, id(0, 'f'), [id(9999, 'x')]));
  assert.equal(counters.offersPending, MAX_PENDING_OFFERS_PER_CONNECTION);
});
