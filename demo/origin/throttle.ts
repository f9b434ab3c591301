import type { ServerResponse } from 'node:http';

/**
 * Pacing of response bodies, to imitate a CDN edge of limited throughput.
 *
 * Bodies go out in chunks of about 50 ms of transfer (at most 16 KiB, as a TCP
 * connection would deliver them), each due at the time the rate allows. Chunks are
 * scheduled against a running due time rather than slept between, so that timer
 * lateness does not slow the rate down; the due time may lag the clock by at most
 * MAX_CATCH_UP_MS, so that a client that stalled (backpressure) does not get a
 * burst afterwards.
 *
 * The rate cap applies to media bodies only, the first-byte delay to every content
 * response. A playlist is a few hundred bytes: on a real CDN its transfer time is all
 * latency, which the delay already models, and pacing it in 50 ms steps would only
 * add timer noise to the live-edge distance that players and benchmarks measure.
 */

const MAX_CHUNK_BYTES = 16 * 1024;
const MIN_CHUNK_BYTES = 256;
const PACING_STEP_MS = 50;
const MAX_CATCH_UP_MS = 50;

export interface PacingOptions {
  readonly signal: AbortSignal;
  /** Read before every chunk, so that a new throttle also applies to bodies in flight. */
  readonly bytesPerSecond: () => number | undefined;
  readonly onWritten: (bytes: number) => void;
}

export function pacingChunkSize(bytesPerSecond: number): number {
  const step = Math.floor((bytesPerSecond * PACING_STEP_MS) / 1000);
  return Math.min(MAX_CHUNK_BYTES, Math.max(MIN_CHUNK_BYTES, step));
}

/** Writes the chunks to `res` at the allowed rate; false if `signal` aborted it midway. */
export async function writePaced(
  res: ServerResponse,
  chunks: AsyncIterable<Buffer> | Iterable<Buffer>,
  options: PacingOptions,
): Promise<boolean> {
  let due = performance.now();
  for await (const chunk of chunks) {
    for (let offset = 0; offset < chunk.length;) {
      const rate = options.bytesPerSecond();
      const size = Math.min(
        rate === undefined ? chunk.length : pacingChunkSize(rate),
        chunk.length - offset,
      );
      await sleep(due - performance.now(), options.signal);
      if (options.signal.aborted) return false;
      const flushed = res.write(chunk.subarray(offset, offset + size));
      options.onWritten(size);
      offset += size;
      const now = performance.now();
      due = rate === undefined ? now : Math.max(due, now - MAX_CATCH_UP_MS) + (size * 1000) / rate;
      if (!flushed) await drained(res, options.signal);
    }
  }
  return true;
}

/** Resolves after `ms`, or as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0 || signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
