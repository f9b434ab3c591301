import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ThroughputMeter } from '../../src/http/throughput.ts';

const MB = 1_000_000;

function close(actual: number | undefined, expected: number, tolerance = 1e-6): void {
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) <= tolerance * expected,
    `${actual} ≉ ${expected}`,
  );
}

test('no estimate before a sample that counts', () => {
  const meter = new ThroughputMeter();
  assert.equal(meter.estimate(), undefined);
  meter.add(1000, 100); // tiny: latency, not throughput
  meter.add(MB, -5);
  meter.add(MB, NaN);
  meter.add(NaN, 100);
  assert.equal(meter.estimate(), undefined);
});

test('a steady rate is estimated exactly, from the first sample on', () => {
  const meter = new ThroughputMeter();
  meter.add(MB, 1000);
  close(meter.estimate(), MB);
  for (let i = 0; i < 20; i++) meter.add(MB / 2, 500);
  close(meter.estimate(), MB);
});

test('a cache hit counts as minDurationMs and barely moves the estimate', () => {
  const meter = new ThroughputMeter();
  for (let i = 0; i < 10; i++) meter.add(MB, 1000);
  meter.add(MB, 1); // a whole segment in 1 ms
  const estimate = meter.estimate() ?? 0;
  assert.ok(estimate > MB && estimate < 1.3 * MB, `${estimate}`);
});

test('a drop shows quickly, a rise slowly', () => {
  const meter = new ThroughputMeter();
  for (let i = 0; i < 20; i++) meter.add(MB, 1000);
  for (let i = 0; i < 3; i++) meter.add(MB / 10, 1000);
  const afterDrop = meter.estimate() ?? 0;
  assert.ok(afterDrop < 0.6 * MB, `after 3 s at a tenth: ${afterDrop}`);
  for (let i = 0; i < 3; i++) meter.add(MB, 1000);
  const afterRise = meter.estimate() ?? 0;
  assert.ok(afterRise > afterDrop && afterRise < 0.8 * MB, `after 3 s back up: ${afterRise}`);
});

test('samples weigh as much as they lasted', () => {
  const split = new ThroughputMeter();
  const whole = new ThroughputMeter();
  split.add(2 * MB, 2000);
  split.add(MB / 4, 1000);
  split.add(MB / 4, 1000);
  whole.add(2 * MB, 2000);
  whole.add(MB / 2, 2000);
  close(split.estimate(), whole.estimate() ?? 0, 1e-9);
});
