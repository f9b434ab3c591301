import {
  Engine,
  PeerlaneError,
  type EngineEvents,
  type EngineStats,
  type PeerlaneConfig,
  type Platform,
} from '@peerlane/core';
import { fragmentLoaderClass, type LoaderHost } from './fragment-loader.ts';
import { listenToHls } from './hls-events.ts';
import type {
  FragmentLoaderConstructor,
  Hls,
  HlsConfig,
  PlaylistLoaderConstructor,
} from './hls-types.ts';
import { playlistLoaderClass } from './playlist-loader.ts';
import { Session } from './session.ts';
import { isCompatibleHlsVersion } from './version.ts';

/** The Hls class, as the app passes it in (hls.js 1.5 to 1.x). */
export interface HlsClass<H extends Hls = Hls> {
  new (config?: Partial<HlsConfig>): H;
  readonly version: string;
}

/** An hls.js config with Peerlane's loaders in it. */
export type PeerlaneHlsConfig<C extends Partial<HlsConfig>> = Omit<C, 'fLoader' | 'pLoader'> & {
  fLoader: FragmentLoaderConstructor;
  pLoader: PlaylistLoaderConstructor;
};

type Listener<K extends keyof EngineEvents> = (value: EngineEvents[K]) => void;

interface Subscription {
  readonly type: keyof EngineEvents;
  readonly listener: Listener<never>;
  off: () => void;
}

/**
 * Peerlane for one hls.js player: `createHls()` (or `hlsConfig()` + `attach()`) puts
 * its loaders into hls.js, and from then on segments come from memory, other viewers
 * or the CDN, whichever meets the player's deadline. Each source the player loads gets
 * a fresh engine (peers, tracker, memory); events, stats and `configure()` follow it.
 */
export class Peerlane {
  readonly #platform: Platform;
  #config: PeerlaneConfig;
  #engine: Engine;
  /** The engine served a source already: the next source gets a new one. */
  #engineUsed = false;
  #session: Session | undefined;
  #hls: Hls | undefined;
  #unlisten: (() => void) | undefined;
  readonly #subscriptions = new Set<Subscription>();
  readonly #loaders = new WeakSet();
  readonly #stopping = new Set<Promise<void>>();
  #destroyed: Promise<void> | undefined;
  readonly #host: LoaderHost;

