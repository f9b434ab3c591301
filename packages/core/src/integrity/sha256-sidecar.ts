import type { Segment } from '../streams/model.ts';
import type { TrustedHash } from './verify.ts';

/**
 * Trusted hashes published beside each segment as `<segment path>.sha256`
 * (lowercase hex), with `?range=start-end` (inclusive) for a byte range — the
 * convention of Peerlane's local origin, easy to serve from any CDN. The
 * segment URL's own query (tokens) is kept. Each hash is fetched once; a
 * missing one (404) means "no hash", any other failure rejects.
 */
export function sha256Sidecar(fetchFn: typeof fetch = (...args) => fetch(...args)): TrustedHash {
  const cache = new Map<string, Promise<string | undefined>>();
  return (segment: Segment) => {
    let hash = cache.get(segment.id);
    if (hash === undefined) {
      hash = fetchHash(fetchFn, sidecarUrl(segment));
      cache.set(segment.id, hash);
      hash.catch(() => cache.delete(segment.id));
    }
    return hash;
  };
}

export function sidecarUrl(segment: Segment): string {
  const url = new URL(segment.url);
  url.pathname += '.sha256';
  if (segment.byteRange !== undefined) {
    url.searchParams.set('range', `${segment.byteRange.start}-${segment.byteRange.end - 1}`);
  }
  return url.href;
}

async function fetchHash(fetchFn: typeof fetch, url: string): Promise<string | undefined> {
  const response = await fetchFn(url);
  if (response.status === 404) return undefined;
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  const text = (await response.text()).trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(text)) throw new Error(`not a SHA-256 digest at ${url}`);
  return text;
}
