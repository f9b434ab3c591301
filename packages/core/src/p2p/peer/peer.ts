import type { ByteRange } from '../../identity.ts';
import { PeerlaneError } from '../../errors.ts';
import { decodeFrame, encodeFrame, type Decoded } from '../protocol/codec.ts';
import { LIMITS, PROTOCOL_VERSION, type Frame, type SegmentAddress } from '../protocol/frames.ts';
import { Downloads, type DownloadLink } from './downloads.ts';
import { Emitter } from '../../emitter.ts';
import { RemoteAvailability } from './remote-availability.ts';
import type {
  Announcement,
  PeerChannel,
  PeerCloseReason,
  PeerEvents,
  PeerOptions,
  RemoteHandshake,
  RequestOptions,
  SegmentRef,
  Timers,
} from './types.ts';
import { Uploads, type UploadLink } from './uploads.ts';

/**
 * One remote viewer over one open RTCDataChannel, speaking the peer wire protocol:
 * handshake, rendition declarations, availability both ways, requests both ways.
 * Whatever the remote sends, nothing throws into the app: a violation closes this
 * peer with a reason. Closing the RTCPeerConnection is the owner's job, on `close`.
 */
export class Peer extends Emitter<PeerEvents> {
  readonly #channel: PeerChannel;
  readonly #timers: Timers;
  readonly #listening = new AbortController();
  readonly #availability = new RemoteAvailability();
  /** Our rendition ids, declared to the remote on first use. */
  readonly #localIds = new Map<string, number>();
  readonly #downloads: Downloads;
  readonly #uploads: Uploads;
  readonly #handshakeTimer: unknown;
  #remote: RemoteHandshake | undefined;
  #closeReason: PeerCloseReason | undefined;

