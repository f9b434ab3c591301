/**
 * Swarm and segment identity. Neither may depend on a URL's query or fragment:
 * signed-URL tokens, CMCD parameters and CDN choice differ per viewer, and two
 * viewers of one stream must still land in one swarm and agree on segment ids.
 */

/** A byte range within a resource: `start` inclusive, `end` exclusive. */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

export interface SegmentKey {
  /** Stable rendition key supplied by the adapter (name, or bitrate/resolution/codecs). */
  readonly rendition: string;
  /** Media sequence number (live) or index (VOD). */
  readonly sequence: number;
  readonly byteRange?: ByteRange;
}

/** The swarm id for a manifest URL: the URL without its query and fragment. */
export function swarmIdFromManifestUrl(manifestUrl: string): string {
  let url: URL;
  try {
    url = new URL(manifestUrl);
  } catch {
    throw new TypeError(`manifestUrl is not an absolute URL: ${manifestUrl}`);
  }
  url.search = '';
  url.hash = '';
  return url.href;
}

export function segmentId(key: SegmentKey): string {
  if (!Number.isSafeInteger(key.sequence) || key.sequence < 0) {
    throw new RangeError(`sequence must be a non-negative integer, got ${String(key.sequence)}`);
  }
  const base = `${key.rendition}|${key.sequence}`;
  if (key.byteRange === undefined) return base;
  const { start, end } = key.byteRange;
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || start < 0 || end <= start) {
    throw new RangeError(`byteRange must satisfy 0 <= start < end, got ${start}-${end}`);
  }
  return `${base}|${start}-${end}`;
}

/**
 * The 20-byte WebTorrent `info_hash` of a swarm id: SHA-1 of its UTF-8 bytes.
 * SHA-1 here is a naming function matching the tracker protocol's width, not a
 * security boundary.
 */
export async function infoHashOf(
  swarmId: string,
  subtle: SubtleCrypto = globalThis.crypto.subtle,
): Promise<Uint8Array> {
  const digest = await subtle.digest('SHA-1', new TextEncoder().encode(swarmId));
  return new Uint8Array(digest);
}
