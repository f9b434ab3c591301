import type { ByteRange } from '../identity.ts';

/**
 * The stream model an adapter registers with the engine: what a content is made
 * of, in the terms the scheduler and the peers need, never in a player's terms.
 */

/** One media segment (or init segment) that can be fetched and shared. */
export interface Segment {
  /** Stable id from `segmentId()`: rendition key + sequence (+ byte range), never the URL. */
  readonly id: string;
  /** The rendition (or audio track) key the segment belongs to. */
  readonly rendition: string;
  /** Media sequence number (live) or index (VOD). */
  readonly sequence: number;
  /** Presentation start in seconds on the player's timeline. */
  readonly startTime: number;
  /** Seconds. Zero for init segments. */
  readonly duration: number;
  /** Where HTTP fetches it; may carry tokens that differ per viewer. */
  readonly url: string;
  /** Part of the resource at `url`: `start` inclusive, `end` exclusive. */
  readonly byteRange?: ByteRange;
  /** Id of the init segment (EXT-X-MAP) this segment needs, if any. */
  readonly initSegmentId?: string;
}
