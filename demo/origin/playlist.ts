/**
 * The subset of M3U8 the origin needs: VOD media playlists in, live media playlists
 * out, and the URIs of a multivariant playlist. Tags that would change what a live
 * replay means (keys, discontinuities inside the VOD) are rejected, not dropped.
 */

export interface ByteRange {
  readonly length: number;
  readonly offset: number;
}

export interface MediaSegment {
  readonly duration: number;
  readonly uri: string;
  readonly byteRange?: ByteRange;
}

export interface InitSection {
  readonly uri: string;
  readonly byteRange?: ByteRange;
}

export interface MediaPlaylist {
  readonly version?: number;
  readonly independentSegments: boolean;
  readonly targetDuration: number;
  readonly map?: InitSection;
  readonly segments: readonly MediaSegment[];
}

export interface LiveSegment extends MediaSegment {
  readonly discontinuity: boolean;
  readonly programDateTimeMs?: number;
}

export interface LiveMediaPlaylist extends MediaPlaylist {
  readonly mediaSequence: number;
  readonly discontinuitySequence: number;
  readonly segments: readonly LiveSegment[];
}

export type MasterUriKind = 'variant' | 'rendition';

export class PlaylistError extends Error {
  override name = 'PlaylistError';
}

const UNSUPPORTED_MEDIA_TAGS = [
  '#EXT-X-KEY',
  '#EXT-X-DISCONTINUITY',
  '#EXT-X-STREAM-INF',
  '#EXT-X-PART',
];

/** Parses a VOD media playlist; `source` (a file path) prefixes error messages. */
export function parseMediaPlaylist(text: string, source: string): MediaPlaylist {
  const lines = playlistLines(text, source);
  let version: number | undefined;
  let independentSegments = false;
  let targetDuration: number | undefined;
  let map: InitSection | undefined;
  let pendingDuration: number | undefined;
  let pendingRange: ByteRange | undefined;
  const segments: MediaSegment[] = [];
  for (const [index, line] of lines.entries()) {
    if (line === '') continue;
    const where = `${source}:${index + 1}`;
    const [tag, value = ''] = splitTag(line);
    if (tag === '#EXT-X-VERSION') version = parseInteger(value, where);
    else if (tag === '#EXT-X-INDEPENDENT-SEGMENTS') independentSegments = true;
    else if (tag === '#EXT-X-TARGETDURATION') targetDuration = parseInteger(value, where);
    else if (tag === '#EXT-X-MAP') {
      if (map !== undefined) throw new PlaylistError(`${where}: only one EXT-X-MAP is supported`);
      map = parseMap(value, where);
    } else if (tag === '#EXTINF') pendingDuration = parseDuration(value, where);
    else if (tag === '#EXT-X-BYTERANGE') {
      pendingRange = parseByteRange(value, segments.at(-1), where);
    } else if (UNSUPPORTED_MEDIA_TAGS.some((unsupported) => tag === unsupported)) {
      throw new PlaylistError(`${where}: ${tag} is not supported`);
    } else if (!line.startsWith('#')) {
      if (pendingDuration === undefined) throw new PlaylistError(`${where}: URI without EXTINF`);
      segments.push(segmentOf(pendingDuration, line, pendingRange));
      pendingDuration = undefined;
      pendingRange = undefined;
    }
  }
  if (targetDuration === undefined) {
    throw new PlaylistError(`${source}: missing EXT-X-TARGETDURATION`);
  }
  return {
    ...(version === undefined ? {} : { version }),
    independentSegments,
    targetDuration,
    ...(map === undefined ? {} : { map }),
    segments,
  };
}

export function serializeLivePlaylist(playlist: LiveMediaPlaylist): string {
  const out = ['#EXTM3U'];
  if (playlist.version !== undefined) out.push(`#EXT-X-VERSION:${playlist.version}`);
  if (playlist.independentSegments) out.push('#EXT-X-INDEPENDENT-SEGMENTS');
  out.push(`#EXT-X-TARGETDURATION:${playlist.targetDuration}`);
  out.push(`#EXT-X-MEDIA-SEQUENCE:${playlist.mediaSequence}`);
  out.push(`#EXT-X-DISCONTINUITY-SEQUENCE:${playlist.discontinuitySequence}`);
  if (playlist.map !== undefined) {
    const range = playlist.map.byteRange;
    const rangeAttribute = range === undefined ? '' : `,BYTERANGE="${formatByteRange(range)}"`;
    out.push(`#EXT-X-MAP:URI="${playlist.map.uri}"${rangeAttribute}`);
  }
  for (const segment of playlist.segments) {
    if (segment.discontinuity) out.push('#EXT-X-DISCONTINUITY');
    if (segment.programDateTimeMs !== undefined) {
      out.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segment.programDateTimeMs).toISOString()}`);
    }
    out.push(`#EXTINF:${segment.duration},`);
    if (segment.byteRange !== undefined) {
      out.push(`#EXT-X-BYTERANGE:${formatByteRange(segment.byteRange)}`);
    }
    out.push(segment.uri);
  }
  return `${out.join('\n')}\n`;
}

