import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadInfo } from '@peerlane/core';
import { abrTiming, type TimingInput } from '../src/abr-timing.ts';

const input = (info: Partial<LoadInfo>, more: Partial<TimingInput> = {}): TimingInput => ({
  requestedAt: 1000,
  info: { source: 'memory', startedAt: 1000, firstByteAt: 1000, endedAt: 1000, ...info },
  bytes: 250_000,
  httpBytesPerSecond: 500_000,
  playerBitsPerSecond: 8_000_000,
  ttfbMs: 80,
  ...more,
});

test('an HTTP transfer the player waited for keeps its real times', () => {
  const timing = abrTiming(
    input({ source: 'http', startedAt: 1000, firstByteAt: 1100, endedAt: 1600 }),
  );
  assert.deepEqual(timing, { start: 1000, first: 1100, end: 1600 });
});

test('a memory hit takes the time measured HTTP throughput needs, never ~0 ms', () => {
  const timing = abrTiming(input({ source: 'memory', endedAt: 1001 }));
  // 250 kB at 500 kB/s: 500 ms of transfer after the player's usual 80 ms to first byte.
  assert.deepEqual(timing, { start: 421, first: 501, end: 1001 });
});

test('peer bytes report the HTTP rate, however fast the peer was', () => {
  const timing = abrTiming(
    input({ source: 'p2p', startedAt: 1000, firstByteAt: 1002, endedAt: 1005 }),
  );
  assert.equal(timing.end - timing.first, 500);
  assert.equal(timing.first - timing.start, 80);
});

test('a wait for a peer is not reported as link time', () => {
  const timing = abrTiming(
    input({ source: 'p2p', startedAt: 1000, firstByteAt: 5000, endedAt: 5010 }),
  );
  assert.equal(timing.end - timing.start, 580);
});

test('an HTTP download that began before the player asked counts as a hit', () => {
  const timing = abrTiming(
    input({ source: 'http', startedAt: 1000, firstByteAt: 1000, endedAt: 1020 }),
  );
  assert.equal(timing.end - timing.first, 500);
});

test("before any HTTP sample, the player's own estimate sets the rate", () => {
  const timing = abrTiming(input({ endedAt: 2000 }, { httpBytesPerSecond: undefined }));
  // 8 Mbit/s is 1 MB/s: 250 ms, so the player's estimate doesn't move.
  assert.equal(timing.end - timing.first, 250);
});

test('times stay ordered and finite with unusable estimates', () => {
  const timing = abrTiming(
    input(
      { endedAt: 2000 },
      { httpBytesPerSecond: Number.NaN, playerBitsPerSecond: 0, ttfbMs: Number.NaN },
    ),
  );
  assert.deepEqual(timing, { start: 1000, first: 2000, end: 2000 });
});
