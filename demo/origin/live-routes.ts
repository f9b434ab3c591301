import type { LiveCatalog } from './live-catalog.ts';
import { renderLivePlaylist, masterWithWindow } from './live-playlist.ts';
import { isPublished, liveWindowAt, MAX_LIVE_WINDOW } from './live.ts';
import { HttpError } from './reply.ts';
import { pathUnder } from './request-path.ts';

export interface LiveContext {
  readonly catalog: LiveCatalog;
  /** Wall-clock time at which the origin started; the stream is already running then. */
  readonly t0: number;
  readonly nowMs: number;
  readonly defaultWindow: number;
}

export type Resource =
  | { readonly kind: 'playlist'; readonly text: string }
  | { readonly kind: 'file'; readonly path: string };

const SEGMENT_INDEX = /^(?:0|[1-9]\d{0,15})$/;

/**
 * Resolves a path below /live/ (already decoded and checked):
 * `<variant>/master.m3u8`, `<variant>/<rendition>/index.m3u8`,
 * `<variant>/<rendition>/<k>/<segment uri>` and `<variant>/<rendition>/<init uri>`.
 */
export async function resolveLive(
  context: LiveContext,
  segments: readonly string[],
  query: URLSearchParams,
): Promise<Resource> {
  const [variantName, renditionName, ...inRendition] = segments;
  if (variantName === undefined || renditionName === undefined) throw notFound();
  const variant = await context.catalog.variant(variantName);
  if (renditionName === 'master.m3u8' && inRendition.length === 0) {
    return { kind: 'playlist', text: masterWithWindow(variant.masterText, windowParam(query)) };
  }
  const rendition = variant.renditions.get(renditionName);
  if (rendition === undefined) throw notFound();
  const relative = inRendition.join('/');
  const directory = [variantName, renditionName];
  if (relative === 'index.m3u8') {
    const size = windowParam(query) ?? context.defaultWindow;
    const window = liveWindowAt(variant.timeline, context.t0, context.nowMs, size);
    return { kind: 'playlist', text: renderLivePlaylist(rendition, variant.timeline, window) };
  }
  if (relative === rendition.map?.uri) {
    return {
      kind: 'file',
      path: pathUnder(context.catalog.mediaRoot, [...directory, ...inRendition]),
    };
  }
  const [indexText = '', ...file] = inRendition;
  if (!SEGMENT_INDEX.test(indexText)) throw notFound();
  const k = Number(indexText);
  if (!isPublished(variant.timeline, context.t0, context.nowMs, k)) {
    throw new HttpError(404, `live segment ${k} is not published yet`);
  }
  if (rendition.segments[k % variant.timeline.segmentCount]?.uri !== file.join('/')) {
    throw notFound();
  }
  return { kind: 'file', path: pathUnder(context.catalog.mediaRoot, [...directory, ...file]) };
}

function windowParam(query: URLSearchParams): number | undefined {
  const text = query.get('window');
  if (text === null) return undefined;
  const window = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
  if (!(window >= 1 && window <= MAX_LIVE_WINDOW)) {
    throw new HttpError(400, `window must be an integer between 1 and ${MAX_LIVE_WINDOW}`);
  }
  return window;
}

function notFound(): HttpError {
  return new HttpError(404, 'not found');
}
