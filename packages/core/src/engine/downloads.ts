import type { ResolvedConfig } from '../config.ts';
import { callApp, Emitter } from '../emitter.ts';
import { abortError } from '../errors.ts';
import { backoffDelay } from '../http/backoff.ts';
import { loadOverHttp } from '../http/http-loader.ts';
import { ThroughputMeter } from '../http/throughput.ts';
import type { ByteRange } from '../identity.ts';
import { verifySegment } from '../integrity/verify.ts';
import type { Peer } from '../p2p/peer/peer.ts';
import { Swarm } from '../p2p/swarm.ts';
import type { Timers } from '../platform.ts';
import type { Decision, HttpReason } from '../scheduler/types.ts';
import type { Segment } from '../streams/model.ts';
import { addressOf } from '../streams/registry.ts';
import type { EngineEvents, LoadCallbacks, LoadInfo, Platform } from './types.ts';

interface Flight {
  readonly peerId: string | undefined;
  readonly range: ByteRange | undefined;
  /** HTTP only: a failure goes to the waiters instead of waiting for a retry. */
  readonly urgent: boolean;
  loaded: number;
  lastByteAt: number;
  readonly abort: AbortController;
}

interface Waiter {
  /** Bytes handed to its onProgress. */
  sent: number;
  readonly at: number;
}

/** One segment being fetched, possibly as ranges from several sources. */
export interface Job {
  readonly segment: Segment;
  size?: number;
  buf?: Uint8Array<ArrayBuffer>;
  /** Bytes written to `buf`; ranges never overlap, so this reaches `size` exactly when complete. */
  filled: number;
  /** Peers whose bytes are in `buf`: nobody sees them before verification. */
  readonly from: Set<string>;
  readonly flights: Set<Flight>;
  readonly waiters: Map<LoadCallbacks, Waiter>;
  readonly startedAt: number;
  firstByteAt?: number;
}

/** After a failed HTTP download of a segment, its next waits 1 s, 2 s, 4 s … up to this. */
const MAX_RETRY_MS = 16_000;

/** The platform objects the engine itself uses, with their defaults; the building blocks default the rest. */
function platformOf(platform: Platform) {
  return {
    now: () => performance.now(),
    timers: globalThis as Timers,
    random: Math.random,
    ...platform,
  };
}

/**
 * The engine's download half: executes the scheduler's decisions and assembles,
 * verifies and hands over segments. A base class rather than a collaborator, so
 * that the two halves share state without a wiring object (bundle size).
 */
export abstract class Downloads extends Emitter<EngineEvents> {
  protected readonly p: ReturnType<typeof platformOf>;
  protected readonly jobs = new Map<string, Job>();
  /**
   * Ids the last scheduling pass wanted ahead of the playhead, with their init segments,
   * whether or not the player asked: the store keeps them, an abort does not stop them.
   */
  protected wanted = new Set<string>();
  /** Segments whose HTTP download failed: when the next may start, and how many failed. */
  protected readonly retries = new Map<string, { at: number; failures: number }>();
  protected readonly meter = new ThroughputMeter();
  /** Peers that delivered a whole verified segment: the scheduler trusts them when urgent. */
  protected readonly proven = new Set<string>();
  protected readonly swarm: Swarm<Peer>;
  /** The swarm reads it on every connection: changing it here changes the cap at once. */
  protected readonly limits: { maxPeers: number };
  /** Bytes by source, and HTTP downloads by reason, for `stats()`. */
  protected readonly bytes = { http: 0, p2p: 0, uploaded: 0 };
  protected readonly reasons: Record<HttpReason, number> = {
    urgent: 0,
    seed: 0,
    fallback: 0,
    'no-peer': 0,
  };

  constructor(
    protected config: ResolvedConfig,
    platform: Platform,
  ) {
    super();
    this.p = platformOf(platform);
    this.swarm = new Swarm((this.limits = { maxPeers: config.maxPeers }));
  }

  /** Keeps a completed segment (store, HAVE). */
  protected abstract keep(segment: Segment, bytes: Uint8Array): void;
  /** Asks for a scheduling pass. */
  protected abstract kick(): void;

  protected job(segment: Segment): Job {
    let job = this.jobs.get(segment.id);
    if (job === undefined) {
      job = {
        segment,
        filled: 0,
        from: new Set(),
        flights: new Set(),
        waiters: new Map(),
        startedAt: this.p.now(),
      };
      this.jobs.set(segment.id, job);
    }
    return job;
  }

