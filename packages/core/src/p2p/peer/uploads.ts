import { wait } from '../../http/backoff.ts';
import { encodeFrame } from '../protocol/codec.ts';
import { LIMITS, type RequestFrame } from '../protocol/frames.ts';
import type { RateLimiter } from './rate-limiter.ts';
import type { SegmentRef, ServeSegment, Timers } from './types.ts';

/** What Uploads needs from its Peer. */
export interface UploadLink {
  write(bytes: Uint8Array): void;
  /** Closes the peer for a protocol violation. */
  fail(message: string): void;
  uploaded(bytes: number): void;
  /** Bytes the data channel holds, not yet sent. */
  buffered(): number;
}

export interface UploadSettings {
  readonly serve: ServeSegment | undefined;
  readonly maxRequests: number;
  readonly limiter: RateLimiter | undefined;
  readonly highWaterMark: number;
  readonly timers: Timers;
}

/**
 * Serving the remote's requests: DATA frames paced by the data channel's buffer (waiting
 * for `bufferedamountlow`, never polling) and by the shared rate limiter (waiting with
 * timers), then DONE. Each request is a job; a job that leaves the map (CANCEL, upload
 * off, close) stops before its next frame.
 */
export class Uploads {
  /** Request id → the job's identity, so that a reused id never revives a stopped job. */
  readonly #jobs = new Map<number, object>();
  #drainers: (() => void)[] = [];
  /** Aborted on close: cuts short every wait for the rate limiter. */
  readonly #closing = new AbortController();
  #enabled = true;

  constructor(
    private readonly link: UploadLink,
    private readonly settings: UploadSettings,
  ) {}

  get enabled(): boolean {
    return this.#enabled;
  }

  /** Off: every request is answered ABSENT, those being served included. */
  set enabled(enabled: boolean) {
    this.#enabled = enabled;
    if (!enabled) for (const id of [...this.#jobs.keys()]) this.#finish(id, 'absent');
  }

  request(frame: RequestFrame, segment: SegmentRef): void {
    const { requestId } = frame;
    // The requester counts a request until our DONE or ABSENT reaches it, and we
    // forget it before sending either: an honest peer never exceeds our limit.
    if (this.#jobs.has(requestId)) {
      this.link.fail(`request ${requestId} reused`);
      return;
    }
    if (this.#jobs.size >= this.settings.maxRequests) {
      this.link.fail(`more than ${this.settings.maxRequests} requests in flight`);
      return;
    }
    const job = {};
    this.#jobs.set(requestId, job);
    void this.#serve(job, frame, segment);
  }

  /** Acknowledged with ABSENT, so the requester knows no more DATA follows. */
  cancel(requestId: number): void {
    this.#finish(requestId, 'absent');
  }

  /** The channel's `bufferedamountlow`. */
  drained(): void {
    const drainers = this.#drainers;
    this.#drainers = [];
    for (const wake of drainers) wake();
  }

  /** Stops every job without a word (the peer is closing) and clears every timer. */
  close(): void {
    this.#jobs.clear();
    this.drained();
    this.#closing.abort();
  }

  async #serve(job: object, frame: RequestFrame, segment: SegmentRef): Promise<void> {
    const { requestId, start, end } = frame;
    const live = (): boolean => this.#jobs.get(requestId) === job;
    let bytes: Uint8Array | undefined;
    try {
      if (this.#enabled) bytes = await this.settings.serve?.(segment, start, end || undefined);
    } catch {
      // A failing store is this side's problem; to the remote the bytes are simply absent.
    }
    if (bytes === undefined || bytes.length === 0 || (end !== 0 && bytes.length !== end - start)) {
      this.#finish(requestId, 'absent', job);
      return;
    }
    const { limiter, highWaterMark, timers } = this.settings;
    for (let at = 0; at < bytes.length; at += LIMITS.dataBytes) {
      const payload = bytes.subarray(at, at + LIMITS.dataBytes);
      const data = encodeFrame({ type: 'data', requestId, offset: start + at, payload });
      const delay = limiter?.reserve(data.length) ?? 0;
      // A wait cut short by close ends like one that ran out: the job has left the map.
      if (delay > 0) await wait(delay, this.#closing.signal, timers).catch(() => undefined);
      while (live() && this.link.buffered() + data.length > highWaterMark) {
        await new Promise<void>((wake) => this.#drainers.push(wake));
      }
      if (!live()) return;
      this.link.write(data);
      this.link.uploaded(payload.length);
    }
    this.#finish(requestId, 'done', job);
  }

  /** Ends a job with DONE or ABSENT; only `job` itself when given. */
  #finish(requestId: number, type: 'done' | 'absent', job?: object): void {
    const current = this.#jobs.get(requestId);
    if (current === undefined || (job !== undefined && current !== job)) return;
    this.#jobs.delete(requestId);
    this.link.write(encodeFrame({ type, requestId }));
  }
}
