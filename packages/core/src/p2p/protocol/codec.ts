import {
  FRAME_TYPES,
  LIMITS,
  MAGIC,
  type AvailabilityFrame,
  type Frame,
  type FrameType,
  type SegmentAddress,
} from './frames.ts';

/**
 * Binary encoding of protocol frames. The decoder is total: any bytes yield a
 * frame or `{ error }`, it never throws, and it allocates nothing beyond the
 * limits in frames.ts, checked before any allocation (DATA payloads are views).
 */

export type Decoded = Frame | { readonly type: 'error'; readonly error: string };

const TYPE_NAMES = Object.fromEntries(
  Object.entries(FRAME_TYPES).map(([name, code]) => [code, name]),
) as Partial<Record<number, FrameType>>;

const utf8Decoder = new TextDecoder('utf-8', { fatal: true });
const utf8Encoder = new TextEncoder();

/** Raised inside the decoder only, and always caught there. */
class Malformed extends Error {}

class Reader {
  #at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.#at;
  }

  u8(): number {
    const value = this.bytes[this.#at++];
    if (value === undefined) throw new Malformed('truncated frame');
    return value;
  }

  u32(): number {
    return ((this.u8() << 24) | (this.u8() << 16) | (this.u8() << 8) | this.u8()) >>> 0;
  }

  /** Unsigned LEB128 of at most 5 bytes, at most LIMITS.integer. */
  varint(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const byte = this.u8();
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) {
        if (value > LIMITS.integer) throw new Malformed('integer out of range');
        return value;
      }
    }
    throw new Malformed('varint too long');
  }

  view(length: number): Uint8Array {
    if (length > this.remaining) throw new Malformed('truncated frame');
    const view = this.bytes.subarray(this.#at, this.#at + length);
    this.#at += length;
    return view;
  }

  rest(): Uint8Array {
    return this.view(this.remaining);
  }
}

export function decodeFrame(bytes: Uint8Array): Decoded {
  if (bytes.length > LIMITS.frameBytes) return { type: 'error', error: 'frame too large' };
  try {
    const reader = new Reader(bytes);
    const frame = decodeBody(reader);
    if (reader.remaining !== 0)
      return { type: 'error', error: `trailing bytes after ${frame.type}` };
    return frame;
  } catch (error) {
    return { type: 'error', error: error instanceof Malformed ? error.message : 'malformed frame' };
  }
}

function decodeBody(reader: Reader): Frame {
  const code = reader.u8();
  const type = TYPE_NAMES[code];
  switch (type) {
    case 'handshake': {
      if (reader.u32() !== MAGIC) throw new Malformed('not a Peerlane handshake');
      return { type, version: reader.u8(), capabilities: reader.u32(), maxRequests: reader.u8() };
    }
    case 'rendition': {
      const id = renditionId(reader);
      const length = reader.u8();
      if (length === 0) throw new Malformed('empty rendition key');
      return { type, id, key: utf8Decoder.decode(reader.view(length)) };
    }
    case 'availability': {
      const rendition = renditionId(reader);
      const count = reader.varint();
      // Each entry takes at least 3 bytes: refuse counts the frame cannot hold before allocating.
      if (count > LIMITS.availabilityEntries || count * 3 > reader.remaining) {
        throw new Malformed('availability count out of range');
      }
      const segments: AvailabilityFrame['segments'][number][] = [];
      for (let i = 0; i < count; i++) {
        const init = flags(reader);
        segments.push({ sequence: reader.varint(), init, size: reader.varint() });
      }
      return { type, rendition, segments };
    }
    case 'have': {
      const address = segmentAddress(reader);
      return { type, ...address, size: reader.varint() };
    }
    case 'lost':
    case 'fetching':
      return { type, ...segmentAddress(reader) };
    case 'request': {
      const requestId = reader.varint();
      const address = segmentAddress(reader);
      const start = reader.varint();
      const end = reader.varint();
      if (end !== 0 && end <= start) throw new Malformed('empty request range');
      return { type, requestId, ...address, start, end };
    }
    case 'data': {
      const requestId = reader.varint();
      const offset = reader.varint();
      const length = reader.remaining;
      if (length === 0 || length > LIMITS.dataBytes)
        throw new Malformed('data payload size out of range');
      return { type, requestId, offset, payload: reader.rest() };
    }
    case 'done':
    case 'absent':
    case 'cancel':
      return { type, requestId: reader.varint() };
    case undefined:
      break;
  }
  throw new Malformed(`unknown frame type ${code}`);
}

