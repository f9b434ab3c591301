import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TokenBucket } from '../src/rate-limit.ts';

test('a burst of `burst` messages passes, then one per 1/rate seconds', () => {
  const bucket = new TokenBucket(2, 3, 0);
  assert.deepEqual(
    [0, 0, 0, 0].map(() => bucket.take(0)),
    [true, true, true, false],
  );
  assert.equal(bucket.take(499), false);
  assert.equal(bucket.take(500), true);
  assert.equal(bucket.take(500), false);
  assert.equal(bucket.take(1000), true);
});

test('an idle bucket refills only up to the burst', () => {
  const bucket = new TokenBucket(10, 2, 0);
  bucket.take(0);
  bucket.take(0);
  const later = 3_600_000;
  assert.deepEqual(
    [0, 0, 0].map(() => bucket.take(later)),
    [true, true, false],
  );
});

test('refused messages do not earn credit', () => {
  const bucket = new TokenBucket(1, 1, 0);
  assert.equal(bucket.take(0), true);
  for (let t = 125; t < 1000; t += 125) assert.equal(bucket.take(t), false, `at ${t} ms`);
  assert.equal(bucket.take(1000), true);
});
