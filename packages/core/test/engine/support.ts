import { RTCPeerConnection as PolyfillConnection } from 'node-datachannel/polyfill';
import WebSocket from 'ws';
import type { PeerlaneConfig } from '../../src/config.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Platform } from '../../src/engine/types.ts';
import { segmentId } from '../../src/identity.ts';
import type { Segment } from '../../src/streams/model.ts';
import { addressOf } from '../../src/streams/registry.ts';

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

/** An engine whose internals a test may look at. */
export class ProbeEngine extends Engine {
  /** Segments being loaded. */
  get jobCount(): number {
    return this.jobs.size;
  }

  /** How many connected peers announced that they hold `segment`. */
  holders(segment: Segment): number {
    let count = 0;
    for (const peer of this.swarm.peers.values()) {
      if (peer.sizeOf(addressOf(segment)) !== undefined) count++;
    }
    return count;
  }

  /** How many connected peers announced that they are fetching `segment`. */
  fetchers(segment: Segment): number {
    return [...this.swarm.peers.values()].filter((peer) => peer.isFetching(addressOf(segment)))
      .length;
  }
}

/**
 * VOD segments of one rendition of the origin's fixtures, 2 s each from time 0; for
 * fMP4, led by their init segment (duration 0, due with the first segment).
 */
export function vodSegments(
  originUrl: string,
  packaging: 'ts' | 'fmp4',
  count: number,
  rendition = '240p',
): Segment[] {
  const base = `${originUrl}/vod/${packaging}/${rendition}`;
  const init: Segment = {
    id: `${rendition}|init`,
    rendition,
    sequence: 0,
    startTime: 0,
    duration: 0,
    url: `${base}/init.mp4`,
  };
  const media = Array.from({ length: count }, (_, sequence) => ({
    id: segmentId({ rendition, sequence }),
    rendition,
    sequence,
    startTime: sequence * 2,
    duration: 2,
    url: `${base}/seg-${String(sequence).padStart(3, '0')}.${packaging === 'ts' ? 'ts' : 'm4s'}`,
    ...(packaging === 'fmp4' && { initSegmentId: init.id }),
  }));
  return packaging === 'fmp4' ? [init, ...media] : media;
}
