/**
 * One simulated browser peer: a raw `ws` socket speaking the WebTorrent tracker
 * protocol (no WebRTC). It announces with 5 offers, answers every offer relayed
 * to it, and records relay latency from the send time each SDP carries.
 */
import { WebSocket, type RawData } from 'ws';
import { record } from './histogram.ts';
import { announce, answer, nowMicros, sentAtMicros, type PeerIds } from './protocol.ts';
import type { Snapshot } from './stats.ts';

/** After this long without a reply a closed-loop client counts a stall and announces again. */
const STALL_MICROS = 30e6;

/** The fields of the tracker → client messages we act on (trackers.md §2.4–2.8). */
interface TrackerMessage {
  action?: unknown;
  'failure reason'?: unknown;
  offer?: { sdp?: unknown } | null;
  answer?: { sdp?: unknown } | null;
  offer_id?: unknown;
  peer_id?: unknown;
  interval?: unknown;
}

/** State of the load process that every client reads. */
export interface Shared {
  snapshot: Snapshot;
  closedLoop: boolean;
  reannounceMs: number;
}

export class LoadClient {
  readonly #socket: WebSocket;
  readonly #ids: PeerIds;
  readonly #shared: Shared;
  #timer: NodeJS.Timeout | undefined;
  #started = false;
  /** Send time (µs) of the announce awaiting its reply, 0 when none is. */
  #awaitingSince = 0;

  constructor(url: string, ids: PeerIds, shared: Shared, onSettled: (error: Error | null) => void) {
    this.#ids = ids;
    this.#shared = shared;
    // Compression off, as both servers run it. The rest spares the generator's
    // CPU, which the server needs too: incoming UTF-8 is not validated, and an
    // all-zero mask (ws leaves the key alone when generateMask does nothing)
    // skips masking every outgoing byte; servers unmask either way.
    this.#socket = new WebSocket(url, {
      perMessageDeflate: false,
      skipUTF8Validation: true,
      generateMask: () => undefined,
      handshakeTimeout: 30_000,
    });
    let open = false;
    this.#socket.on('open', () => {
      open = true;
      onSettled(null);
    });
    this.#socket.on('error', (err) => {
      if (open) shared.snapshot.counters.errors++;
      else onSettled(err);
    });
    this.#socket.on('close', () => {
      clearTimeout(this.#timer);
      if (open) shared.snapshot.counters.disconnects++;
    });
    this.#socket.on('message', (data) => {
      this.#onMessage(data);
    });
  }

  /** Closed loop: from now on announce again as soon as the previous reply arrives. */
  enterClosedLoop(): void {
    clearTimeout(this.#timer);
    if (this.#awaitingSince === 0) this.#announce();
  }

  /** Called about once a second in closed-loop mode, so a lost reply does not stop the client. */
  checkStall(now: number): void {
    if (this.#awaitingSince !== 0 && now - this.#awaitingSince > STALL_MICROS) {
      this.#shared.snapshot.counters.stalls++;
      this.#announce();
    }
  }

  /** Fixed rate; the first announce comes at a random point of the interval, against lockstep. */
  startFixedRate(): void {
    const { reannounceMs } = this.#shared;
    this.#timer = setTimeout(() => {
      this.#timer = setInterval(() => {
        this.#announce();
      }, reannounceMs);
      this.#announce();
    }, Math.random() * reannounceMs);
  }

  #announce(): void {
    if (this.#socket.readyState !== WebSocket.OPEN) return;
    this.#socket.send(announce(this.#ids, !this.#started));
    this.#started = true;
    this.#awaitingSince = nowMicros();
    this.#shared.snapshot.counters.announcesSent++;
  }

  #onMessage(data: RawData): void {
    const now = nowMicros();
    const { snapshot } = this.#shared;
    const { counters } = snapshot;
    let message: TrackerMessage;
    try {
      message = JSON.parse((data as Buffer).toString()) as TrackerMessage;
    } catch {
      counters.errors++;
      return;
    }
    const failure = message['failure reason'];
    if (failure !== undefined) {
      counters.failures++;
      const reason = typeof failure === 'string' ? failure : JSON.stringify(failure);
      snapshot.failureReasons[reason] = (snapshot.failureReasons[reason] ?? 0) + 1;
    } else if (typeof message.offer?.sdp === 'string') {
      counters.offersReceived++;
      this.#recordRelay(message.offer.sdp, now);
      if (typeof message.peer_id !== 'string' || typeof message.offer_id !== 'string') {
        counters.errors++;
        return;
      }
      this.#socket.send(answer(this.#ids, message.peer_id, message.offer_id));
      counters.answersSent++;
    } else if (typeof message.answer?.sdp === 'string') {
      counters.answersReceived++;
      this.#recordRelay(message.answer.sdp, now);
    } else if (message.action === 'announce' && message.interval !== undefined) {
      counters.repliesReceived++;
      if (this.#awaitingSince !== 0) record(snapshot.reply, now - this.#awaitingSince);
      this.#awaitingSince = 0;
      if (this.#shared.closedLoop) this.#announce();
    } else {
      counters.errors++;
    }
  }

  /** A relayed SDP must be one of ours, carrying its send time. */
  #recordRelay(sdp: string, now: number): void {
    const sentAt = sentAtMicros(sdp);
    if (Number.isNaN(sentAt)) this.#shared.snapshot.counters.errors++;
    else record(this.#shared.snapshot.relay, now - sentAt);
  }
}
