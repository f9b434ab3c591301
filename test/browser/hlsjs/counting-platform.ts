import type { Platform } from '../../../packages/hlsjs/src/index.ts';

/** Platform objects that keep count of what they made, to find what outlives a player. */
export interface CountingPlatform {
  readonly platform: Platform;
  readonly sockets: readonly WebSocket[];
  readonly connections: readonly RTCPeerConnection[];
  /** Timers set and neither fired nor cleared. */
  readonly pendingTimers: ReadonlySet<unknown>;
  /** What is still open or pending, for an assertion's message; empty when nothing leaked. */
  leftovers(): string[];
}

export function countingPlatform(): CountingPlatform {
  const sockets: WebSocket[] = [];
  const connections: RTCPeerConnection[] = [];
  const pendingTimers = new Set<unknown>();
  class CountingWebSocket extends WebSocket {
    constructor(url: string) {
      super(url);
      sockets.push(this);
    }
  }
  class CountingPeerConnection extends RTCPeerConnection {
    constructor(config?: RTCConfiguration) {
      super(config);
      connections.push(this);
    }
  }
  const platform: Platform = {
    WebSocket: CountingWebSocket,
    RTCPeerConnection: CountingPeerConnection,
    timers: {
      setTimeout: (callback, ms) => {
        const handle = setTimeout(() => {
          pendingTimers.delete(handle);
          callback();
        }, ms);
        pendingTimers.add(handle);
        return handle;
      },
      clearTimeout: (handle) => {
        pendingTimers.delete(handle);
        clearTimeout(handle as number);
      },
    },
  };
  return {
    platform,
    sockets,
    connections,
    pendingTimers,
    leftovers: () => [
      ...sockets
        .filter((socket) => socket.readyState !== WebSocket.CLOSED)
        .map((socket) => `WebSocket ${socket.url} in state ${socket.readyState}`),
      ...connections
        .filter((connection) => connection.signalingState !== 'closed')
        .map((connection) => `RTCPeerConnection in state ${connection.connectionState}`),
      ...(pendingTimers.size > 0 ? [`${pendingTimers.size} timers pending`] : []),
    ],
  };
}
