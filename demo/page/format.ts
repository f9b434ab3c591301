/** Human-readable figures for the demo pages. */

const UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;

/** `1536` → `1.5 KiB`. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 100 ? 0 : 1;
  return `${value.toFixed(digits)} ${UNITS[unit] ?? 'B'}`;
}

/** Bytes per second as bits per second, the unit video bitrates come in: `62500` → `500 kbit/s`. */
export function formatRate(bytesPerSecond: number): string {
  const bits = bytesPerSecond * 8;
  if (bits >= 1e6) return `${(bits / 1e6).toFixed(2)} Mbit/s`;
  return `${(bits / 1e3).toFixed(0)} kbit/s`;
}

/** `0.4567` → `45.7 %`. */
export function formatPercent(ratio: number): string {
  return `${(ratio * 100).toFixed(1)} %`;
}

/**
 * Enough of a peer id to tell peers apart: without the client prefix every peer of
 * one implementation shares (`-PL0001-`, the WebTorrent convention), at most 8 characters.
 */
export function shortPeerId(id: string): string {
  const distinct = id.replace(/^-[A-Za-z]{2}\d{4}-/, '');
  return distinct.length > 8 ? `${distinct.slice(0, 8)}…` : distinct;
}

/**
 * A segment id (`<rendition key>|<sequence>[|<byte range>]`) short enough for a log
 * line: a rendition key that names a resolution becomes its height (`480p`).
 */
export function shortSegmentId(id: string): string {
  const [rendition = '', ...rest] = id.split('|');
  const height = /\d+x(\d+)/.exec(rendition)?.[1];
  const name =
    height !== undefined
      ? `${height}p`
      : rendition.length > 16
        ? `${rendition.slice(0, 16)}…`
        : rendition;
  return [name, ...rest].join('|');
}
