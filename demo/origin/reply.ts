/** What a route answers, before the origin applies CDN latency, pacing and accounting. */

export type ReplyBody =
  | { readonly kind: 'bytes'; readonly data: Buffer }
  /** A slice of a file on disk, `end` inclusive; read when sent. */
  | { readonly kind: 'file'; readonly path: string; readonly start: number; readonly end: number };

export interface Reply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | number>>;
  readonly body: ReplyBody;
  /** Whether the throttle's rate cap applies (media bodies) or not (playlists, errors). */
  readonly rateCapped: boolean;
}

/** A failure that has a proper HTTP answer; anything else thrown by a route is a 500. */
export class HttpError extends Error {
  override name = 'HttpError';

  constructor(
    readonly status: number,
    message: string,
    readonly headers: Readonly<Record<string, string | number>> = {},
  ) {
    super(message);
  }
}

export const NO_STORE = 'no-store';
export const PLAYLIST_CACHING = 'no-cache';
/** Media bytes at a given URL never change: VOD files, and live URLs are unique per segment. */
export const MEDIA_CACHING = 'public, max-age=86400';

export function bytesReply(
  status: number,
  data: Buffer,
  headers: Readonly<Record<string, string | number>>,
): Reply {
  return {
    status,
    headers: { ...headers, 'Content-Length': data.length },
    body: { kind: 'bytes', data },
    rateCapped: false,
  };
}

export function textReply(
  status: number,
  text: string,
  headers: Readonly<Record<string, string | number>> = {},
): Reply {
  return bytesReply(status, Buffer.from(`${text}\n`), {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': NO_STORE,
    ...headers,
  });
}

export function playlistReply(text: string): Reply {
  return bytesReply(200, Buffer.from(text), {
    'Content-Type': 'application/vnd.apple.mpegurl',
    'Cache-Control': PLAYLIST_CACHING,
  });
}

export function jsonReply(value: unknown): Reply {
  return bytesReply(200, Buffer.from(JSON.stringify(value)), {
    'Content-Type': 'application/json',
    'Cache-Control': NO_STORE,
  });
}

export function errorReply(error: HttpError): Reply {
  return textReply(error.status, error.message, error.headers);
}
