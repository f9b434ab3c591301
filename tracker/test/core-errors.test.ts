import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCore, FakeClient } from './core-support.ts';
import { announce, id, type Message } from './support.ts';

const HASH = id('hash');
const PEER = id('peer');

/** What the tracker sends back for `message`, which must fail without side effects. */
function failureFor(message: object | string): Message[] {
  const { receive, counters } = createCore();
  const client = new FakeClient();
  receive(client, message);
  assert.equal(counters.messagesIn.invalid, 1, JSON.stringify(message));
  assert.equal(counters.messagesOut.failure, 1);
  assert.equal(counters.peers, 0);
  assert.equal(counters.swarms, 0);
  return client.take();
}

test('undecodable messages fail without action (nothing to attribute them to)', () => {
  assert.deepEqual(failureFor('not json'), [{ 'failure reason': 'invalid JSON' }]);
  assert.deepEqual(failureFor('null'), [{ 'failure reason': 'message must be a JSON object' }]);
  assert.deepEqual(failureFor('[1,2]'), [{ 'failure reason': 'message must be a JSON object' }]);
  assert.deepEqual(failureFor('"x"'), [{ 'failure reason': 'message must be a JSON object' }]);
});

test('an unknown action fails, with the info_hash when it is valid', () => {
  assert.deepEqual(failureFor({ action: 'ping', info_hash: HASH }), [
    { 'failure reason': 'invalid action: "ping"', info_hash: HASH },
  ]);
  assert.deepEqual(failureFor({ action: 'ping', info_hash: 'short' }), [
    { 'failure reason': 'invalid action: "ping"' },
  ]);
  assert.deepEqual(failureFor({ info_hash: HASH, peer_id: PEER }), [
    { 'failure reason': 'invalid action: missing', info_hash: HASH },
  ]);
});

test('announce validation failures carry action and info_hash whenever the hash is valid', () => {
  const cases: [Message, Message][] = [
    [announce('short', PEER), { 'failure reason': 'invalid info_hash', action: 'announce' }],
    [
      announce(HASH, 'short'),
      { 'failure reason': 'invalid peer_id', action: 'announce', info_hash: HASH },
    ],
    [
      announce(HASH, PEER, { event: 'bogus' }),
      { 'failure reason': 'invalid event', action: 'announce', info_hash: HASH },
    ],
    [
      announce(HASH, PEER, { offers: { offer_id: id('o') } }),
      { 'failure reason': 'invalid offers: not an array', action: 'announce', info_hash: HASH },
    ],
    [
      announce(HASH, PEER, { answer: { type: 'answer', sdp: 'x' }, offer_id: id('o') }),
      {
        'failure reason': 'invalid to_peer_id (required with answer)',
        action: 'announce',
        info_hash: HASH,
      },
    ],
    [
      announce(HASH, PEER, { answer: { type: 'answer', sdp: 'x' }, to_peer_id: id('t') }),
      {
        'failure reason': 'invalid offer_id (required with answer)',
        action: 'announce',
        info_hash: HASH,
      },
    ],
    [
      announce(HASH, PEER, { answer: {}, to_peer_id: id('t'), offer_id: id('o') }),
      {
        'failure reason': 'invalid answer: needs a string sdp',
        action: 'announce',
        info_hash: HASH,
      },
    ],
  ];
  for (const [message, expected] of cases) {
    assert.deepEqual(failureFor(message), [expected], JSON.stringify(message));
  }
});

test('scrape validation failures carry the scrape action', () => {
  assert.deepEqual(failureFor({ action: 'scrape', info_hash: ['short'] }), [
    { 'failure reason': 'invalid info_hash', action: 'scrape' },
  ]);
  assert.deepEqual(failureFor({ action: 'scrape', info_hash: 12 }), [
    { 'failure reason': 'invalid info_hash', action: 'scrape' },
  ]);
});

test('a failure leaves the connection usable and its other peers untouched', () => {
  const { receive, counters } = createCore();
  const client = new FakeClient();
  receive(client, announce(HASH, PEER, { event: 'started' }));
  receive(client, 'garbage');
  receive(client, announce(HASH, PEER, { event: 'bogus' }));
  receive(client, announce(HASH, PEER));
  assert.deepEqual(client.take(), [
    { action: 'announce', interval: 120, info_hash: HASH, complete: 0, incomplete: 1 },
    { 'failure reason': 'invalid JSON' },
    { 'failure reason': 'invalid event', action: 'announce', info_hash: HASH },
    { action: 'announce', interval: 120, info_hash: HASH, complete: 0, incomplete: 1 },
  ]);
  assert.equal(counters.peers, 1);
  assert.equal(counters.messagesIn.invalid, 2);
  assert.equal(counters.messagesIn.announce, 2);
});

test('TrackerCore.fail sends the given failure with action and info_hash', () => {
  const { core } = createCore();
  const client = new FakeClient();
  core.fail(client, { reason: 'rate limit exceeded' });
  core.fail(client, { reason: 'nope', action: 'announce', infoHash: HASH });
  assert.deepEqual(client.take(), [
    { 'failure reason': 'rate limit exceeded' },
    { 'failure reason': 'nope', action: 'announce', info_hash: HASH },
  ]);
});
