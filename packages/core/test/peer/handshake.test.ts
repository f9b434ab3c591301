import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerlaneError } from '../../src/errors.ts';
import { Peer } from '../../src/p2p/peer/peer.ts';
import type { PeerOptions, Timers } from '../../src/p2p/peer/types.ts';
import { RateLimiter } from '../../src/p2p/peer/rate-limiter.ts';
import {
  bytes,
  closeConnections,
  connectChannels,
  connectPeers,
  HANDSHAKE,
  next,
  nextChannelEvent,
  nextFrame,
  sendRaw,
} from './webrtc.ts';

after(closeConnections);

const SEGMENT = { rendition: 'v1', sequence: 7, init: false };

const closedWith = (code: string) => (error: unknown) =>
  error instanceof PeerlaneError && error.code === code;

/** A Peer on one side, the raw channel on the other, where the test speaks for the remote. */
async function peerAndRaw(options: PeerOptions = {}): Promise<{ peer: Peer; raw: RTCDataChannel }> {
  const { a, b } = await connectChannels();
  const handshake = nextFrame(b, 'handshake');
  const peer = new Peer(a, options);
  assert.deepEqual(await handshake, { ...HANDSHAKE, maxRequests: options.maxRequests ?? 4 });
  return { peer, raw: b };
}

test('both sides handshake and learn each other’s limits', async () => {
  const pair = await connectPeers({ maxRequests: 3 }, { maxRequests: 9 });
  assert.deepEqual(pair.peerA.remote, { version: 1, capabilities: 0, maxRequests: 9 });
  assert.deepEqual(pair.peerB.remote, { version: 1, capabilities: 0, maxRequests: 3 });
  assert.equal(pair.peerA.closeReason, undefined);
  pair.close();
});

test('another protocol version closes cleanly on both sides', async () => {
  const { peer, raw } = await peerAndRaw();
  const closed = next(peer, 'close');
  const rawClosed = nextChannelEvent(raw, 'close');
  sendRaw(raw, { ...HANDSHAKE, version: 2 });
  const reason = await closed;
  assert.equal(reason.code, 'version');
  assert.match(reason.message, /version 2/);
  await rawClosed;
  assert.deepEqual(peer.closeReason, reason);
});

test('a first frame other than a handshake closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  const closed = next(peer, 'close');
  sendRaw(raw, { type: 'have', rendition: 0, sequence: 1, init: false, size: 10 });
  const reason = await closed;
  assert.equal(reason.code, 'protocol');
  assert.match(reason.message, /have before handshake/);
});

test('a malformed frame closes the peer with the decoder’s reason; pending requests reject', async () => {
  const { peer, raw } = await peerAndRaw();
  const request = peer.request(SEGMENT);
  sendRaw(raw, HANDSHAKE);
  await nextFrame(raw, 'request');
  const closed = next(peer, 'close');
  const rawClosed = nextChannelEvent(raw, 'close');
  sendRaw(raw, [200, 1, 2]);
  const reason = await closed;
  assert.equal(reason.code, 'protocol');
  assert.match(reason.message, /unknown frame type 200/);
  await assert.rejects(request, closedWith('ERR_PEER_CLOSED'));
  await assert.rejects(peer.request(SEGMENT), closedWith('ERR_PEER_CLOSED'));
  await rawClosed;
});

test('a text message closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  const closed = next(peer, 'close');
  raw.send('hello');
  const reason = await closed;
  assert.deepEqual(reason, { code: 'protocol', message: 'not a binary message' });
});

test('DATA for a request never made closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  sendRaw(raw, HANDSHAKE);
  const closed = next(peer, 'close');
  sendRaw(raw, { type: 'data', requestId: 99, offset: 0, payload: bytes(10) });
  const reason = await closed;
  assert.equal(reason.code, 'protocol');
  assert.match(reason.message, /DATA for unknown request 99/);
});

test('duplicate DATA closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  sendRaw(raw, HANDSHAKE);
  const request = peer.request(SEGMENT, { range: { start: 0, end: 100 } });
  const { requestId } = await nextFrame(raw, 'request');
  const closed = next(peer, 'close');
  sendRaw(raw, { type: 'data', requestId, offset: 0, payload: bytes(50) });
  sendRaw(raw, { type: 'data', requestId, offset: 0, payload: bytes(50) });
  const reason = await closed;
  assert.match(reason.message, /DATA at 0-50 .* expecting 50-100/);
  await assert.rejects(request, closedWith('ERR_PEER_CLOSED'));
});

