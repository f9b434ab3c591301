import { Emitter } from '../../emitter.ts';
import { CHANNEL_LABEL, gathered, localSdp, randomId } from './rtc.ts';
import { TrackerSocket } from './tracker-socket.ts';
import type { Later } from './tracker-socket.ts';
import type {
  TrackerClientEvents,
  TrackerClientOptions,
  TrackerClientStats,
  TrackerTimeouts,
} from './types.ts';

const TIMEOUTS: TrackerTimeouts = {
  ice: 5_000,
  offer: 50_000,
  connect: 15_000,
  stopGrace: 1_000,
  reconnectMin: 1_000,
  reconnectMax: 60_000,
  interval: 30_000,
  retry: 3_000,
  intervalMin: 10_000,
  intervalMax: 3_600_000,
};

/** An offer sent through `tracker`, waiting for whoever the tracker relayed it to. */
interface PendingOffer {
  readonly pc: RTCPeerConnection;
  readonly channel: RTCDataChannel;
  readonly tracker: TrackerSocket;
  readonly expire: () => void;
}

/** A connection to a known peer: being set up, or open and handed over. */
interface Attempt {
  readonly pc: RTCPeerConnection;
  readonly tracker: TrackerSocket;
  readonly initiator: boolean;
  open: boolean;
  cancelTimeout: () => void;
}

type Message = Record<string, unknown>;

const RUNNING = 1;
const STOPPING = 2;
const DONE = 3;

/**
 * Finds peers of one swarm through WebTorrent trackers and connects to them
 * over WebRTC: announces with offers, answers relayed offers, applies relayed
 * answers, and emits `peer` once a data channel is open. At most one
 * connection per remote peer, whichever tracker introduced it.
 */
export class TrackerClient extends Emitter<TrackerClientEvents> {
  readonly #o: Required<Omit<TrackerClientOptions, 'timeouts' | 'rtcConfig' | 'transferred'>> &
    Pick<TrackerClientOptions, 'rtcConfig' | 'transferred'>;
  readonly #t: TrackerTimeouts;
  readonly #trackers: TrackerSocket[];
  /** Pending offers by offer_id. */
  readonly #offers = new Map<string, PendingOffer>();
  /** Connections by remote peer id. */
  readonly #peers = new Map<string, Attempt>();
  /** Every connection not yet handed over, so that stop and destroy can close it. */
  readonly #pcs = new Set<RTCPeerConnection>();
  readonly #timers = new Set<() => void>();
  #state = 0;
  #stopped = (): void => undefined;

