import { LIMITS, type Frame } from '../../src/p2p/protocol/frames.ts';

export const payload = (length: number): Uint8Array =>
  Uint8Array.from({ length }, (_, i) => (i * 7) & 0xff);

/** One frame of every type, with edge values where they exist. */
export const SAMPLE_FRAMES: Frame[] = [
  { type: 'handshake', version: 1, capabilities: 0xffffffff, maxRequests: 8 },
  { type: 'rendition', id: 0, key: '1280x720@2500000|avc1.64001f' },
  { type: 'rendition', id: LIMITS.renditions - 1, key: 'é'.repeat(127) },
  { type: 'availability', rendition: 3, segments: [] },
  {
    type: 'availability',
    rendition: 1,
    segments: [
      { sequence: 0, init: true, size: 1356 },
      { sequence: 41, init: false, size: 0 },
      { sequence: LIMITS.integer, init: false, size: LIMITS.integer },
    ],
  },
  { type: 'have', rendition: 2, sequence: 1_000_000, init: false, size: 52_245 },
  { type: 'lost', rendition: 2, sequence: 127, init: false },
  { type: 'fetching', rendition: 0, sequence: 128, init: true },
  { type: 'request', requestId: 0, rendition: 1, sequence: 9, init: false, start: 0, end: 0 },
  {
    type: 'request',
    requestId: LIMITS.integer,
    rendition: 1,
    sequence: 9,
    init: false,
    start: 16_384,
    end: 32_768,
  },
  { type: 'data', requestId: 5, offset: 0, payload: payload(1) },
  { type: 'data', requestId: 5, offset: 1 << 20, payload: payload(LIMITS.dataBytes) },
  { type: 'done', requestId: 5 },
  { type: 'absent', requestId: 6 },
  { type: 'cancel', requestId: 7 },
];
