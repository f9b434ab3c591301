import { LIMITS, type AvailabilityFrame } from '../protocol/frames.ts';
import type { SegmentRef } from './types.ts';

/** One number per (sequence, init), so a rendition's segments fit in one Map. */
const slot = (sequence: number, init: boolean): number => sequence * 2 + (init ? 1 : 0);

/**
 * What the remote declared and holds: its rendition table and, per rendition, the
 * segments it has (with sizes) and those it is fetching over HTTP. Bounded: at most
 * LIMITS.renditions renditions (the decoder bounds ids) and, per rendition, at most
 * LIMITS.availabilityEntries entries of each kind, the size of a full map, so an
 * honest peer never reaches it; beyond it the oldest entry is forgotten (O(1), Map
 * order), which costs a hostile peer only requests we no longer send it.
 */
export class RemoteAvailability {
  readonly #keys = new Map<number, string>();
  readonly #ids = new Map<string, number>();
  readonly #held = new Map<number, Map<number, number>>();
  readonly #fetching = new Map<number, Set<number>>();

  /** Returns false for a declaration that contradicts an earlier one. */
  declare(id: number, key: string): boolean {
    const known = this.#keys.get(id);
    if (known !== undefined || this.#ids.has(key)) return known === key;
    this.#keys.set(id, key);
    this.#ids.set(key, id);
    this.#held.set(id, new Map());
    this.#fetching.set(id, new Set());
    return true;
  }

  /** The key the remote declared for `id`, if it did. */
  key(id: number): string | undefined {
    return this.#keys.get(id);
  }

  sizeOf({ rendition, sequence, init }: SegmentRef): number | undefined {
    const id = this.#ids.get(rendition);
    return id === undefined ? undefined : this.#held.get(id)?.get(slot(sequence, init));
  }

  isFetching({ rendition, sequence, init }: SegmentRef): boolean {
    const id = this.#ids.get(rendition);
    return id !== undefined && this.#fetching.get(id)?.has(slot(sequence, init)) === true;
  }

  /** Callers pass declared ids only. */
  replace(id: number, segments: AvailabilityFrame['segments']): void {
    const held = new Map<number, number>();
    const fetching = this.#fetching.get(id);
    for (const { sequence, init, size } of segments) {
      held.set(slot(sequence, init), size);
      fetching?.delete(slot(sequence, init));
    }
    this.#held.set(id, held);
  }

  /** Each returns whether anything changed. */
  have(id: number, sequence: number, init: boolean, size: number): boolean {
    const held = this.#held.get(id);
    const at = slot(sequence, init);
    const fetched = this.#fetching.get(id)?.delete(at) === true;
    if (held === undefined || held.get(at) === size) return fetched;
    if (!held.has(at)) bound(held);
    held.set(at, size);
    return true;
  }

  fetching(id: number, sequence: number, init: boolean): boolean {
    const fetching = this.#fetching.get(id);
    const at = slot(sequence, init);
    if (fetching === undefined || fetching.has(at)) return false;
    bound(fetching);
    fetching.add(at);
    return true;
  }

  lost(id: number, sequence: number, init: boolean): boolean {
    const at = slot(sequence, init);
    const fetched = this.#fetching.get(id)?.delete(at) === true;
    return this.#held.get(id)?.delete(at) === true || fetched;
  }
}

/** Makes room for one more entry by forgetting the oldest. */
function bound(entries: Map<number, unknown> | Set<number>): void {
  if (entries.size >= LIMITS.availabilityEntries) {
    for (const key of entries.keys()) {
      entries.delete(key);
      break;
    }
  }
}
