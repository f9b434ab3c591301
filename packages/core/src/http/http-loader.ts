import { HttpStatusError, PeerlaneError, type PeerlaneErrorCode } from '../errors.ts';
import { backoffDelay, wait } from './backoff.ts';
import { fetchRest } from './http-attempt.ts';
import type { AttemptSettings, LoadState } from './http-attempt.ts';
import type { HttpLoaderOptions, HttpRequest, HttpResult } from './types.ts';

/**
 * Fetches `request.url` (or its `byteRange`) over HTTP, streaming progress. Network
 * errors, no-bytes timeouts, short bodies, 408, 429 and 5xx are retried with backoff;
 * a retry asks with Range for the bytes still missing only, keeping what arrived.
 * Rejects with a PeerlaneError (an HttpStatusError for a failed status).
 */
export async function loadOverHttp(
  request: HttpRequest,
  options: HttpLoaderOptions = {},
): Promise<HttpResult> {
  const settings: AttemptSettings = {
    fetch: (url, init) => globalThis.fetch(url, init),
    now: () => performance.now(),
    timers: globalThis,
    random: () => Math.random(),
    headers: {},
    noBytesTimeoutMs: 5000,
    retries: 2,
    retryDelayMs: 250,
    maxRetryDelayMs: 4000,
    ...options,
  };
  const { now } = settings;
  const startedAt = now();
  const state: LoadState = {
    chunks: [],
    held: 0,
    status: 0,
    url: request.url,
    firstByteAt: undefined,
  };
  for (let retry = 0; ; retry++) {
    try {
      await fetchRest(request, settings, state);
      break;
    } catch (error) {
      if (retry >= settings.retries || !isRetryable(error)) throw error;
    }
    const delay = backoffDelay(
      retry,
      settings.retryDelayMs,
      settings.maxRetryDelayMs,
      settings.random(),
    );
    await wait(delay, request.signal, settings.timers);
  }
  const endedAt = now();
  const bytes = new Uint8Array(state.held);
  let at = 0;
  for (const chunk of state.chunks) {
    bytes.set(chunk, at);
    at += chunk.length;
  }
  return {
    bytes,
    status: state.status,
    url: state.url,
    startedAt,
    firstByteAt: state.firstByteAt ?? endedAt,
    endedAt,
  };
}

/** Failures of the transfer itself, which another attempt may not meet. */
const RETRIED: readonly PeerlaneErrorCode[] = [
  'ERR_HTTP_NETWORK',
  'ERR_HTTP_TIMEOUT',
  'ERR_HTTP_SHORT_BODY',
];

function isRetryable(error: unknown): boolean {
  if (error instanceof HttpStatusError) {
    return error.status >= 500 || error.status === 408 || error.status === 429;
  }
  return error instanceof PeerlaneError && RETRIED.includes(error.code);
}
