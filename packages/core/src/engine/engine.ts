import { resolveConfig } from '../config.ts';
import type { PeerlaneConfig } from '../config.ts';
import { PeerlaneError } from '../errors.ts';
import { infoHashOf, swarmIdFromManifestUrl } from '../identity.ts';
import { Peer } from '../p2p/peer/peer.ts';
import { RateLimiter } from '../p2p/peer/rate-limiter.ts';
import type { HeldSegment, SegmentRef, ServeSegment } from '../p2p/peer/types.ts';
import { TrackerClient } from '../p2p/tracker-client/tracker-client.ts';
import type { TrackerNotice, TrackerPeer } from '../p2p/tracker-client/types.ts';
import { decide } from '../scheduler/decide.ts';
import type { PeerView } from '../scheduler/types.ts';
import { MemorySegmentStore } from '../storage/memory-store.ts';
import type { SegmentStore } from '../storage/segment-store.ts';
import type { Segment } from '../streams/model.ts';
import { addressKey, addressOf, StreamRegistry } from '../streams/registry.ts';
import { Downloads } from './downloads.ts';
import type {
  EngineStats,
  LoadCallbacks,
  Platform,
  PlaybackState,
  StreamOptions,
} from './types.ts';

/** A scheduling pass at least this often: deadlines move with the playhead, not only on events. */
const TICK_MS = 250;
/**
 * How long after joining a swarm the tracker is taken to be still introducing peers:
 * until then a segment nobody holds waits for them (or for its urgent window) rather
 * than go to the CDN from every newcomer at once.
 */
const INTRODUCTION_MS = 3000;

/**
 * The engine: joins the registry, the store, HTTP, the swarm and the scheduler. The
 * adapter registers segments and playback and asks for segments; keys and playlists
 * never come through here.
 */
export class Engine extends Downloads {
  readonly #store: SegmentStore;
  readonly #registry = new StreamRegistry();
  readonly #limiter: RateLimiter;
  /** When each registered segment was first seen in a playlist. */
  readonly #knownAt = new Map<string, number>();
  readonly #peerId: string;
  /** Segments (`addressKey`) announced FETCHING because a peer holds or fetches them: on their way here. */
  readonly #coming = new Set<string>();
  #introducingUntil = 0;
  #tracker: TrackerClient | undefined;
  #infoHash: string | undefined;
  #live = false;
  #playback: PlaybackState | undefined;
  #timer: unknown;
  #kicked = false;
  #destroyed = false;

