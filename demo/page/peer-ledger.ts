/** One remote peer as the demo's peer table shows it. */
export interface PeerRow {
  readonly id: string;
  /** Page clock, ms. */
  readonly connectedAt: number;
  readonly closed?: { readonly at: number; readonly reason: string };
  /** Bytes received from it and sent to it. */
  readonly downloaded: number;
  readonly uploaded: number;
  /** From the engine's stats, while connected: bytes/s and ms. */
  readonly throughput: number | undefined;
  readonly rtt: number | undefined;
}

interface Entry {
  connectedAt: number;
  closed: { at: number; reason: string } | undefined;
  downloaded: number;
  uploaded: number;
}

/** What the engine reports per connected peer (a subset of `stats().peers`). */
export interface LivePeer {
  readonly id: string;
  readonly throughput: number | undefined;
  readonly rtt: number | undefined;
}

/**
 * Bytes per peer, counted from the engine's `bytesDownloaded` / `bytesUploaded`
 * events (its stats hold only totals), and the peers' comings and goings. A
 * closed peer stays listed for `keepClosedMs` so that a short visit is seen.
 */
export class PeerLedger {
  readonly #peers = new Map<string, Entry>();
  readonly #keepClosedMs: number;

  constructor(keepClosedMs: number) {
    this.#keepClosedMs = keepClosedMs;
  }

  connected(id: string, at: number): void {
    const entry = this.#entry(id, at);
    if (entry.closed !== undefined) entry.connectedAt = at;
    entry.closed = undefined;
  }

  closed(id: string, reason: string, at: number): void {
    this.#entry(id, at).closed = { at, reason };
  }

  downloaded(id: string, bytes: number, at: number): void {
    this.#entry(id, at).downloaded += bytes;
  }

  uploaded(id: string, bytes: number, at: number): void {
    this.#entry(id, at).uploaded += bytes;
  }

  /** Connected peers first, most bytes exchanged first; forgets peers closed long ago. */
  rows(live: readonly LivePeer[], now: number): PeerRow[] {
    const byId = new Map(live.map((peer) => [peer.id, peer]));
    for (const [id, entry] of this.#peers) {
      if (entry.closed !== undefined && now - entry.closed.at > this.#keepClosedMs) {
        this.#peers.delete(id);
      }
    }
    return [...this.#peers]
      .map(([id, entry]): PeerRow => {
        const peer = entry.closed === undefined ? byId.get(id) : undefined;
        return {
          id,
          connectedAt: entry.connectedAt,
          ...(entry.closed === undefined ? {} : { closed: entry.closed }),
          downloaded: entry.downloaded,
          uploaded: entry.uploaded,
          throughput: peer?.throughput,
          rtt: peer?.rtt,
        };
      })
      .sort(
        (a, b) =>
          Number(a.closed !== undefined) - Number(b.closed !== undefined) ||
          b.downloaded + b.uploaded - (a.downloaded + a.uploaded) ||
          a.id.localeCompare(b.id),
      );
  }

  #entry(id: string, at: number): Entry {
    let entry = this.#peers.get(id);
    if (entry === undefined) {
      entry = { connectedAt: at, closed: undefined, downloaded: 0, uploaded: 0 };
      this.#peers.set(id, entry);
    }
    return entry;
  }
}