/**
 * Rewrites every media playlist URI of a multivariant playlist (variant stream lines
 * and EXT-X-MEDIA URI attributes), leaving every other line as it was.
 */
export function rewriteMasterUris(
  text: string,
  source: string,
  rewrite: (uri: string, kind: MasterUriKind) => string,
): string {
  const lines = playlistLines(text, source);
  if (!lines.some((line) => line.startsWith('#EXT-X-STREAM-INF'))) {
    throw new PlaylistError(`${source}: not a multivariant playlist, no EXT-X-STREAM-INF`);
  }
  const rewritten = lines.map((line) => {
    if (line.startsWith('#EXT-X-MEDIA:')) {
      return line.replace(/URI="([^"]*)"/, (_all, uri: string) => {
        return `URI="${rewrite(uri, 'rendition')}"`;
      });
    }
    return line === '' || line.startsWith('#') ? line : rewrite(line, 'variant');
  });
  return rewritten.join('\n');
}

export function masterUris(text: string, source: string): { uri: string; kind: MasterUriKind }[] {
  const uris: { uri: string; kind: MasterUriKind }[] = [];
  rewriteMasterUris(text, source, (uri, kind) => {
    uris.push({ uri, kind });
    return uri;
  });
  return uris;
}

function playlistLines(text: string, source: string): string[] {
  const lines = text.split('\n').map((line) => line.trim());
  if (lines[0] !== '#EXTM3U') throw new PlaylistError(`${source}: not a playlist, no #EXTM3U`);
  return lines;
}

function splitTag(line: string): [string, string?] {
  const colon = line.indexOf(':');
  return colon === -1 ? [line] : [line.slice(0, colon), line.slice(colon + 1)];
}

function segmentOf(duration: number, uri: string, byteRange: ByteRange | undefined): MediaSegment {
  return byteRange === undefined ? { duration, uri } : { duration, uri, byteRange };
}

function parseInteger(value: string, where: string): number {
  if (!/^\d+$/.test(value))
    throw new PlaylistError(`${where}: expected an integer, got "${value}"`);
  return Number(value);
}

function parseDuration(value: string, where: string): number {
  const text = value.split(',', 1)[0] ?? '';
  const duration = Number(text);
  if (text === '' || !Number.isFinite(duration) || duration < 0) {
    throw new PlaylistError(`${where}: bad EXTINF duration "${text}"`);
  }
  return duration;
}

/** An EXT-X-BYTERANGE without an offset continues the previous segment's sub-range. */
function parseByteRange(
  value: string,
  previous: MediaSegment | undefined,
  where: string,
): ByteRange {
  const [lengthText = '', offsetText] = value.split('@');
  const length = parseInteger(lengthText, where);
  if (offsetText !== undefined) return { length, offset: parseInteger(offsetText, where) };
  if (previous?.byteRange === undefined) {
    throw new PlaylistError(`${where}: EXT-X-BYTERANGE without offset and no previous sub-range`);
  }
  return { length, offset: previous.byteRange.offset + previous.byteRange.length };
}

function parseMap(value: string, where: string): InitSection {
  const attributes = parseAttributes(value);
  const uri = attributes.get('URI');
  if (uri === undefined) throw new PlaylistError(`${where}: EXT-X-MAP without URI`);
  const range = attributes.get('BYTERANGE');
  if (range === undefined) return { uri };
  const [lengthText = '', offsetText = '0'] = range.split('@');
  return {
    uri,
    byteRange: { length: parseInteger(lengthText, where), offset: parseInteger(offsetText, where) },
  };
}

function parseAttributes(value: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of value.matchAll(/([A-Z0-9-]+)=("[^"]*"|[^,]*)/g)) {
    const [, name = '', raw = ''] = match;
    attributes.set(name, raw.startsWith('"') ? raw.slice(1, -1) : raw);
  }
  return attributes;
}

function formatByteRange(range: ByteRange): string {
  return `${range.length}@${range.offset}`;
}
