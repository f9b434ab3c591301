/**
 * A tracker client's life against our tracker: re-announces, reconnection
 * after a tracker restart, `stop()`, `destroy()`, and failures that keep the
 * socket.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'node-datachannel';
import {
  binaryId,
  startClient,
  startOurTracker,
  trackedConnections,
  trackedTimers,
  waitFor,
  type Recorded,
} from './support.ts';

// node-datachannel keeps the process alive until cleaned up.
after(() => {
  cleanup();
});

test('re-announces on the interval with fresh offers, closing the unanswered ones', async (t) => {
  const tracker = await startOurTracker();
  t.after(() => tracker.close());
  const { RTCPeerConnection, open } = trackedConnections();
  const c = startClient(t.after.bind(t), [tracker.announceUrl], binaryId(), {
    RTCPeerConnection,
    timeouts: { intervalMin: 200 },
  });

  await waitFor(
    () => tracker.stats().messagesIn.announce >= 3,
    () => JSON.stringify(tracker.stats().messagesIn),
  );
  // A new round's offers exist while the previous round's wait to be replaced.
  assert.ok(open.size <= 10, `${open.size} connections open`);
  assert.ok((c.client.stats().trackers[0]?.announces ?? 0) >= 3);
  c.client.destroy();
  assert.equal(open.size, 0, 'destroy closes every offer');
});

test('reconnects and announces again after the tracker restarts', async (t) => {
  const first = await startOurTracker();
  const port = Number(new URL(first.url).port);
  const c = startClient(t.after.bind(t), [first.announceUrl], binaryId());
  await waitFor(
    () => first.stats().peers === 1,
    () => `peers: ${first.stats().peers}`,
  );

  await first.close();
  await c.until(() => c.errors.length > 0, 'an error event');
  assert.equal(c.client.stats().trackers[0]?.connected, false);
  assert.match(c.client.stats().trackers[0]?.lastError ?? '', /1001|closed/);

  const second = await startOurTracker({ port });
  t.after(() => second.close());
  await waitFor(
    () => second.stats().peers === 1,
    () => `peers: ${second.stats().peers}`,
  );
  assert.equal(c.client.stats().trackers[0]?.connected, true);
});

test('stop() leaves the swarm and closes the socket on the tracker’s reply', async (t) => {
  const tracker = await startOurTracker();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const [a, b] = [0, 1].map(() =>
    startClient(t.after.bind(t), [tracker.announceUrl], infoHash, {
      timeouts: { stopGrace: 60_000 },
    }),
  ) as [Recorded, Recorded];
  await waitFor(
    () => tracker.stats().peers === 2,
    () => `peers: ${tracker.stats().peers}`,
  );

  const started = Date.now();
  await Promise.all([a, b].map((c) => c.client.stop()));
  assert.ok(Date.now() - started < 5000, 'closed on the reply, not after the grace period');
  assert.equal(tracker.stats().peers, 0);
  await waitFor(
    () => tracker.stats().connections === 0,
    () => `connections: ${tracker.stats().connections}`,
  );
  assert.equal(a.client.stats().trackers[0]?.connected, false);
});

test('destroy() closes sockets, connections and timers at once, even while connecting', async (t) => {
  const tracker = await startOurTracker();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const made = [0, 1].map(() => ({ ...trackedTimers(), ...trackedConnections() }));
  const [early, late] = made.map(({ timers, RTCPeerConnection }) =>
    startClient(t.after.bind(t), [tracker.announceUrl], infoHash, { timers, RTCPeerConnection }),
  ) as [Recorded, Recorded];
  early.client.destroy();
  await waitFor(
    () => tracker.stats().peers === 1,
    () => `peers: ${tracker.stats().peers}`,
  );
  late.client.destroy();

  for (const { live, open } of made) {
    assert.equal(live.size, 0, 'timers pending');
    assert.equal(open.size, 0, 'connections open');
  }
  await waitFor(
    () => tracker.stats().connections === 0 && tracker.stats().peers === 0,
    () => JSON.stringify({ connections: tracker.stats().connections }),
  );
  assert.deepEqual([...early.errors, ...late.errors], []);
});

test('a failure reason is a warning and keeps the socket', async (t) => {
  const tracker = await startOurTracker({ allowInfoHashes: ['00'.repeat(20)] });
  t.after(() => tracker.close());
  const c = startClient(t.after.bind(t), [tracker.announceUrl], binaryId());

  await c.until(() => c.warnings.length > 0, 'a warning');
  assert.deepEqual(c.warnings, [
    { tracker: tracker.announceUrl, message: 'info_hash not allowed' },
  ]);
  assert.equal(c.client.stats().trackers[0]?.connected, true);
  assert.equal(tracker.stats().connections, 1);
  assert.deepEqual(c.errors, []);
});
