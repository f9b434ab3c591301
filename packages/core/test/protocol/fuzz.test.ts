import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeFrame, encodeFrame, type Decoded } from '../../src/p2p/protocol/codec.ts';
import { FRAME_NAMES, LIMITS } from '../../src/p2p/protocol/frames.ts';
import { seededRandom as random } from '../../../../test/support/seeded-random.ts';
import { SAMPLE_FRAMES } from './sample-frames.ts';

/** What any decoded frame must satisfy, however hostile its bytes. */
function assertWithinLimits(decoded: Decoded, input: Uint8Array): void {
  switch (decoded.type) {
    case 'error':
      assert.equal(typeof decoded.error, 'string');
      return;
    case 'data':
      assert.ok(decoded.payload.length > 0 && decoded.payload.length <= LIMITS.dataBytes);
      assert.equal(decoded.payload.buffer, input.buffer, 'payload must be a view');
      break;
    case 'availability':
      assert.ok(decoded.segments.length <= LIMITS.availabilityEntries);
      assert.ok(decoded.rendition < LIMITS.renditions);
      break;
    case 'rendition':
      assert.ok(new TextEncoder().encode(decoded.key).length <= LIMITS.renditionKeyBytes);
      break;
    default:
      break;
  }
  // Whatever decodes must re-encode to something that decodes the same.
  assert.deepEqual(decodeFrame(encodeFrame(decoded)), decoded);
}

test('100,000 random and mutated frames never throw out of the decoder', () => {
  const next = random(0x5eed);
  const byte = (): number => Math.floor(next() * 256);
  const codes = FRAME_NAMES.map((_, i) => i + 1);
  const valid = SAMPLE_FRAMES.map((frame) => encodeFrame(frame));
  const counts = { frames: 0, errors: 0 };

  for (let i = 0; i < 100_000; i++) {
    let input: Uint8Array;
    const kind = i % 4;
    if (kind === 0) {
      // Pure noise.
      input = Uint8Array.from({ length: Math.floor(next() * 64) }, byte);
    } else if (kind === 1) {
      // Noise behind a real frame type, so the body decoders get exercised.
      const length = 1 + Math.floor(next() * 48);
      input = Uint8Array.from({ length }, byte);
      input[0] = codes[Math.floor(next() * codes.length)] ?? 1;
    } else {
      // A valid frame with bytes flipped, truncated or extended.
      const base = valid[Math.floor(next() * valid.length)] ?? new Uint8Array(0);
      const copy = Uint8Array.from(base);
      for (let flips = 1 + Math.floor(next() * 3); flips > 0; flips--) {
        copy[Math.floor(next() * copy.length)] = byte();
      }
      const cut = kind === 2 ? Math.floor(next() * (copy.length + 1)) : copy.length;
      input =
        next() < 0.5
          ? copy.subarray(0, cut)
          : Uint8Array.from([
              ...copy.subarray(0, cut),
              ...Array.from({ length: 1 + Math.floor(next() * 8) }, byte),
            ]);
    }
    let decoded: Decoded;
    try {
      decoded = decodeFrame(input);
    } catch (error) {
      assert.fail(`decoder threw on [${Array.from(input).join(',')}]: ${String(error)}`);
    }
    assertWithinLimits(decoded, input);
    if (decoded.type === 'error') counts.errors++;
    else counts.frames++;
  }
  // The corpus must reach past the first byte: some inputs decode, most do not.
  assert.ok(counts.frames > 1000, `only ${counts.frames} inputs decoded`);
  assert.ok(counts.errors > 50_000, `only ${counts.errors} inputs were rejected`);
});
