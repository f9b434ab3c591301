import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decide } from '../../src/scheduler/decide.ts';
import { seedRank } from '../../src/scheduler/rendezvous.ts';
import type { Decision, Flight } from '../../src/scheduler/types.ts';
import { KiB, peer, segments, world } from './world.ts';

const one = (startTime: number, flights?: Flight[]) => [
  { id: 's', startTime, size: 1_000_000, ...(flights && { flights }) },
];

test('an urgent segment goes to HTTP: "urgent" when a peer has it, "no-peer" otherwise', () => {
  const slowHolder = peer({ id: 'a', has: { s: 1_000_000 }, throughput: 10_000_000 });
  assert.deepEqual(decide(world({ segments: one(1), peers: [slowHolder] })), [
    { kind: 'http', segmentId: 's', reason: 'urgent', urgent: true },
  ]);
  assert.deepEqual(decide(world({ segments: one(1) })), [
    { kind: 'http', segmentId: 's', reason: 'no-peer', urgent: true },
  ]);
});

test('the urgent window widens with the HTTP time and with the playback rate', () => {
  // 1 MB at 1 MB/s: urgent at 2 + 1 s.
  assert.equal(decide(world({ segments: one(2.9), peers: [peer({ id: 'a' })] }))[0]?.kind, 'http');
  const holder = peer({ id: 'a', has: { s: 1_000_000 } });
  assert.equal(decide(world({ segments: one(3.1), peers: [holder] }))[0]?.kind, 'p2p');
  // At rate 2, 3 s of media are 1.5 s away: critical (1 + 1 s), HTTP only.
  assert.equal(decide(world({ segments: one(3, []), rate: 2, peers: [holder] }))[0]?.kind, 'http');
  // Paused: deadlines as at rate 1.
  assert.equal(decide(world({ segments: one(5), rate: 0, peers: [holder] }))[0]?.kind, 'p2p');
});

test('a proven peer that can meet the deadline takes an urgent segment', () => {
  const proven = (id: string, throughput: number) =>
    peer({ id, has: { s: 1_000_000 }, throughput, rtt: 50, proven: true });
  const unprovenFast = peer({ id: 'u', has: { s: 1_000_000 }, throughput: 50_000_000 });
  // 1 MB: 0.05 + 0.2 s at 5 MB/s < 2.5 - 1 s; 2 s at 500 KB/s is not.
  const peers = [unprovenFast, proven('slow', 500_000), proven('fast', 5_000_000)];
  assert.deepEqual(decide(world({ segments: one(2.5), peers })), [
    { kind: 'p2p', segmentId: 's', peerId: 'fast' },
  ]);
  assert.deepEqual(decide(world({ segments: one(1.2), peers })), [
    { kind: 'http', segmentId: 's', reason: 'urgent', urgent: true },
  ]);
});

test('prefetch goes to P2P, best peer first: throughput, then RTT', () => {
  const has = { s0: 100 * KiB, s1: 100 * KiB, s2: 100 * KiB, s3: 100 * KiB };
  const peers = [
    peer({ id: 'slow', has, throughput: 1_000_000 }),
    peer({ id: 'unmeasured', has }),
    peer({ id: 'far', has, throughput: 3_000_000, rtt: 80, maxRequests: 2 }),
    peer({ id: 'near', has, throughput: 3_000_000, rtt: 20, maxRequests: 1 }),
  ];
  const decisions = decide(world({ position: -10, segments: segments(4), peers }));
  assert.deepEqual(
    decisions.map((d) => (d.kind === 'p2p' ? `${d.segmentId}:${d.peerId}` : d.kind)),
    ['s0:near', 's1:far', 's2:far', 's3:slow'],
  );
});

test('a prefetch segment is split over several peers in proportion to their throughput', () => {
  const has = { s: 1_000_000 };
  const peers = [
    peer({ id: 'b', has, throughput: 1_000_000 }),
    peer({ id: 'a', has, throughput: 3_000_000 }),
  ];
  const decisions = decide(world({ segments: one(10), peers }));
  assert.deepEqual(decisions, [
    { kind: 'p2p', segmentId: 's', peerId: 'a', range: { start: 0, end: 753_664 } },
    { kind: 'p2p', segmentId: 's', peerId: 'b', range: { start: 753_664, end: 1_000_000 } },
  ]);
  assert.equal(753_664 % (16 * KiB), 0);
});

