import { backoffDelay } from '../../http/backoff.ts';
import type { SocketLike, TrackerStats } from './types.ts';

/** Runs `callback` after `ms`; the returned function cancels it. */
export type Later = (ms: number, callback: () => void) => () => void;

export interface SocketEnv {
  readonly WebSocket: new (url: string) => SocketLike;
  readonly later: Later;
  readonly random: () => number;
  readonly reconnectMin: number;
  readonly reconnectMax: number;
  /** The socket opened. */
  readonly opened: (tracker: TrackerSocket) => void;
  /** A parsed JSON object arrived. */
  readonly received: (tracker: TrackerSocket, message: Record<string, unknown>) => void;
  /** The socket failed or closed on its own; a reconnection is scheduled. */
  readonly lost: (tracker: TrackerSocket, reason: string) => void;
}

const ignore = (): void => undefined;

/**
 * One tracker's WebSocket: connect, reconnect with jittered exponential
 * backoff, send JSON, and the counts its stats report. What the messages mean
 * is up to the client.
 */
export class TrackerSocket {
  announces = 0;
  offersReceived = 0;
  answersReceived = 0;
  peers = 0;
  lastError: string | undefined;
  /** The announce interval this tracker asked for. */
  interval: number;
  /** Cancels the next scheduled announce. */
  cancelAnnounce = ignore;
  /** Bumped on every new socket, so that work begun for an old one can tell. */
  epoch = 0;
  #socket: SocketLike | undefined;
  #retries = 0;
  #cancelRetry = ignore;

  constructor(
    readonly url: string,
    interval: number,
    private readonly env: SocketEnv,
  ) {
    this.interval = interval;
  }

  get connected(): boolean {
    return this.#socket?.readyState === 1;
  }

  connect(): void {
    this.epoch++;
    let socket: SocketLike;
    try {
      socket = new this.env.WebSocket(this.url);
    } catch (error) {
      // A malformed URL, or ws: from an https: page.
      this.#lost(String(error));
      return;
    }
    this.#socket = socket;
    let failure: string | undefined;
    socket.onopen = () => {
      this.env.opened(this);
    };
    socket.onmessage = ({ data }: { data: unknown }) => {
      let message: unknown;
      try {
        message = typeof data === 'string' ? JSON.parse(data) : undefined;
      } catch {
        return;
      }
      if (typeof message !== 'object' || message === null) return;
      // Only a tracker that speaks the protocol resets the backoff, not one that accepts and drops.
      this.#retries = 0;
      this.env.received(this, message as Record<string, unknown>);
    };
    // Browsers say nothing about the cause; `ws` gives a message.
    socket.onerror = ({ message }: { message?: string }) => {
      failure = message ?? 'socket error';
    };
    socket.onclose = ({ code }: { code?: number }) => {
      this.#lost(failure ?? `socket closed (${String(code)})`);
    };
  }

  /** Sends `message` as JSON if the socket is open; false if it is not. */
  send(message: object): boolean {
    if (!this.connected) return false;
    this.#socket?.send(JSON.stringify(message));
    return true;
  }

  /** Closes the socket for good: no events, no reconnection. */
  close(): void {
    this.#cancelRetry();
    this.cancelAnnounce();
    const socket = this.#socket;
    this.#socket = undefined;
    if (socket === undefined) return;
    // `ws` throws on an 'error' without a listener, which closing a connecting socket emits.
    socket.onopen = socket.onmessage = socket.onclose = socket.onerror = ignore;
    socket.close();
  }

  stats(): TrackerStats {
    const { url, connected, lastError, announces, offersReceived, answersReceived, peers } = this;
    return { url, connected, lastError, announces, offersReceived, answersReceived, peers };
  }

  #lost(reason: string): void {
    this.close();
    this.lastError = reason;
    const { reconnectMin, reconnectMax, random, later } = this.env;
    // Jittered: trackers that restart are not hit by every client at once.
    const delay = backoffDelay(this.#retries++, reconnectMin, reconnectMax, random());
    this.#cancelRetry = later(delay, () => {
      this.connect();
    });
    this.env.lost(this, reason);
  }
}
