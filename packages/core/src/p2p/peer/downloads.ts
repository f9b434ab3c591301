import type { ByteRange } from '../../identity.ts';
import { abortError, PeerlaneError } from '../../errors.ts';
import { encodeFrame } from '../protocol/codec.ts';
import { LIMITS, type DataFrame, type SegmentAddress } from '../protocol/frames.ts';
import { LinkMeter } from './link-meter.ts';
import type { RequestOptions } from './types.ts';

/** What Downloads needs from its Peer. */
export interface DownloadLink {
  write(bytes: Uint8Array): void;
  /** Closes the peer for a protocol violation. */
  fail(message: string): void;
  downloaded(bytes: number): void;
  now(): number;
}

interface Pending {
  readonly id: number;
  /** The encoded REQUEST, ready to go once a slot is free. */
  readonly frame: Uint8Array;
  readonly start: number;
  /** 0 when the segment's size is unknown: whatever DONE closes is the rest. */
  readonly end: number;
  /** The offset the next DATA must have: bytes arrive in order, once, without gaps. */
  next: number;
  sentAt: number;
  /** Sent while nothing else was in flight, so its first answer measures the RTT. */
  probe: boolean;
  /** Aborted after it was sent: the remote acknowledges with ABSENT (or DONE). */
  cancelled: boolean;
  readonly options: RequestOptions;
  readonly settle: (error: Error | undefined) => void;
}

/**
 * Our requests to the remote: queued until the remote's handshake grants slots, then
 * at most its maxRequests in flight. A request stays in flight until the remote ends
 * it with DONE or ABSENT, even after we CANCEL it, so that the remote never sees more
 * than it allowed and any DATA for an id we don't await is a protocol violation.
 */
export class Downloads {
  readonly meter = new LinkMeter();
  readonly #queue: Pending[] = [];
  readonly #inFlight = new Map<number, Pending>();
  #slots = 0;
  #nextId = 0;
  /** Why new requests fail at once: the peer closed, or it serves nothing. */
  #refusal: PeerlaneError | undefined;
  /** Arrival of the previous DATA while requests stayed in flight: transfer time, not idle time. */
  #lastDataAt: number | undefined;

  constructor(private readonly link: DownloadLink) {}

  /** Requests waiting or in flight, for the scheduler to balance load across peers. */
  get pending(): number {
    return this.#queue.length + this.#inFlight.size;
  }

  /** The remote's handshake: it serves up to `maxRequests` at once. */
  open(maxRequests: number): void {
    this.#slots = maxRequests;
    if (maxRequests === 0)
      this.close(new PeerlaneError('ERR_PEER_ABSENT', 'the peer does not serve'));
    this.#pump();
  }

  request(
    address: SegmentAddress,
    size: number | undefined,
    options: RequestOptions,
  ): Promise<ByteRange> {
    return new Promise((resolve, reject) => {
      const start = options.range?.start ?? 0;
      const end = options.range?.end ?? size ?? 0;
      const { signal } = options;
      if (this.#refusal !== undefined || signal?.aborted === true) {
        reject(this.#refusal ?? abortError(signal?.reason));
        return;
      }
      const id = this.#nextId;
      // Ids wrap at the protocol's integer limit; 2^32 requests apart never coexist.
      this.#nextId = id === LIMITS.integer ? 0 : id + 1;
      const onAbort = (): void => {
        const at = this.#queue.indexOf(pending);
        if (at >= 0) this.#queue.splice(at, 1);
        else {
          pending.cancelled = true;
          this.link.write(encodeFrame({ type: 'cancel', requestId: id }));
        }
        pending.settle(abortError(signal?.reason));
      };
      const pending: Pending = {
        id,
        frame: encodeFrame({ type: 'request', requestId: id, ...address, start, end }),
        start,
        end,
        next: start,
        sentAt: 0,
        probe: false,
        cancelled: false,
        options,
        settle: (error) => {
          signal?.removeEventListener('abort', onAbort);
          if (error === undefined) resolve({ start, end: pending.next });
          else reject(error);
        },
      };
      signal?.addEventListener('abort', onAbort);
      this.#queue.push(pending);
      this.#pump();
    });
  }

  data({ requestId, offset, payload }: DataFrame): void {
    const pending = this.#inFlight.get(requestId);
    if (pending === undefined) {
      this.link.fail(`DATA for unknown request ${requestId}`);
      return;
    }
    const now = this.link.now();
    if (this.#lastDataAt !== undefined) this.meter.transfer(payload.length, now - this.#lastDataAt);
    this.#lastDataAt = now;
    this.#answered(pending, now);
    if (pending.cancelled) return;
    const end = offset + payload.length;
    if (offset !== pending.next || (pending.end !== 0 && end > pending.end)) {
      this.link.fail(
        `DATA at ${offset}-${end} for request ${requestId} expecting ${pending.next}-${pending.end}`,
      );
      return;
    }
    pending.next = end;
    this.link.downloaded(payload.length);
    pending.options.onData?.(payload, offset);
  }

  /** DONE or ABSENT. */
  end(requestId: number, done: boolean): void {
    const pending = this.#inFlight.get(requestId);
    if (pending === undefined) {
      this.link.fail(`answer for unknown request ${requestId}`);
      return;
    }
    const short =
      pending.next === pending.start || (pending.end !== 0 && pending.next !== pending.end);
    if (done && short && !pending.cancelled) {
      this.link.fail(`DONE for request ${requestId} after ${pending.next - pending.start} bytes`);
      return;
    }
    this.#inFlight.delete(requestId);
    if (this.#inFlight.size === 0) this.#lastDataAt = undefined;
    this.#answered(pending, this.link.now());
    if (!pending.cancelled) {
      pending.settle(
        done ? undefined : new PeerlaneError('ERR_PEER_ABSENT', `request ${requestId}: absent`),
      );
    }
    this.#pump();
  }

  /** Rejects every request, now and later, with `error`; nothing goes out afterwards. */
  close(error: PeerlaneError): void {
    this.#refusal = error;
    const all = [...this.#queue, ...this.#inFlight.values()];
    this.#queue.length = 0;
    this.#inFlight.clear();
    for (const pending of all) if (!pending.cancelled) pending.settle(error);
  }

  #answered(pending: Pending, now: number): void {
    if (pending.probe) this.meter.roundTrip(now - pending.sentAt);
    pending.probe = false;
  }

  #pump(): void {
    while (this.#refusal === undefined && this.#inFlight.size < this.#slots) {
      const pending = this.#queue.shift();
      if (pending === undefined) return;
      pending.sentAt = this.link.now();
      pending.probe = this.#inFlight.size === 0;
      this.#inFlight.set(pending.id, pending);
      this.link.write(pending.frame);
    }
  }
}
