import { HttpStatusError, type LoadCallbacks, type LoadInfo, type Platform } from '@peerlane/core';
import type { LoadTiming } from './abr-timing.ts';
import type {
  FragmentLoaderConstructor,
  FragmentLoaderContext,
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderStats,
} from './hls-types.ts';
import { createLoadStats } from './load-stats.ts';

export type Timers = NonNullable<Platform['timers']>;

/** A fragment the engine serves: how to load it, and how to report its timing. */
export interface FragmentRoute {
  load(callbacks: LoadCallbacks, signal: AbortSignal): void;
  timing(bytes: number, info: LoadInfo, requestedAt: number): LoadTiming;
}

/** What the loaders need from the Peerlane that made them. */
export interface LoaderHost {
  readonly now: () => number;
  readonly timers: Timers;
  /** The engine's route for a fragment of the player whose config this is; undefined: plain HTTP. */
  route(config: HlsConfig, context: FragmentLoaderContext): FragmentRoute | undefined;
}

/** `switching`: the engine gave up, the request goes to HTTP in a moment. */
type State = 'idle' | 'engine' | 'switching' | 'http' | 'done';

/** The bytes as an ArrayBuffer of exactly their length, as hls.js expects `data`. */
function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  return buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength
    ? buffer
    : bytes.slice().buffer;
}

/**
 * The `fLoader` class for one Peerlane. hls.js makes one instance per request. Media
 * and init segments the engine knows come through it (memory, peers or HTTP); the
 * rest (LL-HLS parts, the bitrate test, interstitial assets, subtitles, segments of
 * other players, anything the engine refuses) goes to the app's own fragment loader,
 * else hls.js's default one, sharing this loader's `stats` object.
 */
export function fragmentLoaderClass(
  host: LoaderHost,
  appLoader: FragmentLoaderConstructor | undefined,
): FragmentLoaderConstructor {
  return class PeerlaneFragmentLoader implements Loader<FragmentLoaderContext> {
    context: FragmentLoaderContext | null = null;
    /** Exists from construction and is only ever mutated: hls.js holds it as `frag.stats`. */
    readonly stats: LoaderStats = createLoadStats();
    readonly #config: HlsConfig;
    #loaderConfig: LoaderConfiguration | undefined;
    #callbacks: LoaderCallbacks<FragmentLoaderContext> | null = null;
    #state: State = 'idle';
    #inner: Loader<FragmentLoaderContext> | undefined;
    #engineRequest: AbortController | undefined;
    #timer: unknown;

    constructor(config: HlsConfig) {
      this.#config = config;
    }

    load(
      context: FragmentLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<FragmentLoaderContext>,
    ): void {
      if (this.#state !== 'idle') throw new Error('Loader can only be used once.');
      this.context = context;
      this.#loaderConfig = config;
      this.#callbacks = callbacks;
      const route = host.route(this.#config, context);
      if (route) this.#fromEngine(route, context, config);
      else this.#overHttp();
    }

    abort(): void {
      if (this.#state === 'http') {
        this.#inner?.abort();
        return;
      }
      const loading = this.#state === 'engine' || this.#state === 'switching';
      this.#stop();
      if (loading) this.stats.aborted = true;
      const { context } = this;
      if (context) this.#callbacks?.onAbort?.(this.stats, context, null);
    }

    destroy(): void {
      this.#stop();
      this.#inner?.destroy();
      this.#callbacks = null;
      this.context = null;
    }

    /** Ends the engine request and its timer without calling anyone. */
    #stop(next: State = 'done'): void {
      host.timers.clearTimeout(this.#timer);
      this.#engineRequest?.abort();
      this.#engineRequest = undefined;
      if (this.#state === 'engine' || this.#state === 'switching') this.#state = next;
    }

    #overHttp(): void {
      const { context } = this;
      const callbacks = this.#callbacks;
      const config = this.#loaderConfig;
      if (!context || !callbacks || !config) return;
      this.#state = 'http';
      const Fallback = appLoader ?? this.#config.loader;
      const inner = (this.#inner = new Fallback(
        this.#config,
      ) as unknown as Loader<FragmentLoaderContext>);
      // hls.js's loaders refuse a stats object that has started; this one is a new request.
      Object.assign(this.stats.loading, { start: 0, first: 0, end: 0 });
      this.stats.loaded = this.stats.total = 0;
      inner.stats = this.stats;
      inner.load(context, config, callbacks);
    }

    #arm(ms: number, expire: () => void): void {
      host.timers.clearTimeout(this.#timer);
      if (Number.isFinite(ms)) this.#timer = host.timers.setTimeout(expire, Math.max(0, ms));
    }

    #fromEngine(
      route: FragmentRoute,
      context: FragmentLoaderContext,
      { loadPolicy }: LoaderConfiguration,
    ): void {
      const { stats } = this;
      const { now } = host;
      const requestedAt = (stats.loading.start = now());
      this.#state = 'engine';
      const request = (this.#engineRequest = new AbortController());
      const { maxTimeToFirstByteMs, maxLoadTimeMs } = loadPolicy;
      const firstByteMs =
        maxTimeToFirstByteMs > 0 && Number.isFinite(maxTimeToFirstByteMs)
          ? maxTimeToFirstByteMs
          : maxLoadTimeMs;
      const timedOut = (): void => {
        this.#stop();
        const callbacks = this.#callbacks;
        if (callbacks) callbacks.onTimeout(stats, context, null);
      };
      // No byte in hls.js's time to first byte: whatever the engine waits for, the player
      // gets the segment from the origin directly.
      this.#arm(firstByteMs, () => {
        this.#stop();
        this.#overHttp();
      });
      route.load(
        {
          onBytes: (loaded, total) => {
            if (stats.loading.first === 0) {
              stats.loading.first = Math.max(now(), requestedAt);
              this.#arm(maxLoadTimeMs - (stats.loading.first - requestedAt), timedOut);
            }
            stats.loaded = loaded;
            if (total !== undefined) stats.total = total;
          },
          onSuccess: (bytes, info) => {
            this.#stop();
            Object.assign(stats.loading, route.timing(bytes.length, info, requestedAt));
            stats.loaded = stats.total = bytes.length;
            const data = arrayBufferOf(bytes);
            const code = context.rangeEnd ? 206 : 200;
            this.#callbacks?.onProgress?.(stats, context, data, null);
            this.#callbacks?.onSuccess({ url: context.url, data, code }, stats, context, null);
          },
          onError: (error) => {
            if (error instanceof HttpStatusError) {
              this.#stop();
              const text = error.message;
              this.#callbacks?.onError({ code: error.status, text }, context, null, stats);
              return;
            }
            // Unknown to the engine, engine stopped, network trouble: hls.js's own loader
            // asks the origin and reports what it finds. Later, so that a player tearing
            // down (which stops the engine first) has aborted or destroyed us by then.
            this.#stop('switching');
            queueMicrotask(() => {
              if (this.#state === 'switching') this.#overHttp();
            });
          },
        },
        request.signal,
      );
    }
  };
}
