import Hls, { type Fragment, type HlsConfig } from 'hls.js';
import {
  Peerlane,
  type EngineEvents,
  type PeerlaneConfig,
  type Platform,
} from '../../../packages/hlsjs/src/index.ts';

/** What hls.js received for one fragment (FRAG_LOADED), copied before it moves to a worker. */
export interface ReceivedFragment {
  readonly url: string;
  readonly byteRange: readonly number[];
  readonly init: boolean;
  readonly bitrateTest: boolean;
  readonly bytes: Uint8Array;
}

/** A video element played by hls.js through Peerlane, with what happened to it. */
export interface Player {
  readonly peerlane: Peerlane;
  readonly hls: Hls;
  readonly video: HTMLVideoElement;
  readonly received: ReceivedFragment[];
  readonly loaded: EngineEvents['segmentLoaded'][];
  /** hls.js errors, as `details` (with ` (fatal)`). */
  readonly errors: string[];
  /** hls.destroy(), then the Peerlane's own teardown. */
  destroy(): Promise<void>;
}

function describe(frag: Fragment): Omit<ReceivedFragment, 'bytes'> {
  return {
    url: frag.url,
    byteRange: frag.byteRange,
    init: frag.sn === 'initSegment',
    bitrateTest: frag.bitrateTest,
  };
}

export interface PlayerOptions {
  readonly Hls: typeof Hls;
  readonly src: string;
  readonly peerlane?: PeerlaneConfig;
  readonly platform?: Platform;
  readonly hls?: Partial<HlsConfig>;
  /** Runs before the Hls instance exists (e.g. to watch the engine). */
  readonly before?: (peerlane: Peerlane) => void;
}

/** The URLs karma.conf.cjs started for the browser tests. */
export function servers(): { originUrl: string; announceUrl: string } {
  return (window as unknown as { __karma__: { config: { peerlane: ReturnType<typeof servers> } } })
    .__karma__.config.peerlane;
}

export function startPlayer(options: PlayerOptions): Player {
  const { Hls: HlsClass } = options;
  const peerlane = new Peerlane(options.peerlane, options.platform);
  options.before?.(peerlane);
  const hls = peerlane.createHls(HlsClass, { debug: false, ...options.hls });
  const video = document.createElement('video');
  video.muted = true;
  document.body.append(video);
  const received: ReceivedFragment[] = [];
  const loaded: EngineEvents['segmentLoaded'][] = [];
  const errors: string[] = [];
  peerlane.on('segmentLoaded', (event) => loaded.push(event));
  const inits = new Set<Fragment>();
  hls.on(HlsClass.Events.FRAG_LOADED, (_event, { frag, part, payload }) => {
    if (part) return;
    // hls.js announces no FRAG_LOADED for init segments; it keeps their bytes.
    const init = frag.initSegment;
    if (init?.data && !inits.has(init)) {
      inits.add(init);
      received.push({ ...describe(init), bytes: init.data.slice() });
    }
    received.push({ ...describe(frag), bytes: new Uint8Array(payload.slice(0)) });
  });
  hls.on(HlsClass.Events.ERROR, (_event, data) => {
    errors.push(`${data.details}${data.fatal ? ' (fatal)' : ''}`);
  });
  hls.loadSource(options.src);
  hls.attachMedia(video);
  video.play().catch(() => undefined);
  return {
    peerlane,
    hls,
    video,
    received,
    loaded,
    errors,
    destroy: async () => {
      hls.destroy();
      video.remove();
      await peerlane.destroy();
    },
  };
}

/** Resolves once `seconds` of media played from where playback started; rejects on a fatal error. */
export function playFor(player: Player, seconds: number, timeoutMs: number): Promise<void> {
  const { video, errors } = player;
  return new Promise((resolve, reject) => {
    let from: number | undefined;
    const check = (): void => {
      const fatal = errors.find((error) => error.endsWith('(fatal)'));
      if (fatal !== undefined) finish(new Error(`hls.js: ${fatal}`));
      else if (video.readyState >= 2 && !video.paused) {
        from ??= video.currentTime;
        if (video.currentTime - from >= seconds) finish();
      }
    };
    const timer = setTimeout(() => {
      finish(
        new Error(
          `played ${video.currentTime - (from ?? 0)} of ${seconds} s in ${timeoutMs} ms; errors: ${errors.join(', ')}`,
        ),
      );
    }, timeoutMs);
    const finish = (error?: Error): void => {
      clearTimeout(timer);
      video.removeEventListener('timeupdate', check);
      if (error) reject(error);
      else resolve();
    };
    video.addEventListener('timeupdate', check);
  });
}

/** The origin's bytes for a fragment, by a plain fetch past the HTTP cache. */
export async function originBytes({ url, byteRange }: ReceivedFragment): Promise<Uint8Array> {
  const [start, end] = byteRange;
  const headers: Record<string, string> =
    start === undefined || end === undefined ? {} : { range: `bytes=${start}-${end - 1}` };
  const response = await fetch(url, { cache: 'no-store', headers });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/**
 * hls.js steps over the fixtures' 21 ms start hole (AAC priming) with a non-fatal
 * bufferSeekOverHole, as on many real streams (see test/e2e/playback.test.ts). Any
 * other error counts, unless `also` names it.
 */
export const unexpected = (errors: readonly string[], also: readonly string[] = []): string[] =>
  errors.filter((error) => error !== 'bufferSeekOverHole' && !also.includes(error));
