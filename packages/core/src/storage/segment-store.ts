import type { Segment } from '../streams/model.ts';

/** What a store needs to know about playback to choose what to evict. */
export interface Playback {
  /** Playhead position in seconds on the player's timeline. */
  readonly position: number;
  /**
   * Whether the engine still wants the segment for the player. A wanted segment ahead of the
   * playhead is never evicted. Must also answer true for the init segment of a wanted segment
   * that is not held yet, since the store only sees the references of segments it holds.
   */
  readonly isWanted: (segmentId: string) => boolean;
}

/** Ids that entered and left a store in one operation: the peer protocol's HAVE and LOST. */
export interface StoreChange {
  readonly added: readonly string[];
  readonly removed: readonly string[];
}

export type StoreListener = (change: StoreChange) => void;

/**
 * Where the engine keeps segments to serve to peers and to replay to the player.
 *
 * Synchronous on purpose. Availability (`has`, `ids`, changes) and byte accounting must be
 * answered at once for the peer protocol, so even an IndexedDB store would keep its index in
 * memory; only `get` and `put` could want promises, and typing them `T | Promise<T>` now would
 * put an await on every peer request for a store that does not exist yet.
 */
export interface SegmentStore {
  /** Bytes held now. */
  readonly bytes: number;
  readonly budgetBytes: number;
  has(segmentId: string): boolean;
  get(segmentId: string): Uint8Array | undefined;
  /**
   * Stores `data` (not copied: callers must not mutate it afterwards), evicting by the store's
   * rules to make room. Returns false, changing nothing, when room can't be made; the caller
   * then hands the bytes to the player without caching them.
   */
  put(segment: Segment, data: Uint8Array): boolean;
  delete(segmentId: string): boolean;
  /** The ids held now, for the full availability map sent when a peer connects. */
  ids(): Iterable<string>;
  /** Updates the context eviction works from; may evict if the store is over budget. */
  setPlayback(playback: Playback): void;
  /** Changes the budget (e.g. under memory pressure), evicting at once to meet it. */
  setBudget(budgetBytes: number): void;
  clear(): void;
  /** Calls `listener` after every change of the held set; returns the unsubscribe function. */
  onChange(listener: StoreListener): () => void;
}
