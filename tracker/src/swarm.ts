/**
 * The peers of one info hash. Join, leave and random sampling are O(1) per peer
 * (arrays with swap-remove; each member remembers its slots), so an announce
 * costs the same in a swarm of ten and of a hundred thousand.
 */

/** One WebSocket connection; it may carry several peer ids and info hashes. */
export interface Client {
  /** Queues a message; false when it was dropped (closed or backed-up socket). */
  send(message: object): boolean;
  /** Nearby keys of the client's address, nearest first (see network-prefix.ts). */
  readonly nearby: readonly string[];
  /** Every swarm membership announced over this connection, removed when it closes. */
  readonly members: Set<Member>;
}

/** One peer id in one swarm. */
export interface Member {
  readonly peerId: string;
  readonly infoHash: string;
  readonly client: Client;
  complete: boolean;
  /** Time of the last announce, for the expiry sweep. */
  seenAt: number;
  /** Slot in the swarm's member list, then in each nearby bucket, in `client.nearby` order. */
  readonly slots: number[];
}

/** A list with O(1) removal by a slot each element keeps at `slots[which]`. */
class SlotList {
  readonly items: Member[] = [];

  constructor(private readonly which: number) {}

  add(member: Member): void {
    member.slots[this.which] = this.items.length;
    this.items.push(member);
  }

  remove(member: Member): void {
    const slot = member.slots[this.which];
    const last = this.items.pop();
    if (slot === undefined || last === undefined || last === member) return;
    this.items[slot] = last;
    last.slots[this.which] = slot;
  }
}

export type Random = () => number;

export class Swarm {
  readonly #all = new SlotList(0);
  readonly #byPeerId = new Map<string, Member>();
  /** Members by nearby key; the key's position in `client.nearby` + 1 is its slot index. */
  readonly #buckets = new Map<string, SlotList>();
  #complete = 0;

  get size(): number {
    return this.#all.items.length;
  }

  get complete(): number {
    return this.#complete;
  }

  get incomplete(): number {
    return this.size - this.#complete;
  }

  get(peerId: string): Member | undefined {
    return this.#byPeerId.get(peerId);
  }

  members(): readonly Member[] {
    return this.#all.items;
  }

  add(member: Member): void {
    this.#byPeerId.set(member.peerId, member);
    this.#all.add(member);
    member.client.nearby.forEach((key, i) => {
      let bucket = this.#buckets.get(key);
      if (bucket === undefined) {
        bucket = new SlotList(i + 1);
        this.#buckets.set(key, bucket);
      }
      bucket.add(member);
    });
    if (member.complete) this.#complete++;
  }

  remove(member: Member): void {
    if (this.#byPeerId.get(member.peerId) !== member) return;
    this.#byPeerId.delete(member.peerId);
    this.#all.remove(member);
    for (const key of member.client.nearby) {
      const bucket = this.#buckets.get(key);
      if (bucket === undefined) continue;
      bucket.remove(member);
      if (bucket.items.length === 0) this.#buckets.delete(key);
    }
    if (member.complete) this.#complete--;
  }

  setComplete(member: Member, complete: boolean): void {
    if (member.complete === complete) return;
    member.complete = complete;
    this.#complete += complete ? 1 : -1;
  }

  /**
   * Up to `count` distinct members other than `self`: from `self`'s nearest
   * buckets first when `nearby` is on, then uniformly from the whole swarm.
   * Returns each pick with the tier it came from (0, 1… a nearby key; -1 random).
   */
  sample(self: Member, count: number, nearby: boolean, random: Random): Pick[] {
    const picks: Pick[] = [];
    const chosen = new Set<Member>([self]);
    if (nearby) {
      self.client.nearby.forEach((key, tier) => {
        const bucket = this.#buckets.get(key);
        if (bucket !== undefined) drawInto(picks, chosen, bucket.items, count, tier, random);
      });
    }
    drawInto(picks, chosen, this.#all.items, count, -1, random);
    return picks;
  }
}

export interface Pick {
  readonly member: Member;
  readonly tier: number;
}

/**
 * Adds random members of `pool` not yet in `chosen` until `picks` holds `count`.
 * Large pools are sampled with a bounded number of rejections, so the cost does
 * not grow with the pool; small ones are walked from a random start.
 */
function drawInto(
  picks: Pick[],
  chosen: Set<Member>,
  pool: readonly Member[],
  count: number,
  tier: number,
  random: Random,
): void {
  const wanted = count - picks.length;
  if (wanted <= 0 || pool.length === 0) return;
  const take = (member: Member): void => {
    if (chosen.has(member)) return;
    chosen.add(member);
    picks.push({ member, tier });
  };
  if (pool.length > 4 * (wanted + chosen.size)) {
    // Each draw hits an unchosen member with probability above 3/4.
    for (let attempts = 0; attempts < 4 * wanted && picks.length < count; attempts++) {
      const member = pool[Math.floor(random() * pool.length)];
      if (member !== undefined) take(member);
    }
  }
  // Small pools, and the rare large-pool run of bad luck: walk from a random start.
  const start = Math.floor(random() * pool.length);
  for (let i = 0; i < pool.length && picks.length < count; i++) {
    const member = pool[(start + i) % pool.length];
    if (member !== undefined) take(member);
  }
}
