import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeFrame } from '../../src/p2p/protocol/codec.ts';
import { FRAME_NAMES, LIMITS, MAGIC } from '../../src/p2p/protocol/frames.ts';
import { payload, SAMPLE_FRAMES } from './sample-frames.ts';

describe('frames round-trip', () => {
  for (const frame of SAMPLE_FRAMES) {
    test(`${frame.type} ${JSON.stringify(frame).slice(0, 60)}`, () => {
      const decoded = decodeFrame(encodeFrame(frame));
      assert.deepEqual(decoded, frame);
    });
  }

  test('every frame type has a sample', () => {
    assert.deepEqual(new Set(SAMPLE_FRAMES.map((f) => f.type)), new Set(FRAME_NAMES));
  });

  test('a DATA payload is a view of the received bytes, not a copy', () => {
    const bytes = encodeFrame({ type: 'data', requestId: 1, offset: 2, payload: payload(100) });
    const decoded = decodeFrame(bytes);
    assert.equal(decoded.type, 'data');
    assert.equal(decoded.payload.buffer, bytes.buffer);
  });

  test('small frames stay small', () => {
    assert.equal(
      encodeFrame({ type: 'have', rendition: 1, sequence: 100, init: false, size: 50_000 }).length,
      7,
    );
    assert.equal(encodeFrame({ type: 'done', requestId: 3 }).length, 2);
  });
});

describe('the decoder rejects malformed frames', () => {
  const cases: [string, number[], RegExp][] = [
    ['empty', [], /truncated/],
    ['unknown type', [0], /unknown frame type 0/],
    ['unknown type 200', [200, 1, 2], /unknown frame type 200/],
    ['handshake without magic', [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 4], /not a Peerlane handshake/],
    ['truncated handshake', [1, ...u32(MAGIC), 1], /truncated/],
    ['rendition id out of range', [2, LIMITS.renditions, 1, 65], /rendition id/],
    ['empty rendition key', [2, 0, 0], /empty rendition key/],
    ['rendition key not UTF-8', [2, 0, 2, 0xc3, 0x28], /malformed/],
    ['rendition key shorter than its length', [2, 0, 5, 65], /truncated/],
    [
      'availability count beyond the limit',
      [3, 0, ...varint(LIMITS.availabilityEntries + 1)],
      /count/,
    ],
    ['availability count beyond the frame', [3, 0, 50, 0, 1, 1], /count/],
    ['unknown segment flags', [4, 0, 2, 1, 1], /flags/],
    ['varint too long', [4, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01, 1], /varint too long/],
    ['integer beyond 2^32 - 1', [4, 0, 0, 0x80, 0x80, 0x80, 0x80, 0x10, 1], /out of range/],
    ['empty request range', [7, 1, 0, 0, 5, 10, 10], /empty request range/],
    ['empty data', [8, 1, 0], /payload size/],
    ['trailing bytes', [9, 1, 0], /trailing bytes after done/],
  ];
  for (const [name, bytes, error] of cases) {
    test(name, () => {
      const decoded = decodeFrame(Uint8Array.from(bytes));
      assert.equal(decoded.type, 'error');
      assert.match(decoded.error, error);
    });
  }

  test('oversized DATA and oversized frames', () => {
    const data = [8, 1, 0, ...payload(LIMITS.dataBytes + 1)];
    assert.equal(decodeFrame(Uint8Array.from(data)).type, 'error');
    assert.deepEqual(decodeFrame(new Uint8Array(LIMITS.frameBytes + 1)), {
      type: 'error',
      error: 'frame too large',
    });
  });
});

describe('the encoder refuses what the decoder would', () => {
  test('out-of-range values throw RangeError', () => {
    assert.throws(() => encodeFrame({ type: 'done', requestId: -1 }), RangeError);
    assert.throws(() => encodeFrame({ type: 'done', requestId: 2 ** 32 }), RangeError);
    assert.throws(() => encodeFrame({ type: 'done', requestId: 1.5 }), RangeError);
    assert.throws(() => encodeFrame({ type: 'rendition', id: 0, key: '' }), RangeError);
    assert.throws(
      () => encodeFrame({ type: 'rendition', id: 0, key: 'x'.repeat(256) }),
      RangeError,
    );
    assert.throws(
      () => encodeFrame({ type: 'rendition', id: LIMITS.renditions, key: 'x' }),
      RangeError,
    );
    assert.throws(
      () => encodeFrame({ type: 'data', requestId: 1, offset: 0, payload: new Uint8Array(0) }),
      RangeError,
    );
    assert.throws(
      () =>
        encodeFrame({
          type: 'request',
          requestId: 1,
          rendition: 0,
          sequence: 1,
          init: false,
          start: 10,
          end: 10,
        }),
      RangeError,
    );
  });
});

function u32(value: number): number[] {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}
