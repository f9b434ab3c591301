import type { Counters } from './counters.ts';
import { bump } from './counters.ts';
import type {
  AnnounceRequest,
  AnswerRequest,
  Failure,
  ParseLimits,
  ScrapeRequest,
} from './messages.ts';
import { parseMessage } from './messages.ts';
import { OfferBook } from './offers.ts';
import type { Client, Member, Random } from './swarm.ts';
import { Swarm } from './swarm.ts';

/**
 * The WebTorrent tracker protocol, apart from any transport: the server hands it
 * each text message with the client it came from, and it answers through
 * `client.send`. Tests drive it directly with a fake clock.
 */
export interface CoreOptions extends ParseLimits {
  /** Seconds between announces that clients are told to keep. */
  readonly intervalS: number;
  /** A peer that has not announced for this long is dropped by the sweep. */
  readonly peerTimeoutMs: number;
  /** How long a relayed offer waits for its answer. */
  readonly offerTtlMs: number;
  /** Offer nearby peers first (same /24 or /16, IPv6 /48). */
  readonly nearby: boolean;
  readonly fullScrape: boolean;
  /** When set, only these info hashes (binary strings) may be announced. */
  readonly allowedInfoHashes: ReadonlySet<string> | undefined;
  readonly now: () => number;
  readonly random: Random;
}

/**
 * Bounds on what one connection can make the tracker hold, far above what an
 * honest client needs (one peer id per stream or rendition; a few offers per
 * announce, pending for under a minute).
 */
export const MAX_PEERS_PER_CONNECTION = 256;
export const MAX_PENDING_OFFERS_PER_CONNECTION = 256;

export class TrackerCore {
  readonly #swarms = new Map<string, Swarm>();
  readonly #offers: OfferBook;

  constructor(
    private readonly options: CoreOptions,
    private readonly counters: Counters,
  ) {
    this.#offers = new OfferBook(options.offerTtlMs, MAX_PENDING_OFFERS_PER_CONNECTION);
  }

  /** Parses and handles one message from `client`. */
  receive(client: Client, text: string): void {
    const request = parseMessage(text, this.options);
    switch (request.kind) {
      case 'failure':
        this.counters.messagesIn.invalid++;
        this.#fail(client, request);
        return;
      case 'announce':
        this.counters.messagesIn.announce++;
        this.#announce(client, request);
        return;
      case 'answer':
        this.counters.messagesIn.answer++;
        this.#answer(client, request);
        return;
      case 'scrape':
        this.counters.messagesIn.scrape++;
        this.#scrape(client, request);
        return;
    }
  }

  /** Sends a failure with the action and info hash that keep a WebTorrent client's socket. */
  fail(client: Client, failure: Omit<Failure, 'kind'>): void {
    this.#fail(client, { kind: 'failure', ...failure });
  }

  /** Removes every peer the connection announced. */
  disconnect(client: Client): void {
    for (const member of client.members) this.#remove(member);
    client.members.clear();
  }

  /** Drops peers that stopped announcing and offers nobody answered. */
  sweep(): void {
    const now = this.options.now();
    const oldest = now - this.options.peerTimeoutMs;
    for (const swarm of this.#swarms.values()) {
      const members = swarm.members();
      // Backwards: a removal moves the last member, already checked, into the slot.
      for (let i = members.length - 1; i >= 0; i--) {
        const member = members[i];
        if (member === undefined || member.seenAt >= oldest) continue;
        member.client.members.delete(member);
        this.#remove(member);
        this.counters.peersExpired++;
      }
    }
    this.counters.offersExpired += this.#offers.sweep(now);
    this.counters.offersPending = this.#offers.size;
  }

