import type { Timers } from '../../platform.ts';
import type { ByteRange } from '../../identity.ts';
import type { RateLimiter } from './rate-limiter.ts';

/** A segment as the engine names it to a peer: the wire's numeric rendition ids stay inside. */
export interface SegmentRef {
  /** Stable rendition key (see `Segment.rendition`). */
  readonly rendition: string;
  readonly sequence: number;
  /** An init segment (EXT-X-MAP) rather than a media segment. */
  readonly init: boolean;
}

export interface HeldSegment {
  readonly sequence: number;
  readonly init: boolean;
  readonly size: number;
}

/**
 * What one side says about the segments it holds: sent with `Peer.announce`, received
 * as the `availability` event. `availability` replaces everything said before about
 * its rendition; `fetching` means "loading it over HTTP, wait for my `have`"; `lost`
 * withdraws both a `have` and a `fetching`.
 */
export type Announcement =
  | {
      readonly type: 'availability';
      readonly rendition: string;
      readonly segments: readonly HeldSegment[];
    }
  | { readonly type: 'have'; readonly segment: SegmentRef; readonly size: number }
  | { readonly type: 'lost' | 'fetching'; readonly segment: SegmentRef };

/**
 * Returns bytes `[start, end)` of a segment (`end` undefined: to the segment's end), or
 * undefined when it isn't held. Any other length than asked is answered ABSENT.
 */
export type ServeSegment = (
  segment: SegmentRef,
  start: number,
  end: number | undefined,
) => Uint8Array | undefined | Promise<Uint8Array | undefined>;

export interface PeerOptions {
  /** Answers the remote's requests; without it every request is answered ABSENT. */
  readonly serve?: ServeSegment;
  /** Requests the remote may have in flight at once (0–255), sent in the handshake. Default 4. */
  readonly maxRequests?: number;
  /** Shared by all peers so that the upload cap is the viewer's, not per peer. */
  readonly uploadLimiter?: RateLimiter;
  /**
   * Bytes the data channel may buffer before DATA waits for `bufferedamountlow`
   * (the threshold is set to half of it); at least LIMITS.frameBytes. Default 512 KiB.
   */
  readonly highWaterMark?: number;
  /** The remote must complete its handshake within this long. Default 10000 ms. */
  readonly handshakeTimeoutMs?: number;
  /** Clock in ms; default `performance.now()`. */
  readonly now?: () => number;
  readonly timers?: Timers;
}

export interface RequestOptions {
  /** Bytes to fetch; default the whole segment. */
  readonly range?: ByteRange;
  readonly signal?: AbortSignal;
  /** Bytes as they arrive, in order; `offset` is within the segment. `chunk` is not copied. */
  readonly onData?: (chunk: Uint8Array, offset: number) => void;
}

export interface RemoteHandshake {
  readonly version: number;
  readonly capabilities: number;
  readonly maxRequests: number;
}

/**
 * Why a peer closed. `closed`: `close()` was called; `remote`: the channel closed or
 * failed; `version`: the remote speaks another protocol version; `protocol`: it broke
 * the protocol (malformed frame, unknown request, undeclared rendition …); `timeout`:
 * no handshake in time.
 */
export interface PeerCloseReason {
  readonly code: 'closed' | 'remote' | 'version' | 'protocol' | 'timeout';
  readonly message: string;
}

export interface PeerEvents {
  /** The remote's handshake was accepted; requests go out from now on. */
  ready: RemoteHandshake;
  /** The remote's availability changed. Repeated `have`/`fetching`/`lost` that change nothing are not emitted. */
  availability: Announcement;
  downloaded: number;
  uploaded: number;
  close: PeerCloseReason;
}

/** The part of an open RTCDataChannel a peer uses. */
export type PeerChannel = Pick<
  RTCDataChannel,
  | 'binaryType'
  | 'bufferedAmount'
  | 'bufferedAmountLowThreshold'
  | 'send'
  | 'close'
  | 'addEventListener'
>;

export type { Timers };
