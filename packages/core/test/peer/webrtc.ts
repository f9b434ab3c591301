import { cleanup } from 'node-datachannel';
import { RTCPeerConnection } from 'node-datachannel/polyfill';
import { decodeFrame, encodeFrame } from '../../src/p2p/protocol/codec.ts';
import type { Frame, Handshake } from '../../src/p2p/protocol/frames.ts';
import { Peer } from '../../src/p2p/peer/peer.ts';
import type { PeerEvents, PeerOptions } from '../../src/p2p/peer/types.ts';

/**
 * Real WebRTC in one process: two node-datachannel connections signalled directly,
 * data channels over them, and helpers that wait for events with a deadline instead of sleeping.
 */

export interface ChannelPair {
  readonly a: RTCDataChannel;
  readonly b: RTCDataChannel;
  readonly close: () => void;
}

interface Connections {
  readonly a: RTCPeerConnection;
  readonly b: RTCPeerConnection;
  /** Label → who waits for the channel B receives with it. */
  readonly incoming: Map<string, (channel: RTCDataChannel) => void>;
}

let connections: Promise<Connections> | undefined;
let opened = 0;

/**
 * A fresh pair of open data channels. They share one connection per test file:
 * connecting takes up to a second of ICE, a new channel on it a few milliseconds.
 */
export async function connectChannels(): Promise<ChannelPair> {
  connections ??= connect();
  const { a, incoming } = await connections;
  const label = `test-${++opened}`;
  const received = new Promise<RTCDataChannel>((resolve) => incoming.set(label, resolve));
  const channelA = a.createDataChannel(label);
  const channelB = await within(5000, received, 'incoming data channel');
  await within(5000, Promise.all([open(channelA), open(channelB)]), 'channels open');
  return {
    a: channelA,
    b: channelB,
    close() {
      channelA.close();
      channelB.close();
    },
  };
}

/** Closes the connection and lets the process exit. */
export async function closeConnections(): Promise<void> {
  if (connections !== undefined) {
    const { a, b } = await connections;
    a.close();
    b.close();
  }
  cleanup();
}

/**
 * Under load, node-datachannel sometimes fails a connection: the answerer's DTLS
 * handshake reaches the offerer before the answer is applied, and applying it then
 * throws. The product recovers by asking the tracker again; here, connect again.
 */
async function connect(attempts = 3): Promise<Connections> {
  for (let attempt = 1; ; attempt++) {
    const a = new RTCPeerConnection();
    const b = new RTCPeerConnection();
    try {
      return await connectPair(a, b);
    } catch (error) {
      a.close();
      b.close();
      if (attempt >= attempts) throw error;
    }
  }
}

async function connectPair(a: RTCPeerConnection, b: RTCPeerConnection): Promise<Connections> {
  const incoming = new Map<string, (channel: RTCDataChannel) => void>();
  const described = { a: deferred(), b: deferred() };
  // Candidates wait until the other side has the description they belong to.
  a.onicecandidate = ({ candidate }) => {
    if (candidate !== null) void described.b.promise.then(() => b.addIceCandidate(candidate));
  };
  b.onicecandidate = ({ candidate }) => {
    if (candidate !== null) void described.a.promise.then(() => a.addIceCandidate(candidate));
  };
  b.ondatachannel = ({ channel }) => {
    incoming.get(channel.label)?.(channel);
    incoming.delete(channel.label);
  };
  // The first channel puts the data section into the offer; the tests use later ones.
  const first = a.createDataChannel('setup');
  // The polyfill types these `any`.
  const offer = (await a.createOffer()) as RTCSessionDescriptionInit;
  await a.setLocalDescription(offer);
  await b.setRemoteDescription(offer);
  described.b.resolve();
  const answer = (await b.createAnswer()) as RTCSessionDescriptionInit;
  await b.setLocalDescription(answer);
  await a.setRemoteDescription(answer);
  described.a.resolve();
  await within(5000, open(first), 'connection');
  return { a, b, incoming };
}

export interface PeerPair extends ChannelPair {
  readonly peerA: Peer;
  readonly peerB: Peer;
}

/** Two peers over one fresh connection, both past the handshake. */
export async function connectPeers(
  optionsA: PeerOptions = {},
  optionsB: PeerOptions = {},
): Promise<PeerPair> {
  const channels = await connectChannels();
  const peerA = new Peer(channels.a, optionsA);
  const peerB = new Peer(channels.b, optionsB);
  await Promise.all([next(peerA, 'ready'), next(peerB, 'ready')]);
  return {
    ...channels,
    peerA,
    peerB,
    close() {
      peerA.close();
      peerB.close();
      channels.close();
    },
  };
}

function open(channel: RTCDataChannel): Promise<void> {
  if (channel.readyState === 'open') return Promise.resolve();
  return new Promise((resolve) => {
    channel.addEventListener('open', () => {
      resolve();
    });
  });
}

/** The next emission of `event`, or a rejection after `ms`. */
export function next<K extends keyof PeerEvents>(
  peer: Peer,
  event: K,
  ms = 5000,
): Promise<PeerEvents[K]> {
  return within(
    ms,
    new Promise<PeerEvents[K]>((resolve) => {
      const off = peer.on(event, (value) => {
        off();
        resolve(value);
      });
    }),
    `peer event ${event}`,
  );
}

/** The channel's next event of `type`, or a rejection after `ms`. */
export function nextChannelEvent(channel: RTCDataChannel, type: string, ms = 5000): Promise<Event> {
  return within(
    ms,
    new Promise<Event>((resolve) => {
      channel.addEventListener(type, resolve, { once: true });
    }),
    `channel event ${type}`,
  );
}

/** Rejects after `ms`, so that a test waiting on an event fails instead of hanging. */
export function within<T>(ms: number, promise: Promise<T>, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        reject(new Error(`${what}: nothing within ${ms} ms`));
      }, ms);
    }),
  ]).finally(() => {
    clearTimeout(timer);
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve = (): void => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/** Deterministic, non-repeating-looking bytes. */
export function bytes(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** Sends raw bytes, or an encoded frame, as the remote side of a test would. */
export function sendRaw(channel: RTCDataChannel, data: Frame | readonly number[]): void {
  const raw = Array.isArray(data) ? Uint8Array.from(data) : encodeFrame(data as Frame);
  channel.send(raw as Uint8Array<ArrayBuffer>);
}

/** The next frame of `type` arriving on a raw channel. */
export function nextFrame<T extends Frame['type']>(
  channel: RTCDataChannel,
  type: T,
  ms = 5000,
): Promise<Extract<Frame, { type: T }>> {
  return within(
    ms,
    new Promise((resolve) => {
      const listen = (event: MessageEvent): void => {
        const frame = decodeFrame(new Uint8Array(event.data as ArrayBuffer));
        if (frame.type !== type) return;
        channel.removeEventListener('message', listen);
        resolve(frame as Extract<Frame, { type: T }>);
      };
      channel.addEventListener('message', listen);
    }),
    `frame ${type}`,
  );
}

export const HANDSHAKE: Handshake = {
  type: 'handshake',
  version: 1,
  capabilities: 0,
  maxRequests: 4,
};
