import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';
import { announce, id, TestClient, waitFor } from './support.ts';

test('a client that does not answer pings is cut off; one that does stays', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', idleTimeout: 1 });
  t.after(() => tracker.close());
  const healthy = await TestClient.open(tracker.announceUrl);
  t.after(() => healthy.close());
  // ws clients answer pings by themselves; this one is told not to.
  const silent = await TestClient.open(tracker.announceUrl, { autoPong: false });
  let pings = 0;
  silent.ws.on('ping', () => {
    pings++;
  });
  silent.send(announce(id('h'), id('silent'), { event: 'started' }));
  await silent.next();
  healthy.send(announce(id('h'), id('healthy'), { event: 'started' }));
  await healthy.next();

  // Pinged once, then terminated at the next round (within 2 × idleTimeout).
  const { code } = await silent.closed(4000);
  assert.equal(code, 1006, 'terminated without a close handshake');
  assert.ok(pings >= 1, 'it was pinged first');
  assert.deepEqual(tracker.stats().closed, { idle: 1 });
  await waitFor(
    () => tracker.stats().peers === 1,
    () => `peers: ${tracker.stats().peers}`,
  );

  // The healthy client went through the same ping rounds and is still served.
  assert.equal(healthy.ws.readyState, healthy.ws.OPEN);
  healthy.send({ action: 'scrape', info_hash: id('h') });
  assert.deepEqual((await healthy.next()).files, {
    [id('h')]: { complete: 0, incomplete: 1, downloaded: 0 },
  });
});
