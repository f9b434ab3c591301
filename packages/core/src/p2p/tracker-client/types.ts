import type { Timers } from '../../platform.ts';
/**
 * The tracker client's options, events and the platform objects it is given:
 * browser globals by default, `ws` and `node-datachannel/polyfill` in Node.
 */

/**
 * The part of a WebSocket the client uses. Handlers take `never` so that both
 * the DOM WebSocket and `ws` (whose event types differ) fit.
 */
export interface SocketLike {
  readonly readyState: number;
  onopen: ((event: never) => void) | null;
  onmessage: ((event: never) => void) | null;
  onclose: ((event: never) => void) | null;
  onerror: ((event: never) => void) | null;
  send(data: string): void;
  close(): void;
}

/** Milliseconds; every one has a default. */
export interface TrackerTimeouts {
  /** Longest wait for ICE gathering; the SDP then carries the candidates found so far. */
  ice: number;
  /** An offer nobody answered is closed after this long. */
  offer: number;
  /** A connection whose data channel has not opened this long after signalling is closed. */
  connect: number;
  /** `stop()` closes a socket on the tracker's reply, or after this long. */
  stopGrace: number;
  /** Reconnection delay after the first failure; it doubles up to `reconnectMax`. */
  reconnectMin: number;
  reconnectMax: number;
  /** Announce interval until a tracker states its own. */
  interval: number;
  /** A connection that failed to open has its tracker announced to again this soon. */
  retry: number;
  /** Bounds on the interval a tracker states. */
  intervalMin: number;
  intervalMax: number;
}

export interface TrackerClientOptions {
  /** Tracker URLs (`wss://…`); each gets its own socket. */
  announce: readonly string[];
  /** 20-character binary string: one char (code point 0-255) per byte. */
  infoHash: string;
  /** 20-character binary string identifying this peer. */
  peerId: string;
  /** Offers per announce, which is also its `numwant`. Default 5. */
  offers?: number;
  /** Most connections (open or being set up) this client holds. Default 20. */
  maxPeers?: number;
  rtcConfig?: RTCConfiguration;
  /** Asked before connecting to a peer: false to skip it (already connected elsewhere, cap reached). */
  canConnect?: (peerId: string) => boolean;
  /** Byte counts reported in announces. */
  transferred?: () => { uploaded: number; downloaded: number };
  timeouts?: Partial<TrackerTimeouts>;
  WebSocket?: new (url: string) => SocketLike;
  RTCPeerConnection?: new (config?: RTCConfiguration) => RTCPeerConnection;
  timers?: Timers;
  /** Uniform in [0, 1): offer ids and reconnection jitter. */
  random?: () => number;
}

/** A connected peer: its data channel is open. From then on both belong to the listener. */
export interface TrackerPeer {
  readonly peerId: string;
  readonly connection: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  /** Whether this side made the offer. */
  readonly initiator: boolean;
  /** The announce URL of the tracker that introduced the peer. */
  readonly tracker: string;
}

export interface TrackerNotice {
  readonly tracker: string;
  readonly message: string;
}

export interface TrackerClientEvents {
  peer: TrackerPeer;
  /** A tracker's `failure reason` or `warning message`; the socket stays up. */
  warning: TrackerNotice;
  /** A tracker socket failed or closed; it reconnects with backoff. */
  error: TrackerNotice;
}

export interface TrackerStats {
  readonly url: string;
  readonly connected: boolean;
  readonly lastError: string | undefined;
  /** Announces sent, `stopped` included. */
  readonly announces: number;
  /** Relayed offers and answers received, used or not. */
  readonly offersReceived: number;
  readonly answersReceived: number;
  /** Peers this tracker introduced whose data channel opened. */
  readonly peers: number;
}

export interface TrackerClientStats {
  readonly trackers: TrackerStats[];
  /** Connections being set up (pending offers not included). */
  readonly connecting: number;
  /** Connections handed over whose data channel is still open. */
  readonly connected: number;
}

export type { Timers };
