import type { ByteRange } from '../identity.ts';

/** What the scheduler needs to know about one connected peer. */
export interface PeerView {
  readonly id: string;
  /** The segment's size in bytes when the peer has it (its HAVE carries the size). */
  has(segmentId: string): number | undefined;
  /** The peer announced it is loading the segment over HTTP: its HAVE will follow. */
  fetching(segmentId: string): boolean;
  /** Measured download rate from this peer in bytes/s; undefined before a sample. */
  readonly throughput: number | undefined;
  /** Round-trip time in ms; undefined before a sample. */
  readonly rtt: number | undefined;
  /** Our requests in flight to it. */
  readonly busy: number;
  /** Requests it accepts in flight at once (its handshake's `maxRequests`). */
  readonly maxRequests: number;
  /** It has delivered a whole segment to us before. */
  readonly proven: boolean;
}

/** One download in flight for a segment. */
export interface Flight {
  /** The peer serving it; absent for HTTP. */
  readonly peerId?: string | undefined;
  /** Bytes asked, within the segment; absent: the whole segment. */
  readonly range?: ByteRange | undefined;
  /** Bytes received so far, counted from the start of `range`. */
  readonly loaded: number;
  /** When the last byte arrived (ms), or when the request went out while none has. */
  readonly lastByteAt: number;
}

export interface WantedSegment {
  readonly id: string;
  /** Presentation start in seconds on the player's timeline. */
  readonly startTime: number;
  /** Bytes, once known (a peer's HAVE, Content-Length or a DATA frame's total). */
  readonly size?: number;
  /** In the store: nothing to decide. */
  readonly held?: boolean;
  readonly flights?: readonly Flight[];
  /** The player is waiting for it. */
  readonly waited?: boolean;
  /** When this viewer first saw it in a playlist (ms): its seeding turn counts from then. */
  readonly knownAt?: number;
  /** An HTTP download of it failed: no other before this (ms), unless the player waits for it and it is urgent. */
  readonly retryAt?: number;
}

/** A snapshot of the world: plain data, so that tests drive time with plain numbers. */
export interface SchedulerInput {
  /** Clock in ms, on the same timeline as `Flight.lastByteAt`. */
  readonly now: number;
  /** Playhead in seconds. */
  readonly position: number;
  /** Playback rate; 0 while paused. */
  readonly rate: number;
  readonly live: boolean;
  /** The wanted segments of the current rendition from the playhead on, in order. */
  readonly segments: readonly WantedSegment[];
  /** The connected peers: the neighbourhood that coordinated seeding ranks. */
  readonly peers: readonly PeerView[];
  readonly selfId: string;
  /** Measured HTTP download rate in bytes/s; undefined before a sample. */
  readonly httpThroughput: number | undefined;
  /** Until then (ms) the tracker is still introducing peers: seeding turns count from then. */
  readonly introducingUntil?: number;
}

/** Named as the engine's options, so that the engine passes its configuration as it is. */
export interface SchedulerOptions {
  /**
   * Urgent: a segment whose deadline is within this many seconds, plus its expected HTTP
   * time, no longer waits for peers: any peer that holds it is tried, else HTTP. Default 2.
   */
  readonly urgentWindow?: number;
  /**
   * A peer must deliver at least this many seconds before the deadline. Critical: a segment
   * within this plus its HTTP time goes over HTTP unless a proven peer can. Default 1.
   */
  readonly marginSeconds?: number;
  /** Segments further ahead than this many seconds are fetched only once the player asks. Default 30. */
  readonly prefetchWindow?: number;
  /** A P2P download with no byte for this long is finished over HTTP. Default 2000. */
  readonly stallMs?: number;
  /**
   * Coordinated seeding: a segment nobody holds or fetches is loaded over HTTP by the viewer
   * ranked first for it among itself and its peers, at once; the one ranked r waits r times
   * this long (ms) for a peer's FETCHING or HAVE, which covers a first choice that has not
   * seen the segment yet or is not connected to everyone. Default 500.
   */
  readonly seedStaggerMs?: number;
  /** HTTP downloads in flight at most, but for segments about to be late (critical). Default 2. */
  readonly maxHttpDownloads?: number;
  /** P2P requests in flight at most, over all peers. Default 6. */
  readonly maxP2PDownloads?: number;
  /** A segment is split over several peers only in ranges of at least about this size. Default 128 KiB. */
  readonly minRangeBytes?: number;
}

/** Why an HTTP download happened, as the stats count it. */
export type HttpReason = 'urgent' | 'seed' | 'fallback' | 'no-peer';

/**
 * What to start or stop. Every HTTP download is worth announcing as FETCHING so that
 * neighbours wait for its HAVE instead of loading it too.
 */
export type Decision =
  | {
      readonly kind: 'http';
      readonly segmentId: string;
      readonly reason: HttpReason;
      /** Inside the urgent window: a failure goes to the player rather than wait for a retry. */
      readonly urgent: boolean;
      /** Bytes within the segment; absent: the whole segment. */
      readonly range?: ByteRange;
    }
  | {
      readonly kind: 'p2p';
      readonly segmentId: string;
      readonly peerId: string;
      /** Bytes within the segment; absent: the whole segment. */
      readonly range?: ByteRange;
    }
  | { readonly kind: 'cancel'; readonly segmentId: string; readonly peerId: string };
