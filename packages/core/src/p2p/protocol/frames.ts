/**
 * Peerlane's peer wire protocol, version 1: one binary frame per data channel
 * message. Segments are addressed by a small per-direction rendition number
 * (declared once with a RENDITION frame) and their sequence number, so the
 * frequent frames (HAVE, REQUEST, DATA) stay a few bytes long.
 */

export const PROTOCOL_VERSION = 1;
/** "PLNE": a handshake that doesn't start with it is not Peerlane talking. */
export const MAGIC = 0x504c4e45;

/** Bounds the decoder enforces; a frame beyond any of them is malformed. */
export const LIMITS = {
  /** Largest DATA payload. */
  dataBytes: 16 * 1024,
  /** Renditions one side may declare (audio tracks included). */
  renditions: 64,
  /** Longest rendition key, in UTF-8 bytes. */
  renditionKeyBytes: 255,
  /** Segments listed in one AVAILABILITY frame. */
  availabilityEntries: 4096,
  /** Largest frame of any type (an AVAILABILITY at its limit fits). */
  frameBytes: 64 * 1024,
  /** Largest sequence number, segment size or byte offset (2^32 - 1). */
  integer: 0xffffffff,
} as const;

/** Frame types; each one's code on the wire is its index here plus one. */
export const FRAME_NAMES = [
  'handshake',
  'rendition',
  'availability',
  'have',
  'lost',
  'fetching',
  'request',
  'data',
  'done',
  'absent',
  'cancel',
] as const;

export type FrameType = (typeof FRAME_NAMES)[number];

/** A segment as the wire names it. `init` marks an init segment (EXT-X-MAP). */
export interface SegmentAddress {
  readonly rendition: number;
  readonly sequence: number;
  readonly init: boolean;
}

export interface Handshake {
  readonly type: 'handshake';
  readonly version: number;
  /** Bit flags for optional features; unknown bits are ignored. */
  readonly capabilities: number;
  /** Requests this side accepts in flight at once. */
  readonly maxRequests: number;
}

/** Declares that `id` stands for the rendition `key` in frames from this side. */
export interface RenditionFrame {
  readonly type: 'rendition';
  readonly id: number;
  readonly key: string;
}

/** Every segment of one rendition the sender holds, replacing what it said before. */
export interface AvailabilityFrame {
  readonly type: 'availability';
  readonly rendition: number;
  readonly segments: readonly {
    readonly sequence: number;
    readonly init: boolean;
    readonly size: number;
  }[];
}

/** The sender now holds a segment of `size` bytes. */
export interface HaveFrame extends SegmentAddress {
  readonly type: 'have';
  readonly size: number;
}

/** LOST: evicted. FETCHING: the sender is loading it over HTTP, so wait for its HAVE. */
export interface SegmentFrame extends SegmentAddress {
  readonly type: 'lost' | 'fetching';
}

/** Bytes `[start, end)` of a segment; `end` 0 means to the segment's end. */
export interface RequestFrame extends SegmentAddress {
  readonly type: 'request';
  readonly requestId: number;
  readonly start: number;
  readonly end: number;
}

export interface DataFrame {
  readonly type: 'data';
  readonly requestId: number;
  /** Offset of `payload` within the segment. */
  readonly offset: number;
  readonly payload: Uint8Array;
}

/** DONE: every requested byte was sent. ABSENT: it can't be served. CANCEL: no longer wanted. */
export interface RequestStatusFrame {
  readonly type: 'done' | 'absent' | 'cancel';
  readonly requestId: number;
}

export type Frame =
  | Handshake
  | RenditionFrame
  | AvailabilityFrame
  | HaveFrame
  | SegmentFrame
  | RequestFrame
  | DataFrame
  | RequestStatusFrame;
