import { PeerlaneError } from '../errors.ts';
import { planBody } from './body-plan.ts';
import type { HttpLoaderOptions, HttpRequest } from './types.ts';
import { startWatchdog } from './watchdog.ts';

export type AttemptSettings = Required<Omit<HttpLoaderOptions, 'requestSetup'>> &
  Pick<HttpLoaderOptions, 'requestSetup'>;

/** What the attempts of one load have gathered so far; each attempt adds to it. */
export interface LoadState {
  /** The wanted bytes held so far, in order. */
  readonly chunks: Uint8Array[];
  held: number;
  status: number;
  url: string;
  firstByteAt: number | undefined;
}

/**
 * One HTTP request for the wanted bytes not yet held, appending what arrives to
 * `state`, so that a failed attempt leaves its bytes for the next one to resume after.
 */
export async function fetchRest(
  request: HttpRequest,
  settings: AttemptSettings,
  state: LoadState,
): Promise<void> {
  const { signal, onProgress } = request;
  // Called unbound: a browser's fetch throws "Illegal invocation" with another `this`.
  const { fetch, now } = settings;
  const end = request.byteRange?.end;
  const offset = (request.byteRange?.start ?? 0) + state.held;
  const headers = new Headers(settings.headers);
  if (offset > 0 || end !== undefined) {
    headers.set('Range', `bytes=${offset}-${end === undefined ? '' : end - 1}`);
  }
  const watchdog = startWatchdog(signal, settings.noBytesTimeoutMs, settings.timers);
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  try {
    let init: RequestInit = { headers };
    init =
      (await watchdog.race(Promise.resolve(settings.requestSetup?.(request.url, init)))) ?? init;
    const response = await watchdog.race(
      fetch(request.url, { ...init, signal: watchdog.signal }).catch(networkError),
    );
    reader = response.body?.getReader();
    const plan = planBody(response, request.url, offset, end);
    state.firstByteAt ??= now();
    state.status = response.status;
    state.url = response.url || request.url;
    watchdog.feed();
    const total = plan.want === undefined ? undefined : state.held + plan.want;
    let skip = plan.skip;
    // Past `end` nothing is ours: a 200 to a Range request is cut there. Without a
    // range the body is read to its end, Content-Length serving as a floor only.
    let left = end === undefined ? Infinity : end - offset;
    let got = 0;
    while (reader !== undefined && left > 0) {
      const { done, value } = await watchdog.race(reader.read().catch(networkError));
      if (done) break;
      watchdog.feed();
      const from = Math.min(skip, value.length);
      skip -= from;
      const chunk = value.subarray(from, from + left);
      if (chunk.length === 0) continue;
      left -= chunk.length;
      got += chunk.length;
      state.chunks.push(chunk);
      state.held += chunk.length;
      onProgress?.(chunk, state.held, total);
    }
    if (skip > 0 || got < (plan.want ?? 0)) {
      throw new PeerlaneError(
        'ERR_HTTP_SHORT_BODY',
        `${request.url}: body ended after ${got} of ${plan.want ?? '?'} bytes`,
      );
    }
  } catch (error) {
    throw watchdog.signal.aborted ? (watchdog.signal.reason as PeerlaneError) : error;
  } finally {
    watchdog.dispose();
    // Releases the connection when the body was left unread (error, stop, cut at `end`).
    void reader?.cancel().catch(() => undefined);
  }
}

function networkError(cause: unknown): never {
  throw new PeerlaneError('ERR_HTTP_NETWORK', `network error: ${String(cause)}`, { cause });
}
