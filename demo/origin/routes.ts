import { isPlaylistPath } from './content-type.ts';
import { resolveLive } from './live-routes.ts';
import type { LiveContext, Resource } from './live-routes.ts';
import { fileInfo, fileReply } from './media-file.ts';
import { parseSidecarRange } from './range.ts';
import { bytesReply, HttpError, MEDIA_CACHING, playlistReply } from './reply.ts';
import type { Reply } from './reply.ts';
import { decodeSegments, pathUnder } from './request-path.ts';
import type { Sha256Cache } from './sha256.ts';

export type ContentArea = 'vod' | 'live';

export interface ContentContext {
  readonly mediaRoot: string;
  readonly live: LiveContext;
  /** Absent when the SHA-256 sidecar is disabled. */
  readonly hashes: Sha256Cache | undefined;
}

const SIDECAR_SUFFIX = '.sha256';

/** Answers a GET/HEAD below /vod/ or /live/; `rawPath` is what follows that prefix. */
export async function routeContent(
  context: ContentContext,
  area: ContentArea,
  rawPath: string,
  query: URLSearchParams,
  rangeHeader: string | undefined,
): Promise<Reply> {
  const segments = decodeSegments(rawPath);
  const last = segments.at(-1) ?? '';
  if (last.endsWith(SIDECAR_SUFFIX)) {
    if (context.hashes === undefined) throw new HttpError(404, 'not found');
    const target = [...segments.slice(0, -1), last.slice(0, -SIDECAR_SUFFIX.length)];
    return sidecarReply(context.hashes, await resolve(context, area, target, query), query);
  }
  const resource = await resolve(context, area, segments, query);
  return resource.kind === 'playlist'
    ? playlistReply(resource.text)
    : fileReply(resource.path, rangeHeader);
}

function resolve(
  context: ContentContext,
  area: ContentArea,
  segments: readonly string[],
  query: URLSearchParams,
): Promise<Resource> {
  return area === 'vod'
    ? Promise.resolve({ kind: 'file', path: pathUnder(context.mediaRoot, segments) })
    : resolveLive(context.live, segments, query);
}

/** The lowercase hex SHA-256 of a media file, or of `?range=start-end` (inclusive) of it. */
async function sidecarReply(
  hashes: Sha256Cache,
  resource: Resource,
  query: URLSearchParams,
): Promise<Reply> {
  if (resource.kind === 'playlist' || isPlaylistPath(resource.path)) {
    throw new HttpError(404, 'digests are published for media files only');
  }
  const file = await fileInfo(resource.path);
  const rangeText = query.get('range');
  const span = rangeText === null ? undefined : parseSidecarRange(rangeText, file.size);
  if (rangeText !== null && span === undefined) {
    throw new HttpError(400, `range must be start-end (inclusive) within 0-${file.size - 1}`);
  }
  const digest = await hashes.digest(file, span);
  return bytesReply(200, Buffer.from(digest), {
    'Content-Type': 'text/plain; charset=utf-8',
    'Cache-Control': MEDIA_CACHING,
  });
}
