/** Byte range with an inclusive end, as in HTTP and EXT-X-BYTERANGE arithmetic. */
export interface ByteSpan {
  readonly start: number;
  readonly end: number;
}

export type RangeResult =
  | { readonly kind: 'full' }
  | { readonly kind: 'partial'; readonly span: ByteSpan }
  | { readonly kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Interprets a Range request header for a resource of `size` bytes.
 *
 * Malformed headers get 416 rather than being ignored (which RFC 9110 would allow):
 * this origin exists to test clients, and a silent 200 would hide their bugs.
 * Multiple ranges (`bytes=0-1,5-6`) are answered with 416 for the same reason: no
 * client we serve sends them, and a multipart/byteranges body would be untested code.
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeResult {
  if (header === undefined) return { kind: 'full' };
  const match = SINGLE_RANGE.exec(header.trim());
  if (match === null) return { kind: 'unsatisfiable' };
  const [, first = '', last = ''] = match;
  if (first === '' && last === '') return { kind: 'unsatisfiable' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', span: { start: Math.max(0, size - suffix), end: size - 1 } };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || (last !== '' && Number(last) < start)) return { kind: 'unsatisfiable' };
  return { kind: 'partial', span: { start, end } };
}

const SIDECAR_RANGE = /^(\d+)-(\d+)$/;

/** Parses the `range=start-end` (inclusive) query of a SHA-256 sidecar; undefined if invalid. */
export function parseSidecarRange(text: string, size: number): ByteSpan | undefined {
  const match = SIDECAR_RANGE.exec(text);
  if (match === null) return undefined;
  const start = Number(match[1]);
  const end = Number(match[2]);
  return start <= end && end < size ? { start, end } : undefined;
}

export function spanLength(span: ByteSpan): number {
  return span.end - span.start + 1;
}
