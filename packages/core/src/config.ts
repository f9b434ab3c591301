import { PeerlaneError } from './errors.ts';
import type { ValidateSegment, TrustedHash } from './integrity/verify.ts';
import type { RequestSetup } from './http/types.ts';

/** The engine's options. Every one is optional; the defaults suit a live stream at hls.js's own latency. */
export interface PeerlaneConfig {
  /** WebTorrent tracker URLs (`wss://…`). */
  trackers?: readonly string[];
  /** Swarm id; default: the manifest URL without query and fragment. */
  swarmId?: string;
  /** STUN/TURN servers and other RTCPeerConnection settings. */
  rtcConfig?: RTCConfiguration;
  /**
   * Seconds before its deadline (plus the time HTTP needs to load it) from which peers
   * are no longer waited for: a segment goes to a peer that holds it or over HTTP, and
   * over HTTP only in its last second, unless a proven peer can deliver it in time. Default 2.
   */
  urgentWindow?: number;
  /**
   * Seconds ahead of the playhead within which segments are prefetched (from peers first);
   * what the player asks for is loaded at any distance. Default 30.
   */
  prefetchWindow?: number;
  /** Simultaneous HTTP downloads; a segment about to be late goes over HTTP regardless. Default 2. */
  maxHttpDownloads?: number;
  /** Simultaneous P2P downloads. Default 6. */
  maxP2PDownloads?: number;
  /** Bytes of segments kept in memory for the player and for other peers. Default 64 MiB. */
  memoryBudget?: number;
  /** Peers connected at once. Default 20. */
  maxPeers?: number;
  /** Checks every segment that came from a peer before the player sees it. */
  validateSegment?: ValidateSegment;
  /** Trusted SHA-256 per segment, e.g. `sha256Sidecar()`. */
  trustedHash?: TrustedHash;
  /** Adds headers or credentials to every HTTP request. */
  httpRequestSetup?: RequestSetup;
  /** False: HTTP only, no tracker, no peers. Default true. */
  p2p?: boolean;
  /** False: download from peers but serve nobody (e.g. on `navigator.connection.saveData`). Default true. */
  upload?: boolean;
  /** Upload cap in bytes per second; Infinity for none. Default Infinity. */
  uploadRate?: number;
}

export type ResolvedConfig = Required<
  Omit<PeerlaneConfig, 'swarmId' | 'validateSegment' | 'trustedHash' | 'httpRequestSetup'>
> &
  Pick<PeerlaneConfig, 'swarmId' | 'validateSegment' | 'trustedHash' | 'httpRequestSetup'>;

export const DEFAULT_CONFIG: ResolvedConfig = {
  trackers: [],
  rtcConfig: { iceServers: [{ urls: 'stun:stun.l.google.com:19302' }] },
  urgentWindow: 2,
  prefetchWindow: 30,
  maxHttpDownloads: 2,
  maxP2PDownloads: 6,
  memoryBudget: 64 * 1024 * 1024,
  maxPeers: 20,
  p2p: true,
  upload: true,
  uploadRate: Infinity,
};

type Check = (value: unknown) => string | undefined;

// `> 0` is false for NaN as well.
const positive: Check = (v) => (typeof v === 'number' && v > 0 ? undefined : 'a positive number');
const count: Check = (v) =>
  Number.isInteger(v) && (v as number) >= 1 ? undefined : 'an integer ≥ 1';
const flag: Check = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
const fn: Check = (v) => (typeof v === 'function' ? undefined : 'a function');

const CHECKS: Record<keyof PeerlaneConfig, Check> = {
  trackers: (v) =>
    Array.isArray(v) && v.every((url) => typeof url === 'string' && /^wss?:\/\//.test(url))
      ? undefined
      : 'a list of ws:// or wss:// URLs',
  swarmId: (v) => (typeof v === 'string' && v !== '' ? undefined : 'a non-empty string'),
  rtcConfig: (v) =>
    typeof v === 'object' && v !== null ? undefined : 'an RTCConfiguration object',
  urgentWindow: positive,
  prefetchWindow: positive,
  maxHttpDownloads: count,
  maxP2PDownloads: count,
  memoryBudget: positive,
  maxPeers: count,
  validateSegment: fn,
  trustedHash: fn,
  httpRequestSetup: fn,
  p2p: flag,
  upload: flag,
  uploadRate: positive,
};

/** Options fixed when the engine is created: they name the swarm and how to reach it. */
const FIXED: readonly string[] = ['trackers', 'swarmId', 'rtcConfig'];

/** Options `engine.configure()` may change while it runs. */
export const RUNTIME_OPTIONS: ReadonlySet<keyof PeerlaneConfig> = new Set(
  (Object.keys(CHECKS) as (keyof PeerlaneConfig)[]).filter((name) => !FIXED.includes(name)),
);

/**
 * Validates `changes` and applies them over `base`: the defaults when the engine is
 * created, its running configuration afterwards, when only RUNTIME_OPTIONS may change.
 * A bad option throws ERR_INVALID_OPTION naming it; so does an unknown one, to catch typos.
 */
export function resolveConfig(
  changes: PeerlaneConfig,
  base: ResolvedConfig = DEFAULT_CONFIG,
): ResolvedConfig {
  for (const [name, value] of Object.entries(changes)) {
    const check = CHECKS[name as keyof PeerlaneConfig] as Check | undefined;
    if (check === undefined)
      throw new PeerlaneError('ERR_INVALID_OPTION', `unknown option ${name}`);
    if (base !== DEFAULT_CONFIG && FIXED.includes(name)) {
      throw new PeerlaneError('ERR_INVALID_OPTION', `option ${name} can't change at runtime`);
    }
    const expected = value === undefined ? undefined : check(value);
    if (expected !== undefined) {
      throw new PeerlaneError(
        'ERR_INVALID_OPTION',
        `option ${name} must be ${expected}, got ${String(value)}`,
      );
    }
  }
  const resolved = { ...base, ...changes } as ResolvedConfig;
  if (resolved.urgentWindow >= resolved.prefetchWindow) {
    throw new PeerlaneError(
      'ERR_INVALID_OPTION',
      'option urgentWindow must be less than prefetchWindow',
    );
  }
  return resolved;
}
