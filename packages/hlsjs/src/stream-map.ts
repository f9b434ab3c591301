import { segmentId, type ByteRange, type Segment } from '@peerlane/core';
import type { Fragment, Level, LevelDetails, MediaPlaylist } from './hls-types.ts';

/** The wire protocol's bound on a rendition key, in UTF-8 bytes. */
const MAX_KEY_BYTES = 255;

/** FNV-1a, 32 bits: a short, stable number for a string. */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  }
  return hash;
}

function boundedKey(key: string): string {
  return new TextEncoder().encode(key).length <= MAX_KEY_BYTES
    ? key
    : `h/${fnv1a(key).toString(36)}`;
}

/**
 * A variant's rendition key, from what the multivariant playlist says of it
 * (bandwidth, resolution, codecs): the same for every viewer, whatever the order in
 * which hls.js filters and sorts levels, and the same for redundant copies of one
 * variant on several CDNs, which hold the same bytes.
 */
export function levelKey(level: Level): string {
  const { BANDWIDTH, RESOLUTION, CODECS } = level.attrs;
  return boundedKey(`v/${BANDWIDTH ?? level.bitrate}/${RESOLUTION ?? ''}/${CODECS ?? ''}`);
}

/** An alternate audio rendition's key, from its EXT-X-MEDIA group, name and language. */
export function audioKey(track: MediaPlaylist): string {
  return boundedKey(`a/${track.groupId}/${track.name}/${track.lang ?? ''}`);
}

function byteRangeOf(segment: Fragment): ByteRange | undefined {
  const [start, end] = segment.byteRange;
  return start === undefined || end === undefined ? undefined : { start, end };
}

/**
 * An init segment's sequence: the same number wherever the init segment is listed, so
 * a hash of its URL path and byte range (never the host, which differs per CDN, nor
 * the query, which carries tokens). Only init segments of one rendition need differ.
 */
function initSequence(url: string, range: ByteRange | undefined): number | undefined {
  let pathname: string;
  try {
    ({ pathname } = new URL(url));
  } catch {
    return undefined;
  }
  return fnv1a(range ? `${pathname}|${range.start}-${range.end}` : pathname);
}

/**
 * hls.js playlists in the engine's terms. The fragments hls.js later asks its loader
 * for are the very objects listed here, so each one's segment id is remembered by
 * identity rather than recomputed from a URL.
 */
export class StreamMap {
  readonly #ids = new WeakMap<Fragment, string>();

  /** The id of a fragment registered by `segments()`, undefined for any other. */
  idOf(fragment: Fragment): string | undefined {
    return this.#ids.get(fragment);
  }

  /**
   * The segments of one rendition's playlist, with start times on hls.js's timeline
   * (the media element's). An init segment is due with the first of its media
   * segments that is still ahead of `position` (the playhead), so that one needed
   * for a level switch isn't taken as overdue. Gaps and fragments of no duration
   * (the model reserves 0 for init segments) are left out: the player loads those
   * over HTTP.
   */
  segments(rendition: string, details: LevelDetails, position = -Infinity): Segment[] {
    const segments: Segment[] = [];
    const inits = new Map<Fragment, Segment | undefined>();
    /** Each init segment's media segment that is due first: the first not behind the playhead. */
    const due = new Map<Segment, Fragment>();
    for (const fragment of details.fragments) {
      const { sn, initSegment } = fragment;
      if (fragment.gap === true || !(fragment.duration > 0)) continue;
      if (!Number.isSafeInteger(sn) || sn < 0) continue;
      let init: Segment | undefined;
      if (initSegment) {
        if (!inits.has(initSegment)) inits.set(initSegment, this.#init(rendition, initSegment));
        init = inits.get(initSegment);
        // Without its init segment a media segment is of no use to a peer.
        if (init === undefined) continue;
        const first = due.get(init);
        if (first === undefined || first.start + first.duration <= position) {
          due.set(init, fragment);
        }
      }
      const byteRange = byteRangeOf(fragment);
      const id = segmentId({ rendition, sequence: sn, ...(byteRange && { byteRange }) });
      this.#ids.set(fragment, id);
      segments.push({
        id,
        rendition,
        sequence: sn,
        startTime: fragment.start,
        duration: fragment.duration,
        url: fragment.url,
        ...(byteRange && { byteRange }),
        ...(init && { initSegmentId: init.id }),
      });
    }
    for (const [init, { start }] of due) segments.push({ ...init, startTime: start });
    return segments;
  }

  #init(rendition: string, init: Fragment): Segment | undefined {
    const { url } = init;
    const byteRange = byteRangeOf(init);
    const sequence = initSequence(url, byteRange);
    if (sequence === undefined) return undefined;
    const id = segmentId({ rendition, sequence, ...(byteRange && { byteRange }) });
    this.#ids.set(init, id);
    return {
      id,
      rendition,
      sequence,
      startTime: 0,
      duration: 0,
      url,
      ...(byteRange && { byteRange }),
    };
  }
}
