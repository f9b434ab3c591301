import type { Timers } from '../platform.ts';
import type { ByteRange } from '../identity.ts';

/** What to fetch over HTTP. */
export interface HttpRequest {
  readonly url: string;
  /** Part of the resource to fetch, sent as a Range request; absent = the whole resource. */
  readonly byteRange?: ByteRange;
  readonly signal?: AbortSignal;
  /**
   * Called as bytes arrive, with the new bytes only; `loaded` counts everything held so
   * far and `total` is the final length once known.
   */
  readonly onProgress?: (chunk: Uint8Array, loaded: number, total: number | undefined) => void;
}

export interface HttpResult {
  /** The wanted bytes; `bytes.buffer` holds exactly them. */
  readonly bytes: Uint8Array;
  /** Status of the response that delivered the last bytes: 200 or 206. */
  readonly status: number;
  /** URL after redirects. */
  readonly url: string;
  /**
   * Readings of the injected clock (ms), as hls.js wants them in `stats.loading`: the
   * call, the first successful response (its headers), the last byte. Retries and their
   * backoff lie inside: the player waited for them too.
   */
  readonly startedAt: number;
  readonly firstByteAt: number;
  readonly endedAt: number;
}

export type RequestSetup = (
  url: string,
  init: RequestInit,
) => RequestInit | undefined | Promise<RequestInit | undefined>;

export interface HttpLoaderOptions {
  /** Default `globalThis.fetch`. */
  readonly fetch?: (url: string, init: RequestInit) => Promise<Response>;
  /**
   * Clock in ms; default `performance.now()`, the clock hls.js reads. Like `fetch`, it
   * is called without `this`: pass `() => performance.now()`, not `performance.now`.
   */
  readonly now?: () => number;
  readonly timers?: Timers;
  /** Uniform in [0, 1) for backoff jitter; default `Math.random`. */
  readonly random?: () => number;
  /** Headers added to every request (e.g. X-Peerlane-Client). */
  readonly headers?: Readonly<Record<string, string>>;
  /**
   * Called before every attempt with the init about to be sent (Range included); may
   * change it in place or return another (auth headers, `credentials: 'include'`).
   * Its `signal` is replaced: aborting goes through `HttpRequest.signal`.
   */
  readonly requestSetup?: RequestSetup;
  /** An attempt fails if no byte arrives for this long, first byte included. Default 5000. */
  readonly noBytesTimeoutMs?: number;
  /** Retries after the first attempt. Default 2. */
  readonly retries?: number;
  /** First backoff delay; doubles per retry. Default 250. */
  readonly retryDelayMs?: number;
  /** Backoff delay cap. Default 4000. */
  readonly maxRetryDelayMs?: number;
}

export type { Timers };
