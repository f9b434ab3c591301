import type { ByteRange } from '../identity.ts';

/** Range boundaries fall on DATA frame boundaries (16 KiB). */
const ALIGN = 16384;

/**
 * Splits `[0, size)` into consecutive ranges proportional to `weights` (sorted
 * largest first, e.g. peer throughputs), so that all sources finish together.
 * The smallest weights are dropped while their share would be under `minBytes`;
 * rounding to 16 KiB then changes a range by less than that. Returns one range per
 * kept weight, in order; the ranges cover `size` exactly.
 */
export function splitRanges(
  size: number,
  weights: readonly number[],
  minBytes: number,
): ByteRange[] {
  const kept = weights.slice();
  let total = kept.reduce((sum, weight) => sum + weight, 0);
  while (kept.length > 1 && ((kept.at(-1) ?? 0) / total) * size < minBytes) {
    total -= kept.pop() ?? 0;
  }
  let start = 0;
  let sum = 0;
  return kept.map((weight, i) => {
    sum += weight;
    const end = i === kept.length - 1 ? size : Math.round(((sum / total) * size) / ALIGN) * ALIGN;
    const range = { start, end };
    start = end;
    return range;
  });
}