function renditionId(reader: Reader): number {
  const id = reader.u8();
  if (id >= LIMITS.renditions) throw new Malformed('rendition id out of range');
  return id;
}

/** The flags byte: bit 0 marks an init segment; other bits must be clear in version 1. */
function flags(reader: Reader): boolean {
  const value = reader.u8();
  if (value > 1) throw new Malformed('unknown segment flags');
  return value === 1;
}

function segmentAddress(reader: Reader): SegmentAddress {
  const rendition = renditionId(reader);
  const init = flags(reader);
  return { rendition, init, sequence: reader.varint() };
}

class Writer {
  readonly bytes: Uint8Array;
  #at = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(capacity);
  }

  u8(value: number): this {
    this.bytes[this.#at++] = value;
    return this;
  }

  u32(value: number): this {
    return this.u8(value >>> 24)
      .u8((value >>> 16) & 0xff)
      .u8((value >>> 8) & 0xff)
      .u8(value & 0xff);
  }

  varint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > LIMITS.integer) {
      throw new RangeError(`protocol integer out of range: ${value}`);
    }
    let rest = value;
    while (rest >= 0x80) {
      this.u8((rest % 0x80) | 0x80);
      rest = Math.floor(rest / 0x80);
    }
    return this.u8(rest);
  }

  raw(bytes: Uint8Array): this {
    this.bytes.set(bytes, this.#at);
    this.#at += bytes.length;
    return this;
  }

  address({ rendition, init, sequence }: SegmentAddress): this {
    return this.u8(rendition)
      .u8(init ? 1 : 0)
      .varint(sequence);
  }

  /** The bytes written, as a view of the buffer. */
  done(): Uint8Array {
    return this.bytes.subarray(0, this.#at);
  }
}

/**
 * Encodes a frame. Throws a RangeError for a frame the decoder would refuse
 * (our own bug, never remote input), so nothing malformed leaves this side.
 */
export function encodeFrame(frame: Frame): Uint8Array {
  const code = FRAME_TYPES[frame.type];
  switch (frame.type) {
    case 'handshake':
      return new Writer(11)
        .u8(code)
        .u32(MAGIC)
        .u8(frame.version)
        .u32(frame.capabilities)
        .u8(frame.maxRequests)
        .done();
    case 'rendition': {
      const key = utf8Encoder.encode(frame.key);
      check(key.length > 0 && key.length <= LIMITS.renditionKeyBytes, 'rendition key length');
      check(frame.id < LIMITS.renditions, 'rendition id');
      return new Writer(3 + key.length).u8(code).u8(frame.id).u8(key.length).raw(key).done();
    }
    case 'availability': {
      check(frame.segments.length <= LIMITS.availabilityEntries, 'availability entries');
      const writer = new Writer(7 + frame.segments.length * 11)
        .u8(code)
        .u8(frame.rendition)
        .varint(frame.segments.length);
      for (const { sequence, init, size } of frame.segments) {
        writer
          .u8(init ? 1 : 0)
          .varint(sequence)
          .varint(size);
      }
      return writer.done();
    }
    case 'have':
      return new Writer(13).u8(code).address(frame).varint(frame.size).done();
    case 'lost':
    case 'fetching':
      return new Writer(8).u8(code).address(frame).done();
    case 'request':
      check(frame.end === 0 || frame.end > frame.start, 'request range');
      return new Writer(23)
        .u8(code)
        .varint(frame.requestId)
        .address(frame)
        .varint(frame.start)
        .varint(frame.end)
        .done();
    case 'data':
      check(
        frame.payload.length > 0 && frame.payload.length <= LIMITS.dataBytes,
        'data payload size',
      );
      return new Writer(11 + frame.payload.length)
        .u8(code)
        .varint(frame.requestId)
        .varint(frame.offset)
        .raw(frame.payload)
        .done();
    case 'done':
    case 'absent':
    case 'cancel':
      return new Writer(6).u8(code).varint(frame.requestId).done();
  }
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new RangeError(`protocol ${what} out of range`);
}