  /**
   * `config`: the engine's options (see @peerlane/core); a bad one throws a
   * PeerlaneError `ERR_INVALID_OPTION` naming it. `platform`: the engine's platform
   * objects (`RTCPeerConnection`, `WebSocket`, `fetch`, timers, clock), browser globals
   * by default; Node and benchmarks pass their own.
   */
  constructor(config: PeerlaneConfig = {}, platform: Platform = {}) {
    this.#config = { ...config };
    this.#platform = platform;
    this.#engine = new Engine(this.#config, platform);
    this.#host = {
      now: platform.now ?? (() => performance.now()),
      timers: platform.timers ?? globalThis,
      route: (hlsConfig, context) =>
        hlsConfig === this.#hls?.config ? this.#session?.route(context) : undefined,
    };
  }

  /** Our peer id on the trackers (each source gets a new engine, and a new id). */
  get peerId(): string {
    return this.#engine.peerId;
  }

  /** The engine of the current (or last) source, for what this facade doesn't cover. */
  get engine(): Engine {
    return this.#engine;
  }

  /**
   * The app's hls.js config with Peerlane's `fLoader` and `pLoader`, everything else as
   * the app set it (latency, buffer and ABR settings stay the app's). The app's own
   * `fLoader`/`pLoader`/`loader` still load whatever Peerlane passes through.
   */
  hlsConfig<C extends Partial<HlsConfig>>(config: C = {} as C): PeerlaneHlsConfig<C> {
    const own = (loader: object | undefined) =>
      loader !== undefined && this.#loaders.has(loader) ? undefined : loader;
    const fLoader = fragmentLoaderClass(
      this.#host,
      own(config.fLoader) as FragmentLoaderConstructor | undefined,
    );
    const pLoader = playlistLoaderClass(
      (hlsConfig) => {
        if (hlsConfig === this.#hls?.config) this.#session?.sync();
      },
      own(config.pLoader) as PlaylistLoaderConstructor | undefined,
    );
    this.#loaders.add(fLoader).add(pLoader);
    return { ...config, fLoader, pLoader };
  }

  /** `new HlsClass(this.hlsConfig(config))`, attached: a real Hls instance, bound to this Peerlane. */
  createHls<H extends Hls>(HlsClass: HlsClass<H>, config: Partial<HlsConfig> = {}): H {
    this.#checkAttachable(HlsClass.version);
    const hls = new HlsClass(this.hlsConfig(config));
    this.attach(hls);
    return hls;
  }

  /**
   * Binds an Hls instance made with `hlsConfig()`, before its `loadSource()` (a source
   * already loading is picked up, from its next playlist). One Hls per Peerlane;
   * `hls.destroy()` destroys this Peerlane too.
   */
  attach(hls: Hls): void {
    const { version } = hls.constructor as Partial<HlsClass>;
    this.#checkAttachable(version ?? '');
    const { fLoader, cmcd } = hls.config;
    // With CMCD on, hls.js wraps our loader in its own class.
    if (cmcd === undefined && (fLoader === undefined || !this.#loaders.has(fLoader))) {
      throw new PeerlaneError(
        'ERR_INVALID_OPTION',
        'attach(hls): this Hls was not created with peerlane.hlsConfig()',
      );
    }
    this.#hls = hls;
    this.#unlisten = listenToHls(hls, {
      manifestLoading: (url) => {
        this.#startSession(url);
      },
      playlistsUpdated: () => {
        this.#session?.sync();
      },
      levelSwitching: (level) => {
        this.#session?.focusLevel(level);
      },
      mediaAttached: (media) => {
        if (this.#session === undefined && hls.url !== null) this.#startSession(hls.url);
        this.#session?.attachMedia(media);
      },
      mediaDetaching: () => {
        this.#endSession();
      },
      destroying: () => {
        void this.destroy();
      },
    });
    if (hls.url !== null) this.#startSession(hls.url);
  }

  #checkAttachable(version: string): void {
    if (this.#destroyed) {
      throw new PeerlaneError('ERR_INVALID_OPTION', 'this Peerlane was destroyed; create another');
    }
    if (this.#hls) {
      throw new PeerlaneError(
        'ERR_INVALID_OPTION',
        'this Peerlane is attached to an Hls instance already; use one Peerlane per player',
      );
    }
    if (!isCompatibleHlsVersion(version)) {
      throw new PeerlaneError(
        'ERR_INVALID_OPTION',
        `hls.js ${version || '(unknown version)'} is not supported; Peerlane needs hls.js 1.5 or later 1.x`,
      );
    }
  }

  #startSession(manifestUrl: string): void {
    const hls = this.#hls;
    if (hls === undefined) return;
    this.#endSession();
    if (this.#engineUsed) {
      this.#engine = new Engine(this.#config, this.#platform);
      for (const subscription of this.#subscriptions) this.#subscribe(subscription);
    }
    this.#engineUsed = true;
    const session = (this.#session = new Session(this.#engine, hls, manifestUrl));
    session.sync();
    if (hls.media) session.attachMedia(hls.media);
  }

  #endSession(): void {
    const session = this.#session;
    if (session === undefined) return;
    this.#session = undefined;
    this.#track(session.close());
  }

  #track(stopping: Promise<void>): void {
    this.#stopping.add(stopping);
    void stopping.finally(() => this.#stopping.delete(stopping));
  }

  #subscribe(subscription: Subscription): void {
    subscription.off();
    subscription.off = this.#engine.on(
      subscription.type,
      subscription.listener as Listener<keyof EngineEvents>,
    );
  }

  /**
   * Listens to the engine's events (`segmentLoaded`, `peerConnected`, `peerClosed`,
   * `bytesDownloaded`, `bytesUploaded`, `trackerWarning`, `integrityFailure`), across
   * sources. Returns the function that stops listening.
   */
  on<K extends keyof EngineEvents>(type: K, listener: Listener<K>): () => void {
    const subscription: Subscription = {
      type,
      listener: listener,
      off: () => undefined,
    };
    this.#subscriptions.add(subscription);
    this.#subscribe(subscription);
    return () => {
      this.#unsubscribe(subscription);
    };
  }

  off<K extends keyof EngineEvents>(type: K, listener: Listener<K>): void {
    for (const subscription of this.#subscriptions) {
      if (subscription.type === type && subscription.listener === listener) {
        this.#unsubscribe(subscription);
      }
    }
  }

  #unsubscribe(subscription: Subscription): void {
    subscription.off();
    this.#subscriptions.delete(subscription);
  }

  /** Bytes by source, P2P ratio, upload, peers, why HTTP was used: of the current (or last) source. */
  stats(): EngineStats {
    return this.#engine.stats();
  }

  /**
   * Changes runtime options (`p2p`, `upload`, `uploadRate`, windows, limits…: core's
   * RUNTIME_OPTIONS) now and for the sources to come; others throw ERR_INVALID_OPTION.
   */
  configure(changes: PeerlaneConfig): void {
    const running = this.#session !== undefined || !this.#engineUsed;
    // A stopped engine must stay stopped: a stand-in checks the changes.
    const engine = running ? this.#engine : new Engine(this.#config, this.#platform);
    engine.configure(changes);
    this.#config = { ...this.#config, ...changes };
  }

  /**
   * Stops the engine (peers, tracker, timers) and lets go of the Hls instance, which
   * goes on playing over HTTP alone. Resolves once the tracker heard we left.
   * `hls.destroy()` calls it.
   */
  destroy(): Promise<void> {
    this.#destroyed ??= this.#destroy();
    return this.#destroyed;
  }

  async #destroy(): Promise<void> {
    this.#unlisten?.();
    this.#unlisten = undefined;
    this.#endSession();
    this.#hls = undefined;
    if (!this.#engineUsed) this.#track(this.#engine.destroy());
    this.#engineUsed = true;
    for (const subscription of this.#subscriptions) subscription.off();
    await Promise.all(this.#stopping);
  }
}
