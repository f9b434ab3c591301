/**
 * Helpers shared by the engine tests in Node and in the browser (karma), so
 * nothing here may import a Node module.
 */
import type { Engine } from '../../src/engine/engine.ts';
import type { EngineEvents, LoadInfo } from '../../src/engine/types.ts';
import { segmentId } from '../../src/identity.ts';
import type { Segment } from '../../src/streams/model.ts';

export interface Loaded {
  readonly bytes: Uint8Array;
  readonly info: LoadInfo;
  /** `loaded` of each progress call. */
  readonly progress: number[];
}

/** `engine.loadSegment` as a promise, rejecting after `ms`. */
export function load(engine: Engine, id: string, ms = 10_000): Promise<Loaded> {
  const progress: number[] = [];
  const abort = new AbortController();
  return new Promise<Loaded>((resolve, reject) => {
    const timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`segment ${id}: nothing within ${ms} ms`));
    }, ms);
    engine.loadSegment(
      id,
      {
        onProgress: (_chunk, loaded) => progress.push(loaded),
        onSuccess: (bytes, info) => {
          clearTimeout(timer);
          resolve({ bytes, info, progress });
        },
        onError: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      },
      abort.signal,
    );
  });
}

/** The next `event` of `engine` that satisfies `match`, or a rejection after `ms`. */
export function until<K extends keyof EngineEvents>(
  engine: Engine,
  event: K,
  match: (value: EngineEvents[K]) => boolean = () => true,
  ms = 10_000,
): Promise<EngineEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`engine event ${event}: nothing within ${ms} ms`));
    }, ms);
    const off = engine.on(event, (value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/** A tiny media playlist parser: enough for the origin's live playlists. */
export function parsePlaylist(text: string, base: string, rendition: string): Segment[] {
  let sequence = Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1] ?? 0);
  let time = Date.parse(/#EXT-X-PROGRAM-DATE-TIME:(\S+)/.exec(text)?.[1] ?? '') / 1000;
  const segments: Segment[] = [];
  let duration = 0;
  for (const line of text.split('\n').map((l) => l.trim())) {
    if (line.startsWith('#EXTINF:')) duration = Number.parseFloat(line.slice(8));
    else if (line !== '' && !line.startsWith('#')) {
      const id = segmentId({ rendition, sequence });
      const url = new URL(line, base).href;
      segments.push({ id, rendition, sequence: sequence++, startTime: time, duration, url });
      time += duration;
    }
  }
  return segments;
}
