import type { Traffic } from './traffic.ts';

/** Columns for the rate chart: time (s since epoch), then bytes/s for HTTP, P2P and upload. */
export type RateColumns = [number[], number[], number[], number[]];

/** How often the pages sample the byte totals. */
export const SAMPLE_MS = 1000;

interface Sample {
  readonly time: number;
  readonly bytes: Traffic;
  readonly seconds: number;
}

/**
 * Transfer rates over the last `spanSeconds`, each point averaged over the samples
 * of the last `smoothSeconds`: segments arrive in bursts, so a per-second rate
 * would jump between zero and the link speed.
 */
export class RateHistory {
  readonly #span: number;
  readonly #smooth: number;
  readonly #samples: Sample[] = [];
  readonly #columns: RateColumns = [[], [], [], []];

  /** By default two minutes, each point the average of the last 4 s. */
  constructor(spanSeconds = 120, smoothSeconds = 4) {
    if (!(smoothSeconds > 0 && spanSeconds >= smoothSeconds)) {
      throw new RangeError('RateHistory needs 0 < smoothSeconds <= spanSeconds');
    }
    this.#span = spanSeconds;
    this.#smooth = smoothSeconds;
  }

  /** Adds the bytes moved in the `seconds` before `time` (seconds). */
  add(time: number, bytes: Traffic, seconds: number): void {
    if (!(seconds > 0)) return;
    this.#samples.push({ time, bytes, seconds });
    while ((this.#samples[0]?.time ?? time) <= time - this.#smooth) this.#samples.shift();
    const span = this.#samples.reduce((sum, sample) => sum + sample.seconds, 0);
    const rate = (key: keyof Traffic): number =>
      this.#samples.reduce((sum, sample) => sum + sample.bytes[key], 0) / span;
    const [times, http, p2p, upload] = this.#columns;
    times.push(time);
    http.push(rate('http'));
    p2p.push(rate('p2p'));
    upload.push(rate('upload'));
    while ((times[0] ?? time) < time - this.#span) {
      for (const column of this.#columns) column.shift();
    }
  }

  /** The chart's columns; the same arrays, updated in place by `add`. */
  columns(): RateColumns {
    return this.#columns;
  }

  /** Points so far in the span, and how many of them show P2P download and upload. */
  counts(): { points: number; p2pPoints: number; uploadPoints: number } {
    const [times, , p2p, upload] = this.#columns;
    const positive = (column: number[]): number => column.filter((rate) => rate > 0).length;
    return { points: times.length, p2pPoints: positive(p2p), uploadPoints: positive(upload) };
  }
}
