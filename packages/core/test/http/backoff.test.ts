import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerlaneError } from '../../src/errors.ts';
import { backoffDelay, wait } from '../../src/http/backoff.ts';

test('backoff doubles per retry, is capped, and jitters over its upper half', () => {
  assert.equal(backoffDelay(0, 250, 4000, 1), 250);
  assert.equal(backoffDelay(1, 250, 4000, 1), 500);
  assert.equal(backoffDelay(2, 250, 4000, 0), 500);
  assert.equal(backoffDelay(10, 250, 4000, 1), 4000);
  assert.equal(backoffDelay(10, 250, 4000, 0), 2000);
});

test('wait resolves after its delay and rejects with ERR_ABORTED on abort', async () => {
  const pending: { callback: () => void; ms: number }[] = [];
  const cleared: unknown[] = [];
  const timers = {
    setTimeout: (callback: () => void, ms: number) => pending.push({ callback, ms }),
    clearTimeout: (handle: unknown) => cleared.push(handle),
  };
  const done = wait(300, undefined, timers);
  assert.equal(pending[0]?.ms, 300);
  pending[0].callback();
  await done;

  const controller = new AbortController();
  const aborted = wait(300, controller.signal, timers);
  controller.abort();
  await assert.rejects(
    aborted,
    (error) => error instanceof PeerlaneError && error.code === 'ERR_ABORTED',
  );
  assert.deepEqual(cleared, [2]);
  await assert.rejects(wait(300, AbortSignal.abort(), timers), PeerlaneError);
});
