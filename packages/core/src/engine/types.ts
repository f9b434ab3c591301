import type { Timers } from '../platform.ts';
import type { SocketLike } from '../p2p/tracker-client/types.ts';
import type { PeerCloseReason } from '../p2p/peer/types.ts';
import type { HttpReason } from '../scheduler/types.ts';
import type { SegmentStore } from '../storage/segment-store.ts';

/** Platform objects; each defaults to the browser global (see DESIGN: injected, never reached for). */
export interface Platform {
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  readonly WebSocket?: new (url: string) => SocketLike;
  readonly RTCPeerConnection?: new (config?: RTCConfiguration) => RTCPeerConnection;
  readonly timers?: Timers;
  /** Clock in ms; default `performance.now()`, the clock hls.js reads. */
  readonly now?: () => number;
  /** Uniform in [0, 1). */
  readonly random?: () => number;
  /** Where segments are kept; default a memory store with `memoryBudget`. */
  readonly store?: SegmentStore;
}

export type Source = 'http' | 'p2p' | 'memory';

/** How a segment reached the player, with real timings on the `now` clock (ms). */
export interface LoadInfo {
  readonly source: Source;
  /** The (first) peer whose bytes were used. */
  readonly peerId?: string;
  readonly startedAt: number;
  readonly firstByteAt: number;
  readonly endedAt: number;
}

export interface LoadCallbacks {
  /** Bytes in order, never a peer's before they passed the integrity checks. */
  onProgress?(chunk: Uint8Array, loaded: number, total: number | undefined): void;
  /**
   * Bytes received so far from any source, peers included, before verification: for
   * progress figures (a player's ABR watches them), never for the bytes themselves.
   */
  onBytes?(loaded: number, total: number | undefined): void;
  /** `bytes` is the caller's own copy: it may transfer it to a worker. */
  onSuccess(bytes: Uint8Array, info: LoadInfo): void;
  onError(error: Error): void;
}

export interface PlaybackState {
  /** Seconds on the segments' timeline (`Segment.startTime`). */
  readonly position: number;
  /** 0 while paused. */
  readonly rate: number;
  /** The rendition the player is loading. */
  readonly rendition: string;
  /**
   * End (seconds) of what the player has buffered from the playhead on: the engine
   * prefetches from there, not what the player holds already (in another rendition
   * after a level switch, say). Default: the position.
   */
  readonly bufferedEnd?: number;
}

export interface StreamOptions {
  readonly manifestUrl: string;
  /** Live streams seed new segments once per neighbourhood; default false. */
  readonly live?: boolean;
}

export interface EngineEvents {
  segmentLoaded: LoadInfo & { readonly segmentId: string; readonly bytes: number };
  peerConnected: { readonly peerId: string };
  peerClosed: { readonly peerId: string; readonly reason: PeerCloseReason };
  bytesDownloaded: {
    readonly source: 'http' | 'p2p';
    readonly bytes: number;
    readonly peerId?: string;
  };
  bytesUploaded: { readonly bytes: number; readonly peerId: string };
  /** A tracker's warning or failure reason, or its socket failing (it reconnects). */
  trackerWarning: { readonly tracker: string; readonly message: string };
  /** Peer bytes refused; the peers are banned and the segment comes over HTTP. */
  integrityFailure: {
    readonly segmentId: string;
    readonly peerIds: readonly string[];
    readonly detail: string;
  };
}

export interface PeerStats {
  readonly id: string;
  /** Download bytes/s from it; undefined before a sample. */
  readonly throughput: number | undefined;
  readonly rtt: number | undefined;
}

export interface EngineStats {
  /** Bytes downloaded by source. */
  readonly http: number;
  readonly p2p: number;
  /** p2p / (http + p2p); 0 before any byte. */
  readonly p2pRatio: number;
  readonly uploaded: number;
  readonly peers: readonly PeerStats[];
  /** HTTP downloads started, by why. */
  readonly httpReasons: Readonly<Record<HttpReason, number>>;
}
