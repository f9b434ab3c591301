import { FRAME_NAMES, LIMITS, MAGIC, type Frame, type FrameType } from './frames.ts';

/**
 * Binary encoding of protocol frames, driven by one table of each frame's fields in
 * wire order; a field's name says how it is encoded (FIELD_KINDS below). The decoder
 * is total: any bytes yield a frame or `{ error }`, it never throws, and it allocates
 * nothing beyond the limits in frames.ts, checked before any allocation (DATA payloads
 * are views).
 */

export type Decoded = Frame | { readonly type: 'error'; readonly error: string };

const FIELDS: Record<FrameType, readonly string[]> = {
  handshake: ['magic', 'version', 'capabilities', 'maxRequests'],
  rendition: ['id', 'key'],
  availability: ['rendition', 'segments'],
  have: ['rendition', 'init', 'sequence', 'size'],
  lost: ['rendition', 'init', 'sequence'],
  fetching: ['rendition', 'init', 'sequence'],
  request: ['requestId', 'rendition', 'init', 'sequence', 'start', 'end'],
  data: ['requestId', 'offset', 'payload'],
  done: ['requestId'],
  absent: ['requestId'],
  cancel: ['requestId'],
};
/*
 * FIELD_KINDS: `magic` (u32, MAGIC, not in the frame object), `version` and `maxRequests`
 * (u8), `capabilities` (u32), `id` and `rendition` (u8 below LIMITS.renditions), `init`
 * (flags byte: bit 0 marks an init segment, other bits clear in version 1), `key` (u8
 * length, 1 to 255 UTF-8 bytes), `segments` (varint count, then flags, sequence and size
 * per entry), `payload` (the rest of the frame, 1 to LIMITS.dataBytes); any other field is
 * an unsigned LEB128 varint of at most 5 bytes and at most LIMITS.integer.
 */

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Raised inside the decoder only, and always caught there. */
class Malformed extends Error {}

export function decodeFrame(bytes: Uint8Array): Decoded {
  if (bytes.length > LIMITS.frameBytes) return { type: 'error', error: 'frame too large' };
  let at = 0;
  const fail = (message: string): never => {
    throw new Malformed(message);
  };
  const u8 = (): number => bytes[at++] ?? fail('truncated frame');
  const u32 = (): number => ((u8() << 24) | (u8() << 16) | (u8() << 8) | u8()) >>> 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = u8();
      value += (byte & 0x7f) * 2 ** shift;
      if (byte < 0x80) return value > LIMITS.integer ? fail('integer out of range') : value;
    }
    return fail('varint too long');
  };
  const view = (length: number): Uint8Array =>
    at + length > bytes.length ? fail('truncated frame') : bytes.subarray(at, (at += length));
  const renditionId = (): number => {
    const id = u8();
    return id < LIMITS.renditions ? id : fail('rendition id out of range');
  };
  const flags = (): boolean => {
    const value = u8();
    return value > 1 ? fail('unknown segment flags') : value === 1;
  };
  const read: Record<string, () => unknown> = {
    magic: () => {
      if (u32() !== MAGIC) fail('not a Peerlane handshake');
    },
    version: u8,
    capabilities: u32,
    maxRequests: u8,
    id: renditionId,
    rendition: renditionId,
    init: flags,
    key: () => utf8Decoder.decode(view(u8() || fail('empty rendition key'))),
    segments: () => {
      const count = varint();
      // Each entry takes at least 3 bytes: refuse counts the frame cannot hold before allocating.
      if (count > LIMITS.availabilityEntries || count * 3 > bytes.length - at) {
        fail('availability count out of range');
      }
      return Array.from({ length: count }, () => {
        const init = flags();
        return { sequence: varint(), init, size: varint() };
      });
    },
    payload: () => {
      const length = bytes.length - at;
      return length > 0 && length <= LIMITS.dataBytes
        ? view(length)
        : fail('data payload size out of range');
    },
  };
  try {
    const code = u8();
    const type = FRAME_NAMES[code - 1] ?? fail(`unknown frame type ${code}`);
    const frame: Record<string, unknown> = { type };
    for (const name of FIELDS[type]) {
      const value = (read[name] ?? varint)();
      if (value !== undefined) frame[name] = value;
    }
    const { start, end } = frame as { start: number; end: number };
    if (type === 'request' && end !== 0 && end <= start) fail('empty request range');
    if (at < bytes.length) fail(`trailing bytes after ${type}`);
    return frame as unknown as Frame;
  } catch (error) {
    return { type: 'error', error: error instanceof Malformed ? error.message : 'malformed frame' };
  }
}

/** Every frame fits: the largest, an AVAILABILITY at its limit, takes under 45 KiB. */
const scratch = new Uint8Array(LIMITS.frameBytes);

/**
 * Encodes a frame into a fresh buffer. Throws a RangeError for a frame the decoder
 * would refuse (our own bug, never remote input), so nothing malformed leaves this side.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  let at = 0;
  const check = (ok: boolean, what: string): void => {
    if (!ok) throw new RangeError(`protocol ${what} out of range`);
  };
  const u8 = (value: number): void => {
    scratch[at++] = value;
  };
  const u32 = (value: number): void => {
    for (let shift = 24; shift >= 0; shift -= 8) u8((value >>> shift) & 0xff);
  };
  const varint = (value: number): void => {
    check(Number.isInteger(value) && value >= 0 && value <= LIMITS.integer, `integer ${value}`);
    for (; value >= 0x80; value = Math.floor(value / 0x80)) u8((value % 0x80) | 0x80);
    u8(value);
  };
  const raw = (bytes: Uint8Array): void => {
    scratch.set(bytes, at);
    at += bytes.length;
  };
  const renditionId = (id: number): void => {
    check(id < LIMITS.renditions, 'rendition id');
    u8(id);
  };
  const flags = (init: boolean): void => {
    u8(init ? 1 : 0);
  };
  const write: Record<string, (value: never) => void> = {
    magic: () => {
      u32(MAGIC);
    },
    version: u8,
    capabilities: u32,
    maxRequests: u8,
    id: renditionId,
    rendition: renditionId,
    init: flags,
    key: (key: string) => {
      const bytes = utf8Encoder.encode(key);
      check(bytes.length > 0 && bytes.length <= LIMITS.renditionKeyBytes, 'rendition key length');
      u8(bytes.length);
      raw(bytes);
    },
    segments: (segments: readonly { sequence: number; init: boolean; size: number }[]) => {
      check(segments.length <= LIMITS.availabilityEntries, 'availability entries');
      varint(segments.length);
      for (const { sequence, init, size } of segments) {
        flags(init);
        varint(sequence);
        varint(size);
      }
    },
    payload: (payload: Uint8Array) => {
      check(payload.length > 0 && payload.length <= LIMITS.dataBytes, 'data payload size');
      raw(payload);
    },
  };
  if (frame.type === 'request') check(frame.end === 0 || frame.end > frame.start, 'request range');
  u8(FRAME_NAMES.indexOf(frame.type) + 1);
  const fields = frame as unknown as Record<string, never>;
  for (const name of FIELDS[frame.type]) (write[name] ?? varint)(fields[name] as never);
  return scratch.slice(0, at);
}