  protected wait(segment: Segment, callbacks: LoadCallbacks, signal?: AbortSignal): void {
    const job = this.job(segment);
    job.waiters.set(callbacks, { sent: 0, at: this.p.now() });
    signal?.addEventListener('abort', () => {
      if (!job.waiters.delete(callbacks) || job.waiters.size > 0) return;
      // Nobody asks any more and the scheduler did not want it either (a seek, a level switch).
      if (!this.wanted.has(segment.id)) this.#stop(job);
      this.#drop(job);
    });
  }

  protected execute(decisions: readonly Decision[]): void {
    for (const decision of decisions) {
      const job = this.jobs.get(decision.segmentId);
      if (job === undefined) continue;
      if (decision.kind === 'cancel') {
        for (const flight of job.flights) {
          if (flight.peerId !== decision.peerId) continue;
          job.flights.delete(flight);
          flight.abort.abort();
        }
      } else if (decision.kind === 'http') {
        this.#http(job, decision.reason, decision.urgent, decision.range);
      } else this.#p2p(job, decision.peerId, decision.range);
    }
  }

  protected abort(): void {
    for (const job of this.jobs.values()) this.#fail(job, abortError());
  }

  #flight(job: Job, range?: ByteRange, peerId?: string, urgent = false): Flight {
    const flight = {
      peerId,
      range,
      urgent,
      loaded: 0,
      lastByteAt: this.p.now(),
      abort: new AbortController(),
    };
    job.flights.add(flight);
    return flight;
  }

  #size(job: Job, size: number): void {
    if (job.size !== undefined) return;
    job.size = size;
    job.buf = new Uint8Array(size);
  }

  #http(job: Job, reason: HttpReason, urgent: boolean, range?: ByteRange): void {
    const { segment } = job;
    const address = addressOf(segment);
    this.reasons[reason]++;
    const flight = this.#flight(job, range, undefined, urgent);
    // Neighbours wait for our HAVE instead of loading it too.
    if (!range) this.swarm.broadcast({ type: 'fetching', segment: address });
    const base = segment.byteRange?.start ?? 0;
    const byteRange = range
      ? { start: base + range.start, end: base + range.end }
      : segment.byteRange;
    const { httpRequestSetup } = this.config;
    loadOverHttp(
      {
        url: segment.url,
        ...(byteRange && { byteRange }),
        signal: flight.abort.signal,
        onProgress: (chunk, loaded, total) => {
          if (!range && total !== undefined) this.#size(job, total);
          this.#data(job, flight, (range?.start ?? 0) + loaded - chunk.length, chunk);
        },
      },
      { ...this.p, ...(httpRequestSetup && { requestSetup: httpRequestSetup }) },
    ).then(
      ({ bytes, startedAt, endedAt }) => {
        if (!job.flights.delete(flight)) return;
        this.meter.add(bytes.length, endedAt - startedAt);
        if (!range) {
          // The whole segment from the origin: it replaces whatever the buffer held.
          // loadOverHttp allocates a fresh ArrayBuffer, never a shared one.
          job.buf = bytes as Uint8Array<ArrayBuffer>;
          job.size = job.filled = bytes.length;
          job.from.clear();
        }
        this.#check(job);
      },
      (error: unknown) => {
        if (!range) this.swarm.broadcast({ type: 'lost', segment: address });
        if (!job.flights.delete(flight)) return;
        // The HTTP layer has retried already: back off before this segment's next try.
        const failures = (this.retries.get(segment.id)?.failures ?? 0) + 1;
        const delay = backoffDelay(failures - 1, 1000, MAX_RETRY_MS, this.p.random());
        this.retries.set(segment.id, { at: this.p.now() + delay, failures });
        if (urgent) this.#fail(job, error as Error);
        else this.#check(job);
      },
    );
  }

  #p2p(job: Job, peerId: string, range?: ByteRange): void {
    const peer = this.swarm.peers.get(peerId);
    const ref = addressOf(job.segment);
    const size = peer?.sizeOf(ref);
    if (peer === undefined || size === undefined) return;
    this.#size(job, size);
    // Peers that disagree on the size can't both be right: keep the first, verify later.
    if (job.size !== size) return;
    const flight = this.#flight(job, range, peerId);
    peer
      .request(ref, {
        ...(range && { range }),
        signal: flight.abort.signal,
        onData: (chunk, offset) => {
          job.from.add(peerId);
          this.#data(job, flight, offset, chunk, peerId);
        },
      })
      .then(
        () => {
          if (job.flights.delete(flight)) this.#check(job);
        },
        () => {
          if (!job.flights.delete(flight)) return;
          const start = (range?.start ?? 0) + flight.loaded;
          const end = range?.end ?? size;
          // Keep what arrived; a whole request that brought nothing goes back to the scheduler.
          if (start < end && (flight.loaded > 0 || range))
            this.#http(job, 'fallback', false, { start, end });
          else this.#check(job);
        },
      );
  }

  #data(job: Job, flight: Flight, offset: number, chunk: Uint8Array, peerId?: string): void {
    const now = this.p.now();
    const source = peerId === undefined ? 'http' : 'p2p';
    flight.loaded += chunk.length;
    flight.lastByteAt = now;
    job.firstByteAt ??= now;
    const { buf, size } = job;
    if (buf && offset + chunk.length <= buf.length) {
      buf.set(chunk, offset);
      job.filled += chunk.length;
    }
    this.bytes[source] += chunk.length;
    this.emit('bytesDownloaded', {
      source,
      bytes: chunk.length,
      ...(peerId !== undefined && { peerId }),
    });
    const received = buf ? job.filled : flight.loaded;
    for (const callbacks of job.waiters.keys()) {
      if (callbacks.onBytes) callApp(() => callbacks.onBytes?.(received, size));
    }
    // Only origin bytes stream to the player; a peer's wait for verification.
    if (job.from.size > 0) return;
    for (const [callbacks, waiter] of job.waiters) {
      if (waiter.sent !== offset) continue;
      waiter.sent += chunk.length;
      callApp(() => callbacks.onProgress?.(chunk, waiter.sent, size));
    }
  }

  #check(job: Job): void {
    const { size, buf } = job;
    if (job.flights.size > 0) return;
    if (buf && job.filled === size) {
      void this.#finish(job, buf);
      return;
    }
    // Nothing in flight and incomplete: start over when the scheduler says.
    job.filled = 0;
    job.from.clear();
    this.#drop(job);
    this.kick();
  }

  async #finish(job: Job, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    const { segment } = job;
    const peerIds = [...job.from];
    if (peerIds.length > 0) {
      const verdict = await verifySegment(segment, bytes, this.config).catch(() => undefined);
      if (this.jobs.get(segment.id) !== job) return;
      if (verdict?.ok !== true) {
        if (verdict) {
          // Which of several sources lied is unknown: all of them lose our trust.
          for (const peerId of peerIds) this.swarm.ban(peerId, verdict.detail);
          this.emit('integrityFailure', { segmentId: segment.id, peerIds, detail: verdict.detail });
        }
        job.filled = 0;
        job.from.clear();
        this.#http(job, 'fallback', false);
        return;
      }
      if (peerIds.length === 1) this.proven.add(peerIds[0] ?? '');
    }
    this.jobs.delete(segment.id);
    this.retries.delete(segment.id);
    const endedAt = this.p.now();
    const peerId = peerIds[0];
    const info = (at: number): LoadInfo => {
      const startedAt = Math.max(at, job.startedAt);
      return {
        source: peerId === undefined ? 'http' : 'p2p',
        ...(peerId !== undefined && { peerId }),
        startedAt,
        firstByteAt: Math.min(endedAt, Math.max(startedAt, job.firstByteAt ?? endedAt)),
        endedAt,
      };
    };
    this.keep(segment, bytes);
    this.emit('segmentLoaded', { segmentId: segment.id, bytes: bytes.length, ...info(0) });
    for (const [callbacks, waiter] of job.waiters) {
      const copy = bytes.slice();
      callApp(() => {
        if (waiter.sent < copy.length) {
          callbacks.onProgress?.(copy.subarray(waiter.sent), copy.length, copy.length);
        }
        callbacks.onSuccess(copy, info(waiter.at));
      });
    }
    this.kick();
  }

  #fail(job: Job, error: Error): void {
    this.#stop(job);
    for (const callbacks of job.waiters.keys())
      callApp(() => {
        callbacks.onError(error);
      });
  }

  /** Forgets the job and stops everything feeding it. */
  #stop(job: Job): void {
    if (this.jobs.get(job.segment.id) === job) this.jobs.delete(job.segment.id);
    for (const flight of job.flights) flight.abort.abort();
    job.flights.clear();
  }

  /** Forgets a job nobody waits for and nothing feeds. */
  #drop(job: Job): void {
    if (job.waiters.size === 0 && job.flights.size === 0) this.jobs.delete(job.segment.id);
  }
}