  constructor(config: PeerlaneConfig = {}, platform: Platform = {}) {
    super(resolveConfig(config), platform);
    const { p } = this;
    // WebTorrent-style client prefix, then random characters.
    this.#peerId = '-PL0001-';
    for (let i = 0; i < 12; i++) this.#peerId += ((p.random() * 36) | 0).toString(36);
    const store = (this.#store =
      p.store ?? new MemorySegmentStore({ budgetBytes: this.config.memoryBudget }));
    store.setPlayback({ position: 0, isWanted: this.#isWanted });
    // A segment the registry forgot is one no peer of this stream asks for any more.
    store.onChange(({ added, removed }) => {
      for (const id of [...added, ...removed]) {
        const segment = this.#ref(id);
        const size = store.get(id)?.length;
        if (segment) {
          this.swarm.broadcast(size ? { type: 'have', segment, size } : { type: 'lost', segment });
        }
      }
    });
    this.#limiter = new RateLimiter(this.config.uploadRate, p.now);
  }

  protected keep(segment: Segment, bytes: Uint8Array): void {
    this.#store.put(segment, bytes);
  }

  #ref(id: string): SegmentRef | undefined {
    const segment = this.#registry.get(id);
    return segment && addressOf(segment);
  }

  /** Our peer id on the trackers. */
  get peerId(): string {
    return this.#peerId;
  }

  /** Measured HTTP download rate in bytes/s; undefined before a sample. */
  get httpThroughput(): number | undefined {
    return this.meter.estimate();
  }

  /** Joins the stream's swarm: one per content, all renditions inside. */
  async setStream({ manifestUrl, live = false }: StreamOptions): Promise<void> {
    this.#live = live;
    const hash = await infoHashOf(this.config.swarmId ?? swarmIdFromManifestUrl(manifestUrl));
    if (this.#destroyed) return;
    void this.#stopP2P();
    this.#infoHash = String.fromCharCode(...hash);
    this.#startP2P();
    if (this.#timer === undefined) this.#loop();
  }

  /** Registers a rendition's segments from its latest playlist. */
  updateSegments(rendition: string, segments: readonly Segment[]): void {
    const now = this.p.now();
    for (const { id } of this.#registry.update(rendition, segments)) this.#knownAt.set(id, now);
    for (const known of [this.#knownAt, this.retries]) {
      for (const id of known.keys()) if (!this.#registry.get(id)) known.delete(id);
    }
    this.kick();
  }

  setPlayback(playback: PlaybackState): void {
    this.#playback = playback;
    this.#store.setPlayback({ position: playback.position, isWanted: this.#isWanted });
    this.kick();
  }

  /**
   * Loads a registered segment for the player: from memory when held, else from
   * whatever source the scheduler picks. Callbacks are always asynchronous; after
   * `signal` aborts, none is called.
   */
  loadSegment(segmentId: string, callbacks: LoadCallbacks, signal?: AbortSignal): void {
    const { now } = this.p;
    const at = now();
    const held = this.#store.get(segmentId);
    const segment = this.#registry.get(segmentId);
    if (held === undefined && segment !== undefined) {
      this.wait(segment, callbacks, signal);
      this.kick();
      return;
    }
    queueMicrotask(() => {
      if (signal?.aborted === true) return;
      if (held === undefined) {
        callbacks.onError(new PeerlaneError('ERR_UNKNOWN_SEGMENT', `unknown segment ${segmentId}`));
        return;
      }
      const bytes = held.slice();
      const info = { source: 'memory', startedAt: at, firstByteAt: now(), endedAt: now() } as const;
      this.emit('segmentLoaded', { segmentId, bytes: bytes.length, ...info });
      callbacks.onProgress?.(bytes, bytes.length, bytes.length);
      callbacks.onSuccess(bytes, info);
    });
  }

  /** Changes options listed in RUNTIME_OPTIONS; others throw ERR_INVALID_OPTION. */
  configure(changes: PeerlaneConfig): void {
    const config = (this.config = resolveConfig(changes, this.config));
    this.#store.setBudget(config.memoryBudget);
    this.limits.maxPeers = config.maxPeers;
    this.#limiter.bytesPerSecond = config.uploadRate;
    for (const peer of this.swarm.peers.values()) peer.uploadEnabled = config.upload;
    if (config.p2p) this.#startP2P();
    else void this.#stopP2P();
    this.kick();
  }

  stats(): EngineStats {
    const { http, p2p, uploaded } = this.bytes;
    return {
      http,
      p2p,
      p2pRatio: p2p / (http + p2p || 1),
      uploaded,
      peers: [...this.swarm.peers].map(([id, { throughput, rtt }]) => ({ id, throughput, rtt })),
      httpReasons: { ...this.reasons },
    };
  }

  /** Leaves the swarm and stops everything; pending loads fail with ERR_ABORTED. */
  destroy(): Promise<void> {
    this.#destroyed = true;
    this.p.timers.clearTimeout(this.#timer);
    const stopped = this.#stopP2P();
    this.abort();
    this.removeAllListeners();
    return stopped;
  }

  readonly #isWanted = (id: string): boolean => this.wanted.has(id) || this.jobs.has(id);

  #startP2P(): void {
    const { p2p, trackers, rtcConfig, maxPeers } = this.config;
    const infoHash = this.#infoHash;
    if (!p2p || this.#tracker || trackers.length === 0 || infoHash === undefined) return;
    this.#introducingUntil = this.p.now() + INTRODUCTION_MS;
    const counters = this.bytes;
    const tracker = (this.#tracker = new TrackerClient({
      announce: trackers,
      infoHash,
      peerId: this.#peerId,
      rtcConfig,
      maxPeers,
      canConnect: (peerId) => this.swarm.canConnect(peerId),
      transferred: () => ({
        uploaded: counters.uploaded,
        downloaded: counters.http + counters.p2p,
      }),
      ...this.p,
    }));
    const warn = (notice: TrackerNotice): void => {
      this.emit('trackerWarning', notice);
    };
    tracker.on('peer', this.#attach);
    tracker.on('warning', warn);
    tracker.on('error', warn);
    tracker.start();
  }

  #stopP2P(): Promise<void> {
    const stopped = this.#tracker?.stop();
    this.#tracker = undefined;
    this.swarm.close();
    return stopped ?? Promise.resolve();
  }

  readonly #attach = ({ peerId, connection, channel }: TrackerPeer): void => {
    const { timers, now } = this.p;
    const peer = new Peer(channel, {
      serve: this.#serve,
      uploadLimiter: this.#limiter,
      timers,
      now,
    });
    if (!this.swarm.add(peerId, peer)) {
      connection.close();
      return;
    }
    peer.on('close', (reason) => {
      connection.close();
      this.emit('peerClosed', { peerId, reason });
      this.kick();
    });
    peer.uploadEnabled = this.config.upload;
    peer.on('ready', () => {
      this.#announceAll(peer);
      this.emit('peerConnected', { peerId });
      this.kick();
    });
    peer.on('availability', (change) => {
      // Playlist refreshes differ by up to a target duration: the hint goes on before ours shows it.
      if (change.type === 'fetching' && change.segment.rendition === this.#playback?.rendition) {
        this.#relay(change.segment, true);
      }
      this.kick();
    });
    peer.on('uploaded', (bytes) => {
      this.bytes.uploaded += bytes;
      this.emit('bytesUploaded', { bytes, peerId });
    });
  };

  /** A full availability map per rendition, as a new peer needs it. */
  #announceAll(peer: Peer): void {
    const byRendition = new Map<string, HeldSegment[]>();
    for (const id of this.#store.ids()) {
      const ref = this.#ref(id);
      const size = this.#store.get(id)?.length;
      if (ref === undefined || size === undefined) continue;
      let list = byRendition.get(ref.rendition);
      if (list === undefined) byRendition.set(ref.rendition, (list = []));
      list.push({ ...ref, size });
    }
    for (const [rendition, segments] of byRendition) {
      peer.announce({ type: 'availability', rendition, segments });
    }
  }

  readonly #serve: ServeSegment = (ref, start, end) => {
    const segment = this.#registry.at(ref);
    const data = segment && this.#store.get(segment.id);
    return data?.subarray(start, end ?? data.length);
  };

  protected readonly kick = (): void => {
    if (this.#kicked || this.#destroyed) return;
    this.#kicked = true;
    queueMicrotask(this.#tick);
  };

  #loop(): void {
    this.#tick();
    this.#timer = this.p.timers.setTimeout(() => {
      this.#loop();
    }, TICK_MS);
  }

  /** One scheduling pass: a snapshot of the world, the scheduler's decisions, executed. */
  readonly #tick = (): void => {
    this.#kicked = false;
    if (this.#destroyed) return;
    const { config, jobs } = this;
    const registry = this.#registry;
    const waited = [...jobs.values()].filter((job) => job.waiters.size > 0).map((j) => j.segment);
    // Before the player reports playback, what it asks for is due now.
    const {
      position = Math.min(...waited.map((s) => s.startTime)),
      rate = 1,
      rendition = '',
      bufferedEnd,
    } = this.#playback ?? {};
    if (!Number.isFinite(position)) return;
    // Each wanted segment by id with the time it is due; an init segment with the first that needs it.
    const due = new Map<string, [Segment, number]>();
    const want = (segment: Segment | undefined, at = segment?.startTime ?? 0): void => {
      if (segment && !(at >= (due.get(segment.id)?.[1] ?? Infinity)))
        due.set(segment.id, [segment, at]);
    };
    // Prefetch from the end of the player's buffer; buffered ranges end a frame or so short
    // of their last segment's end, so a segment ending a quarter second later counts as held.
    const from = bufferedEnd === undefined ? position : Math.max(position, bufferedEnd + 0.25);
    const ahead = registry.ahead(rendition, from, position + config.prefetchWindow - from);
    for (const segment of [...ahead, ...waited]) {
      want(segment);
      if (segment.initSegmentId) want(registry.get(segment.initSegmentId), segment.startTime);
    }
    const list = [...due.values()].sort((a, b) => a[1] - b[1]);
    // What the engine wants for itself, the player's requests aside.
    this.wanted = new Set(ahead.flatMap((s) => [s.id, s.initSegmentId ?? s.id]));
    const peers: PeerView[] = [];
    for (const [id, peer] of config.p2p ? this.swarm.peers : []) {
      const remote = peer.remote;
      if (remote === undefined) continue;
      peers.push({
        id,
        has: (segmentId) => peer.sizeOf(this.#ref(segmentId)),
        fetching: (segmentId) => peer.isFetching(this.#ref(segmentId)),
        throughput: peer.throughput,
        rtt: peer.rtt,
        busy: peer.pendingRequests,
        maxRequests: remote.maxRequests,
        proven: this.proven.has(id),
      });
    }
    const now = this.p.now();
    const decisions = decide(
      {
        now,
        position,
        rate,
        live: this.#live,
        segments: list.map(([{ id }, startTime]) => {
          const job = jobs.get(id);
          return {
            id,
            startTime,
            held: this.#store.has(id),
            ...(job?.size !== undefined && { size: job.size }),
            flights: job ? [...job.flights] : [],
            waited: (job?.waiters.size ?? 0) > 0,
            knownAt: this.#knownAt.get(id) ?? 0,
            retryAt: this.retries.get(id)?.at ?? 0,
          };
        }),
        peers,
        selfId: this.#peerId,
        httpThroughput: this.meter.estimate(),
        introducingUntil: this.#introducingUntil,
      },
      config,
    );
    for (const decision of decisions) {
      const segment = registry.get(decision.segmentId);
      if (segment) this.job(segment);
    }
    this.execute(decisions);
    for (const [segment] of list) {
      const { id } = segment;
      const coming = peers.some((peer) => peer.fetching(id) || peer.has(id) !== undefined);
      this.#relay(addressOf(segment), coming);
    }
  };

  /**
   * Passes the hint on: a segment a peer holds or fetches (`coming`) is announced FETCHING
   * (its HAVE follows), so that viewers two hops from its seeder wait instead of seeding it
   * too; withdrawn with LOST when no peer has it any more and nothing of ours fetches it.
   * The oldest of more than 64 hints are forgotten.
   */
  #relay(segment: SegmentRef, coming: boolean): void {
    const id = this.#registry.at(segment)?.id ?? '';
    const held = this.#store.has(id);
    const key = addressKey(segment);
    const hints = this.#coming;
    if (coming && !held) {
      if (hints.has(key)) return;
      for (const old of hints) if (hints.size >= 64) hints.delete(old);
      hints.add(key);
      this.swarm.broadcast({ type: 'fetching', segment });
    } else if (hints.delete(key) && !held && !this.jobs.get(id)?.flights.size) {
      this.swarm.broadcast({ type: 'lost', segment });
    }
  }
}
