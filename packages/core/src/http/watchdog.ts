import { abortError, PeerlaneError } from '../errors.ts';
import type { Timers } from './types.ts';

/** Stops one HTTP attempt when the caller aborts or when no byte arrived for too long. */
export interface Watchdog {
  /** For fetch: aborted when the attempt is stopped, with the reason as a PeerlaneError. */
  readonly signal: AbortSignal;
  /**
   * Settles like `promise`, or rejects as soon as the attempt is stopped, whether or
   * not the awaited platform call honours the signal.
   */
  race<T>(promise: Promise<T>): Promise<T>;
  /** Restarts the no-bytes timer: bytes arrived. */
  feed(): void;
  /** Stops the timer and lets go of the caller's signal. */
  dispose(): void;
}

export function startWatchdog(
  outer: AbortSignal | undefined,
  noBytesTimeoutMs: number,
  timers: Timers,
): Watchdog {
  const controller = new AbortController();
  let stop: (reason: PeerlaneError) => void = () => undefined;
  const stopped = new Promise<never>((_, reject) => {
    stop = (reason) => {
      reject(reason);
      controller.abort(reason);
    };
  });
  // Every wait races this promise; until one does, a stop must not count as unhandled.
  stopped.catch(() => undefined);
  const onAbort = (): void => {
    stop(abortError(outer?.reason));
  };
  let timer: unknown;
  const feed = (): void => {
    timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      stop(new PeerlaneError('ERR_HTTP_TIMEOUT', `no bytes for ${noBytesTimeoutMs} ms`));
    }, noBytesTimeoutMs);
  };
  outer?.addEventListener('abort', onAbort);
  if (outer?.aborted === true) onAbort();
  feed();
  return {
    signal: controller.signal,
    // `stopped` first: when both are already settled, the stop wins, so that nothing
    // (onProgress above all) runs after an abort that came in during a callback.
    race: (promise) => Promise.race([stopped, promise]),
    feed,
    dispose() {
      timers.clearTimeout(timer);
      outer?.removeEventListener('abort', onAbort);
    },
  };
}
