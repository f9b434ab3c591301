/**
 * A browser viewer. Bundled by esbuild and loaded by script tag right after
 * hls.js and before the SDK's own script, as a site would load them. It plays
 * the stream with hls.js and the SDK the orchestrator names (ours, p2p-media-loader
 * or none), with the app's hls.js config left at its defaults (except in the labelled
 * tuned p2p-media-loader run), and measures what the viewer saw.
 */
import type Hls from 'hls.js';
import type {
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
} from 'hls.js';
import type { HlsJsP2PEngine } from 'p2p-media-loader-hlsjs';
import type { Peerlane } from '../../../packages/hlsjs/src/index.ts';
import { meterPeerlane } from '../shared/peerlane-events.ts';
import { PlaybackMeter } from '../shared/playback-meter.ts';
import { createUplink, shapedPeerConnection } from '../shared/uplink.ts';
import {
  trackerOf,
  type FragmentDigest,
  type ViewerPlan,
  type ViewerReport,
  type ViewerSetup,
} from '../shared/viewer.ts';

/** What the page offers the orchestrator, as `window.peerlaneBench`. */
export interface BenchPage {
  start(setup: ViewerSetup, plan: ViewerPlan): void;
  /** Stops playback and the SDK; the final report. */
  stop(): Promise<ViewerReport>;
}

interface PageGlobals {
  Hls: typeof Hls;
  /** Our UMD bundle. */
  PeerlaneHls?: { Peerlane?: typeof Peerlane };
  /** p2p-media-loader, bundled by the benchmark (p2pml-entry.ts). */
  P2PML?: { HlsJsP2PEngine: typeof HlsJsP2PEngine };
  peerlaneBench?: BenchPage;
}

const page = window as unknown as PageGlobals;

/** No STUN: everything is local, and a STUN server that can't be reached only slows ICE. */
const RTC_CONFIG: RTCConfiguration = { iceServers: [] };

// The uplink must be in place before any SDK script sees RTCPeerConnection.
const uplinkRate = Number(new URLSearchParams(location.search).get('uplink') ?? 'NaN');
if (uplinkRate > 0) {
  window.RTCPeerConnection = shapedPeerConnection(
    window.RTCPeerConnection,
    createUplink(uplinkRate),
  );
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

type FragmentLoaderClass = new (config: HlsConfig) => Loader<FragmentLoaderContext>;

/** A copy, or an empty buffer when the SDK handed over a detached one (the check then fails). */
function copyOf(data: ArrayBuffer): ArrayBuffer {
  return data.byteLength === 0 ? new ArrayBuffer(0) : data.slice(0);
}

function concat(chunks: readonly ArrayBuffer[]): ArrayBuffer {
  const all = new Uint8Array(chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0));
  let offset = 0;
  for (const chunk of chunks) {
    all.set(new Uint8Array(chunk), offset);
    offset += chunk.byteLength;
  }
  return all.buffer;
}

/**
 * Sees every fragment the player receives, whichever loader delivers it: wraps the
 * fragment loader hls.js will instantiate (the SDK's, or hls.js's own). hls.js feeds
 * its transmuxer from `onProgress` when it passes one, else from `onSuccess`; the
 * bytes are copied at once, before hls.js hands them to its worker (which detaches them).
 */
function tapFragments(hls: Hls, onFragment: (url: string, data: ArrayBuffer) => void): void {
  const config = hls.config;
  const Base = (config.fLoader ?? config.loader) as unknown as FragmentLoaderClass;
  config.fLoader = class TappedLoader extends Base {
    override load(
      context: FragmentLoaderContext,
      loaderConfig: LoaderConfiguration,
      callbacks: LoaderCallbacks<FragmentLoaderContext>,
    ): void {
      const progress: ArrayBuffer[] = [];
      const { onProgress } = callbacks;
      super.load(context, loaderConfig, {
        ...callbacks,
        ...(onProgress && {
          onProgress: (stats, ctx, data, details) => {
            if (data instanceof ArrayBuffer) progress.push(copyOf(data));
            onProgress(stats, ctx, data, details);
          },
        }),
        onSuccess: (response, stats, ctx, details) => {
          const { data } = response;
          if (progress.length > 0) onFragment(ctx.url, concat(progress));
          else if (data instanceof ArrayBuffer) onFragment(ctx.url, copyOf(data));
          callbacks.onSuccess(response, stats, ctx, details);
        },
      });
    }
  };
}

/** An hls.js instance with the SDK under test behind it. */
interface Player {
  readonly hls: Hls;
  sdkStats(): unknown;
  destroy(): Promise<void>;
}

/**
 * The one setting the tuned p2p-media-loader run changes: hls.js transmuxes on the
 * main thread, so it no longer transfers (detaches) the buffer p2p-media-loader also
 * keeps in its storage and seeds to peers (bench/README.md).
 */
const TUNED_P2PML_HLS_CONFIG = { enableWorker: false } as const;