  #announce(client: Client, request: AnnounceRequest): void {
    const { infoHash, peerId } = request;
    const allowed = this.options.allowedInfoHashes;
    if (allowed !== undefined && !allowed.has(infoHash)) {
      this.#fail(client, {
        kind: 'failure',
        reason: 'info_hash not allowed',
        action: 'announce',
        infoHash,
      });
      return;
    }
    let swarm = this.#swarms.get(infoHash);
    let member = swarm?.get(peerId);
    if (member !== undefined && member.client !== client) {
      // The peer reconnected: its old connection no longer speaks for it.
      member.client.members.delete(member);
      this.#remove(member);
      swarm = this.#swarms.get(infoHash);
      member = undefined;
    }

    if (request.event === 'stopped') {
      if (member !== undefined) {
        client.members.delete(member);
        this.#remove(member);
      }
      this.#reply(client, infoHash, this.#swarms.get(infoHash));
      return;
    }

    if (member === undefined && client.members.size >= MAX_PEERS_PER_CONNECTION) {
      this.#fail(client, {
        kind: 'failure',
        reason: `too many peers on one connection (at most ${MAX_PEERS_PER_CONNECTION})`,
        action: 'announce',
        infoHash,
      });
      return;
    }
    if (swarm === undefined) {
      swarm = new Swarm();
      this.#swarms.set(infoHash, swarm);
      this.counters.swarms++;
    }
    const now = this.options.now();
    if (member === undefined) {
      member = { peerId, infoHash, client, complete: false, seenAt: now, slots: [] };
      swarm.add(member);
      client.members.add(member);
      this.counters.peers++;
    }
    member.seenAt = now;
    // A seeder never turns back into a leecher (as in the reference tracker).
    if (request.complete || request.event === 'completed') swarm.setComplete(member, true);

    this.#reply(client, infoHash, swarm);
    this.#relayOffers(member, swarm, request, now);
  }

  #relayOffers(member: Member, swarm: Swarm, request: AnnounceRequest, now: number): void {
    const { offers, numwant } = request;
    const count = Math.min(offers.length, numwant ?? offers.length);
    if (count === 0) return;
    const picks = swarm.sample(member, count, this.options.nearby, this.options.random);
    picks.forEach(({ member: to, tier }, i) => {
      const offer = offers[i];
      if (offer === undefined) return;
      if (!this.#offers.hasRoom(member.client)) {
        this.counters.offersRefused++;
        return;
      }
      const sent = this.#send(to.client, 'offer', {
        action: 'announce',
        offer: { type: 'offer', sdp: offer.sdp },
        offer_id: offer.offerId,
        peer_id: member.peerId,
        info_hash: request.infoHash,
      });
      if (!sent) return;
      this.#offers.add(
        offer.offerId,
        {
          infoHash: request.infoHash,
          fromPeerId: member.peerId,
          from: member.client,
          toPeerId: to.peerId,
          to: to.client,
        },
        now,
      );
      bump(this.counters.offersByTier, tierLabel(member.client.nearby[tier]));
    });
    this.counters.offersPending = this.#offers.size;
  }

  #answer(client: Client, request: AnswerRequest): void {
    const now = this.options.now();
    const record = this.#offers.take(request, client, now);
    if (record === undefined) {
      this.counters.answersRejected++;
      this.#fail(client, {
        kind: 'failure',
        reason: 'unknown or expired offer_id',
        action: 'announce',
        infoHash: request.infoHash,
      });
      return;
    }
    this.counters.offersPending = this.#offers.size;
    this.#send(record.from, 'answer', {
      action: 'announce',
      answer: { type: 'answer', sdp: request.sdp },
      offer_id: request.offerId,
      peer_id: request.peerId,
      info_hash: request.infoHash,
    });
    const answerer = this.#swarms.get(request.infoHash)?.get(request.peerId);
    if (answerer?.client === client) answerer.seenAt = now;
  }

  #scrape(client: Client, request: ScrapeRequest): void {
    if (request.infoHashes === undefined && !this.options.fullScrape) {
      this.#fail(client, { kind: 'failure', reason: 'full scrape not allowed', action: 'scrape' });
      return;
    }
    const files: Record<string, { complete: number; incomplete: number; downloaded: number }> = {};
    for (const infoHash of request.infoHashes ?? this.#swarms.keys()) {
      const swarm = this.#swarms.get(infoHash);
      const complete = swarm?.complete ?? 0;
      // `downloaded` is not tracked; completed peers present are its lower bound.
      files[infoHash] = { complete, incomplete: swarm?.incomplete ?? 0, downloaded: complete };
    }
    this.#send(client, 'scrape', {
      action: 'scrape',
      files,
      flags: { min_request_interval: this.options.intervalS },
    });
  }

  #reply(client: Client, infoHash: string, swarm: Swarm | undefined): void {
    this.#send(client, 'announce', {
      action: 'announce',
      interval: this.options.intervalS,
      info_hash: infoHash,
      complete: swarm?.complete ?? 0,
      incomplete: swarm?.incomplete ?? 0,
    });
  }

  #fail(client: Client, failure: Failure): void {
    this.#send(client, 'failure', {
      'failure reason': failure.reason,
      ...(failure.action === undefined ? {} : { action: failure.action }),
      ...(failure.infoHash === undefined ? {} : { info_hash: failure.infoHash }),
    });
  }

  /** Sends and counts what was actually queued. */
  #send(client: Client, kind: keyof Counters['messagesOut'], message: object): boolean {
    const sent = client.send(message);
    if (sent) this.counters.messagesOut[kind]++;
    return sent;
  }

  /** Takes `member` out of its swarm, and the swarm out of the tracker once empty. */
  #remove(member: Member): void {
    const swarm = this.#swarms.get(member.infoHash);
    if (swarm?.get(member.peerId) !== member) return;
    swarm.remove(member);
    this.counters.peers--;
    if (swarm.size === 0) {
      this.#swarms.delete(member.infoHash);
      this.counters.swarms--;
    }
  }
}

/** `nearby/24`, `nearby/16`, `nearby/48` for a nearby pick (by its key's prefix length), else `random`. */
function tierLabel(key: string | undefined): string {
  return key === undefined ? 'random' : `nearby${key.slice(key.lastIndexOf('/'))}`;
}