test('limits: maxHttp, maxP2P and each peer’s free slots', () => {
  const httpFlight: Flight = { loaded: 0, lastByteAt: 10_000 };
  const vod = segments(6).map((s, i) => (i === 0 ? { ...s, flights: [httpFlight] } : s));
  assert.deepEqual(
    decide(world({ segments: vod }), { maxHttpDownloads: 2 }).map((d) => d.segmentId),
    ['s1'],
  );

  const has = Object.fromEntries(segments(6).map((s) => [s.id, 100 * KiB]));
  const peers = [peer({ id: 'a', has, maxRequests: 2, busy: 1 }), peer({ id: 'b', has })];
  const p2pFlight: Flight = { peerId: 'a', loaded: 0, lastByteAt: 10_000 };
  const ahead = segments(6).map((s, i) => (i === 0 ? { ...s, flights: [p2pFlight] } : s));
  const decisions = decide(world({ position: -10, segments: ahead, peers }), {
    maxP2PDownloads: 4,
  });
  assert.deepEqual(
    decisions.map((d) => (d.kind === 'p2p' ? `${d.segmentId}:${d.peerId}` : d.kind)),
    ['s1:a', 's2:b', 's3:b'],
  );
});

test('a segment about to be late is loaded over HTTP with every HTTP slot taken', () => {
  const httpFlight: Flight = { loaded: 0, lastByteAt: 10_000 };
  const taken = [
    { id: 'late', startTime: 0.5 },
    { id: 'urgent', startTime: 2.5 },
    { id: 'a', startTime: 20, flights: [httpFlight] },
    { id: 'b', startTime: 24, flights: [httpFlight] },
  ];
  assert.deepEqual(decide(world({ segments: taken }), { maxHttpDownloads: 2 }), [
    { kind: 'http', segmentId: 'late', reason: 'no-peer', urgent: true },
  ]);
});

test('nothing is decided for held segments, nor beyond the prefetch window unless asked', () => {
  const held = [{ id: 's', startTime: 0, held: true }];
  assert.deepEqual(decide(world({ segments: held })), []);
  assert.deepEqual(decide(world({ segments: one(31) })), []);
  // Unless the player asks for it.
  assert.equal(decide(world({ segments: [{ id: 's', startTime: 31, waited: true }] })).length, 1);
});

test('a stalled P2P download is finished over HTTP from the first missing byte', () => {
  const peers = [peer({ id: 'a', has: { s: 1_000_000 }, throughput: 1_000_000 })];
  const flight = (lastByteAt: number): Flight => ({ peerId: 'a', loaded: 300_000, lastByteAt });
  assert.deepEqual(decide(world({ segments: one(20, [flight(8_500)]), peers })), []);
  const expected: Decision[] = [
    { kind: 'cancel', segmentId: 's', peerId: 'a' },
    {
      kind: 'http',
      segmentId: 's',
      reason: 'fallback',
      urgent: false,
      range: { start: 300_000, end: 1_000_000 },
    },
  ];
  assert.deepEqual(decide(world({ segments: one(20, [flight(8_000)]), peers })), expected);
});

test('a P2P download too slow for its deadline falls back before the deadline', () => {
  const peers = [peer({ id: 'a', has: { s: 1_000_000 }, throughput: 100_000 })];
  // One range of a split; 700 KB left at 100 KB/s takes 7 s.
  const flight: Flight = {
    peerId: 'a',
    range: { start: 0, end: 800_000 },
    loaded: 100_000,
    lastByteAt: 10_000,
  };
  assert.deepEqual(decide(world({ segments: one(9, [flight]), peers })), []);
  assert.deepEqual(decide(world({ segments: one(7.5, [flight]), peers })), [
    { kind: 'cancel', segmentId: 's', peerId: 'a' },
    {
      kind: 'http',
      segmentId: 's',
      reason: 'fallback',
      urgent: false,
      range: { start: 100_000, end: 800_000 },
    },
  ]);
  // Not measured yet: trusted until the segment turns critical (1 s + the HTTP time).
  const unmeasured = [peer({ id: 'a', has: { s: 1_000_000 } })];
  assert.equal(decide(world({ segments: one(2.5, [flight]), peers: unmeasured })).length, 0);
  assert.equal(decide(world({ segments: one(1.9, [flight]), peers: unmeasured })).length, 2);
});

