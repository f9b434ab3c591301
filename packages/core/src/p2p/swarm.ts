import type { Peer } from './peer/peer.ts';
import type { Announcement, PeerCloseReason } from './peer/types.ts';

/** What the swarm needs of a peer; `Peer` has it all. */
export interface SwarmPeer extends Pick<Peer, 'announce' | 'close'> {
  on(event: 'close', listener: (reason: PeerCloseReason) => void): () => void;
}

/** Peer ids banned per swarm are kept up to this many, oldest forgotten first. */
const MAX_BANNED = 1024;

/**
 * The peers of one swarm: who is connected and who is banned. Which of them to ask
 * for what is the scheduler's choice, from what each peer announced.
 */
export class Swarm<P extends SwarmPeer = SwarmPeer> {
  /** Connected peers by id; a peer leaves when it closes. */
  readonly peers = new Map<string, P>();
  readonly #banned = new Set<string>();

  /** `limits` is read on every connection: changing it changes the cap at once. */
  constructor(private readonly limits: { maxPeers: number }) {}

  /** Whether a connection to `peerId` is wanted: not banned, not connected, room left. */
  canConnect(peerId: string): boolean {
    return (
      !this.#banned.has(peerId) && !this.peers.has(peerId) && this.peers.size < this.limits.maxPeers
    );
  }

  /** Adds a connected peer, or closes it when it is not wanted; returns whether it was added. */
  add(peerId: string, peer: P): boolean {
    if (!this.canConnect(peerId)) {
      peer.close(this.#banned.has(peerId) ? 'banned' : 'not wanted');
      return false;
    }
    this.peers.set(peerId, peer);
    peer.on('close', () => {
      if (this.peers.get(peerId) === peer) this.peers.delete(peerId);
    });
    return true;
  }

  /** Closes the peer and refuses it from now on, e.g. after it sent corrupt bytes. */
  ban(peerId: string, reason: string): void {
    this.#banned.add(peerId);
    if (this.#banned.size > MAX_BANNED) {
      const [oldest] = this.#banned;
      if (oldest !== undefined) this.#banned.delete(oldest);
    }
    this.peers.get(peerId)?.close(`banned: ${reason}`);
  }

  /** Tells every peer about a change in what this side holds or is fetching. */
  broadcast(announcement: Announcement): void {
    for (const peer of this.peers.values()) peer.announce(announcement);
  }

  /** Closes every peer. */
  close(): void {
    for (const peer of [...this.peers.values()]) peer.close('swarm closed');
    this.peers.clear();
  }
}
