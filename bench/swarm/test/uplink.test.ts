import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUplink } from '../shared/uplink.ts';

/** A data channel that delivers at once: only the emulated link holds messages back. */
class FakeChannel extends EventTarget {
  readyState: RTCDataChannelState = 'open';
  bufferedAmountLowThreshold = 0;
  readonly sent: { bytes: number; at: number }[] = [];

  get bufferedAmount(): number {
    return 0;
  }

  send(data: ArrayBuffer): void {
    this.sent.push({ bytes: data.byteLength, at: performance.now() });
  }
}

const attach = (rate: number, ...channels: FakeChannel[]): void => {
  const uplink = createUplink(rate);
  for (const channel of channels) uplink.attach(channel as unknown as RTCDataChannel);
};

function lowEvent(channel: FakeChannel): Promise<void> {
  return new Promise((resolve) => {
    channel.addEventListener(
      'bufferedamountlow',
      () => {
        resolve();
      },
      { once: true },
    );
  });
}

test('messages leave at the link rate, in order, and count in bufferedAmount until then', async () => {
  const channel = new FakeChannel();
  attach(100_000, channel);
  const started = performance.now();
  for (let i = 0; i < 5; i++) channel.send(new ArrayBuffer(10_000 + i));
  assert.equal(channel.bufferedAmount, 50_010);
  assert.equal(channel.sent.length, 0);
  channel.bufferedAmountLowThreshold = 1;
  await lowEvent(channel);
  const elapsed = performance.now() - started;
  // 50 kB at 100 kB/s: 0.5 s (timers may run late on a busy machine, never early).
  assert.ok(elapsed >= 480 && elapsed < 3000, `took ${elapsed} ms`);
  assert.deepEqual(
    channel.sent.map((s) => s.bytes),
    [10_000, 10_001, 10_002, 10_003, 10_004],
  );
  assert.equal(channel.bufferedAmount, 0);
});

test('channels share the link, served in turn', async () => {
  const [a, b] = [new FakeChannel(), new FakeChannel()];
  attach(200_000, a, b);
  for (let i = 0; i < 3; i++) a.send(new ArrayBuffer(10_000));
  for (let i = 0; i < 3; i++) b.send(new ArrayBuffer(10_000));
  a.bufferedAmountLowThreshold = 1;
  b.bufferedAmountLowThreshold = 1;
  await Promise.all([lowEvent(a), lowEvent(b)]);
  const order = [
    ...a.sent.map((s) => ['a', s.at] as const),
    ...b.sent.map((s) => ['b', s.at] as const),
  ]
    .sort((x, y) => x[1] - y[1])
    .map(([name]) => name);
  assert.deepEqual(order, ['a', 'b', 'a', 'b', 'a', 'b']);
});

test('a closed channel drops its queue and frees the link for the others', async () => {
  const [a, b] = [new FakeChannel(), new FakeChannel()];
  attach(100_000, a, b);
  for (let i = 0; i < 10; i++) a.send(new ArrayBuffer(10_000));
  a.readyState = 'closed';
  a.dispatchEvent(new Event('close'));
  b.send(new ArrayBuffer(10_000));
  b.bufferedAmountLowThreshold = 1;
  const started = performance.now();
  await lowEvent(b);
  assert.ok(performance.now() - started < 1000, 'b waited behind a closed channel');
  assert.ok(a.sent.length <= 1, `a sent ${a.sent.length} after closing`);
});
