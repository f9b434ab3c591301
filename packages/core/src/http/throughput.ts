export interface ThroughputOptions {
  /** Half-lives, in ms of transfer, of the fast and the slow average. Default 3000 and 9000. */
  readonly halfLivesMs?: readonly [fast: number, slow: number];
  /** Samples smaller than this are ignored: latency, not throughput, sets their time. Default 4096. */
  readonly minBytes?: number;
  /** Sample durations are raised to at least this. Default 50. */
  readonly minDurationMs?: number;
}

/**
 * Estimates throughput in bytes per second from (bytes, duration) samples: the lower of
 * a fast and a slow exponentially weighted average (as hls.js does), so the estimate
 * follows a drop quickly and a rise slowly, which is what a deadline wants.
 * Samples weigh as much as they lasted. A sample that came in faster than
 * `minDurationMs` (a cache hit) counts as having taken that long: it then tells only
 * that the rate is at least bytes / minDurationMs, and weighs little.
 * No clock inside: the caller measures.
 */
export class ThroughputMeter {
  readonly #minBytes: number;
  readonly #minDurationMs: number;
  // Zero-started averages and their total weights: sum / weight removes the bias to zero.
  readonly #averages: { halfLifeMs: number; sum: number; weight: number }[];

  constructor(options: ThroughputOptions = {}) {
    this.#minBytes = options.minBytes ?? 4096;
    this.#minDurationMs = options.minDurationMs ?? 50;
    this.#averages = (options.halfLivesMs ?? [3000, 9000]).map((halfLifeMs) => ({
      halfLifeMs,
      sum: 0,
      weight: 0,
    }));
  }

  add(bytes: number, durationMs: number): void {
    if (!(bytes >= this.#minBytes) || !(durationMs >= 0)) return;
    const ms = Math.max(durationMs, this.#minDurationMs);
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
