import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRanges } from '../../src/scheduler/split.ts';
import { KiB } from './world.ts';

function assertCovers(ranges: readonly { start: number; end: number }[], size: number): void {
  assert.equal(ranges[0]?.start, 0);
  assert.equal(ranges.at(-1)?.end, size);
  for (const [i, range] of ranges.entries()) {
    assert.ok(range.end > range.start, `range ${i} is not empty`);
    if (i > 0) assert.equal(range.start, ranges[i - 1]?.end, 'ranges are consecutive');
    if (i < ranges.length - 1) assert.equal(range.end % (16 * KiB), 0, 'boundary is aligned');
  }
}

test('a split covers the size exactly, on 16 KiB boundaries, in proportion to weight', () => {
  const size = 1_234_567;
  const ranges = splitRanges(size, [3_000_000, 2_000_000, 1_000_000], 128 * KiB);
  assert.equal(ranges.length, 3);
  assertCovers(ranges, size);
  const [fast, , slow] = ranges.map(({ start, end }) => end - start);
  assert.ok(fast !== undefined && slow !== undefined);
  assert.ok(Math.abs(fast / slow - 3) < 0.3, `fast/slow = ${fast / slow}`);
});

test('weights whose share would be under the minimum are dropped, smallest first', () => {
  const ranges = splitRanges(600 * KiB, [1000, 1000, 100], 128 * KiB);
  assert.equal(ranges.length, 2);
  assertCovers(ranges, 600 * KiB);
  assert.deepEqual(splitRanges(100 * KiB, [1000, 1000], 128 * KiB), [{ start: 0, end: 100 * KiB }]);
});

test('many sizes and weights: always exact, aligned, non-empty', () => {
  for (let size = 1; size < 8_000_000; size = Math.ceil(size * 1.7) + 13) {
    for (let count = 1; count <= 6; count++) {
      const weights = Array.from({ length: count }, (_, i) => 1000 * (count - i) ** 2);
      assertCovers(splitRanges(size, weights, 64 * KiB), size);
    }
  }
});
