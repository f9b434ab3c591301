import { RTCPeerConnection as PolyfillConnection } from 'node-datachannel/polyfill';
import WebSocket from 'ws';
import type { PeerlaneConfig } from '../../src/config.ts';
import type { Platform } from '../../src/engine/types.ts';

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
