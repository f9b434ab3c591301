/**
 * Offers relayed and not yet answered. An answer is relayed only when it comes
 * from the connection and peer the offer was sent to, so nobody can inject an
 * answer into someone else's handshake. Every record lives `ttlMs` (WebTorrent
 * clients drop unanswered offers after 50 s); all share one TTL, so the Map's
 * insertion order is expiry order and the sweep stops at the first live record.
 */
import type { Client } from './swarm.ts';

export interface OfferRecord {
  readonly infoHash: string;
  readonly fromPeerId: string;
  readonly from: Client;
  readonly toPeerId: string;
  readonly to: Client;
  readonly expiresAt: number;
}

export class OfferBook {
  readonly #records = new Map<string, OfferRecord>();

  constructor(private readonly ttlMs: number) {}

  get size(): number {
    return this.#records.size;
  }

  add(offerId: string, record: Omit<OfferRecord, 'expiresAt'>, now: number): void {
    const key = record.fromPeerId + offerId;
    // Re-adding moves the record to the end, keeping insertion order = expiry order.
    this.#records.delete(key);
    this.#records.set(key, { ...record, expiresAt: now + this.ttlMs });
  }

  /** Removes and returns the offer `offerId` of `fromPeerId` if it was sent to `to`/`toPeerId`. */
  take(
    fromPeerId: string,
    offerId: string,
    to: Client,
    toPeerId: string,
    now: number,
  ): OfferRecord | undefined {
    const key = fromPeerId + offerId;
    const record = this.#records.get(key);
    if (record === undefined || record.expiresAt <= now) return undefined;
    if (record.to !== to || record.toPeerId !== toPeerId) return undefined;
    this.#records.delete(key);
    return record;
  }

  /** Drops expired records; returns how many. */
  sweep(now: number): number {
    let dropped = 0;
    for (const [key, record] of this.#records) {
      if (record.expiresAt > now) break;
      this.#records.delete(key);
      dropped++;
    }
    return dropped;
  }
}
