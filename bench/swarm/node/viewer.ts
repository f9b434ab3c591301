/**
 * One Node viewer: the simulated player fed by @peerlane/core's Engine (with
 * node-datachannel and ws) or, for the P2P-off baseline, by plain fetch.
 */
import { Engine, segmentId, type Platform } from '@peerlane/core';
import { RTCPeerConnection as PolyfillConnection } from 'node-datachannel/polyfill';
import WebSocket from 'ws';
import type { OriginFiles, Rendition } from '../media.ts';
import { meterPeerlane } from '../shared/peerlane-events.ts';
import { PlaybackMeter } from '../shared/playback-meter.ts';
import { createUplink, shapedPeerConnection } from '../shared/uplink.ts';
import {
  isP2pml,
  trackerOf,
  type ViewerPlan,
  type ViewerReport,
  type ViewerSetup,
} from '../shared/viewer.ts';
import { SimulatedPlayer, type SegmentSource } from './player.ts';
import type { PlaylistSegment } from './playlist.ts';

/** The polyfill types `ondatachannel` with its own event class, which TypeScript can't match to the DOM's. */
const NodePeerConnection = PolyfillConnection as unknown as typeof globalThis.RTCPeerConnection;

/** Origin requests carry the viewer's id, so that the origin counts bytes per viewer. */
const CLIENT_HEADER = 'X-Peerlane-Client';

export interface NodeViewer {
  stop(): Promise<ViewerReport>;
}

export interface NodeViewerOptions {
  readonly setup: ViewerSetup;
  readonly plan: ViewerPlan;
  readonly rendition: Rendition;
  readonly files: OriginFiles;
}

function httpSource(id: string, meter: PlaybackMeter): SegmentSource {
  return {
    update: () => undefined,
    setPlayback: () => undefined,
    load: async (segment, signal) => {
      const response = await fetch(segment.url, { signal, headers: { [CLIENT_HEADER]: id } });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${segment.url}`);
      const bytes = new Uint8Array(await response.arrayBuffer());
      meter.bytes('http', bytes.length);
      return bytes;
    },
  };
}

function createEngine(options: NodeViewerOptions, meter: PlaybackMeter): Engine {
  const { setup, plan } = options;
  const uplink = plan.uplinkBytesPerSecond;
  const platform = {
    WebSocket,
    RTCPeerConnection:
      uplink === null
        ? NodePeerConnection
        : shapedPeerConnection(NodePeerConnection, createUplink(uplink)),
  } as Platform;
  const engine = new Engine(
    {
      trackers: [trackerOf(setup)],
      rtcConfig: { iceServers: [] },
      httpRequestSetup: (_url, init) => {
        const headers = new Headers(init.headers);
        headers.set(CLIENT_HEADER, plan.id);
        return { ...init, headers };
      },
    },
    platform,
  );
  meterPeerlane(engine, meter);
  return engine;
}

function engineSource(engine: Engine, rendition: string): SegmentSource {
  const idOf = (segment: PlaylistSegment): string =>
    segmentId({ rendition, sequence: segment.sequence });
  return {
    update: (segments) => {
      engine.updateSegments(
        rendition,
        segments.map((s) => ({
          id: idOf(s),
          rendition,
          sequence: s.sequence,
          startTime: s.startTime,
          duration: s.duration,
          url: s.url,
        })),
      );
    },
    setPlayback: (position, playing) => {
      engine.setPlayback({ position, rate: playing ? 1 : 0, rendition });
    },
    load: (segment, signal) =>
      new Promise((resolve, reject) => {
        // The engine calls nothing back once the load is aborted.
        signal.addEventListener('abort', () => {
          reject(new Error('aborted'));
        });
        engine.loadSegment(
          idOf(segment),
          {
            onSuccess: (bytes) => {
              resolve(bytes);
            },
            onError: reject,
          },
          signal,
        );
      }),
  };
}

export async function startNodeViewer(options: NodeViewerOptions): Promise<NodeViewer> {
  const { setup, plan, rendition, files } = options;
  const identity = {
    id: plan.id,
    kind: 'node',
    sdk: setup.sdk,
    uplinkBytesPerSecond: plan.uplinkBytesPerSecond,
  } as const;
  const meter = new PlaybackMeter(identity, () => Date.now() - setup.runStartEpochMs);
  if (isP2pml(setup.sdk)) throw new Error('p2p-media-loader runs in browser viewers only');
  const engine = setup.sdk === 'peerlane' ? createEngine(options, meter) : undefined;
  if (engine !== undefined)
    await engine.setStream({ manifestUrl: setup.manifestUrl, live: setup.live });
  const player = new SimulatedPlayer({
    playlistUrl: setup.manifestUrl,
    live: setup.live,
    bitrate: setup.bitrate,
    source: engine ? engineSource(engine, rendition.name) : httpSource(plan.id, meter),
    meter,
    fetchText: async (url) => {
      const response = await fetch(url, { headers: { [CLIENT_HEADER]: plan.id } });
      if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
      return response.text();
    },
    check: (segment, bytes) => {
      const file = files.pathOf(segment.url);
      return file !== undefined && files.bytes(file).equals(bytes);
    },
  });
  player.start();
  return {
    stop: async () => {
      const report = meter.report(
        { sdkStats: engine?.stats() ?? null, mismatches: player.mismatches },
        true,
      );
      player.stop();
      await engine?.destroy();
      return report;
    },
  };
}
