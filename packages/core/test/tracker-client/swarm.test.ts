/**
 * Tracker clients meeting through our tracker over real WebRTC (node-datachannel):
 * connections open, one per pair of peers however many trackers introduce
 * them, and never more than `maxPeers`.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { cleanup } from 'node-datachannel';
import WebSocket from 'ws';
import type { Tracker } from '../../../../tracker/src/index.ts';
import {
  binaryId,
  nextMessage,
  startClient,
  startOurTracker as start,
  waitFor,
  type Recorded,
} from './support.ts';

// node-datachannel keeps the process alive until cleaned up.
after(() => {
  cleanup();
});

/**
 * Resolves once every offer and answer the trackers relayed has reached its
 * client and no connection is still being set up: a duplicate would have
 * shown by then.
 */
async function settled(trackers: Tracker[], clients: Recorded[]): Promise<void> {
  const received = (i: number, key: 'offersReceived' | 'answersReceived'): number =>
    clients.reduce((sum, { client }) => sum + (client.stats().trackers[i]?.[key] ?? 0), 0);
  const explain = (): string =>
    JSON.stringify({
      trackers: trackers.map((tracker) => tracker.stats().messagesOut),
      clients: clients.map(({ client }) => client.stats()),
    });
  await waitFor(
    () =>
      trackers.every((tracker, i) => {
        const { offer, answer } = tracker.stats().messagesOut;
        return received(i, 'offersReceived') === offer && received(i, 'answersReceived') === answer;
      }) && clients.every(({ client }) => client.stats().connecting === 0),
    explain,
  );
}

const remoteIds = ({ peers }: Recorded): string[] => peers.map(({ peerId }) => peerId).sort();

test('two clients connect and exchange a message over the data channel', async (t) => {
  const tracker = await start();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const [a, b] = [0, 1].map(() =>
    startClient(t.after.bind(t), [tracker.announceUrl], infoHash),
  ) as [Recorded, Recorded];

  await Promise.all([a, b].map((c) => c.until(() => c.peers.length === 1, 'a peer')));
  const [fromA] = a.peers as [Recorded['peers'][0]];
  const [fromB] = b.peers as [Recorded['peers'][0]];
  assert.equal(fromA.peerId, b.peerId);
  assert.equal(fromB.peerId, a.peerId);
  assert.equal(fromA.channel.readyState, 'open');
  assert.equal(fromB.channel.readyState, 'open');
  assert.notEqual(fromA.initiator, fromB.initiator, 'one side offered, the other answered');
  assert.equal(fromA.tracker, tracker.announceUrl);

  const arrived = nextMessage(fromB.channel);
  fromA.channel.send('hello');
  assert.equal(await arrived, 'hello');

  const [stats] = a.client.stats().trackers;
  assert.equal(stats?.connected, true);
  assert.equal(stats.peers, 1);
  assert.ok(stats.announces >= 1);
  assert.equal(a.client.stats().connected, 1);
});

test('three clients: each connects to the other two exactly once', async (t) => {
  const tracker = await start();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const clients = [0, 1, 2].map(() =>
    startClient(t.after.bind(t), [tracker.announceUrl], infoHash),
  );

  await Promise.all(clients.map((c) => c.until(() => c.peers.length >= 2, 'two peers')));
  await settled([tracker], clients);
  for (const c of clients) {
    const others = clients.filter((other) => other !== c).map(({ peerId }) => peerId);
    assert.deepEqual(remoteIds(c), others.sort());
    assert.equal(c.client.stats().connected, 2);
  }
});

test('two trackers introducing the same two clients: one connection between them', async (t) => {
  const trackers = await Promise.all([start(), start()]);
  t.after(() => Promise.all(trackers.map((tracker) => tracker.close())));
  const urls = trackers.map(({ announceUrl }) => announceUrl);
  const infoHash = binaryId();
  const [a, b] = [0, 1].map(() => startClient(t.after.bind(t), urls, infoHash)) as [
    Recorded,
    Recorded,
  ];

  await Promise.all([a, b].map((c) => c.until(() => c.peers.length >= 1, 'a peer')));
  // Both trackers relayed offers both ways before anything is asserted.
  await waitFor(
    () => trackers.every((tracker) => tracker.stats().messagesOut.offer >= 1),
    () => JSON.stringify(trackers.map((tracker) => tracker.stats().messagesOut)),
  );
  await settled(trackers, [a, b]);
  assert.deepEqual(remoteIds(a), [b.peerId]);
  assert.deepEqual(remoteIds(b), [a.peerId]);
});