test('urgent but not critical: an unproven peer is tried, a FETCHING one waited for', () => {
  // 1 MB at 1 MB/s: urgent from 3 s before the deadline, critical from 2 s.
  const holder = peer({ id: 'a', has: { s: 1_000_000 } });
  assert.deepEqual(decide(world({ segments: one(2.5), peers: [holder] })), [
    { kind: 'p2p', segmentId: 's', peerId: 'a' },
  ]);
  const fetching = peer({ id: 'a', fetching: ['s'] });
  assert.deepEqual(decide(world({ segments: one(2.5), peers: [fetching] })), []);
  assert.deepEqual(decide(world({ segments: one(1.9), peers: [holder] })), [
    { kind: 'http', segmentId: 's', reason: 'urgent', urgent: true },
  ]);
});

test('a peer’s FETCHING hint makes others wait, until the segment turns critical', () => {
  const peers = [peer({ id: 'a', fetching: ['s'] })];
  assert.deepEqual(decide(world({ segments: one(10), peers })), []);
  assert.deepEqual(decide(world({ segments: one(2), peers })), [
    { kind: 'http', segmentId: 's', reason: 'urgent', urgent: true },
  ]);
  // A holder with no free slot is waited for too.
  const full = [peer({ id: 'a', has: { s: 1_000_000 }, busy: 4 })];
  assert.deepEqual(decide(world({ segments: one(10), peers: full })), []);
});

test('live: a viewer ranked r for a segment seeds it r staggers after it first saw it', () => {
  const peers = ['p1', 'p2', 'p3'].map((id) => peer({ id }));
  const ids = peers.map((p) => p.id);
  const id = ['a', 'b', 'c', 'd', 'e'].find((s) => seedRank('self', ids, s) === 2) ?? '';
  const live = (now: number, startTime = 10, knownAt = 10_000) =>
    decide(world({ now, live: true, peers, segments: [{ id, startTime, knownAt }] }));
  const seed = [{ kind: 'http', segmentId: id, reason: 'seed', urgent: false }];
  assert.deepEqual(live(10_000), []);
  assert.deepEqual(live(10_999), []);
  assert.deepEqual(live(11_000), seed);
  // Urgent: loaded at once, whatever the rank.
  assert.deepEqual(live(10_000, 1), [
    { kind: 'http', segmentId: id, reason: 'no-peer', urgent: true },
  ]);
  // While the tracker is still introducing peers, the turn counts from the end of that.
  const introducing = (now: number) =>
    decide(
      world({
        now,
        live: true,
        peers,
        introducingUntil: 12_000,
        segments: [{ id, startTime: 10, knownAt: 10_000 }],
      }),
    );
  assert.deepEqual(introducing(12_999), []);
  assert.deepEqual(introducing(13_000), seed);
});

test('a failed HTTP download waits for its retry time unless the player waits and it is urgent', () => {
  const failed = (startTime: number, waited: boolean) =>
    decide(world({ segments: [{ id: 's', startTime, retryAt: 12_000, waited }] }));
  assert.deepEqual(failed(10, true), []);
  assert.deepEqual(failed(1, false), []);
  assert.deepEqual(failed(1, true), [
    { kind: 'http', segmentId: 's', reason: 'no-peer', urgent: true },
  ]);
  assert.equal(
    decide(world({ now: 12_000, segments: [{ id: 's', startTime: 10, retryAt: 12_000 }] })).length,
    1,
  );
});
