import { test } from 'node:test';
import assert from 'node:assert/strict';
import { idFromHex, idToHex, isId } from '../src/ids.ts';
import { parseMessage, type ParseLimits } from '../src/messages.ts';
import { binaryId, id } from './support.ts';

const LIMITS: ParseLimits = { maxOffers: 3, maxScrapeHashes: 4 };
const HASH = id('hash');
const PEER = id('peer');
const parse = (message: unknown, limits = LIMITS): ReturnType<typeof parseMessage> =>
  parseMessage(typeof message === 'string' ? message : JSON.stringify(message), limits);
const announce = (extra: Record<string, unknown> = {}): unknown => ({
  action: 'announce',
  info_hash: HASH,
  peer_id: PEER,
  ...extra,
});
const offer = (offerId: string, sdp = `sdp-${offerId}`): unknown => ({
  offer_id: offerId,
  offer: { type: 'offer', sdp },
});

test('ids are 20 chars of code points 0-255, round-tripping through hex', () => {
  assert.equal(isId(id('x')), true);
  assert.equal(isId(binaryId(7)), true);
  assert.equal(isId('\u0000'.repeat(20)), true);
  assert.equal(isId('\u00ff'.repeat(20)), true);
  assert.equal(isId('a'.repeat(19)), false);
  assert.equal(isId('a'.repeat(21)), false);
  assert.equal(isId(`${'a'.repeat(19)}\u0100`), false);
  assert.equal(isId(1234), false);
  assert.equal(isId(null), false);

  const hex = '4cb67059ed6bd08362da625b3ae77f6f4a075705';
  const binary = idFromHex(hex);
  assert.equal(binary, 'L\u00b6pY\u00edk\u00d0\u0083b\u00dab[:\u00e7\u007foJ\u0007W\u0005');
  assert.equal(idToHex(binary), hex);
  assert.equal(idFromHex(hex.toUpperCase()), binary);
  assert.equal(idFromHex(hex.slice(1)), undefined);
  assert.equal(idFromHex(`${hex.slice(1)}g`), undefined);
});

test('announce: the minimal message is an update with no offers', () => {
  assert.deepEqual(parse(announce()), {
    kind: 'announce',
    infoHash: HASH,
    peerId: PEER,
    event: 'update',
    numwant: undefined,
    complete: false,
    offers: [],
  });
});

test('announce: binary ids (control characters, bytes >= 0x80) are accepted as is', () => {
  const infoHash = binaryId(1);
  const peerId = binaryId(2);
  const result = parse(announce({ info_hash: infoHash, peer_id: peerId }));
  assert.ok(result.kind === 'announce');
  assert.equal(result.infoHash, infoHash);
  assert.equal(result.peerId, peerId);
});

test('announce: events', () => {
  const eventOf = (event: unknown): unknown => {
    const result = parse(announce({ event }));
    return result.kind === 'announce' ? result.event : result;
  };
  assert.equal(eventOf('started'), 'started');
  assert.equal(eventOf('stopped'), 'stopped');
  assert.equal(eventOf('completed'), 'completed');
  for (const update of [undefined, null, '', 'update', 'paused', 'empty']) {
    assert.equal(eventOf(update), 'update', `event ${String(update)}`);
  }
  for (const bad of ['start', 'STARTED', 5, true, {}, ['started']]) {
    assert.deepEqual(
      eventOf(bad),
      { kind: 'failure', reason: 'invalid event', action: 'announce', infoHash: HASH },
      `event ${JSON.stringify(bad)}`,
    );
  }
});

test('announce: numwant is kept only as a non-negative integer', () => {
  const numwantOf = (numwant: unknown): unknown => {
    const result = parse(announce({ numwant }));
    return result.kind === 'announce' ? result.numwant : result;
  };
  assert.equal(numwantOf(5), 5);
  assert.equal(numwantOf(0), 0);
  for (const ignored of [-1, 2.5, '5', null, Number.MAX_SAFE_INTEGER + 2]) {
    assert.equal(numwantOf(ignored), undefined, `numwant ${JSON.stringify(ignored)}`);
  }
});

