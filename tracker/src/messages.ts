import { isId } from './ids.ts';

/**
 * Parsing of client messages into typed requests. Total: any input yields
 * either a request or a failure whose `action` and `info_hash` are filled in
 * whenever the input allowed it, because a WebTorrent client keeps its socket
 * only for failures that carry both.
 */

export type AnnounceEvent = 'started' | 'stopped' | 'completed' | 'update';

export interface Offer {
  readonly offerId: string;
  readonly sdp: string;
}

export interface AnnounceRequest {
  readonly kind: 'announce';
  readonly infoHash: string;
  readonly peerId: string;
  readonly event: AnnounceEvent;
  /** The client's `numwant` when it is a non-negative integer. */
  readonly numwant: number | undefined;
  /** A seeder announces `left: 0`. */
  readonly complete: boolean;
  readonly offers: readonly Offer[];
}

export interface AnswerRequest {
  readonly kind: 'answer';
  readonly infoHash: string;
  readonly peerId: string;
  readonly toPeerId: string;
  readonly offerId: string;
  readonly sdp: string;
}

export interface ScrapeRequest {
  readonly kind: 'scrape';
  /** Undefined asks for every swarm. */
  readonly infoHashes: readonly string[] | undefined;
}

export type Request = AnnounceRequest | AnswerRequest | ScrapeRequest;

export interface Failure {
  readonly kind: 'failure';
  readonly reason: string;
  readonly action?: 'announce' | 'scrape';
  readonly infoHash?: string;
}

export interface ParseLimits {
  /** Offers beyond this many in one announce are ignored. */
  readonly maxOffers: number;
  /** Most info hashes one scrape may name. */
  readonly maxScrapeHashes: number;
}

const UPDATE_EVENTS = new Set([undefined, null, '', 'update', 'paused', 'empty']);

export function parseMessage(text: string, limits: ParseLimits): Request | Failure {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { kind: 'failure', reason: 'invalid JSON' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    return { kind: 'failure', reason: 'message must be a JSON object' };
  }
  const fields = message as Record<string, unknown>;
  if (fields.action === 'announce') return parseAnnounce(fields, limits);
  if (fields.action === 'scrape') return parseScrape(fields, limits);
  return {
    kind: 'failure',
    reason: `invalid action: ${fields.action === undefined ? 'missing' : JSON.stringify(fields.action)}`,
    ...(isId(fields.info_hash) ? { infoHash: fields.info_hash } : {}),
  };
}

function parseAnnounce(fields: Record<string, unknown>, limits: ParseLimits): Request | Failure {
  const infoHash = fields.info_hash;
  if (!isId(infoHash)) return { kind: 'failure', reason: 'invalid info_hash', action: 'announce' };
  const fail = (reason: string): Failure => ({
    kind: 'failure',
    reason,
    action: 'announce',
    infoHash,
  });
  const peerId = fields.peer_id;
  if (!isId(peerId)) return fail('invalid peer_id');

  if (fields.answer !== undefined) {
    if (!isId(fields.to_peer_id)) return fail('invalid to_peer_id (required with answer)');
    if (!isId(fields.offer_id)) return fail('invalid offer_id (required with answer)');
    const sdp = sdpOf(fields.answer, 'answer');
    if (sdp === undefined) return fail('invalid answer: needs a string sdp');
    return {
      kind: 'answer',
      infoHash,
      peerId,
      toPeerId: fields.to_peer_id,
      offerId: fields.offer_id,
      sdp,
    };
  }

  const event = UPDATE_EVENTS.has(fields.event as string) ? 'update' : fields.event;
  if (event !== 'update' && event !== 'started' && event !== 'stopped' && event !== 'completed') {
    return fail('invalid event');
  }
  const { numwant } = fields;
  const offers = fields.offers;
  if (offers !== undefined && !Array.isArray(offers)) return fail('invalid offers: not an array');
  return {
    kind: 'announce',
    infoHash,
    peerId,
    event,
    numwant:
      Number.isSafeInteger(numwant) && (numwant as number) >= 0 ? (numwant as number) : undefined,
    complete: fields.left === 0,
    offers: offers === undefined ? [] : validOffers(offers, limits.maxOffers),
  };
}

/** Entries without a usable offer are skipped rather than failing the whole announce. */
function validOffers(entries: readonly unknown[], max: number): Offer[] {
  const offers: Offer[] = [];
  for (const entry of entries) {
    if (offers.length >= max) break;
    if (typeof entry !== 'object' || entry === null) continue;
    const { offer_id: offerId, offer } = entry as Record<string, unknown>;
    const sdp = sdpOf(offer, 'offer');
    if (isId(offerId) && sdp !== undefined) offers.push({ offerId, sdp });
  }
  return offers;
}

function sdpOf(description: unknown, type: 'offer' | 'answer'): string | undefined {
  if (typeof description !== 'object' || description === null) return undefined;
  const { sdp, type: actual } = description as Record<string, unknown>;
  if (typeof sdp !== 'string' || (actual !== undefined && actual !== type)) return undefined;
  return sdp;
}

function parseScrape(fields: Record<string, unknown>, limits: ParseLimits): Request | Failure {
  const value = fields.info_hash;
  if (value === undefined) return { kind: 'scrape', infoHashes: undefined };
  const hashes = Array.isArray(value) ? value : [value];
  if (hashes.length > limits.maxScrapeHashes) {
    return {
      kind: 'failure',
      reason: `too many info_hash values (at most ${limits.maxScrapeHashes})`,
      action: 'scrape',
    };
  }
  if (!hashes.every(isId))
    return { kind: 'failure', reason: 'invalid info_hash', action: 'scrape' };
  return { kind: 'scrape', infoHashes: hashes };
}
