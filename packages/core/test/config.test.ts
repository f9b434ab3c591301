import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_CONFIG, resolveConfig } from '../src/config.ts';
import { PeerlaneError } from '../src/errors.ts';

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof PeerlaneError &&
  error.code === 'ERR_INVALID_OPTION' &&
  pattern.test(error.message);

test('defaults apply, and given options override them', () => {
  assert.deepEqual(resolveConfig({}), DEFAULT_CONFIG);
  const config = resolveConfig({ maxPeers: 5, upload: false, trackers: ['wss://t.example'] });
  assert.equal(config.maxPeers, 5);
  assert.equal(config.upload, false);
  assert.deepEqual(config.trackers, ['wss://t.example']);
  assert.equal(config.prefetchWindow, DEFAULT_CONFIG.prefetchWindow);
});

test('runtime changes apply over the current config', () => {
  const current = resolveConfig({ maxPeers: 5 });
  const next = resolveConfig({ uploadRate: 500_000 }, current);
  assert.equal(next.maxPeers, 5);
  assert.equal(next.uploadRate, 500_000);
});

test('a bad option throws an error naming it', () => {
  assert.throws(
    () => resolveConfig({ maxPeers: 0 }),
    invalid(/option maxPeers must be an integer/),
  );
  assert.throws(() => resolveConfig({ maxPeers: 2.5 }), invalid(/maxPeers/));
  assert.throws(() => resolveConfig({ memoryBudget: -1 }), invalid(/option memoryBudget/));
  assert.throws(() => resolveConfig({ uploadRate: Number.NaN }), invalid(/option uploadRate/));
  assert.throws(
    () => resolveConfig({ trackers: ['http://t.example'] }),
    invalid(/option trackers/),
  );
  assert.throws(() => resolveConfig({ p2p: 'no' as unknown as boolean }), invalid(/option p2p/));
  assert.throws(
    () => resolveConfig({ validateSegment: 1 as unknown as () => boolean }),
    invalid(/option validateSegment must be a function/),
  );
  assert.throws(
    () => resolveConfig({ urgentWindow: 40, prefetchWindow: 30 }),
    invalid(/urgentWindow must be less than prefetchWindow/),
  );
  assert.throws(
    () => resolveConfig({ maxPeer: 3 } as unknown as Record<string, never>),
    invalid(/unknown option maxPeer/),
  );
});
