/**
 * Everything /stats.json and /metrics report, kept as running counts so that a
 * stats request never walks the swarms or the peers.
 */
export interface Counters {
  /** Open WebSocket connections. */
  connections: number;
  connectionsTotal: number;
  /** Upgrades refused, by reason (origin, auth, limit, per-ip, shutdown). */
  rejected: Record<string, number>;
  /** Peer ids in swarms (one per info hash they announced). */
  peers: number;
  swarms: number;
  /** Unanswered relayed offers held for answer checks. */
  offersPending: number;
  messagesIn: { announce: number; answer: number; scrape: number; invalid: number };
  messagesOut: {
    announce: number;
    offer: number;
    answer: number;
    scrape: number;
    failure: number;
  };
  /** Relayed offers by how the recipient was chosen: a nearby prefix or at random. */
  offersByTier: Record<string, number>;
  answersRejected: number;
  /** Offers not relayed because their connection already had too many pending. */
  offersRefused: number;
  peersExpired: number;
  offersExpired: number;
  /** Messages refused by the per-connection rate limit. */
  rateLimited: number;
  /** Messages not sent because the client's socket buffer was full. */
  sendDropped: number;
  /** Connections closed by the server, by reason (idle, flood, slow, shutdown). */
  closed: Record<string, number>;
}

export function createCounters(): Counters {
  return {
    connections: 0,
    connectionsTotal: 0,
    rejected: {},
    peers: 0,
    swarms: 0,
    offersPending: 0,
    messagesIn: { announce: 0, answer: 0, scrape: 0, invalid: 0 },
    messagesOut: { announce: 0, offer: 0, answer: 0, scrape: 0, failure: 0 },
    offersByTier: {},
    answersRejected: 0,
    offersRefused: 0,
    peersExpired: 0,
    offersExpired: 0,
    rateLimited: 0,
    sendDropped: 0,
    closed: {},
  };
}

export function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}
