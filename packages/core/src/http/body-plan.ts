import { HttpStatusError, PeerlaneError } from '../errors.ts';

/** Which bytes of a response body are the ones asked for. */
export interface BodyPlan {
  /** Leading body bytes to drop. */
  readonly skip: number;
  /** Body bytes wanted after those; undefined when unknown (to the end, no length). */
  readonly want: number | undefined;
}

const CONTENT_RANGE = /^bytes (\d+)-(\d+)\//;

/**
 * Plans the body of `response` to a request for bytes `offset` to `end` (exclusive;
 * undefined = to the end of the resource). Throws on an error status or on a 206 that
 * carries other bytes than those asked for.
 */
export function planBody(
  response: Response,
  url: string,
  offset: number,
  end: number | undefined,
): BodyPlan {
  const { status, headers } = response;
  if (!response.ok) throw new HttpStatusError(status, url);
  const length = contentLength(headers);
  const rest = end === undefined ? undefined : end - offset;
  if (status !== 206) {
    // A server may ignore Range (RFC 9110) and send the whole resource: keep the part asked for.
    return { skip: offset, want: rest ?? (length === undefined ? undefined : length - offset) };
  }
  const contentRange = headers.get('content-range');
  // Content-Range is not CORS-safelisted: from a CDN that does not expose it the header
  // is unreadable, and the 206 can only be taken to be the range asked for.
  if (contentRange === null) return { skip: 0, want: rest ?? length };
  const match = CONTENT_RANGE.exec(contentRange);
  const first = Number(match?.[1]);
  const last = Number(match?.[2]);
  if (first !== offset || (end !== undefined && last !== end - 1)) {
    throw new PeerlaneError(
      'ERR_HTTP_BAD_RANGE',
      `HTTP 206 with Content-Range "${contentRange}" for bytes=${offset}-${end === undefined ? '' : end - 1} of ${url}`,
    );
  }
  return { skip: 0, want: last - first + 1 };
}

function contentLength(headers: Headers): number | undefined {
  const value = headers.get('content-length') ?? '';
  // Content-Length counts encoded bytes, and fetch hands out decoded ones.
  return /^\d+$/.test(value) && !headers.has('content-encoding') ? Number(value) : undefined;
}
