/**
 * Latency histogram with logarithmic buckets (each 2% wider than the last), so
 * that load processes can ship plain count arrays to the parent, which adds
 * and subtracts them: percentiles of the result are exact to within one bucket.
 */
const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Buckets cover 1 µs to about 100 s; anything longer lands in the last one. */
const BUCKETS = Math.ceil(Math.log(100e6) / LOG_GROWTH) + 1;

export type Buckets = number[];

export function emptyBuckets(): Buckets {
  return new Array<number>(BUCKETS).fill(0);
}

export function record(buckets: Buckets, micros: number): void {
  const index = micros <= 1 ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(micros) / LOG_GROWTH));
  buckets[index] = (buckets[index] ?? 0) + 1;
}

export function mergeBuckets(into: Buckets, from: Buckets, sign: 1 | -1): void {
  from.forEach((count, i) => {
    into[i] = (into[i] ?? 0) + sign * count;
  });
}

export function total(buckets: Buckets): number {
  return buckets.reduce((sum, count) => sum + count, 0);
}

/** The upper bound of the bucket holding the q-quantile, in milliseconds; null when empty. */
export function quantileMs(buckets: Buckets, q: number): number | null {
  const target = q * total(buckets);
  if (target === 0) return null;
  let seen = 0;
  for (const [i, count] of buckets.entries()) {
    seen += count;
    if (seen >= target) return GROWTH ** i / 1000;
  }
  return GROWTH ** (BUCKETS - 1) / 1000;
}
