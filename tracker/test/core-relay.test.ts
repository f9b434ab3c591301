import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCore, FakeClient, type CoreHarness } from './core-support.ts';
import { announce, answerTo, id, offers, type Message } from './support.ts';

const HASH = id('hash');
const UNKNOWN_OFFER = (infoHash = HASH): Message => ({
  'failure reason': 'unknown or expired offer_id',
  action: 'announce',
  info_hash: infoHash,
});

/** `count` peers `m0`… each on its own connection, joined to HASH without offers. */
function swarmOf(harness: CoreHarness, count: number): FakeClient[] {
  return Array.from({ length: count }, (_, i) => {
    const client = new FakeClient();
    harness.receive(client, announce(HASH, id(`m${i}`), { event: 'started' }));
    client.take();
    return client;
  });
}

test('an offer is relayed with exactly the WebTorrent shape', () => {
  const harness = createCore();
  const [a] = swarmOf(harness, 1);
  assert.ok(a);
  const b = new FakeClient();
  harness.receive(
    b,
    announce(HASH, id('b'), {
      event: 'started',
      numwant: 5,
      offers: [
        {
          offer_id: id('offer-1'),
          offer: { type: 'offer', sdp: 'v=0\r\na=x\r\n', extra: 'dropped' },
          extra: 'dropped',
        },
      ],
    }),
  );
  assert.deepEqual(a.take(), [
    {
      action: 'announce',
      offer: { type: 'offer', sdp: 'v=0\r\na=x\r\n' },
      offer_id: id('offer-1'),
      peer_id: id('b'),
      info_hash: HASH,
    },
  ]);
  // The sender gets its announce reply only.
  assert.deepEqual(b.take(), [
    { action: 'announce', interval: 120, info_hash: HASH, complete: 0, incomplete: 2 },
  ]);
  assert.equal(harness.counters.messagesOut.offer, 1);
  assert.equal(harness.counters.offersPending, 1);
});

test('offers go to distinct peers, never the sender, up to min(offers, numwant, maxOffers, others)', () => {
  const cases: { members: number; offers: number; numwant?: number; expected: number }[] = [
    { members: 20, offers: 5, expected: 5 },
    { members: 20, offers: 5, numwant: 3, expected: 3 },
    { members: 20, offers: 5, numwant: 50, expected: 5 },
    { members: 20, offers: 5, numwant: 0, expected: 0 },
    { members: 20, offers: 15, expected: 10 }, // maxOffers
    { members: 3, offers: 5, expected: 3 }, // fewer other peers than offers
    { members: 0, offers: 5, expected: 0 }, // alone in the swarm
  ];
  for (const [n, c] of cases.entries()) {
    for (let seed = 0; seed < 5; seed++) {
      const harness = createCore();
      const members = swarmOf(harness, c.members);
      const sender = new FakeClient();
      harness.receive(
        sender,
        announce(HASH, id('sender'), {
          offers: offers(`s${seed}`, c.offers),
          ...(c.numwant === undefined ? {} : { numwant: c.numwant }),
        }),
      );
      const label = `case ${n}: ${JSON.stringify(c)}`;
      assert.equal(sender.offers().length, 0, `${label}: nothing to the sender`);
      const receivers = members.filter((member) => member.offers().length > 0);
      assert.equal(receivers.length, c.expected, label);
      for (const member of receivers) assert.equal(member.offers().length, 1, label);
      const offerIds = receivers.map((member) => member.offers()[0]?.offer_id);
      assert.deepEqual(
        [...offerIds].sort(),
        offers(`s${seed}`, c.expected)
          .map((offer) => offer.offer_id)
          .sort(),
        `${label}: the first offers, each once`,
      );
      assert.equal(harness.counters.messagesOut.offer, c.expected, label);
    }
  }
});

test('malformed offer entries are skipped and the valid ones relayed', () => {
  const harness = createCore();
  const members = swarmOf(harness, 5);
  const sender = new FakeClient();
  harness.receive(
    sender,
    announce(HASH, id('sender'), {
      offers: [
        { offer_id: 'short', offer: { type: 'offer', sdp: 'x' } },
        { offer_id: id('good-1'), offer: { type: 'offer', sdp: 'sdp-1' } },
        { offer: { type: 'offer', sdp: 'no id' } },
        { offer_id: id('good-2'), offer: { type: 'offer', sdp: 'sdp-2' } },
        { offer_id: id('bad-sdp'), offer: { type: 'offer' } },
      ],
    }),
  );
  const relayed = members.flatMap((member) => member.offers());
  assert.deepEqual(relayed.map((offer) => offer.offer_id).sort(), [id('good-1'), id('good-2')]);
  assert.deepEqual(relayed.map((offer) => (offer.offer as Message).sdp).sort(), ['sdp-1', 'sdp-2']);
  assert.equal(harness.counters.messagesIn.invalid, 0, 'the announce itself is valid');
});

test('an answer is relayed only to the offerer, and the answerer gets no reply', () => {
  const harness = createCore();
  const [a, bystander] = swarmOf(harness, 2);
  assert.ok(a && bystander);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { offers: offers('b', 2) }));
  b.take();
  const offer = a.offers()[0];
  assert.ok(offer, 'a received an offer');
  a.take();
  bystander.take();

  harness.receive(a, answerTo(offer, id('m0'), 'v=0 answer'));
  assert.deepEqual(b.take(), [
    {
      action: 'announce',
      answer: { type: 'answer', sdp: 'v=0 answer' },
      offer_id: offer.offer_id,
      peer_id: id('m0'),
      info_hash: HASH,
    },
  ]);
  assert.deepEqual(a.take(), [], 'no reply to an answer');
  assert.deepEqual(bystander.take(), []);
  assert.equal(harness.counters.messagesIn.answer, 1);
  assert.equal(harness.counters.messagesOut.answer, 1);
  assert.equal(harness.counters.offersPending, 1);

  // The offer is consumed: answering it again fails.
  harness.receive(a, answerTo(offer, id('m0')));
  assert.deepEqual(a.take(), [UNKNOWN_OFFER()]);
  assert.deepEqual(b.take(), []);
  assert.equal(harness.counters.answersRejected, 1);
});