/** p2p-media-loader v2 behind hls.js, with the app's hls.js defaults or tuned. */
function createP2pmlPlayer(setup: ViewerSetup, meter: PlaybackMeter): Player {
  const engine = page.P2PML?.HlsJsP2PEngine;
  if (engine === undefined) throw new Error('P2PML.HlsJsP2PEngine is not loaded');
  const HlsWithP2P = engine.injectMixin(page.Hls);
  const hls = new HlsWithP2P({
    ...(setup.sdk === 'p2pml-tuned' && TUNED_P2PML_HLS_CONFIG),
    p2p: { core: { announceTrackers: [trackerOf(setup)], rtcConfig: RTC_CONFIG } },
  });
  const p2p = hls.p2pEngine;
  p2p.addEventListener('onChunkDownloaded', (bytes, source) => {
    meter.bytes(source, bytes);
  });
  p2p.addEventListener('onChunkUploaded', (bytes) => {
    meter.bytes('uploaded', bytes);
  });
  p2p.addEventListener('onPeerConnect', () => {
    meter.peers(1);
  });
  p2p.addEventListener('onPeerClose', () => {
    meter.peers(-1);
  });
  // Its own account of a segment it completed with no bytes (see bench/README.md).
  p2p.addEventListener('onSegmentLoaded', ({ bytesLength, downloadSource }) => {
    if (bytesLength === 0) meter.error(`p2pml: empty segment loaded (${downloadSource})`);
  });
  p2p.addEventListener('onTrackerError', () => {
    meter.error('tracker error');
  });
  return {
    hls,
    sdkStats: () => null,
    destroy: () => {
      p2p.destroy();
      hls.destroy();
      return Promise.resolve();
    },
  };
}

function createPlayer(setup: ViewerSetup, meter: PlaybackMeter): Player {
  const { Hls: HlsClass } = page;
  switch (setup.sdk) {
    case 'off': {
      const hls = new HlsClass();
      return {
        hls,
        sdkStats: () => null,
        destroy: () => {
          hls.destroy();
          return Promise.resolve();
        },
      };
    }
    case 'peerlane': {
      const Peerlane = page.PeerlaneHls?.Peerlane;
      if (Peerlane === undefined) throw new Error('PeerlaneHls.Peerlane is not loaded');
      const peerlane = new Peerlane({ trackers: [trackerOf(setup)], rtcConfig: RTC_CONFIG });
      meterPeerlane(peerlane, meter);
      const hls = peerlane.createHls(HlsClass, {});
      return {
        hls,
        sdkStats: () => peerlane.stats(),
        destroy: async () => {
          hls.destroy();
          await peerlane.destroy();
        },
      };
    }
    case 'p2pml':
    case 'p2pml-tuned':
      return createP2pmlPlayer(setup, meter);
  }
}

function play(hls: Hls, video: HTMLVideoElement, meter: PlaybackMeter, url: string): void {
  video.addEventListener('playing', () => {
    meter.playing();
  });
  video.addEventListener('waiting', () => {
    meter.waiting();
  });
  hls.on(page.Hls.Events.ERROR, (_event, data) => {
    // A fatal error ends playback: its message says why, for the report's PLAYBACK FAULT line.
    const why = (data.error as Error | undefined)?.message ?? 'no message';
    meter.error(data.fatal ? `${data.details} (fatal): ${why}` : data.details);
  });
  hls.loadSource(url);
  hls.attachMedia(video);
  video.play().catch((error: unknown) => {
    meter.error(`play(): ${String(error)}`);
  });
}

type Session = Omit<BenchPage, 'start'>;

function start(setup: ViewerSetup, plan: ViewerPlan): Session {
  const now = (): number => Date.now() - setup.runStartEpochMs;
  const identity = {
    id: plan.id,
    kind: 'browser',
    sdk: setup.sdk,
    uplinkBytesPerSecond: plan.uplinkBytesPerSecond,
  } as const;
  const meter = new PlaybackMeter(identity, now);
  const player = createPlayer(setup, meter);
  const { hls } = player;
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const digests: FragmentDigest[] = [];
  const pending = new Set<Promise<void>>();
  tapFragments(hls, (url, data) => {
    meter.fragment(data.byteLength);
    if (setup.sdk === 'off') meter.bytes('http', data.byteLength);
    const digest = crypto.subtle.digest('SHA-256', data).then((hash) => {
      digests.push({ url, bytes: data.byteLength, sha256: hex(hash) });
      pending.delete(digest);
    });
    pending.add(digest);
  });
  const sampler = setInterval(() => {
    if (!meter.started || meter.stalled || video.paused) return;
    const playingDate = setup.live ? hls.playingDate : null;
    const level = hls.levels[hls.currentLevel];
    meter.sample(
      level?.averageBitrate || level?.bitrate || setup.bitrate,
      playingDate ? (Date.now() - playingDate.getTime()) / 1000 : undefined,
    );
  }, 1000);
  play(hls, video, meter, setup.manifestUrl);
  return {
    stop: async () => {
      clearInterval(sampler);
      await Promise.all(pending);
      const final = meter.report({ sdkStats: player.sdkStats(), digests }, true);
      await player.destroy();
      video.remove();
      return final;
    },
  };
}

let current: Session | undefined;
page.peerlaneBench = {
  start(setup, plan) {
    if (current !== undefined) throw new Error('this page already plays');
    current = start(setup, plan);
  },
  stop() {
    if (current === undefined) return Promise.reject(new Error('not started'));
    return current.stop();
  },
};
