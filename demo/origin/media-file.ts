import { stat } from 'node:fs/promises';
import { contentTypeOf, isPlaylistPath } from './content-type.ts';
import { parseRangeHeader, spanLength } from './range.ts';
import { bytesReply, HttpError, MEDIA_CACHING, PLAYLIST_CACHING, textReply } from './reply.ts';
import type { Reply } from './reply.ts';

export interface FileInfo {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Stats a regular file, turning "absent" and "a directory" into the same 404. */
export async function fileInfo(path: string): Promise<FileInfo> {
  const stats = await stat(path).catch((error: unknown) => {
    if (isMissingFile(error)) return undefined;
    throw error;
  });
  if (stats?.isFile() !== true) throw new HttpError(404, 'not found');
  return { path, size: stats.size, mtimeMs: stats.mtimeMs };
}

/**
 * Answers a file, or the part of it a Range header asks for. Bytes are streamed from
 * disk per request rather than kept in memory: generated demo streams reach ~100 MB,
 * the OS page cache already keeps hot segments in RAM, and a range read costs only
 * the bytes it returns.
 */
export async function fileReply(path: string, rangeHeader: string | undefined): Promise<Reply> {
  const file = await fileInfo(path);
  const playlist = isPlaylistPath(path);
  const headers = {
    'Content-Type': contentTypeOf(path),
    'Cache-Control': playlist ? PLAYLIST_CACHING : MEDIA_CACHING,
    'Accept-Ranges': 'bytes',
  };
  const range = parseRangeHeader(rangeHeader, file.size);
  if (range.kind === 'unsatisfiable') {
    return textReply(416, 'range not satisfiable', { 'Content-Range': `bytes */${file.size}` });
  }
  if (file.size === 0) return bytesReply(200, Buffer.alloc(0), headers);
  const span = range.kind === 'partial' ? range.span : { start: 0, end: file.size - 1 };
  return {
    status: range.kind === 'partial' ? 206 : 200,
    headers: {
      ...headers,
      'Content-Length': spanLength(span),
      ...(range.kind === 'partial'
        ? { 'Content-Range': `bytes ${span.start}-${span.end}/${file.size}` }
        : {}),
    },
    body: { kind: 'file', path, start: span.start, end: span.end },
    rateCapped: !playlist,
  };
}

export function isMissingFile(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
