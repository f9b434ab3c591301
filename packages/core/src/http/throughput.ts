/** Half-lives, in ms of transfer, of the fast and the slow average. */
const HALF_LIVES_MS = [3000, 9000];
/** Samples smaller than this are ignored: latency, not throughput, sets their time. */
const MIN_BYTES = 4096;
/** Sample durations are raised to at least this. */
const MIN_DURATION_MS = 50;

/**
 * Estimates throughput in bytes per second from (bytes, duration) samples: the lower of
 * a fast and a slow exponentially weighted average (as hls.js does), so the estimate
 * follows a drop quickly and a rise slowly, which is what a deadline wants.
 * Samples weigh as much as they lasted. A sample that came in faster than
 * MIN_DURATION_MS (a cache hit) counts as having taken that long: it then tells only
 * that the rate is at least bytes / MIN_DURATION_MS, and weighs little.
 * No clock inside: the caller measures.
 */
export class ThroughputMeter {
  // Zero-started averages and their total weights: sum / weight removes the bias to zero.
  readonly #averages = HALF_LIVES_MS.map((halfLifeMs) => ({ halfLifeMs, sum: 0, weight: 0 }));

  add(bytes: number, durationMs: number): void {
    if (!(bytes >= MIN_BYTES) || !(durationMs >= 0)) return;
    const ms = Math.max(durationMs, MIN_DURATION_MS);
    const rate = (bytes * 1000) / ms;
    for (const average of this.#averages) {
      const keep = 0.5 ** (ms / average.halfLifeMs);
      average.sum = average.sum * keep + rate * (1 - keep);
      average.weight = average.weight * keep + 1 - keep;
    }
  }

  /** Bytes per second; undefined before the first sample that counts. */
  estimate(): number | undefined {
    if (this.#averages.some(({ weight }) => weight === 0)) return undefined;
    return Math.min(...this.#averages.map(({ sum, weight }) => sum / weight));
  }
}
