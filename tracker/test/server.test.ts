import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';

test('serves /health and 404 elsewhere', async () => {
  const tracker = await startTracker({ port: 0 });
  try {
    const health = await fetch(`${tracker.url}/health`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    assert.equal((await fetch(`${tracker.url}/nope`)).status, 404);
  } finally {
    await tracker.close();
  }
});

test('a bad port throws naming the option', async () => {
  await assert.rejects(startTracker({ port: 70000 }), /port/);
});