/** `ws` whose messages to `url` wait until `gate` resolves. */
function gatedWebSocket(url: string, gate: Promise<void>): typeof WebSocket {
  return class extends WebSocket {
    override send(data: string): void {
      if (this.url.startsWith(url))
        void gate.then(() => {
          super.send(data);
        });
      else super.send(data);
    }
  };
}

test('glare: offers crossing through two trackers end in one connection', async (t) => {
  const trackers = await Promise.all([start(), start()]);
  t.after(() => Promise.all(trackers.map((tracker) => tracker.close())));
  const [first, second] = trackers.map(({ announceUrl }) => announceUrl) as [string, string];
  const infoHash = binaryId();
  let open = (): void => undefined;
  const gate = new Promise<void>((resolve) => (open = resolve));
  // Each joins one tracker alone, then announces on the other, where the other client is.
  const a = startClient(t.after.bind(t), [first, second], infoHash, {
    WebSocket: gatedWebSocket(second, gate),
  });
  const b = startClient(t.after.bind(t), [first, second], infoHash, {
    WebSocket: gatedWebSocket(first, gate),
  });
  await waitFor(
    () => trackers.every((tracker) => tracker.stats().peers === 1),
    () => JSON.stringify(trackers.map((tracker) => tracker.stats().peers)),
  );
  open();

  await Promise.all([a, b].map((c) => c.until(() => c.peers.length >= 1, 'a peer')));
  await settled(trackers, [a, b]);
  for (const c of [a, b]) {
    const got = c.client.stats().trackers;
    assert.ok(
      got.some((tracker) => tracker.offersReceived > 0) &&
        got.some((tracker) => tracker.answersReceived > 0),
      'each offered, and was offered to',
    );
  }
  assert.deepEqual(remoteIds(a), [b.peerId]);
  assert.deepEqual(remoteIds(b), [a.peerId]);
  const lower = a.peerId < b.peerId ? a : b;
  assert.equal(lower.peers[0]?.initiator, true, 'the lower peer id keeps its offer');
});

test('maxPeers caps the connections of a client', async (t) => {
  const tracker = await start();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const capped = startClient(t.after.bind(t), [tracker.announceUrl], infoHash, { maxPeers: 1 });
  const others = [0, 1, 2].map(() => startClient(t.after.bind(t), [tracker.announceUrl], infoHash));
  const everyone = [capped, ...others];

  await Promise.all(others.map((c) => c.until(() => c.peers.length >= 2, 'two peers')));
  await capped.until(() => capped.peers.length >= 1, 'a peer');
  await settled([tracker], everyone);
  assert.equal(capped.peers.length, 1);
  assert.equal(capped.client.stats().connected, 1);
  const links = everyone.reduce((sum, c) => sum + c.peers.length, 0);
  assert.equal(links, 2 * (3 + 1), 'the three others all linked, plus one link to the capped one');
});

test('canConnect vetoes a peer', async (t) => {
  const tracker = await start();
  t.after(() => tracker.close());
  const infoHash = binaryId();
  const asked: string[] = [];
  const a = startClient(t.after.bind(t), [tracker.announceUrl], infoHash, {
    canConnect: (peerId) => {
      asked.push(peerId);
      return false;
    },
  });
  const b = startClient(t.after.bind(t), [tracker.announceUrl], infoHash);

  await waitFor(
    () => tracker.stats().messagesOut.offer >= 1,
    () => JSON.stringify(tracker.stats().messagesOut),
  );
  await settled([tracker], [a, b]);
  assert.ok(asked.length > 0);
  assert.ok(asked.every((peerId) => peerId === b.peerId));
  assert.equal(a.peers.length + b.peers.length, 0);
});
