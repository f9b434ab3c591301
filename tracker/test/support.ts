/**
 * Shared helpers for the tracker tests: WebSocket clients that queue what they
 * receive (so a test can wait for the next message without racing its arrival),
 * upgrade-refusal probes, ids, and a deadline-bound condition wait.
 */
import WebSocket, { type ClientOptions } from 'ws';
import { waitFor as waitUntil } from '../../test/support/wait-for.ts';

export const TIMEOUT_MS = 5000;

export type Message = Record<string, unknown>;

/** A 20-character id made of `label` padded with `.` (ASCII, easy to read in failures). */
export function id(label: string): string {
  if (label.length > 20) throw new RangeError(`id label too long: ${label}`);
  return label.padEnd(20, '.');
}

/**
 * A 20-character "binary string" id with code points across 0-255: control
 * characters (escaped by JSON) and bytes 0x80-0xff (two UTF-8 bytes on the wire).
 */
export function binaryId(seed: number): string {
  let text = '';
  for (let i = 0; i < 20; i++)
    text += String.fromCharCode((seed * 37 + i * 53 + 0x80 * (i % 2)) & 0xff);
  return text;
}

/** A WebSocket client that records every message and its close code. */
export class TestClient {
  readonly #queue: Message[] = [];
  readonly #waiters = new Set<() => void>();
  #closed: { code: number; reason: string } | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = Buffer.isBuffer(data)
        ? data.toString()
        : Array.isArray(data)
          ? Buffer.concat(data).toString()
          : Buffer.from(data).toString();
      this.#queue.push(JSON.parse(text) as Message);
      this.#wake();
    });
    ws.on('close', (code: number, reason: Buffer) => {
      this.#closed = { code, reason: reason.toString() };
      this.#wake();
    });
    ws.on('error', () => {
      // A failed or cut connection also ends in 'close', which is what tests observe.
    });
  }

  static async open(url: string, options: ClientOptions = {}): Promise<TestClient> {
    const ws = new WebSocket(url, options);
    const client = new TestClient(ws);
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`no connection to ${url} within ${TIMEOUT_MS} ms`));
      }, TIMEOUT_MS);
      ws.once('open', () => {
        clearTimeout(timer);
        resolve();
      });
      ws.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
    });
    return client;
  }

  /** Messages received and not yet taken by `next`. */
  get pending(): readonly Message[] {
    return this.#queue;
  }

  send(message: object | string): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** Takes the first queued message matching `predicate` (any message by default), waiting for it. */
  async next(
    predicate: (message: Message) => boolean = () => true,
    timeoutMs = TIMEOUT_MS,
  ): Promise<Message> {
    const found = (): Message | undefined => {
      const index = this.#queue.findIndex(predicate);
      return index === -1 ? undefined : this.#queue.splice(index, 1)[0];
    };
    return this.#wait(found, timeoutMs, () => {
      const closed = this.#closed === undefined ? '' : ` (closed ${this.#closed.code})`;
      return `no matching message within ${timeoutMs} ms${closed}; queued: ${JSON.stringify(this.#queue)}`;
    });
  }

  /** The close code and reason, once the connection has closed. */
  async closed(timeoutMs = TIMEOUT_MS): Promise<{ code: number; reason: string }> {
    return this.#wait(
      () => this.#closed,
      timeoutMs,
      () => `still open after ${timeoutMs} ms`,
    );
  }

  /** Closes the connection (if still open) and waits for the close to complete. */
  async close(): Promise<void> {
    if (this.#closed !== undefined) return;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.close();
    else this.ws.terminate();
    await this.closed();
  }

  #wait<T>(found: () => T | undefined, timeoutMs: number, explain: () => string): Promise<T> {
    const now = found();
    if (now !== undefined) return Promise.resolve(now);
    return new Promise<T>((resolve, reject) => {
      const check = (): void => {
        const value = found();
        if (value === undefined) return;
        this.#waiters.delete(check);
        clearTimeout(timer);
        resolve(value);
      };
      const timer = setTimeout(() => {
        this.#waiters.delete(check);
        reject(new Error(explain()));
      }, timeoutMs);
      this.#waiters.add(check);
    });
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}

/** The HTTP status with which the tracker refuses the upgrade; rejects if it accepts. */
export function refusal(url: string, options: ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`no answer from ${url} within ${TIMEOUT_MS} ms`));
    }, TIMEOUT_MS);
    ws.on('unexpected-response', (request, response) => {
      clearTimeout(timer);
      request.destroy();
      response.destroy();
      resolve(response.statusCode ?? 0);
    });
    ws.on('open', () => {
      clearTimeout(timer);
      ws.terminate();
      reject(new Error(`the upgrade to ${url} was accepted`));
    });
    ws.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** `waitFor` with this suite's timeout by default. */
export function waitFor(
  condition: () => boolean,
  explain: () => string,
  timeoutMs = TIMEOUT_MS,
): Promise<void> {
  return waitUntil(condition, explain, timeoutMs);
}

/** An announce message with the usual WebTorrent fields; `extra` overrides or adds fields. */
export function announce(infoHash: string, peerId: string, extra: Message = {}): Message {
  return { action: 'announce', info_hash: infoHash, peer_id: peerId, ...extra };
}

/** `count` WebTorrent-shaped offers with ids `offer-<tag>-<i>`. */
export function offers(tag: string, count: number): Message[] {
  return Array.from({ length: count }, (_, i) => ({
    offer: { type: 'offer', sdp: `sdp-${tag}-${i}` },
    offer_id: id(`offer-${tag}-${i}`),
  }));
}

/** An answer to an offer received as `offer`, from `peerId`. */
export function answerTo(offer: Message, peerId: string, sdp = 'answer-sdp'): Message {
  return {
    action: 'announce',
    info_hash: offer.info_hash,
    peer_id: peerId,
    to_peer_id: offer.peer_id,
    offer_id: offer.offer_id,
    answer: { type: 'answer', sdp },
  };
}
