import type { Segment } from '../streams/model.ts';
import type { Playback, SegmentStore, StoreListener } from './segment-store.ts';

export interface MemoryStoreOptions {
  /** Most bytes held at once; may be Infinity. */
  readonly budgetBytes: number;
  /**
   * Seconds behind the playhead evicted last among what is behind (default 30): in live,
   * other viewers lag behind us, and holding what they still need is what makes us a seeder.
   */
  readonly keepBehindSeconds?: number;
}

interface Entry {
  readonly segment: Segment;
  readonly data: Uint8Array;
}

/** Eviction order: lower tier first, then lower key. Protected segments have no rank. */
type Rank = readonly [tier: number, key: number];

/** An init segment no held segment needs and the engine does not want. */
const ORPHAN: Rank = [0, 0];

const byRank = (a: Rank, b: Rank): number => a[0] - b[0] || a[1] - b[1];

function checkBytes(name: string, value: number): number {
  // `>= 0` is false for NaN as well.
  if (!(value >= 0)) throw new RangeError(`${name} must be a non-negative number, got ${value}`);
  return value;
}

/**
 * A segment store in memory with a byte budget. When over budget it evicts, in order: init
 * segments nothing needs; segments ending `keepBehindSeconds` or more behind the playhead,
 * oldest first; other segments behind the playhead, oldest first; segments ahead that are not
 * wanted, farthest first. A wanted segment ahead (one containing the playhead counts as
 * ahead) is never evicted, nor is an init segment while a held segment names it.
 *
 * Accounts `data.byteLength`: a view pinning a larger buffer is the caller's to avoid.
 */
export class MemorySegmentStore implements SegmentStore {
  #entries = new Map<string, Entry>();
  /** How many held segments name each init segment id, held or not; only counts > 0. */
  #refs = new Map<string, number>();
  #listeners = new Set<StoreListener>();
  #bytes = 0;
  #budget: number;
  #keepBehind: number;
  // Until the engine reports playback, nothing is wanted.
  #playback: Playback = { position: 0, isWanted: () => false };

  constructor(options: MemoryStoreOptions) {
    this.#budget = checkBytes('budgetBytes', options.budgetBytes);
    this.#keepBehind = checkBytes('keepBehindSeconds', options.keepBehindSeconds ?? 30);
  }

  get bytes(): number {
    return this.#bytes;
  }

  get budgetBytes(): number {
    return this.#budget;
  }

  has(segmentId: string): boolean {
    return this.#entries.has(segmentId);
  }

  get(segmentId: string): Uint8Array | undefined {
    return this.#entries.get(segmentId)?.data;
  }

  ids(): Iterable<string> {
    return this.#entries.keys();
  }

  put(segment: Segment, data: Uint8Array): boolean {
    // Same id, same bytes: ids never name different content.
    if (this.#entries.has(segment.id)) return true;
    const size = data.byteLength;
    const init = segment.initSegmentId;
    // Counted before planning so that making room never evicts the init this segment needs.
    this.#ref(init, 1);
    const rank = this.#rank(segment);
    // Only what ranks before the newcomer may go: evicting it right after would waste them.
    const victims = this.#plan(size, rank ?? [Infinity, 0]);
    let freed = 0;
    for (const victim of victims) freed += victim.data.byteLength;
    if (this.#bytes - freed + size > this.#budget) {
      this.#ref(init, -1);
      return false;
    }
    this.#entries.set(segment.id, { segment, data });
    this.#bytes += size;
    this.#evict(victims, [segment.id]);
    return true;
  }

  delete(segmentId: string): boolean {
    const entry = this.#entries.get(segmentId);
    if (!entry) return false;
    this.#remove(entry);
    this.#emit([], [segmentId]);
    return true;
  }

  clear(): void {
    const removed = [...this.#entries.keys()];
    this.#entries.clear();
    this.#refs.clear();
    this.#bytes = 0;
    this.#emit([], removed);
  }

  setPlayback(playback: Playback): void {
    this.#playback = playback;
    // A lowered budget may have left wanted segments over it; they may be behind now.
    this.#trim();
  }

  setBudget(budgetBytes: number): void {
    this.#budget = checkBytes('budgetBytes', budgetBytes);
    this.#trim();
  }

  onChange(listener: StoreListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Evicts what the rules allow toward the budget; what is left over is all protected. */
  #trim(): void {
    this.#evict(this.#plan(0, [Infinity, 0]), []);
  }

  /** Removes `victims` and tells listeners, with the ids `added` alongside. */
  #evict(victims: Entry[], added: string[]): void {
    for (const victim of victims) this.#remove(victim);
    this.#emit(
      added,
      victims.map((victim) => victim.segment.id),
    );
  }

  /**
   * The entries to evict, in order, to fit `size` more bytes, taking only what ranks before
   * `limit`. Stops short when nothing more may go; the caller checks whether it is enough.
   */
  #plan(size: number, limit: Rank): Entry[] {
    let excess = this.#bytes + size - this.#budget;
    const victims: Entry[] = [];
    if (excess <= 0) return victims;
    const ranked: [Rank, Entry][] = [];
    for (const entry of this.#entries.values()) {
      const rank = this.#rank(entry.segment);
      if (rank && byRank(rank, limit) < 0) ranked.push([rank, entry]);
    }
    ranked.sort((a, b) => byRank(a[0], b[0]));
    // Inits orphaned by this plan's own evictions go next, as they would rank first.
    const orphans: Entry[] = [];
    const refsLeft = new Map<string, number>();
    let next = 0;
    while (excess > 0) {
      const victim = orphans.pop() ?? ranked[next++]?.[1];
      if (!victim) break;
      victims.push(victim);
      excess -= victim.data.byteLength;
      const init = victim.segment.initSegmentId;
      if (init === undefined) continue;
      const left = (refsLeft.get(init) ?? this.#refs.get(init) ?? 0) - 1;
      refsLeft.set(init, left);
      const held = this.#entries.get(init);
      if (left === 0 && held && !this.#playback.isWanted(init) && byRank(ORPHAN, limit) < 0) {
        orphans.push(held);
      }
    }
    return victims;
  }

  #rank(segment: Segment): Rank | undefined {
    if (this.#refs.has(segment.id)) return undefined;
    const wanted = this.#playback.isWanted(segment.id);
    if (segment.duration === 0) return wanted ? undefined : ORPHAN;
    const { position } = this.#playback;
    const end = segment.startTime + segment.duration;
    if (end > position) return wanted ? undefined : [3, -segment.startTime];
    return [end <= position - this.#keepBehind ? 1 : 2, segment.startTime];
  }

  #remove(entry: Entry): void {
    this.#entries.delete(entry.segment.id);
    this.#bytes -= entry.data.byteLength;
    this.#ref(entry.segment.initSegmentId, -1);
  }

  #ref(initId: string | undefined, delta: number): void {
    if (initId === undefined) return;
    const count = (this.#refs.get(initId) ?? 0) + delta;
    if (count > 0) this.#refs.set(initId, count);
    else this.#refs.delete(initId);
  }

  #emit(added: readonly string[], removed: readonly string[]): void {
    if (added.length === 0 && removed.length === 0) return;
    const change = { added, removed };
    for (const listener of this.#listeners) listener(change);
  }
}
