/**
 * Errors Peerlane raises, each with a stable `code` (the Node.js core style) so
 * that apps branch on codes, never on messages.
 */
export type PeerlaneErrorCode =
  | 'ERR_INVALID_OPTION'
  | 'ERR_ABORTED'
  /** loadSegment was asked for a segment no rendition registered. */
  | 'ERR_UNKNOWN_SEGMENT'
  | 'ERR_HTTP_STATUS'
  | 'ERR_HTTP_BAD_RANGE'
  | 'ERR_HTTP_TIMEOUT'
  | 'ERR_HTTP_NETWORK'
  | 'ERR_HTTP_SHORT_BODY'
  /** The peer closed before the request completed. */
  | 'ERR_PEER_CLOSED'
  /** The peer doesn't hold the bytes, or doesn't serve at all. */
  | 'ERR_PEER_ABSENT';

export class PeerlaneError extends Error {
  constructor(
    readonly code: PeerlaneErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PeerlaneError';
  }
}

/** A failed HTTP response, with its real status code for the player. */
export class HttpStatusError extends PeerlaneError {
  constructor(
    readonly status: number,
    readonly url: string,
  ) {
    super('ERR_HTTP_STATUS', `HTTP ${status} for ${url}`);
    this.name = 'HttpStatusError';
  }
}

export function abortError(reason?: unknown): PeerlaneError {
  return new PeerlaneError('ERR_ABORTED', 'the request was aborted', { cause: reason });
}
