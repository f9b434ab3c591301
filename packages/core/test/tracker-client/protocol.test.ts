/**
 * The client's side of the wire protocol, against a scripted tracker: what it
 * sends, and how it takes warnings, intervals and messages that are not for it.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { cleanup } from 'node-datachannel';
import { WebSocketServer, type WebSocket } from 'ws';
import {
  binaryId,
  startClient,
  TIMEOUT_MS,
  trackedConnections,
  trackedTimers,
  waitFor,
} from './support.ts';

// node-datachannel keeps the process alive until cleaned up.
after(() => {
  cleanup();
});

type Message = Record<string, unknown>;

/** A WebSocket server whose test reads each message and replies by hand. */
async function scriptedTracker(cleanup: (close: () => Promise<void>) => void): Promise<{
  url: string;
  next: () => Promise<{ message: Message; reply: (message: Message | string) => void }>;
}> {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
  await once(server, 'listening');
  const sockets = new Set<WebSocket>();
  const queue: { message: Message; socket: WebSocket }[] = [];
  let wake = (): void => undefined;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('message', (data: Buffer) => {
      queue.push({ message: JSON.parse(data.toString()) as Message, socket });
      wake();
    });
  });
  cleanup(async () => {
    for (const socket of sockets) socket.terminate();
    server.close();
    await once(server, 'close');
  });
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    next: async () => {
      if (queue.length === 0) {
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => {
            reject(new Error('no message from the client'));
          }, TIMEOUT_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      const { message, socket } = queue.shift() as { message: Message; socket: WebSocket };
      return {
        message,
        reply: (reply) => {
          socket.send(typeof reply === 'string' ? reply : JSON.stringify(reply));
        },
      };
    },
  };
}

test('announces started with five complete offers, then stopped without offers', async (t) => {
  const tracker = await scriptedTracker(t.after.bind(t));
  const infoHash = binaryId();
  const c = startClient(t.after.bind(t), [tracker.url], infoHash, {
    transferred: () => ({ uploaded: 7, downloaded: 9 }),
  });

  const { message, reply } = await tracker.next();
  const { offers, ...rest } = message;
  assert.deepEqual(rest, {
    action: 'announce',
    info_hash: infoHash,
    peer_id: c.peerId,
    numwant: 5,
    uploaded: 7,
    downloaded: 9,
    event: 'started',
  });
  assert.ok(Array.isArray(offers));
  assert.equal(offers.length, 5);
  const ids = new Set<string>();
  for (const { offer, offer_id: offerId } of offers as Message[]) {
    assert.equal((offer as Message).type, 'offer');
    assert.match(
      String((offer as Message).sdp),
      /a=candidate:/,
      'non-trickle: candidates in the SDP',
    );
    assert.match(String(offerId), /^[\0-\xff]{20}$/);
    ids.add(String(offerId));
  }
  assert.equal(ids.size, 5);

  const stopped = c.client.stop();
  const { message: stop } = await tracker.next();
  assert.deepEqual(stop, {
    action: 'announce',
    info_hash: infoHash,
    peer_id: c.peerId,
    numwant: 0,
    uploaded: 7,
    downloaded: 9,
    event: 'stopped',
  });
  reply({ action: 'announce', info_hash: infoHash, interval: 120, complete: 0, incomplete: 0 });
  await stopped;
  assert.equal(c.client.stats().trackers[0]?.connected, false);
});

test('warnings, failures without an info hash, and what is ignored', async (t) => {
  const tracker = await scriptedTracker(t.after.bind(t));
  const infoHash = binaryId();
  const c = startClient(t.after.bind(t), [tracker.url], infoHash);
  const { reply } = await tracker.next();

  reply('not json');
  reply({ action: 'scrape', files: {} });
  reply({ action: 'announce', info_hash: binaryId(), 'failure reason': 'another swarm' });
  reply({ action: 'announce', info_hash: binaryId(), offer: { type: 'offer', sdp: 'x' } });
  reply({ action: 'announce', info_hash: infoHash, answer: { sdp: 'x' }, offer_id: binaryId() });
  reply({ action: 'announce', info_hash: infoHash, 'warning message': 'slow down' });
  reply({ 'failure reason': 'rate limit exceeded' });

  await c.until(() => c.warnings.length === 2, 'two warnings');
  assert.deepEqual(
    c.warnings.map(({ message }) => message),
    ['slow down', 'rate limit exceeded'],
  );
  assert.equal(c.client.stats().trackers[0]?.connected, true);
  assert.equal(c.client.stats().connecting, 0);
});

