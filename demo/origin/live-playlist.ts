import { startsLoop } from './live.ts';
import type { LiveTimeline, LiveWindow } from './live.ts';
import { rewriteMasterUris, serializeLivePlaylist } from './playlist.ts';
import type { LiveSegment, MediaPlaylist } from './playlist.ts';

/**
 * The live media playlist of one rendition for a window of global segment indices.
 * Each entry's URI is prefixed with its index k so that every live segment has its
 * own URL, as on a real live CDN, and per-path byte counts see each one separately.
 */
export function renderLivePlaylist(
  vod: MediaPlaylist,
  timeline: LiveTimeline,
  window: LiveWindow,
): string {
  const segments: LiveSegment[] = [];
  for (let k = window.first; k < window.end; k++) {
    const source = vod.segments[k % timeline.segmentCount];
    if (source === undefined)
      throw new Error(`rendition has no segment ${k % timeline.segmentCount}`);
    segments.push({
      ...source,
      uri: `${k}/${source.uri}`,
      discontinuity: startsLoop(timeline, k),
      ...(k === window.first ? { programDateTimeMs: window.firstStartWallMs } : {}),
    });
  }
  return serializeLivePlaylist({
    ...vod,
    mediaSequence: window.first,
    discontinuitySequence: window.discontinuitySequence,
    segments,
  });
}

/** Carries a `?window=N` asked of the master over to every media playlist it lists. */
export function masterWithWindow(masterText: string, window: number | undefined): string {
  if (window === undefined) return masterText;
  return rewriteMasterUris(masterText, 'master', (uri) => {
    return `${uri}${uri.includes('?') ? '&' : '?'}window=${window}`;
  });
}
