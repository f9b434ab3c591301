/**
 * Helpers for the tracker client tests: clients wired to `ws` and
 * node-datachannel's RTCPeerConnection with short timeouts, recording their
 * events, and deadline-bound waits.
 */
import { randomBytes } from 'node:crypto';
import { RTCPeerConnection as PolyfillConnection } from 'node-datachannel/polyfill';
import WebSocket from 'ws';
import { startTracker, type Tracker, type TrackerOptions } from '../../../../tracker/src/index.ts';
import { TrackerClient } from '../../src/p2p/tracker-client/tracker-client.ts';
import type {
  Timers,
  TrackerClientOptions,
  TrackerNotice,
  TrackerPeer,
} from '../../src/p2p/tracker-client/types.ts';
import { waitFor as waitUntil } from '../../../../test/support/wait-for.ts';

export const TIMEOUT_MS = 10_000;

/**
 * The polyfill implements RTCPeerConnection, but types `ondatachannel` with its
 * own event class, which TypeScript cannot match to the DOM's.
 */
const RTCPeerConnection = PolyfillConnection as unknown as typeof globalThis.RTCPeerConnection;

/** A random 20-byte binary string (an info hash or a peer id). */
/** Our tracker on a free port, telling clients to re-announce every second. */
export const startOurTracker = (options: TrackerOptions = {}): Promise<Tracker> =>
  startTracker({
    port: 0,
    logLevel: 'silent',
    maxConnectionsPerIp: 0,
    rate: 0,
    interval: 1,
    ...options,
  });

export const binaryId = (): string => randomBytes(20).toString('latin1');

export interface Recorded {
  readonly client: TrackerClient;
  readonly peerId: string;
  readonly peers: TrackerPeer[];
  readonly warnings: TrackerNotice[];
  readonly errors: TrackerNotice[];
  /** Resolves once `condition()` holds, checked on each of the client's events. */
  until(condition: () => boolean, what: string): Promise<void>;
}

/**
 * A started client on `infoHash` that records what it emits. `cleanup`
 * collects what the test must close: the client and every connection it
 * handed over.
 */
export function startClient(
  cleanup: (close: () => void) => void,
  announce: string[],
  infoHash: string,
  options: Partial<TrackerClientOptions> = {},
): Recorded {
  const peerId = binaryId();
  const client = new TrackerClient({
    announce,
    infoHash,
    peerId,
    WebSocket,
    RTCPeerConnection,
    rtcConfig: { iceServers: [] },
    ...options,
    timeouts: {
      ice: 2000,
      reconnectMin: 50,
      reconnectMax: 200,
      // Frequent re-announces retry the rare connection libdatachannel fails to set up
      // when both ends are in one busy process ("remote candidate without ICE transport").
      intervalMin: 1000,
      connect: 3000,
      ...options.timeouts,
    },
  });
  const waiters = new Set<() => void>();
  const wake = (): void => {
    for (const waiter of waiters) waiter();
  };
  const recorded: Recorded = {
    client,
    peerId,
    peers: [],
    warnings: [],
    errors: [],
    until: (condition, what) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (!condition()) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for ${what}`));
        }, TIMEOUT_MS);
        waiters.add(check);
        check();
      }),
  };
  client.on('peer', (peer) => {
    recorded.peers.push(peer);
    wake();
  });
  client.on('warning', (notice) => {
    recorded.warnings.push(notice);
    wake();
  });
  client.on('error', (notice) => {
    recorded.errors.push(notice);
    wake();
  });
  cleanup(() => {
    client.destroy();
    for (const { connection } of recorded.peers) connection.close();
  });
  client.start();
  return recorded;
}

/** Timers that know which are still pending and every delay asked for. */
export function trackedTimers(): { timers: Timers; live: Set<unknown>; delays: number[] } {
  const live = new Set<unknown>();
  const delays: number[] = [];
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      delays.push(ms);
      const id = setTimeout(() => {
        live.delete(id);
        callback();
      }, ms);
      live.add(id);
      return id;
    },
    clearTimeout: (id) => {
      live.delete(id);
      clearTimeout(id as NodeJS.Timeout);
    },
  };
  return { timers, live, delays };
}

/** RTCPeerConnection that keeps track of the instances not yet closed. */
export function trackedConnections(): {
  RTCPeerConnection: typeof globalThis.RTCPeerConnection;
  open: Set<RTCPeerConnection>;
} {
  const open = new Set<RTCPeerConnection>();
  class Tracked extends RTCPeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      open.add(this);
    }
    override close(): void {
      open.delete(this);
      super.close();
    }
  }
  return { RTCPeerConnection: Tracked, open };
}

/** `waitFor` with this suite's timeout by default. */
export function waitFor(
  condition: () => boolean,
  explain: () => string,
  timeoutMs = TIMEOUT_MS,
): Promise<void> {
  return waitUntil(condition, explain, timeoutMs);
}

/** The next message on `channel`, as text. */
export function nextMessage(channel: RTCDataChannel): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error('no message on the data channel'));
    }, TIMEOUT_MS);
    channel.addEventListener(
      'message',
      ({ data }) => {
        clearTimeout(timer);
        resolve(data);
      },
      { once: true },
    );
  });
}