test('honours the tracker’s interval within bounds', async (t) => {
  const tracker = await scriptedTracker(t.after.bind(t));
  const infoHash = binaryId();
  const { timers, delays } = trackedTimers();
  startClient(t.after.bind(t), [tracker.url], infoHash, {
    timers,
    timeouts: { interval: 30_000, intervalMin: 10_000, intervalMax: 3_600_000 },
  });
  const { reply } = await tracker.next();
  assert.ok(delays.includes(30_000), 'the default until the tracker says');

  for (const [interval, expected] of [
    [120, 120_000],
    [1, 10_000],
    [1e9, 3_600_000],
  ] as const) {
    const before = delays.length;
    reply({ action: 'announce', info_hash: infoHash, interval, complete: 1, incomplete: 0 });
    // The reply reschedules the next announce: the first timer set after it.
    await waitFor(
      () => delays.length > before,
      () => 'no timer set',
    );
    assert.equal(delays[before], expected);
  }
});

test('closes offers nobody answers, and answered connections that never open, then announces again soon', async (t) => {
  const tracker = await scriptedTracker(t.after.bind(t));
  const infoHash = binaryId();
  const { RTCPeerConnection, open } = trackedConnections();
  const c = startClient(t.after.bind(t), [tracker.url], infoHash, {
    RTCPeerConnection,
    offers: 2,
    // An interval far beyond the test: a second announce can only be the retry.
    timeouts: { offer: 300, connect: 300, retry: 200, interval: 600_000, intervalMin: 600_000 },
  });
  const { message, reply } = await tracker.next();
  const [first] = message.offers as [Message, Message];

  // An answer from a peer that is gone before connecting.
  const remote = new RTCPeerConnection();
  await remote.setRemoteDescription(first.offer as RTCSessionDescriptionInit);
  await remote.setLocalDescription();
  const answer = { type: 'answer', sdp: remote.localDescription?.sdp };
  remote.close();
  const remoteId = binaryId();
  reply({
    action: 'announce',
    info_hash: infoHash,
    peer_id: remoteId,
    offer_id: first.offer_id,
    answer,
  });
  await waitFor(
    () => c.client.stats().connecting === 1,
    () => JSON.stringify(c.client.stats()),
  );

  await waitFor(
    () => open.size === 0,
    () => `${open.size} connections open`,
  );
  assert.equal(c.client.stats().connecting, 0);
  assert.deepEqual(c.peers, []);
  const { message: again } = await tracker.next();
  assert.equal(again.action, 'announce');
  assert.equal((again.offers as unknown[]).length, 2);
});

test('announces again soon after an answer fails to apply, with fresh offers', async (t) => {
  const tracker = await scriptedTracker(t.after.bind(t));
  const infoHash = binaryId();
  const { RTCPeerConnection, open } = trackedConnections();
  const c = startClient(t.after.bind(t), [tracker.url], infoHash, {
    RTCPeerConnection,
    offers: 1,
    // An interval far beyond the test: a second announce can only be the retry.
    timeouts: { retry: 200, interval: 600_000, intervalMin: 600_000 },
  });
  const { message, reply } = await tracker.next();
  const [first] = message.offers as [Message];
  reply({
    action: 'announce',
    info_hash: infoHash,
    peer_id: binaryId(),
    offer_id: first.offer_id,
    answer: { type: 'answer', sdp: 'v=0\r\nnot an answer\r\n' },
  });

  const { message: again } = await tracker.next();
  assert.equal(again.action, 'announce');
  const [fresh] = again.offers as [Message];
  assert.notEqual(fresh.offer_id, first.offer_id);
  assert.equal(c.client.stats().connecting, 0);
  assert.equal(open.size, 1);
});
