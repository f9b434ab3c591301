import type { LoadInfo } from '@peerlane/core';

/** `stats.loading` as hls.js reads it: ms on the `performance.now()` clock. */
export interface LoadTiming {
  readonly start: number;
  readonly first: number;
  readonly end: number;
}

export interface TimingInput {
  /** When the player asked (the loader's `load()`). */
  readonly requestedAt: number;
  readonly info: LoadInfo;
  readonly bytes: number;
  /** The engine's measured HTTP throughput, bytes/s; undefined before a sample. */
  readonly httpBytesPerSecond: number | undefined;
  /** The player's own bandwidth estimate, bits/s: the rate when HTTP has no sample yet. */
  readonly playerBitsPerSecond: number;
  /** The player's time-to-first-byte estimate, ms. */
  readonly ttfbMs: number;
}

const usable = (value: number | undefined): value is number =>
  value !== undefined && Number.isFinite(value) && value > 0;

/**
 * The timing hls.js's ABR is shown for a segment. ABR asks "how fast can the network
 * bring the next segment?", and the answer the player can count on is HTTP's: peers
 * come and go, the CDN stays.
 *
 * - A segment whose HTTP transfer the player waited for (its first byte came after the
 *   request): the real times.
 * - From a peer or from memory, or from an HTTP download that started before the
 *   player asked: the time the measured HTTP throughput would have taken for its
 *   bytes, after the player's usual time to first byte, ending now. A cache hit
 *   reported as ~0 ms would pose as a multi-Gbit/s link and push ABR to a level HTTP
 *   can't sustain; a peer on the same LAN likewise. A wait for a peer isn't link time
 *   either: reported as such, it would drag ABR down.
 */
export function abrTiming(input: TimingInput): LoadTiming {
  const { requestedAt, info, bytes } = input;
  const end = Math.max(info.endedAt, requestedAt);
  if (info.source === 'http' && info.firstByteAt > info.startedAt) {
    const first = Math.min(Math.max(info.firstByteAt, requestedAt), end);
    return { start: requestedAt, first, end };
  }
  const bytesPerSecond = usable(input.httpBytesPerSecond)
    ? input.httpBytesPerSecond
    : usable(input.playerBitsPerSecond)
      ? input.playerBitsPerSecond / 8
      : undefined;
  if (bytesPerSecond === undefined) return { start: requestedAt, first: end, end };
  const first = end - (bytes * 1000) / bytesPerSecond;
  const ttfb = usable(input.ttfbMs) ? input.ttfbMs : 0;
  return { start: first - ttfb, first, end };
}
