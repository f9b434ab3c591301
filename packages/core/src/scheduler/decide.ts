import type { ByteRange } from '../identity.ts';
import { seedRank } from './rendezvous.ts';
import { splitRanges } from './split.ts';
import type { Decision, HttpReason, PeerView, SchedulerInput, SchedulerOptions } from './types.ts';

/** Best first: fastest measured, then lowest RTT, then id so that ties stay deterministic. */
const byScore = (a: PeerView, b: PeerView): number =>
  (b.throughput ?? -1) - (a.throughput ?? -1) ||
  (a.rtt ?? Infinity) - (b.rtt ?? Infinity) ||
  (a.id < b.id ? -1 : 1);

/**
 * The scheduler's decisions for one snapshot: pure, so the engine may call it on any
 * change (a HAVE, a byte, a tick) and execute what it returns. Segments are served in
 * deadline order, so the nearest ones get the free HTTP and P2P slots first.
 */
export function decide(input: SchedulerInput, options: SchedulerOptions = {}): Decision[] {
  const {
    urgentWindow = 2,
    marginSeconds = 1,
    prefetchWindow = 30,
    stallMs = 2000,
    seedStaggerMs = 500,
    maxHttpDownloads: maxHttp = 2,
    maxP2PDownloads: maxP2P = 6,
    minRangeBytes = 131072,
  } = options;
  const { now, position, live, segments, peers, httpThroughput, introducingUntil = 0 } = input;
  // Paused playback keeps buffering for when it resumes: deadlines as at rate 1.
  const rate = input.rate > 0 ? input.rate : 1;
  const busy = new Map(peers.map((peer) => [peer.id, peer.busy]));
  const neighbourIds = peers.map((peer) => peer.id);
  const decisions: Decision[] = [];
  let http = 0;
  let p2p = 0;
  for (const segment of segments) {
    for (const flight of segment.flights ?? []) {
      if (flight.peerId === undefined) http++;
      else p2p++;
    }
  }

  const loadHttp = (segmentId: string, reason: HttpReason, urgent: boolean, range?: ByteRange) => {
    http++;
    decisions.push({ kind: 'http', segmentId, reason, urgent, ...(range && { range }) });
  };
  const loadP2P = (segmentId: string, peer: PeerView, range?: ByteRange) => {
    p2p++;
    busy.set(peer.id, (busy.get(peer.id) ?? 0) + 1);
    decisions.push({ kind: 'p2p', segmentId, peerId: peer.id, ...(range && { range }) });
  };

  for (const segment of segments) {
    const {
      id,
      startTime,
      size: knownSize,
      held,
      flights = [],
      knownAt = 0,
      retryAt = 0,
    } = segment;
    if (held) continue;
    const deadline = (startTime - position) / rate;
    const holders = peers.filter((peer) => peer.has(id) !== undefined);
    const size = knownSize ?? holders[0]?.has(id);
    // Both windows widen by the time HTTP needs for the segment. Urgent: stop waiting for
    // peers. Critical: only HTTP, or a peer that proved it is fast enough, is trusted.
    const httpTime = size && httpThroughput ? size / httpThroughput : 0;
    const urgent = deadline <= urgentWindow + httpTime;
    const critical = deadline <= marginSeconds + httpTime;

    if (flights.length > 0) {
      // Never stall for P2P: finish a stalled or too slow peer's part over HTTP.
      for (const { peerId, range, loaded, lastByteAt } of flights) {
        // A segment about to be late takes HTTP beyond the limit: prefetches hold the slots.
        if (peerId === undefined || (http >= maxHttp && !critical)) continue;
        const start = (range?.start ?? 0) + loaded;
        const end = range?.end ?? size;
        const throughput = peers.find((peer) => peer.id === peerId)?.throughput;
        const late =
          throughput !== undefined && end !== undefined
            ? (end - start) / throughput > deadline - marginSeconds
            : critical;
        if (!late && now - lastByteAt < stallMs) continue;
        decisions.push({ kind: 'cancel', segmentId: id, peerId });
        // Keep what arrived; without a known end, only the whole segment can be asked.
        loadHttp(
          id,
          'fallback',
          urgent,
          end !== undefined && (start > 0 || end !== size) ? { start, end } : undefined,
        );
      }
      continue;
    }
    // The player's own requests are served whatever their distance.
    if (deadline > prefetchWindow && segment.waited !== true) continue;

    const ready = holders.filter((peer) => peer.maxRequests > (busy.get(peer.id) ?? 0));
    ready.sort(byScore);
    const waitable = holders.length > 0 || peers.some((peer) => peer.fetching(id));
    // After a failed HTTP download, no other before its retry time unless the player needs it now.
    const httpFree =
      (http < maxHttp || critical) && (now >= retryAt || (urgent && segment.waited === true));
    if (urgent) {
      const fast = ready.find(
        ({ proven, throughput, rtt }) =>
          proven &&
          size !== undefined &&
          throughput !== undefined &&
          (rtt ?? 0) / 1000 + size / throughput < deadline - marginSeconds,
      );
      // Not critical yet: any peer is worth a try, HTTP still has time to take over; and
      // while peers are being introduced, one of them may be about to load it.
      const peer = fast ?? (critical ? undefined : ready[0]);
      if (peer && p2p < maxP2P) loadP2P(id, peer);
      else if (httpFree && (critical || (!waitable && now >= introducingUntil))) {
        loadHttp(id, waitable ? 'urgent' : 'no-peer', true);
      }
    } else if (ready.length > 0 && size !== undefined) {
      if (p2p >= maxP2P) continue;
      const sources = ready.slice(0, maxP2P - p2p);
      // Peers not measured yet (sorted last) weigh as much as the slowest measured one.
      let weight = 1;
      const weights = sources.map((peer) => (weight = peer.throughput ?? weight));
      const ranges = splitRanges(size, weights, minRangeBytes);
      ranges.forEach((range, i) => {
        const peer = sources[i];
        if (peer) loadP2P(id, peer, ranges.length > 1 ? range : undefined);
      });
    } else if (
      !waitable &&
      httpFree &&
      now >=
        Math.max(knownAt, introducingUntil) +
          seedRank(input.selfId, neighbourIds, id) * seedStaggerMs
    ) {
      // Coordinated seeding: the others wait for this viewer's FETCHING, then its HAVE.
      loadHttp(id, live ? 'seed' : 'no-peer', false);
    }
  }
  return decisions;
}
