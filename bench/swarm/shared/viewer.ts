/**
 * What the orchestrator tells a viewer and what a viewer reports back, shared
 * by the browser page, the Node viewer processes and the orchestrator (so no
 * Node or DOM import here).
 */

/**
 * Which P2P SDK a viewer runs: ours, p2p-media-loader v2, or none (plain HTTP).
 * `p2pml-tuned` is p2p-media-loader with hls.js's `enableWorker: false`, which avoids
 * its detached-buffer fault (bench/README.md): a labelled run beside the defaults,
 * never the "theirs" of the comparison.
 */
export type Sdk = 'peerlane' | 'p2pml' | 'p2pml-tuned' | 'off';
export const SDKS: readonly Sdk[] = ['peerlane', 'p2pml', 'p2pml-tuned', 'off'];
/** Every SDK with its default settings: what a run compares unless told otherwise. */
export const DEFAULT_SDKS: readonly Sdk[] = ['peerlane', 'p2pml', 'off'];

/** p2p-media-loader, with its defaults or tuned. */
export function isP2pml(sdk: Sdk): sdk is 'p2pml' | 'p2pml-tuned' {
  return sdk === 'p2pml' || sdk === 'p2pml-tuned';
}

export type ViewerKind = 'browser' | 'node';

/** One viewer of a run: when it joins and leaves, and its uplink. */
export interface ViewerPlan {
  readonly id: string;
  /** Milliseconds after the run started. */
  readonly joinAtMs: number;
  /** Milliseconds after the run started; null: stays to the end. */
  readonly leaveAtMs: number | null;
  /** Upload rate of the viewer's emulated uplink in bytes/s; null: unlimited. */
  readonly uplinkBytesPerSecond: number | null;
}

/** What every viewer of a run shares. */
export interface ViewerSetup {
  readonly sdk: Sdk;
  /** The playlist the player loads: a master or a media playlist. */
  readonly manifestUrl: string;
  readonly live: boolean;
  /** Bits/s of the rendition when the manifest is a media playlist (its level then has none). */
  readonly bitrate: number;
  /** WebSocket URL of the local tracker; null when P2P is off. */
  readonly trackerUrl: string | null;
  /** Wall-clock ms (Date.now()) at which the run started: every time in a report counts from it. */
  readonly runStartEpochMs: number;
}

/** Bytes in one second of the run: [second, http, p2p, uploaded]. */
export type SecondBytes = [number, number, number, number];

/** One fragment the player received, for the byte-identity check against the origin. */
export interface FragmentDigest {
  readonly url: string;
  readonly bytes: number;
  /** Lowercase hex SHA-256 of what the player got. */
  readonly sha256: string;
}

export interface ViewerReport {
  readonly id: string;
  readonly kind: ViewerKind;
  readonly sdk: Sdk;
  readonly uplinkBytesPerSecond: number | null;
  /** Ms after the run started. */
  readonly joinedAtMs: number;
  readonly leftAtMs: number | null;
  /** From asking the player to load the stream to the first frame playing; null: never played. */
  readonly startupMs: number | null;
  /** Times playback stopped for want of data after it had started, and for how long in all. */
  readonly stalls: number;
  readonly stalledMs: number;
  /** Once a second while playing: seconds between the wall clock and the playhead's PDT (live). */
  readonly behindLiveSeconds: readonly number[];
  /** Once a second while playing: the bitrate (bits/s) of the rendition on screen. */
  readonly bitrateSamples: readonly number[];
  /** Bytes by source as the SDK counted them (for `off`: what the player fetched). */
  readonly http: number;
  readonly p2p: number;
  readonly uploaded: number;
  /** Fragment bytes the player received, and how many fragments. */
  readonly playerBytes: number;
  readonly fragments: number;
  /** Per-second bytes, only the seconds with traffic. */
  readonly series: readonly SecondBytes[];
  /** Most peers connected at once. */
  readonly maxPeers: number;
  /** Player and SDK errors, "details (fatal)" style, with counts. */
  readonly errors: Readonly<Record<string, number>>;
  /** The SDK's own stats snapshot at the end, when it has one. */
  readonly sdkStats: unknown;
  /** Browser viewers: digests to check against the origin (dropped from the saved report). */
  readonly digests?: readonly FragmentDigest[];
  /** Node viewers check bytes themselves: fragments that differed from the origin's file. */
  readonly mismatches?: number;
}

/** The tracker a P2P viewer announces to; a setup without one is a bug of the orchestrator. */
export function trackerOf(setup: ViewerSetup): string {
  if (setup.trackerUrl === null) throw new Error(`sdk ${setup.sdk} needs a tracker`);
  return setup.trackerUrl;
}
