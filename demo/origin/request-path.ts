import { join, relative, isAbsolute } from 'node:path';
import { HttpError } from './reply.ts';

export interface RequestTarget {
  /** The path exactly as the client sent it, without the query. */
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Splits the raw request target. It is deliberately not run through the URL parser,
 * which would resolve `..` and `%2e%2e` before we could refuse them.
 */
export function splitTarget(rawUrl: string): RequestTarget {
  const question = rawUrl.indexOf('?');
  return question === -1
    ? { path: rawUrl, query: new URLSearchParams() }
    : { path: rawUrl.slice(0, question), query: new URLSearchParams(rawUrl.slice(question + 1)) };
}

/**
 * Percent-decodes each segment of a path below a route prefix and refuses anything
 * that could name a file outside the media root or a hidden one: empty segments,
 * segments starting with a dot (`.`, `..`, dotfiles), separators and NUL bytes
 * smuggled in encoded.
 */
export function decodeSegments(rawPath: string): string[] {
  return rawPath.split('/').map((raw) => {
    let segment: string;
    try {
      segment = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, `bad percent-encoding in path segment "${raw}"`);
    }
    if (segment === '' || segment.startsWith('.') || /[/\\\0]/.test(segment)) {
      throw new HttpError(400, `path segment not allowed: "${raw}"`);
    }
    return segment;
  });
}

/** Joins checked segments under `root`, and checks again that the result stays inside. */
export function pathUnder(root: string, segments: readonly string[]): string {
  const path = join(root, ...segments);
  const inside = relative(root, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    throw new HttpError(400, 'path escapes the media root');
  }
  return path;
}
