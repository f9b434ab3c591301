/**
 * Our tracker client against the reference WebTorrent tracker server
 * (bittorrent-tracker's Server, WebSocket only).
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { Server } from 'bittorrent-tracker';
import { cleanup } from 'node-datachannel';
import { binaryId, nextMessage, startClient, type Recorded } from './support.ts';

// node-datachannel keeps the process alive until cleaned up.
after(() => {
  cleanup();
});

test('two clients connect through bittorrent-tracker’s server', async (t) => {
  // Re-announces every second (as against our tracker in the other tests).
  const server = new Server({ http: false, udp: false, ws: true, stats: false, interval: 5000 });
  const failed = new Promise((_, reject) => server.on('error', reject));
  await Promise.race([
    failed,
    new Promise<void>((resolve) => {
      server.listen(0, '127.0.0.1', resolve);
    }),
  ]);
  const { port } = server.http?.address() as AddressInfo;
  const infoHash = binaryId();
  const [a, b] = [0, 1].map(() =>
    startClient(t.after.bind(t), [`ws://127.0.0.1:${port}`], infoHash),
  ) as [Recorded, Recorded];
  // After the clients' cleanup: the server's close waits for their sockets.
  t.after(
    () =>
      new Promise<void>((resolve) => {
        server.close(resolve);
      }),
  );

  await Promise.all([a, b].map((c) => c.until(() => c.peers.length === 1, 'a peer')));
  assert.equal(a.peers[0]?.peerId, b.peerId);
  assert.equal(b.peers[0]?.peerId, a.peerId);
  const [fromA] = a.peers as [Recorded['peers'][0]];
  const [fromB] = b.peers as [Recorded['peers'][0]];
  const arrived = nextMessage(fromA.channel);
  fromB.channel.send('hi from b');
  assert.equal(await arrived, 'hi from b');
  assert.deepEqual([...a.warnings, ...b.warnings], []);
});