test('DATA beyond the requested range, or DONE before all of it, closes the peer', async () => {
  for (const [frames, error] of [
    [[{ offset: 0, length: 101 }], /DATA at 0-101/],
    [[{ offset: 0, length: 60 }, 'done'], /DONE .* after 60 bytes/],
  ] as const) {
    const { peer, raw } = await peerAndRaw();
    sendRaw(raw, HANDSHAKE);
    const request = peer.request(SEGMENT, { range: { start: 0, end: 100 } });
    const { requestId } = await nextFrame(raw, 'request');
    const closed = next(peer, 'close');
    for (const frame of frames) {
      if (frame === 'done') sendRaw(raw, { type: 'done', requestId });
      else
        sendRaw(raw, {
          type: 'data',
          requestId,
          offset: frame.offset,
          payload: bytes(frame.length),
        });
    }
    assert.match((await closed).message, error);
    await assert.rejects(request, closedWith('ERR_PEER_CLOSED'));
  }
});

test('a frame naming an undeclared rendition closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  sendRaw(raw, HANDSHAKE);
  sendRaw(raw, { type: 'rendition', id: 0, key: 'v1' });
  sendRaw(raw, { type: 'have', rendition: 0, sequence: 1, init: false, size: 10 });
  const closed = next(peer, 'close');
  sendRaw(raw, { type: 'have', rendition: 3, sequence: 1, init: false, size: 10 });
  const reason = await closed;
  assert.equal(reason.code, 'protocol');
  assert.match(reason.message, /rendition 3 was not declared/);
  assert.equal(peer.has({ rendition: 'v1', sequence: 1, init: false }), true);
});

test('a rendition id declared again with another key closes the peer', async () => {
  const { peer, raw } = await peerAndRaw();
  sendRaw(raw, HANDSHAKE);
  sendRaw(raw, { type: 'rendition', id: 0, key: 'v1' });
  sendRaw(raw, { type: 'rendition', id: 0, key: 'v1' });
  const closed = next(peer, 'close');
  sendRaw(raw, { type: 'rendition', id: 1, key: 'v1' });
  assert.match((await closed).message, /rendition 1 "v1" contradicts/);
});

test('more requests in flight than we allow close the peer', async () => {
  // Never answers, so both requests stay in flight.
  const { peer, raw } = await peerAndRaw({
    maxRequests: 1,
    serve: () => new Promise(() => undefined),
  });
  sendRaw(raw, HANDSHAKE);
  sendRaw(raw, { type: 'rendition', id: 0, key: 'v1' });
  const request = {
    type: 'request',
    rendition: 0,
    sequence: 1,
    init: false,
    start: 0,
    end: 0,
  } as const;
  sendRaw(raw, { ...request, requestId: 1 });
  const closed = next(peer, 'close');
  sendRaw(raw, { ...request, requestId: 2 });
  assert.match((await closed).message, /more than 1 requests in flight/);
});

test('no handshake in time closes the peer', async () => {
  const { peer } = await peerAndRaw({ handshakeTimeoutMs: 50 });
  const reason = await next(peer, 'close');
  assert.equal(reason.code, 'timeout');
});

test('close() mid-transfer: the remote sees it, requests reject, timers and listeners go', async () => {
  const timers = countingTimers();
  // 20 KB/s: the transfer spends its time waiting on the limiter's timer.
  const limiter = new RateLimiter(20_000);
  const serve = (): Uint8Array => bytes(200_000);
  const pair = await connectPeers({}, { serve, uploadLimiter: limiter, timers });
  let listenerCalls = 0;
  pair.peerA.on('downloaded', () => listenerCalls++);
  const firstBytes = next(pair.peerA, 'downloaded');
  const request = pair.peerA.request(SEGMENT);
  await firstBytes;
  const closedA = next(pair.peerA, 'close');
  pair.peerB.close('leaving');
  assert.deepEqual(pair.peerB.closeReason, { code: 'closed', message: 'leaving' });
  assert.equal(timers.active.size, 0);
  const reason = await closedA;
  assert.equal(reason.code, 'remote');
  await assert.rejects(request, closedWith('ERR_PEER_CLOSED'));
  const calls = listenerCalls;
  pair.peerA.close();
  assert.equal(listenerCalls, calls);
});

/** Global timers that remember which are still pending. */
function countingTimers(): Timers & { active: Set<unknown> } {
  const active = new Set<unknown>();
  return {
    active,
    setTimeout(callback, ms) {
      const handle = setTimeout(() => {
        active.delete(handle);
        callback();
      }, ms);
      active.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      active.delete(handle);
      clearTimeout(handle as NodeJS.Timeout);
    },
  };
}
