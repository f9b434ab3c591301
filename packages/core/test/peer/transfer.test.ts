import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { PeerlaneError } from '../../src/errors.ts';
import { RateLimiter } from '../../src/p2p/peer/rate-limiter.ts';
import type { Peer } from '../../src/p2p/peer/peer.ts';
import type { SegmentRef, ServeSegment } from '../../src/p2p/peer/types.ts';
import { LIMITS } from '../../src/p2p/protocol/frames.ts';
import { bytes, closeConnections, connectPeers, next } from './webrtc.ts';

after(closeConnections);

const ref = (sequence: number): SegmentRef => ({ rendition: '720p', sequence, init: false });

/** Serves segments by sequence number, the way the engine would from its store. */
function serveFrom(segments: Map<number, Uint8Array>): ServeSegment {
  return ({ sequence }, start, end) => segments.get(sequence)?.subarray(start, end);
}

/** Collects what `onData` receives and checks offsets are contiguous. */
function collector(from = 0) {
  const chunks: Uint8Array[] = [];
  let next = from;
  return {
    chunks,
    onData: (chunk: Uint8Array, offset: number) => {
      assert.equal(offset, next);
      next += chunk.length;
      chunks.push(chunk);
    },
    bytes: () => Buffer.concat(chunks),
  };
}

/** Bytes a peer reported through its `uploaded` and `downloaded` events. */
function tally(peer: Peer): { uploaded: number; downloaded: number } {
  const counts = { uploaded: 0, downloaded: 0 };
  peer.on('uploaded', (n) => (counts.uploaded += n));
  peer.on('downloaded', (n) => (counts.downloaded += n));
  return counts;
}

const isPeerError = (code: string) => (error: unknown) =>
  error instanceof PeerlaneError && error.code === code;

test('a 1 MB segment arrives byte-identical over many DATA frames, with progress and stats', async () => {
  const segment = bytes(1_000_000);
  const { peerA, peerB, close } = await connectPeers(
    {},
    { serve: serveFrom(new Map([[1, segment]])) },
  );
  const [a, b] = [tally(peerA), tally(peerB)];
  const received = collector();
  // Size unknown (never announced): the request runs to the segment's end.
  const range = await peerA.request(ref(1), { onData: received.onData });
  assert.deepEqual(range, { start: 0, end: segment.length });
  assert.ok(received.chunks.length >= Math.ceil(segment.length / LIMITS.dataBytes));
  assert.ok(received.bytes().equals(segment));
  assert.equal(a.downloaded, segment.length);
  assert.equal(b.uploaded, segment.length);
  assert.equal(a.uploaded + b.downloaded, 0);
  assert.ok((peerA.throughput ?? 0) > 0, `throughput ${peerA.throughput}`);
  assert.ok((peerA.rtt ?? -1) >= 0, `rtt ${peerA.rtt}`);
  assert.equal(peerA.pendingRequests, 0);
  close();
});

test('a byte range of an announced segment', async () => {
  const segment = bytes(200_000, 2);
  const { peerA, peerB, close } = await connectPeers(
    {},
    { serve: serveFrom(new Map([[2, segment]])) },
  );
  const announced = next(peerA, 'availability');
  peerB.announce({ type: 'have', segment: ref(2), size: segment.length });
  await announced;
  const received = collector(100_000);
  const range = await peerA.request(ref(2), {
    range: { start: 100_000, end: 150_001 },
    onData: received.onData,
  });
  assert.deepEqual(range, { start: 100_000, end: 150_001 });
  assert.ok(received.bytes().equals(segment.subarray(100_000, 150_001)));
  // Whole, with the announced size as the end.
  const whole = collector();
  assert.deepEqual(await peerA.request(ref(2), { onData: whole.onData }), {
    start: 0,
    end: 200_000,
  });
  assert.ok(whole.bytes().equals(segment));
  close();
});

test('several requests in flight, beyond the remote’s maxRequests, queue and all complete', async () => {
  const segments = new Map([1, 2, 3, 4, 5].map((n) => [n, bytes(300_000 + n, n)] as const));
  let serving = 0;
  let mostServing = 0;
  const serve: ServeSegment = async (segment, start, end) => {
    serving++;
    mostServing = Math.max(mostServing, serving);
    // An async store: several requests overlap on the serving side.
    await new Promise((resolve) => setImmediate(resolve));
    serving--;
    return serveFrom(segments)(segment, start, end);
  };
  const { peerA, peerB, close } = await connectPeers({}, { serve, maxRequests: 2 });
  const requests = [...segments].map(([n, segment]) => {
    const received = collector();
    return { received, segment, done: peerA.request(ref(n), { onData: received.onData }) };
  });
  assert.equal(peerA.pendingRequests, 5);
  await Promise.all(requests.map(({ done }) => done));
  for (const { received, segment } of requests) assert.ok(received.bytes().equals(segment));
  assert.equal(mostServing, 2);
  assert.equal(peerB.closeReason, undefined);
  close();
});

