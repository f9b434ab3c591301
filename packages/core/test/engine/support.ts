import { RTCPeerConnection as PolyfillConnection } from 'node-datachannel/polyfill';
import WebSocket from 'ws';
import type { PeerlaneConfig } from '../../src/config.ts';
import type { Engine } from '../../src/engine/engine.ts';
import type { EngineEvents, LoadInfo, Platform } from '../../src/engine/types.ts';

export interface Loaded {
  readonly bytes: Uint8Array;
  readonly info: LoadInfo;
  /** `loaded` of each progress call. */
  readonly progress: number[];
}

/** `engine.loadSegment` as a promise, rejecting after `ms`. */
export function load(engine: Engine, id: string, ms = 10_000): Promise<Loaded> {
  const progress: number[] = [];
  const abort = new AbortController();
  return new Promise<Loaded>((resolve, reject) => {
    const timer = setTimeout(() => {
      abort.abort();
      reject(new Error(`segment ${id}: nothing within ${ms} ms`));
    }, ms);
    engine.loadSegment(
      id,
      {
        onProgress: (_chunk, loaded) => progress.push(loaded),
        onSuccess: (bytes, info) => {
          clearTimeout(timer);
          resolve({ bytes, info, progress });
        },
        onError: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      },
      abort.signal,
    );
  });
}

/** The next `event` of `engine` that satisfies `match`, or a rejection after `ms`. */
export function until<K extends keyof EngineEvents>(
  engine: Engine,
  event: K,
  match: (value: EngineEvents[K]) => boolean = () => true,
  ms = 10_000,
): Promise<EngineEvents[K]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`engine event ${event}: nothing within ${ms} ms`));
    }, ms);
    const off = engine.on(event, (value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });
}

/**
 * The polyfill implements RTCPeerConnection but types `ondatachannel` with its own
 * event class, which TypeScript cannot match to the DOM's.
 */
export const RTCPeerConnection =
  PolyfillConnection as unknown as typeof globalThis.RTCPeerConnection;

/** Platform objects for an engine in Node, with no STUN (no network in tests). */
export const nodePlatform = { WebSocket, RTCPeerConnection } as Platform;
export const p2pConfig = (tracker: string): PeerlaneConfig => ({
  trackers: [tracker],
  rtcConfig: { iceServers: [] },
});