test('announce: left 0 makes a seeder; anything else a leecher', () => {
  const completeOf = (extra: Record<string, unknown>): unknown => {
    const result = parse(announce(extra));
    return result.kind === 'announce' ? result.complete : result;
  };
  assert.equal(completeOf({ left: 0 }), true);
  assert.equal(completeOf({ left: 1 }), false);
  assert.equal(completeOf({ left: '0' }), false);
  assert.equal(completeOf({ left: null }), false);
  assert.equal(completeOf({}), false);
});

test('announce: offers are capped by maxOffers; malformed entries are skipped', () => {
  const result = parse(
    announce({
      offers: [
        null,
        'offer',
        7,
        { offer_id: 'short', offer: { type: 'offer', sdp: 'x' } },
        { offer_id: id('no-offer') },
        { offer_id: id('sdp-number'), offer: { type: 'offer', sdp: 5 } },
        { offer_id: id('answer-type'), offer: { type: 'answer', sdp: 'x' } },
        { offer_id: id('offer-null'), offer: null },
        offer(id('a')),
        { offer_id: id('no-type'), offer: { sdp: 'untyped' } },
        offer(id('b')),
        offer(id('c')),
        offer(id('d')),
      ],
    }),
  );
  assert.ok(result.kind === 'announce');
  assert.deepEqual(result.offers, [
    { offerId: id('a'), sdp: `sdp-${id('a')}` },
    { offerId: id('no-type'), sdp: 'untyped' },
    { offerId: id('b'), sdp: `sdp-${id('b')}` },
  ]);
});

test('announce: offers that are not an array fail', () => {
  for (const offers of [{}, 'x', 3, null]) {
    assert.deepEqual(
      parse(announce({ offers })),
      {
        kind: 'failure',
        reason: 'invalid offers: not an array',
        action: 'announce',
        infoHash: HASH,
      },
      `offers ${JSON.stringify(offers)}`,
    );
  }
});

test('announce: an invalid info_hash fails with the action only', () => {
  for (const infoHash of [undefined, null, 5, 'short', 'x'.repeat(21), `${'x'.repeat(19)}\u0100`]) {
    assert.deepEqual(
      parse(announce({ info_hash: infoHash })),
      { kind: 'failure', reason: 'invalid info_hash', action: 'announce' },
      `info_hash ${JSON.stringify(infoHash)}`,
    );
  }
});

test('announce: an invalid peer_id fails with action and info_hash', () => {
  for (const peerId of [undefined, 5, 'short', 'x'.repeat(21), `${'x'.repeat(19)}\u4e00`]) {
    assert.deepEqual(
      parse(announce({ peer_id: peerId })),
      { kind: 'failure', reason: 'invalid peer_id', action: 'announce', infoHash: HASH },
      `peer_id ${JSON.stringify(peerId)}`,
    );
  }
});

test('answer: parsed into to_peer_id, offer_id and sdp', () => {
  assert.deepEqual(
    parse(
      announce({
        to_peer_id: id('offerer'),
        offer_id: id('offer'),
        answer: { type: 'answer', sdp: 'v=0' },
        // An answer's other fields are irrelevant, even an invalid event.
        event: 'bogus',
        offers: 'bogus',
      }),
    ),
    {
      kind: 'answer',
      infoHash: HASH,
      peerId: PEER,
      toPeerId: id('offerer'),
      offerId: id('offer'),
      sdp: 'v=0',
    },
  );
});

