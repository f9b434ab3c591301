import { Emitter } from '../emitter.ts';
import type { Peer } from './peer/peer.ts';
import type { Announcement, PeerCloseReason, SegmentRef } from './peer/types.ts';

/** What the swarm needs of a peer; `Peer` has it all. */
export interface SwarmPeer extends Pick<
  Peer,
  'has' | 'sizeOf' | 'isFetching' | 'throughput' | 'rtt' | 'announce' | 'close'
> {
  on(event: 'close', listener: (reason: PeerCloseReason) => void): () => void;
}

export interface SwarmEvents {
  joined: { peerId: string };
  left: { peerId: string; reason: PeerCloseReason | undefined };
  banned: { peerId: string; reason: string };
}

export interface SwarmOptions {
  /** Most peers connected at once. */
  readonly maxPeers: number;
}

/** Peer ids banned per swarm are kept up to this many, oldest forgotten first. */
const MAX_BANNED = 1024;

/**
 * The peers of one swarm: who is connected, who holds what, who is banned.
 * Peers are ranked for a segment by measured throughput, then round-trip time,
 * so the nearest and fastest are asked first.
 */
export class Swarm extends Emitter<SwarmEvents> {
  readonly #peers = new Map<string, SwarmPeer>();
  readonly #banned = new Set<string>();

  constructor(private readonly options: SwarmOptions) {
    super();
  }

  get size(): number {
    return this.#peers.size;
  }

  /** Whether a connection to `peerId` is wanted: not banned, not connected, room left. */
  canConnect(peerId: string): boolean {
    return (
      !this.#banned.has(peerId) &&
      !this.#peers.has(peerId) &&
      this.#peers.size < this.options.maxPeers
    );
  }

  /** Adds a connected peer, or closes it when it is not wanted; returns whether it was added. */
  add(peerId: string, peer: SwarmPeer): boolean {
    if (!this.canConnect(peerId)) {
      peer.close(this.#banned.has(peerId) ? 'banned' : 'not wanted');
      return false;
    }
    this.#peers.set(peerId, peer);
    peer.on('close', (reason) => {
      if (this.#peers.get(peerId) !== peer) return;
      this.#peers.delete(peerId);
      this.emit('left', { peerId, reason });
    });
    this.emit('joined', { peerId });
    return true;
  }

  get(peerId: string): SwarmPeer | undefined {
    return this.#peers.get(peerId);
  }

  entries(): IterableIterator<[string, SwarmPeer]> {
    return this.#peers.entries();
  }

  /** Closes the peer and refuses it from now on, e.g. after it sent corrupt bytes. */
  ban(peerId: string, reason: string): void {
    this.#banned.add(peerId);
    if (this.#banned.size > MAX_BANNED) {
      const [oldest] = this.#banned;
      if (oldest !== undefined) this.#banned.delete(oldest);
    }
    this.emit('banned', { peerId, reason });
    this.#peers.get(peerId)?.close(`banned: ${reason}`);
  }

  isBanned(peerId: string): boolean {
    return this.#banned.has(peerId);
  }

  /** Peers holding `segment`, best first: higher throughput, then lower RTT; unmeasured last. */
  holders(segment: SegmentRef): { peerId: string; peer: SwarmPeer }[] {
    const holders = [...this.#peers]
      .filter(([, peer]) => peer.has(segment))
      .map(([peerId, peer]) => ({ peerId, peer }));
    return holders.sort(
      (a, b) =>
        (b.peer.throughput ?? 0) - (a.peer.throughput ?? 0) ||
        (a.peer.rtt ?? Infinity) - (b.peer.rtt ?? Infinity),
    );
  }

  /** Whether any peer says it is fetching `segment` over HTTP. */
  isFetching(segment: SegmentRef): boolean {
    for (const peer of this.#peers.values()) if (peer.isFetching(segment)) return true;
    return false;
  }

  /** Tells every peer about a change in what this side holds or is fetching. */
  broadcast(announcement: Announcement): void {
    for (const peer of this.#peers.values()) peer.announce(announcement);
  }

  /** Closes every peer. */
  close(): void {
    for (const peer of [...this.#peers.values()]) peer.close('swarm closed');
    this.#peers.clear();
  }
}