test('ABSENT: missing segments, wrong lengths, failing stores, upload off, a peer that serves nothing', async () => {
  const segment = bytes(50_000);
  const serve: ServeSegment = ({ sequence }, start, end) => {
    if (sequence === 13) throw new Error('store failed');
    if (sequence === 14) return segment; // ignores the range: wrong length
    return serveFrom(new Map([[1, segment]]))(ref(sequence), start, end);
  };
  const { peerA, peerB, close } = await connectPeers({ maxRequests: 0 }, { serve });
  const absent = isPeerError('ERR_PEER_ABSENT');
  await assert.rejects(peerA.request(ref(2)), absent);
  await assert.rejects(peerA.request(ref(13)), absent);
  await assert.rejects(peerA.request(ref(14), { range: { start: 0, end: 10 } }), absent);
  await assert.rejects(peerA.request(ref(1), { range: { start: 50_000, end: 50_001 } }), absent);
  peerB.uploadEnabled = false;
  await assert.rejects(peerA.request(ref(1)), absent);
  peerB.uploadEnabled = true;
  assert.equal((await peerA.request(ref(1))).end, segment.length);
  // A serves nothing (maxRequests 0): B's requests fail at once.
  await assert.rejects(peerB.request(ref(1)), absent);
  assert.equal(peerA.closeReason, undefined);
  assert.equal(peerB.closeReason, undefined);
  close();
});

test('CANCEL mid-transfer stops the sender', async () => {
  const total = 2_000_000;
  const small = bytes(10_000, 3);
  const segments = new Map([
    [1, bytes(total)],
    [2, small],
  ]);
  // 1 MB/s, so that the transfer is still going when the CANCEL arrives.
  const uploadLimiter = new RateLimiter(1_000_000);
  const { peerA, peerB, close } = await connectPeers(
    {},
    { serve: serveFrom(segments), uploadLimiter },
  );
  const [a, b] = [tally(peerA), tally(peerB)];
  const controller = new AbortController();
  let received = 0;
  const request = peerA.request(ref(1), {
    signal: controller.signal,
    onData(chunk) {
      received += chunk.length;
      if (received >= 100_000) controller.abort();
    },
  });
  await assert.rejects(
    request,
    (error) => error instanceof PeerlaneError && error.code === 'ERR_ABORTED',
  );
  // The channel is ordered: once a later request completes, the sender has seen the CANCEL.
  await peerA.request(ref(2));
  const sent = b.uploaded - small.length;
  assert.ok(sent < total / 2, `sent ${sent} of ${total}`);
  await peerA.request(ref(2));
  assert.equal(b.uploaded, sent + 2 * small.length, 'nothing more of the cancelled one');
  assert.equal(peerA.pendingRequests, 0);
  assert.equal(a.downloaded, received + 2 * small.length);
  close();
});

test('an aborted signal, or an abort while queued, sends nothing', async () => {
  const { peerA, peerB, close } = await connectPeers(
    {},
    { serve: serveFrom(new Map([[1, bytes(100)]])), maxRequests: 1 },
  );
  const b = tally(peerB);
  const aborted = isAbort;
  await assert.rejects(peerA.request(ref(1), { signal: AbortSignal.abort() }), aborted);
  const controller = new AbortController();
  const first = peerA.request(ref(1));
  const queued = peerA.request(ref(1), { signal: controller.signal });
  controller.abort();
  await assert.rejects(queued, aborted);
  await first;
  assert.equal(b.uploaded, 100);
  close();
});

test('backpressure: the sender keeps bufferedAmount under its high-water mark over 8 MB', async () => {
  const total = 8 * 1024 * 1024;
  const highWaterMark = 256 * 1024;
  const segment = bytes(total);
  const { peerA, b, close } = await connectPeers(
    {},
    { serve: serveFrom(new Map([[1, segment]])), highWaterMark },
  );
  let mostBuffered = 0;
  let lowEvents = 0;
  b.addEventListener('bufferedamountlow', () => lowEvents++);
  // Observe the channel after every send of the serving side.
  const send = b.send.bind(b) as (data: Uint8Array<ArrayBuffer>) => void;
  Object.assign(b, {
    send(data: Uint8Array<ArrayBuffer>) {
      send(data);
      mostBuffered = Math.max(mostBuffered, b.bufferedAmount);
    },
  });
  const received = collector();
  await peerA.request(ref(1), { onData: received.onData });
  assert.ok(received.bytes().equals(segment));
  assert.ok(mostBuffered <= highWaterMark, `buffered ${mostBuffered} > ${highWaterMark}`);
  // Not vacuous: the buffer did fill past the low threshold, and drained by events.
  assert.ok(mostBuffered > highWaterMark / 2, `buffered at most ${mostBuffered}`);
  assert.ok(lowEvents > 0);
  close();
});

test('upload cap: 400 KB at 200 KB/s takes about two seconds', async () => {
  const size = 400_000;
  const uploadLimiter = new RateLimiter(200_000);
  const { peerA, close } = await connectPeers(
    {},
    { serve: serveFrom(new Map([[1, bytes(size)]])), uploadLimiter },
  );
  const started = performance.now();
  await peerA.request(ref(1));
  const elapsed = performance.now() - started;
  assert.ok(elapsed >= 1500 && elapsed < 5000, `${elapsed} ms`);
  const throughput = peerA.throughput ?? 0;
  assert.ok(throughput > 100_000 && throughput < 400_000, `throughput ${throughput}`);
  close();
});

function isAbort(error: unknown): boolean {
  return error instanceof PeerlaneError && error.code === 'ERR_ABORTED';
}