test('answer: invalid to_peer_id, offer_id or answer fail with action and info_hash', () => {
  const valid = {
    to_peer_id: id('offerer'),
    offer_id: id('offer'),
    answer: { type: 'answer', sdp: 'v=0' },
  };
  const failure = (reason: string): unknown => ({
    kind: 'failure',
    reason,
    action: 'announce',
    infoHash: HASH,
  });
  const cases: [Record<string, unknown>, string][] = [
    [{ to_peer_id: undefined }, 'invalid to_peer_id (required with answer)'],
    [{ to_peer_id: 'short' }, 'invalid to_peer_id (required with answer)'],
    [{ to_peer_id: 42 }, 'invalid to_peer_id (required with answer)'],
    [{ offer_id: undefined }, 'invalid offer_id (required with answer)'],
    [{ offer_id: 'x'.repeat(40) }, 'invalid offer_id (required with answer)'],
    [{ answer: null }, 'invalid answer: needs a string sdp'],
    [{ answer: 'v=0' }, 'invalid answer: needs a string sdp'],
    [{ answer: { type: 'answer' } }, 'invalid answer: needs a string sdp'],
    [{ answer: { type: 'answer', sdp: 7 } }, 'invalid answer: needs a string sdp'],
    [{ answer: { type: 'offer', sdp: 'v=0' } }, 'invalid answer: needs a string sdp'],
  ];
  for (const [change, reason] of cases) {
    assert.deepEqual(
      parse(announce({ ...valid, ...change })),
      failure(reason),
      JSON.stringify(change),
    );
  }
  // An invalid peer_id is reported before anything about the answer.
  assert.deepEqual(parse(announce({ ...valid, peer_id: 'short' })), failure('invalid peer_id'));
});

test('scrape: one hash, several, or none (every swarm)', () => {
  assert.deepEqual(parse({ action: 'scrape', info_hash: HASH }), {
    kind: 'scrape',
    infoHashes: [HASH],
  });
  assert.deepEqual(parse({ action: 'scrape', info_hash: [HASH, binaryId(3)] }), {
    kind: 'scrape',
    infoHashes: [HASH, binaryId(3)],
  });
  assert.deepEqual(parse({ action: 'scrape' }), { kind: 'scrape', infoHashes: undefined });
});

test('scrape: too many or invalid hashes fail with the scrape action', () => {
  assert.deepEqual(
    parse({ action: 'scrape', info_hash: Array.from({ length: 5 }, (_, i) => id(`h${i}`)) }),
    { kind: 'failure', reason: 'too many info_hash values (at most 4)', action: 'scrape' },
  );
  assert.equal(
    parse({ action: 'scrape', info_hash: Array.from({ length: 4 }, (_, i) => id(`h${i}`)) }).kind,
    'scrape',
  );
  for (const infoHash of ['short', 5, null, [HASH, 'short'], [HASH, 7]]) {
    assert.deepEqual(
      parse({ action: 'scrape', info_hash: infoHash }),
      { kind: 'failure', reason: 'invalid info_hash', action: 'scrape' },
      `info_hash ${JSON.stringify(infoHash)}`,
    );
  }
});

test('invalid JSON and non-objects fail without an action', () => {
  assert.deepEqual(parse('{"action":'), { kind: 'failure', reason: 'invalid JSON' });
  assert.deepEqual(parse(''), { kind: 'failure', reason: 'invalid JSON' });
  for (const text of ['null', '[]', '[{"action":"scrape"}]', '5', '"announce"', 'true']) {
    assert.deepEqual(
      parse(text),
      { kind: 'failure', reason: 'message must be a JSON object' },
      text,
    );
  }
});

test('unknown or missing actions fail, naming the action, with the info_hash if valid', () => {
  assert.deepEqual(parse({ action: 'connect', info_hash: HASH }), {
    kind: 'failure',
    reason: 'invalid action: "connect"',
    infoHash: HASH,
  });
  assert.deepEqual(parse({ info_hash: HASH }), {
    kind: 'failure',
    reason: 'invalid action: missing',
    infoHash: HASH,
  });
  assert.deepEqual(parse({ action: 7, info_hash: 'short' }), {
    kind: 'failure',
    reason: 'invalid action: 7',
  });
  assert.deepEqual(parse({ action: 'ANNOUNCE', info_hash: HASH, peer_id: PEER }), {
    kind: 'failure',
    reason: 'invalid action: "ANNOUNCE"',
    infoHash: HASH,
  });
});