test('answers to offers never sent, or from a peer or connection they were not sent to, fail', () => {
  const harness = createCore();
  const [a, c] = swarmOf(harness, 2);
  assert.ok(a && c);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { numwant: 1, offers: offers('b', 1) }));
  b.take();
  const [receiver, other] = a.offers().length > 0 ? [a, c] : [c, a];
  const receiverId = receiver === a ? id('m0') : id('m1');
  const otherId = receiver === a ? id('m1') : id('m0');
  const offer = receiver.offers()[0];
  assert.ok(offer);
  receiver.take();

  // An offer id the tracker never relayed.
  harness.receive(receiver, answerTo({ ...offer, offer_id: id('never-sent') }, receiverId));
  assert.deepEqual(receiver.take(), [UNKNOWN_OFFER()]);
  // A to_peer_id that is not the offerer.
  harness.receive(receiver, answerTo({ ...offer, peer_id: otherId }, receiverId));
  assert.deepEqual(receiver.take(), [UNKNOWN_OFFER()]);
  // A peer the offer was not sent to, on its own connection.
  harness.receive(other, answerTo(offer, otherId));
  assert.deepEqual(other.take(), [UNKNOWN_OFFER()]);
  // The right peer id, claimed from another connection.
  harness.receive(other, answerTo(offer, receiverId));
  assert.deepEqual(other.take(), [UNKNOWN_OFFER()]);
  // A connection that is not even in the swarm.
  const stranger = new FakeClient();
  harness.receive(stranger, answerTo(offer, receiverId));
  assert.deepEqual(stranger.take(), [UNKNOWN_OFFER()]);
  assert.deepEqual(b.take(), [], 'nothing reached the offerer');
  assert.equal(harness.counters.answersRejected, 5);

  // None of that used the offer up: the right peer can still answer it.
  harness.receive(receiver, answerTo(offer, receiverId));
  assert.equal(b.take()[0]?.offer_id, offer.offer_id);
  assert.deepEqual(receiver.take(), []);
});

test('an answer with another info_hash fails, and does not use the offer up', () => {
  const harness = createCore();
  const [a] = swarmOf(harness, 1);
  assert.ok(a);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { offers: offers('b', 1) }));
  b.take();
  const offer = a.take()[0];
  assert.ok(offer);

  harness.receive(a, answerTo({ ...offer, info_hash: id('other-hash') }, id('m0')));
  assert.deepEqual(a.take(), [UNKNOWN_OFFER(id('other-hash'))]);
  assert.deepEqual(b.take(), []);
  // Like every other rejected answer, this one must leave the pending offer alone.
  harness.core.sweep(); // recounts offersPending (nothing has expired)
  assert.equal(harness.counters.offersPending, 1, 'the offer is still pending');
  harness.receive(a, answerTo(offer, id('m0')));
  assert.deepEqual(a.take(), [], 'the right answer is accepted');
  assert.equal(b.take()[0]?.offer_id, offer.offer_id, 'and relayed to the offerer');
});

test('an answer after the offer TTL fails, even before a sweep', () => {
  const harness = createCore({ offerTtlMs: 10_000 });
  const [a, c] = swarmOf(harness, 2);
  assert.ok(a && c);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { offers: offers('b', 2) }));
  b.take();
  const toA = a.take()[0];
  const toC = c.take()[0];
  assert.ok(toA && toC);
  harness.clock.now += 9_999;
  harness.receive(c, answerTo(toC, id('m1')));
  assert.equal(b.take()[0]?.offer_id, toC.offer_id, 'answered within the TTL');
  harness.clock.now += 1;
  harness.receive(a, answerTo(toA, id('m0')));
  assert.deepEqual(a.take(), [UNKNOWN_OFFER()]);
  assert.deepEqual(b.take(), []);
});

test('an answer refreshes the answerer, so answering keeps it from expiring', () => {
  const harness = createCore({ peerTimeoutMs: 100_000, offerTtlMs: 200_000 });
  const [a] = swarmOf(harness, 1);
  assert.ok(a);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { offers: offers('b', 1) }));
  const offer = a.take()[0];
  assert.ok(offer);
  harness.clock.now += 90_000;
  harness.receive(a, answerTo(offer, id('m0')));
  harness.clock.now += 90_000;
  harness.core.sweep();
  // b (last seen 180 s ago) expired; a (answered 90 s ago) did not.
  assert.equal(harness.counters.peers, 1);
  assert.equal(a.members.size, 1);
  assert.equal(b.members.size, 0);
});

test('offers relayed to a peer that then disconnects can no longer be answered', () => {
  const harness = createCore();
  const [a] = swarmOf(harness, 1);
  assert.ok(a);
  const b = new FakeClient();
  harness.receive(b, announce(HASH, id('b'), { offers: offers('b', 1) }));
  const offer = a.take()[0];
  assert.ok(offer);
  harness.core.disconnect(a);
  const aAgain = new FakeClient();
  harness.receive(aAgain, answerTo(offer, id('m0')));
  assert.deepEqual(aAgain.take(), [UNKNOWN_OFFER()]);
});
