import type { Segment } from '../../src/streams/model.ts';
import type { MemorySegmentStore } from '../../src/storage/memory-store.ts';

/** A media segment of `rendition`: `duration` seconds starting at `sequence * duration`. */
export function media(
  rendition: string,
  sequence: number,
  options: { duration?: number; init?: string } = {},
): Segment {
  const duration = options.duration ?? 4;
  const segment = {
    id: `${rendition}|${sequence}`,
    rendition,
    sequence,
    startTime: sequence * duration,
    duration,
    url: `https://cdn.example/${rendition}/${sequence}.m4s?token=x`,
  };
  return options.init === undefined ? segment : { ...segment, initSegmentId: options.init };
}

/** The init segment (EXT-X-MAP) of `rendition`. */
export function init(rendition: string): Segment {
  return {
    id: `${rendition}|init`,
    rendition,
    sequence: 0,
    startTime: 0,
    duration: 0,
    url: `https://cdn.example/${rendition}/init.mp4`,
  };
}

export const bytes = (n: number): Uint8Array => new Uint8Array(n);

/** The held ids, sorted, for comparisons that ignore order. */
export const held = (store: MemorySegmentStore): string[] => [...store.ids()].sort();

/** A set of ids kept up to date from the store's change notifications alone. */
export function mirror(store: MemorySegmentStore): Set<string> {
  const ids = new Set(store.ids());
  store.onChange(({ added, removed }) => {
    for (const id of removed) ids.delete(id);
    for (const id of added) ids.add(id);
  });
  return ids;
}
