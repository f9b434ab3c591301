import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LinkMeter } from '../../src/p2p/peer/link-meter.ts';
import { RateLimiter } from '../../src/p2p/peer/rate-limiter.ts';

test('the rate limiter lets a quarter second through at once, then paces to its rate', () => {
  let now = 0;
  const limiter = new RateLimiter(100_000, () => now);
  assert.equal(limiter.reserve(25_000), 0);
  // The bucket is empty: 10 KB more is 100 ms away.
  assert.equal(limiter.reserve(10_000), 100);
  // Concurrent senders queue up behind the debt.
  assert.equal(limiter.reserve(10_000), 200);
  now = 200;
  assert.equal(limiter.reserve(0), 0);
  // Idle time refills up to the burst only.
  now = 10_000;
  assert.equal(limiter.reserve(25_000), 0);
  assert.equal(limiter.reserve(1000), 10);
});

test('the rate limiter follows a changed rate, and Infinity means no cap', () => {
  let now = 0;
  const limiter = new RateLimiter(Infinity, () => now);
  assert.equal(limiter.reserve(10_000_000), 0);
  limiter.bytesPerSecond = 1_000_000;
  assert.equal(limiter.reserve(250_000), 0);
  assert.equal(limiter.reserve(100_000), 100);
  now = 100;
  limiter.bytesPerSecond = Infinity;
  assert.equal(limiter.reserve(10_000_000), 0);
});

test('the link meter weighs recent transfers and smooths the round-trip time', () => {
  const meter = new LinkMeter();
  // Read through a call: assert.equal would narrow a getter's type for good.
  const rate = (): number | undefined => meter.throughput;
  assert.deepEqual([rate(), meter.rtt], [undefined, undefined]);
  meter.transfer(1000, 1);
  assert.equal(rate(), 1_000_000);
  // After a long slow stretch, the early fast frame barely counts.
  for (let i = 0; i < 100; i++) meter.transfer(100, 100);
  assert.ok(Math.abs((rate() ?? 0) - 1000) < 50, `${rate()}`);
  meter.roundTrip(80);
  meter.roundTrip(160);
  assert.equal(meter.rtt, 90);
});
