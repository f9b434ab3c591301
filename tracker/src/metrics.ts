import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Counters } from './counters.ts';

/**
 * Prometheus metrics read from the running counters at scrape time, plus the
 * process metrics prom-client collects by default (CPU, memory, event loop lag).
 */
export function createMetrics(counters: Counters): Registry {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'peerlane_tracker_' });

  const gauge = (name: string, help: string, read: () => number): void => {
    new Gauge({
      name: `peerlane_tracker_${name}`,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  };
  const counter = (
    name: string,
    help: string,
    label: string,
    read: () => Record<string, number>,
  ): void => {
    new Counter({
      name: `peerlane_tracker_${name}`,
      help,
      labelNames: [label],
      registers: [registry],
      collect() {
        this.reset();
        for (const [value, count] of Object.entries(read())) this.inc({ [label]: value }, count);
      },
    });
  };

  gauge('connections', 'Open WebSocket connections.', () => counters.connections);
  gauge('peers', 'Peer ids in swarms.', () => counters.peers);
  gauge('swarms', 'Swarms (info hashes with peers).', () => counters.swarms);
  gauge('offers_pending', 'Relayed offers awaiting an answer.', () => counters.offersPending);
  counter('connections_total', 'WebSocket connections accepted.', 'kind', () => ({
    accepted: counters.connectionsTotal,
  }));
  counter('messages_in_total', 'Messages received, by kind.', 'kind', () => counters.messagesIn);
  counter('messages_out_total', 'Messages sent, by kind.', 'kind', () => counters.messagesOut);
  counter(
    'offers_relayed_total',
    'Offers relayed, by how the peer was chosen.',
    'tier',
    () => counters.offersByTier,
  );
  counter('rejected_total', 'Upgrades refused, by reason.', 'reason', () => counters.rejected);
  counter(
    'closed_total',
    'Connections closed by the tracker, by reason.',
    'reason',
    () => counters.closed,
  );
  counter('dropped_total', 'Work dropped, by reason.', 'reason', () => ({
    answer_unknown_offer: counters.answersRejected,
    offer_pending_limit: counters.offersRefused,
    peer_expired: counters.peersExpired,
    offer_expired: counters.offersExpired,
    rate_limited: counters.rateLimited,
    send_buffer_full: counters.sendDropped,
  }));
  return registry;
}
