import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { cleanup } from 'node-datachannel';
import { startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { startTracker, type Tracker } from '../../../../tracker/src/index.ts';
import { seededRandom } from '../../../../test/support/seeded-random.ts';
import { runLiveSwarm } from './live-swarm.ts';

/**
 * Five engines with real WebRTC and our tracker on the local origin's live stream, each
 * with a simulated player (see live-swarm.ts). Figures go to `bench/node-live-p2p.ts`;
 * this test asserts behaviour with generous bounds.
 */

let origin: Origin;
let tracker: Tracker;
before(async () => {
  origin = await startOrigin();
  tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 0, rate: 0 });
});
after(async () => {
  await tracker.close();
  await origin.close();
  cleanup();
});

test('five engines on a live stream share segments over WebRTC, byte-identical to the origin', async () => {
  const result = await runLiveSwarm({
    origin,
    announceUrl: tracker.announceUrl,
    engines: 5,
    seconds: 20,
    random: seededRandom(1),
  });
  console.log(JSON.stringify(result));
  assert.equal(result.mismatches, 0);
  for (const count of result.delivered)
    assert.ok(count >= 5, `delivered ${result.delivered.join('/')}`);
  assert.ok(result.p2p > 0, 'P2P bytes');
  assert.ok(result.sources.p2p > 0, 'segments from peers');
});