  constructor(options: TrackerClientOptions) {
    super();
    this.#o = {
      offers: 5,
      maxPeers: 20,
      canConnect: () => true,
      WebSocket: globalThis.WebSocket,
      RTCPeerConnection: globalThis.RTCPeerConnection,
      timers: globalThis,
      random: Math.random,
      ...options,
    };
    const t = (this.#t = { ...TIMEOUTS, ...options.timeouts });
    const env = {
      WebSocket: this.#o.WebSocket,
      later: this.#later,
      random: this.#o.random,
      reconnectMin: t.reconnectMin,
      reconnectMax: t.reconnectMax,
      opened: (tracker: TrackerSocket) => {
        void this.#announce(tracker, 'started');
      },
      received: (tracker: TrackerSocket, message: Message) => {
        this.#receive(tracker, message);
      },
      lost: (tracker: TrackerSocket, reason: string) => {
        this.#dropOffers(tracker);
        if (this.#state !== RUNNING) {
          tracker.close();
          this.#stopIfQuiet();
          return;
        }
        this.emit('error', { tracker: tracker.url, message: reason });
      },
    };
    this.#trackers = [...new Set(options.announce)].map(
      (url) => new TrackerSocket(url, t.interval, env),
    );
  }

  /** Connects to every tracker; each announces `started` once open. */
  start(): void {
    if (this.#state !== 0) return;
    this.#state = RUNNING;
    for (const tracker of this.#trackers) tracker.connect();
  }

  /**
   * Leaves the swarm: announces `stopped`, closes each socket on the tracker's
   * reply or after a grace period, and closes connections not yet handed over.
   */
  stop(): Promise<void> {
    if (this.#state !== RUNNING) {
      this.destroy();
      return Promise.resolve();
    }
    this.#state = STOPPING;
    this.#closeAll();
    return new Promise((resolve) => {
      this.#stopped = resolve;
      for (const tracker of this.#trackers) {
        if (!tracker.send(this.#announceMessage(tracker, [], 'stopped'))) tracker.close();
      }
      this.#later(this.#t.stopGrace, () => {
        this.destroy();
      });
      this.#stopIfQuiet();
    });
  }

  /** Closes sockets and connections not yet handed over at once; nothing fires afterwards. */
  destroy(): void {
    this.#state = DONE;
    for (const tracker of this.#trackers) tracker.close();
    this.#closeAll();
    for (const cancel of this.#timers) cancel();
    this.#stopped();
  }

  stats(): TrackerClientStats {
    let connected = 0;
    for (const attempt of this.#peers.values()) if (attempt.open) connected++;
    return {
      trackers: this.#trackers.map((tracker) => tracker.stats()),
      connecting: this.#peers.size - connected,
      connected,
    };
  }

  readonly #later: Later = (ms, callback) => {
    const { timers } = this.#o;
    const cancel = (): void => {
      this.#timers.delete(cancel);
      timers.clearTimeout(id);
    };
    const id = timers.setTimeout(() => {
      cancel();
      callback();
    }, ms);
    this.#timers.add(cancel);
    return cancel;
  };

  #closeAll(): void {
    for (const pc of this.#pcs) pc.close();
    this.#pcs.clear();
    this.#offers.clear();
    for (const [peerId, attempt] of this.#peers) if (!attempt.open) this.#peers.delete(peerId);
  }

  #close(pc: RTCPeerConnection): void {
    this.#pcs.delete(pc);
    pc.close();
  }

  #stopIfQuiet(): void {
    if (this.#trackers.every((tracker) => !tracker.connected)) this.destroy();
  }

  /** Announces with fresh offers, replacing the unanswered ones sent through this tracker. */
  async #announce(tracker: TrackerSocket, event?: 'started'): Promise<void> {
    const { epoch } = tracker;
    this.#schedule(tracker);
    const count = Math.max(0, Math.min(this.#o.offers, this.#o.maxPeers - this.#peers.size));
    const made = await Promise.all(Array.from({ length: count }, () => this.#offer()));
    const offers = made.filter((offer) => offer !== undefined);
    if (this.#state !== RUNNING || tracker.epoch !== epoch || !tracker.connected) {
      for (const [pc] of offers) this.#close(pc);
      return;
    }
    this.#dropOffers(tracker);
    const sent = offers.map(([pc, channel]) => {
      const offerId = randomId(this.#o.random);
      const expire = this.#later(this.#t.offer, () => {
        this.#offers.delete(offerId);
        this.#close(pc);
      });
      this.#offers.set(offerId, { pc, channel, tracker, expire });
      return { offer: { type: 'offer', sdp: localSdp(pc) }, offer_id: offerId };
    });
    tracker.send(this.#announceMessage(tracker, sent, event));
  }

  #announceMessage(tracker: TrackerSocket, offers: object[], event?: string): Message {
    tracker.announces++;
    return {
      action: 'announce',
      info_hash: this.#o.infoHash,
      peer_id: this.#o.peerId,
      numwant: offers.length,
      ...(this.#o.transferred?.() ?? { uploaded: 0, downloaded: 0 }),
      ...(event !== undefined && { event }),
      ...(offers.length > 0 && { offers }),
    };
  }

  #schedule(tracker: TrackerSocket, ms = tracker.interval): void {
    tracker.cancelAnnounce();
    tracker.cancelAnnounce = this.#later(ms, () => {
      void this.#announce(tracker);
    });
  }

  /** A new connection with its data channel and a complete offer, or undefined if that failed. */
  async #offer(): Promise<[RTCPeerConnection, RTCDataChannel] | undefined> {
    const pc = this.#connection();
    try {
      const channel = pc.createDataChannel(CHANNEL_LABEL);
      await pc.setLocalDescription();
      await gathered(pc, this.#t.ice, this.#later);
      return [pc, channel];
    } catch {
      this.#close(pc);
      return undefined;
    }
  }

  #connection(): RTCPeerConnection {
    const pc = new this.#o.RTCPeerConnection(this.#o.rtcConfig);
    this.#pcs.add(pc);
    return pc;
  }

  #dropOffers(tracker: TrackerSocket): void {
    for (const [offerId, offer] of this.#offers) {
      if (offer.tracker !== tracker) continue;
      this.#offers.delete(offerId);
      offer.expire();
      this.#close(offer.pc);
    }
  }

  #receive(tracker: TrackerSocket, message: Message): void {
    const { info_hash: hash, interval, peer_id: from, offer_id: offerId, offer, answer } = message;
    const reason = message['failure reason'];
    // Without an info hash a failure concerns the whole socket (a rate limit, a parse error).
    if (hash !== this.#o.infoHash && (hash !== undefined || reason === undefined)) return;
    for (const notice of [reason, message['warning message']]) {
      if (typeof notice === 'string')
        this.emit('warning', { tracker: tracker.url, message: notice });
    }
    if (this.#state === STOPPING) {
      // Anything but a relayed offer or answer is the reply: the tracker has taken `stopped` in.
      if (offer === undefined && answer === undefined) {
        tracker.close();
        this.#stopIfQuiet();
      }
      return;
    }
    if (reason !== undefined || message.action !== 'announce') return;
    if (typeof interval === 'number' && interval > 0) {
      const { intervalMin, intervalMax } = this.#t;
      tracker.interval = Math.min(intervalMax, Math.max(intervalMin, interval * 1000));
      this.#schedule(tracker);
    }
    if (typeof from !== 'string' || typeof offerId !== 'string') return;
    const offerSdp = sdpOf(offer);
    const answerSdp = sdpOf(answer);
    if (offerSdp !== undefined) {
      tracker.offersReceived++;
      void this.#answer(tracker, from, offerId, offerSdp);
    } else if (answerSdp !== undefined) {
      tracker.answersReceived++;
      this.#answered(from, offerId, answerSdp);
    }
  }

  /** Answers a relayed offer. */
  async #answer(tracker: TrackerSocket, from: string, offerId: string, sdp: string): Promise<void> {
    if (!this.#admit(from, false)) return;
    const pc = this.#connection();
    const attempt = this.#attempt(from, pc, tracker, false);
    try {
      await pc.setRemoteDescription({ type: 'offer', sdp });
      await pc.setLocalDescription();
      await gathered(pc, this.#t.ice, this.#later);
    } catch {
      this.#end(from, attempt, true);
      return;
    }
    if (this.#peers.get(from) !== attempt || this.#state !== RUNNING) return;
    tracker.send({
      action: 'announce',
      info_hash: this.#o.infoHash,
      peer_id: this.#o.peerId,
      to_peer_id: from,
      offer_id: offerId,
      answer: { type: 'answer', sdp: localSdp(pc) },
    });
  }

  /** Applies a relayed answer to one of our offers. */
  #answered(from: string, offerId: string, sdp: string): void {
    const pending = this.#offers.get(offerId);
    if (pending === undefined) return;
    this.#offers.delete(offerId);
    pending.expire();
    const { pc, channel, tracker } = pending;
    if (!this.#admit(from, true)) {
      this.#close(pc);
      return;
    }
    const attempt = this.#attempt(from, pc, tracker, true, channel);
    // The pending offer may have failed already: node-datachannel fails a DTLS handshake that
    // the answerer starts before its answer, relayed by the tracker, arrives here.
    pc.setRemoteDescription({ type: 'answer', sdp }).catch(() => {
      this.#end(from, attempt, true);
    });
  }

  /**
   * Whether to connect to `peerId`, this side being the initiator or not.
   * Once per peer, except in glare: both peers offered and each answered the
   * other. Both sides then keep the connection whose initiator has the lower
   * peer id, so they settle on the same one.
   */
  #admit(peerId: string, initiator: boolean): boolean {
    if (peerId === this.#o.peerId || this.#state !== RUNNING) return false;
    const existing = this.#peers.get(peerId);
    if (existing === undefined) {
      return this.#peers.size < this.#o.maxPeers && this.#o.canConnect(peerId);
    }
    const ours = this.#o.peerId < peerId;
    if (existing.open || existing.initiator === initiator || initiator !== ours) return false;
    this.#end(peerId, existing);
    return true;
  }

  /** Tracks a connection to `peerId` until its channel opens (then emits `peer`), fails or times out. */
  #attempt(
    peerId: string,
    pc: RTCPeerConnection,
    tracker: TrackerSocket,
    initiator: boolean,
    channel?: RTCDataChannel,
  ): Attempt {
    const attempt: Attempt = {
      pc,
      tracker,
      initiator,
      open: false,
      cancelTimeout: this.#later(this.#t.connect, () => {
        this.#end(peerId, attempt, true);
      }),
    };
    this.#peers.set(peerId, attempt);
    const end = (): void => {
      this.#end(peerId, attempt);
    };
    const watch = (channel: RTCDataChannel): void => {
      const open = (): void => {
        if (this.#peers.get(peerId) !== attempt || attempt.open) return;
        attempt.open = true;
        attempt.cancelTimeout();
        this.#pcs.delete(pc);
        tracker.peers++;
        this.emit('peer', { peerId, connection: pc, channel, initiator, tracker: tracker.url });
      };
      channel.addEventListener('close', end);
      if (channel.readyState === 'open') open();
      else channel.addEventListener('open', open);
    };
    if (channel === undefined) {
      // Only the first: a peer's further channels must not end or replace this one.
      pc.addEventListener(
        'datachannel',
        ({ channel }) => {
          watch(channel);
        },
        { once: true },
      );
    } else watch(channel);
    pc.addEventListener('connectionstatechange', () => {
      if (pc.connectionState === 'failed') this.#end(peerId, attempt, true);
      else if (pc.connectionState === 'closed') end();
    });
    return attempt;
  }

  /**
   * Forgets the peer's connection; one not yet handed over is closed too. After one that
   * `failed` to open (timed out, ICE failed, a description rejected), its tracker is asked
   * again soon, so that the peer can be found again; one that lost a glare (ended already,
   * whatever its pending calls then report) or was closed by the remote is not.
   */
  #end(peerId: string, attempt: Attempt, failed = false): void {
    const current = this.#peers.get(peerId) === attempt;
    if (current) this.#peers.delete(peerId);
    attempt.cancelTimeout();
    if (attempt.open) return;
    this.#close(attempt.pc);
    if (failed && current && this.#state === RUNNING) {
      this.#schedule(attempt.tracker, this.#t.retry);
    }
  }
}

function sdpOf(description: unknown): string | undefined {
  const sdp = (description as { sdp?: unknown } | undefined)?.sdp;
  return typeof sdp === 'string' ? sdp : undefined;
}