  constructor(channel: PeerChannel, options: PeerOptions = {}) {
    super();
    const {
      maxRequests = 4,
      highWaterMark = 512 * 1024,
      handshakeTimeoutMs = 10_000,
      now = () => performance.now(),
      timers = globalThis,
    } = options;
    this.#channel = channel;
    this.#timers = timers;
    const link: DownloadLink & UploadLink = {
      write: (bytes) => {
        this.#write(bytes);
      },
      fail: (message) => {
        this.#close('protocol', message);
      },
      downloaded: (bytes) => {
        this.emit('downloaded', bytes);
      },
      uploaded: (bytes) => {
        this.emit('uploaded', bytes);
      },
      buffered: () => channel.bufferedAmount,
      now,
    };
    this.#downloads = new Downloads(link);
    const { serve, uploadLimiter: limiter } = options;
    this.#uploads = new Uploads(link, { serve, maxRequests, limiter, highWaterMark, timers });
    channel.binaryType = 'arraybuffer';
    channel.bufferedAmountLowThreshold = highWaterMark / 2;
    const on = (type: string, listener: (event: Event) => void): void => {
      channel.addEventListener(type, listener, { signal: this.#listening.signal });
    };
    on('message', (event) => {
      const data: unknown = (event as MessageEvent).data;
      this.#receive(
        data instanceof ArrayBuffer
          ? decodeFrame(new Uint8Array(data))
          : { type: 'error', error: 'not a binary message' },
      );
    });
    on('bufferedamountlow', () => {
      this.#uploads.drained();
    });
    on('close', () => {
      this.#close('remote', 'the data channel closed');
    });
    on('error', () => {
      this.#close('remote', 'the data channel failed');
    });
    this.#handshakeTimer = timers.setTimeout(() => {
      this.#close('timeout', `no handshake within ${handshakeTimeoutMs} ms`);
    }, handshakeTimeoutMs);
    this.#send({ type: 'handshake', version: PROTOCOL_VERSION, capabilities: 0, maxRequests });
  }

  /** The remote's handshake, once received. */
  get remote(): RemoteHandshake | undefined {
    return this.#remote;
  }

  /** Why the peer closed; undefined while open. */
  get closeReason(): PeerCloseReason | undefined {
    return this.#closeReason;
  }

  /** Download bytes/s over recent transfers (idle time excluded); undefined until measured. */
  get throughput(): number | undefined {
    return this.#downloads.meter.throughput;
  }

  /** Smoothed ms from a request on an idle link to its first answer; undefined until measured. */
  get rtt(): number | undefined {
    return this.#downloads.meter.rtt;
  }

  /** Our requests queued or in flight. */
  get pendingRequests(): number {
    return this.#downloads.pending;
  }

  /** Whether we serve the remote's requests; turning it off answers ABSENT, even mid-transfer. */
  get uploadEnabled(): boolean {
    return this.#uploads.enabled;
  }

  set uploadEnabled(enabled: boolean) {
    this.#uploads.enabled = enabled;
  }

  has(segment: SegmentRef): boolean {
    return this.sizeOf(segment) !== undefined;
  }

  /** The size the remote announced for `segment` if it holds it (undefined for no segment). */
  sizeOf(segment: SegmentRef | undefined): number | undefined {
    return segment && this.#availability.sizeOf(segment);
  }

  /** Whether the remote said it loads `segment` over HTTP. */
  isFetching(segment: SegmentRef | undefined): boolean {
    return segment !== undefined && this.#availability.isFetching(segment);
  }

  /**
   * Tells the remote what we hold. Dropped once closed, and for a rendition beyond the
   * LIMITS.renditions we can declare; a full map keeps its last LIMITS.availabilityEntries.
   */
  announce(announcement: Announcement): void {
    const key =
      announcement.type === 'availability'
        ? announcement.rendition
        : announcement.segment.rendition;
    if (this.#closeReason !== undefined) return;
    const rendition = this.#localId(key);
    if (rendition === undefined) return;
    if (announcement.type === 'availability') {
      const segments = announcement.segments.slice(-LIMITS.availabilityEntries);
      this.#send({ type: 'availability', rendition, segments });
    } else {
      // HAVE, LOST or FETCHING at the segment's wire address; encodeFrame writes only frame fields.
      this.#send({ ...announcement, ...announcement.segment, rendition });
    }
  }

  /**
   * Asks the remote for a segment (by default all of it) and resolves with the range
   * delivered, every byte of which went to `onData` in order. Rejects with a PeerlaneError
   * (ERR_PEER_ABSENT, ERR_PEER_CLOSED) or, on abort, a PeerlaneError ERR_ABORTED.
   * Waits for the remote's handshake and for a free slot of its maxRequests. Async so
   * that a bad argument (a rendition key the codec refuses) rejects rather than throws.
   */
  async request(segment: SegmentRef, options: RequestOptions = {}): Promise<ByteRange> {
    const rendition = this.#localId(segment.rendition);
    if (rendition === undefined) throw new RangeError(`more than ${LIMITS.renditions} renditions`);
    const address: SegmentAddress = { ...segment, rendition };
    return this.#downloads.request(address, this.sizeOf(segment), options);
  }

  /** Closes the channel; pending requests reject, timers and listeners go. */
  close(message = 'closed locally'): void {
    this.#close('closed', message);
  }

  #localId(key: string): number | undefined {
    let id = this.#localIds.get(key);
    if (id === undefined && this.#localIds.size < LIMITS.renditions) {
      id = this.#localIds.size;
      // Encoded before it's recorded: a key the codec refuses (too long) leaves no trace.
      const frame = encodeFrame({ type: 'rendition', id, key });
      this.#localIds.set(key, id);
      this.#write(frame);
    }
    return id;
  }

  #receive(frame: Decoded): void {
    if (frame.type === 'error') this.#close('protocol', frame.error);
    else if (this.#remote === undefined) this.#handshake(frame);
    else this.#dispatch(frame);
  }

  #handshake(frame: Frame): void {
    if (frame.type !== 'handshake') {
      this.#close('protocol', `${frame.type} before handshake`);
    } else if (frame.version !== PROTOCOL_VERSION) {
      this.#close('version', `protocol version ${frame.version} is not ${PROTOCOL_VERSION}`);
    } else {
      this.#timers.clearTimeout(this.#handshakeTimer);
      const { version, capabilities, maxRequests } = frame;
      this.#remote = { version, capabilities, maxRequests };
      this.#downloads.open(maxRequests);
      this.emit('ready', this.#remote);
    }
  }

  #dispatch(frame: Frame): void {
    switch (frame.type) {
      case 'handshake':
        this.#close('protocol', 'second handshake');
        break;
      case 'rendition':
        if (!this.#availability.declare(frame.id, frame.key)) {
          this.#close('protocol', `rendition ${frame.id} "${frame.key}" contradicts a declaration`);
        }
        break;
      case 'availability': {
        const rendition = this.#declared(frame.rendition);
        if (rendition === undefined) break;
        this.#availability.replace(frame.rendition, frame.segments);
        this.emit('availability', { type: 'availability', rendition, segments: frame.segments });
        break;
      }
      case 'have':
      case 'lost':
      case 'fetching': {
        const segment = this.#segment(frame);
        if (segment === undefined) break;
        const { rendition, sequence, init } = frame;
        if (frame.type === 'have') {
          if (this.#availability.have(rendition, sequence, init, frame.size)) {
            this.emit('availability', { type: 'have', segment, size: frame.size });
          }
        } else if (this.#availability[frame.type](rendition, sequence, init)) {
          this.emit('availability', { type: frame.type, segment });
        }
        break;
      }
      case 'request': {
        const segment = this.#segment(frame);
        if (segment !== undefined) this.#uploads.request(frame, segment);
        break;
      }
      case 'data':
        this.#downloads.data(frame);
        break;
      case 'done':
      case 'absent':
        this.#downloads.end(frame.requestId, frame.type === 'done');
        break;
      case 'cancel':
        this.#uploads.cancel(frame.requestId);
    }
  }

  /** The key of a rendition id the remote uses; closes the peer if it never declared it. */
  #declared(id: number): string | undefined {
    const key = this.#availability.key(id);
    if (key === undefined) this.#close('protocol', `rendition ${id} was not declared`);
    return key;
  }

  #segment({ rendition, sequence, init }: SegmentAddress): SegmentRef | undefined {
    const key = this.#declared(rendition);
    return key === undefined ? undefined : { rendition: key, sequence, init };
  }

  #send(frame: Frame): void {
    this.#write(encodeFrame(frame));
  }

  #write(bytes: Uint8Array): void {
    if (this.#closeReason !== undefined) return;
    try {
      // encodeFrame always allocates a fresh ArrayBuffer, never a SharedArrayBuffer.
      this.#channel.send(bytes as Uint8Array<ArrayBuffer>);
    } catch (error) {
      this.#close('remote', `send failed: ${String(error)}`);
    }
  }

  #close(code: PeerCloseReason['code'], message: string): void {
    if (this.#closeReason !== undefined) return;
    const reason = { code, message };
    this.#closeReason = reason;
    this.#listening.abort();
    this.#timers.clearTimeout(this.#handshakeTimer);
    this.#uploads.close();
    this.#downloads.close(new PeerlaneError('ERR_PEER_CLOSED', `peer closed: ${message}`));
    this.#channel.close();
    this.emit('close', reason);
    this.removeAllListeners();
  }
}
