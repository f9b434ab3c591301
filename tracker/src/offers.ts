/**
 * Offers relayed and not yet answered. An answer is relayed only when it comes
 * from the connection and peer the offer was sent to, so nobody can inject an
 * answer into someone else's handshake. Every record lives `ttlMs` (WebTorrent
 * clients drop unanswered offers after 50 s); all share one TTL, so the Map's
 * insertion order is expiry order and the sweep stops at the first live record.
 * Each connection may have at most `maxPerClient` offers pending, which bounds
 * the memory a flooding client can claim.
 */
import type { AnswerRequest } from './messages.ts';
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
  readonly #pending = new Map<Client, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxPerClient: number,
  ) {}

  get size(): number {
    return this.#records.size;
  }

  /** Whether `from` may have one more offer pending. */
  hasRoom(from: Client): boolean {
    return (this.#pending.get(from) ?? 0) < this.maxPerClient;
  }

  add(offerId: string, record: Omit<OfferRecord, 'expiresAt'>, now: number): void {
    const key = record.fromPeerId + offerId;
    const previous = this.#records.get(key);
    if (previous !== undefined) {
      // Re-adding moves the record to the end, keeping insertion order = expiry order.
      this.#records.delete(key);
      this.#release(previous);
    }
    this.#records.set(key, { ...record, expiresAt: now + this.ttlMs });
    this.#pending.set(record.from, (this.#pending.get(record.from) ?? 0) + 1);
  }

  /**
   * Removes and returns the offer an answer refers to, if the answer comes from
   * the connection and peer id the offer was sent to, in the same swarm.
   */
  take(answer: AnswerRequest, from: Client, now: number): OfferRecord | undefined {
    const key = answer.toPeerId + answer.offerId;
    const record = this.#records.get(key);
    if (record === undefined || record.expiresAt <= now) return undefined;
    if (record.to !== from || record.toPeerId !== answer.peerId) return undefined;
    if (record.infoHash !== answer.infoHash) return undefined;
    this.#records.delete(key);
    this.#release(record);
    return record;
  }

  /** Drops expired records; returns how many. */
  sweep(now: number): number {
    let dropped = 0;
    for (const [key, record] of this.#records) {
      if (record.expiresAt > now) break;
      this.#records.delete(key);
      this.#release(record);
      dropped++;
    }
    return dropped;
  }

  #release(record: OfferRecord): void {
    const left = (this.#pending.get(record.from) ?? 1) - 1;
    if (left === 0) this.#pending.delete(record.from);
    else this.#pending.set(record.from, left);
  }
}
