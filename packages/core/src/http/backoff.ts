import { abortError } from '../errors.ts';
import type { Timers } from './types.ts';

/**
 * Delay before retry number `retry` (0 = the first): exponential, capped, with jitter
 * over its upper half so that viewers who failed together do not retry together.
 */
export function backoffDelay(retry: number, baseMs: number, maxMs: number, random: number): number {
  return Math.min(maxMs, baseMs * 2 ** retry) * (0.5 + random / 2);
}

/** Resolves after `ms`; rejects with ERR_ABORTED as soon as `signal` aborts. */
export function wait(ms: number, signal: AbortSignal | undefined, timers: Timers): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      timers.clearTimeout(timer);
      reject(abortError(signal?.reason));
    };
    const timer = timers.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort();
  });
}
