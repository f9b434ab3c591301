/**
 * A viewer's uplink of limited rate, emulated where every SDK's upload goes
 * through: the WebRTC data channel. Both SDKs get the same network, whatever
 * their own upload options are.
 *
 * Every message a viewer sends to any peer waits its turn on one shared link
 * (channels served in turn, messages in order within a channel) and leaves
 * when its last byte would have crossed the link. Until then it counts in the
 * channel's `bufferedAmount`, and `bufferedamountlow` fires when that drops to
 * the threshold: what an SDK sees on a slow real link. Runs in the page and in
 * Node (node-datachannel's polyfill), so no Node or DOM-only import here.
 */

type Payload = Parameters<RTCDataChannel['send']>[0];

interface Lane {
  readonly channel: RTCDataChannel;
  readonly send: (data: Payload) => void;
  readonly realBuffered: () => number;
  readonly queue: Payload[];
  queued: number;
  /** The SDK has seen `bufferedAmount` above the threshold and may be waiting for the event. */
  high: boolean;
}

export interface Uplink {
  /** Routes the channel's sends through the link. */
  attach(channel: RTCDataChannel): void;
}

function sizeOf(data: Payload): number {
  if (typeof data === 'string') return new TextEncoder().encode(data).byteLength;
  if (data instanceof Blob) return data.size;
  return data.byteLength;
}

/** The channel's own `bufferedAmount` getter, wherever in its prototype chain it sits. */
function bufferedGetter(channel: RTCDataChannel): () => number {
  for (let proto: object | null = channel; proto !== null;) {
    const owner = proto;
    if (Object.getOwnPropertyDescriptor(owner, 'bufferedAmount')?.get !== undefined) {
      return () => Reflect.get(owner, 'bufferedAmount', channel) as number;
    }
    proto = Object.getPrototypeOf(owner) as object | null;
  }
  throw new Error('RTCDataChannel has no bufferedAmount getter');
}

export function createUplink(bytesPerSecond: number): Uplink {
  const lanes: Lane[] = [];
  let next = 0;
  /** When the link is free again (performance.now() ms). */
  let freeAt = 0;
  let busy = false;

  const pick = (): Lane | undefined => {
    for (let i = 0; i < lanes.length; i++) {
      const lane = lanes[(next + i) % lanes.length];
      if (lane !== undefined && lane.queue.length > 0) {
        next = (next + i + 1) % lanes.length;
        return lane;
      }
    }
    return undefined;
  };

  const total = (lane: Lane): number => lane.realBuffered() + lane.queued;

  /**
   * Sends a message that has crossed the link. The real channel's event only fires when
   * its own buffer crosses the threshold, so the drop of the queued part is signalled
   * here; checked at every delivery, the last one included, so no waiter is left behind.
   */
  const deliver = (lane: Lane, payload: Payload): void => {
    if (lane.channel.readyState !== 'open') return;
    lane.send(payload);
    if (lane.high && total(lane) <= lane.channel.bufferedAmountLowThreshold) {
      lane.high = false;
      lane.channel.dispatchEvent(new Event('bufferedamountlow'));
    }
  };

  const pump = (): void => {
    if (busy) return;
    const lane = pick();
    const payload = lane?.queue[0];
    if (lane === undefined || payload === undefined) return;
    busy = true;
    const now = performance.now();
    // An idle link earns no credit: a burst after a pause goes out at the rate too.
    const size = sizeOf(payload);
    freeAt = Math.max(freeAt, now) + (size * 1000) / bytesPerSecond;
    setTimeout(() => {
      busy = false;
      // A channel that closed meanwhile has dropped its queue.
      if (lane.queue[0] === payload) {
        lane.queue.shift();
        lane.queued -= size;
        deliver(lane, payload);
      }
      pump();
    }, freeAt - now);
  };

  return {
    attach(channel) {
      const lane: Lane = {
        channel,
        send: channel.send.bind(channel),
        realBuffered: bufferedGetter(channel),
        queue: [],
        queued: 0,
        high: false,
      };
      lanes.push(lane);
      Object.defineProperty(channel, 'bufferedAmount', {
        configurable: true,
        get: () => total(lane),
      });
      channel.send = ((data: Payload): void => {
        // Not open: let the channel throw as it would.
        if (channel.readyState !== 'open') {
          lane.send(data);
          return;
        }
        lane.queue.push(data);
        lane.queued += sizeOf(data);
        if (total(lane) > channel.bufferedAmountLowThreshold) lane.high = true;
        pump();
      }) as RTCDataChannel['send'];
      channel.addEventListener('close', () => {
        lane.queue.length = 0;
        lane.queued = 0;
        lanes.splice(lanes.indexOf(lane), 1);
        next = 0;
      });
    },
  };
}

/** An RTCPeerConnection class whose data channels, made or received, go through `uplink`. */
export function shapedPeerConnection(
  Base: typeof RTCPeerConnection,
  uplink: Uplink,
): typeof RTCPeerConnection {
  return class ShapedPeerConnection extends Base {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      this.addEventListener('datachannel', (event) => {
        uplink.attach(event.channel);
      });
    }

    override createDataChannel(label: string, init?: RTCDataChannelInit): RTCDataChannel {
      const channel = super.createDataChannel(label, init);
      uplink.attach(channel);
      return channel;
    }
  };
}
