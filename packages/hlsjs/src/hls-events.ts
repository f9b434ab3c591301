import type { LevelSwitchingData, ManifestLoadingData, MediaAttachedData } from 'hls.js';
import type { Hls } from './hls-types.ts';

/** What the adapter does on hls.js's events. */
export interface HlsHandlers {
  /** `loadSource()`: a new source. */
  readonly manifestLoading: (url: string) => void;
  /** A playlist was parsed and aligned (hls.js 1.5 has no audio-track update event). */
  readonly playlistsUpdated: () => void;
  readonly levelSwitching: (level: number) => void;
  readonly mediaAttached: (media: HTMLMediaElement) => void;
  readonly mediaDetaching: () => void;
  readonly destroying: () => void;
}

type Handler = (event: string, data: never) => void;

/** hls.js's emitter, addressed by event name: names that an older hls.js lacks never fire. */
interface EventSource {
  on(event: string, listener: Handler): void;
  off(event: string, listener: Handler): void;
}

/**
 * Subscribes `handlers` to `hls` and returns the function that unsubscribes them.
 * Event names are spelled as strings, never read from the Hls class: the adapter
 * doesn't import hls.js at runtime.
 */
export function listenToHls(hls: Hls, handlers: HlsHandlers): () => void {
  const source = hls as unknown as EventSource;
  const offs: (() => void)[] = [];
  const on = (event: string, listener: (data: never) => void): void => {
    const handler: Handler = (_event, data) => {
      listener(data);
    };
    source.on(event, handler);
    offs.push(() => {
      source.off(event, handler);
    });
  };
  on('hlsManifestLoading', ({ url }: ManifestLoadingData) => {
    handlers.manifestLoading(url);
  });
  on('hlsLevelUpdated', handlers.playlistsUpdated);
  on('hlsAudioTrackUpdated', handlers.playlistsUpdated);
  on('hlsLevelSwitching', ({ level }: LevelSwitchingData) => {
    handlers.levelSwitching(level);
  });
  on('hlsMediaAttached', ({ media }: MediaAttachedData) => {
    handlers.mediaAttached(media);
  });
  on('hlsMediaDetaching', handlers.mediaDetaching);
  on('hlsDestroying', handlers.destroying);
  return () => {
    for (const off of offs) off();
  };
}
