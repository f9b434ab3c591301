import type {
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderStats,
  PlaylistLoaderConstructor,
  PlaylistLoaderContext,
} from './hls-types.ts';

/**
 * The `pLoader` class for one Peerlane. Playlists always come over HTTP (never from
 * peers: they say what the bytes are), through the app's own playlist loader, else
 * hls.js's default one, whose `stats` and `context` this loader shows as its own so
 * that hls.js can de-duplicate and abort playlist requests. Once hls.js has parsed a
 * playlist (synchronously, inside `onSuccess`), `loaded()` hands the result to the engine.
 */
export function playlistLoaderClass(
  loaded: (config: HlsConfig) => void,
  appLoader: PlaylistLoaderConstructor | undefined,
): PlaylistLoaderConstructor {
  return class PeerlanePlaylistLoader implements Loader<PlaylistLoaderContext> {
    readonly #config: HlsConfig;
    readonly #inner: Loader<PlaylistLoaderContext>;

    constructor(config: HlsConfig) {
      this.#config = config;
      const Inner = appLoader ?? config.loader;
      this.#inner = new Inner(config) as unknown as Loader<PlaylistLoaderContext>;
    }

    get stats(): LoaderStats {
      return this.#inner.stats;
    }

    set stats(stats: LoaderStats) {
      this.#inner.stats = stats;
    }

    get context(): PlaylistLoaderContext | null {
      return this.#inner.context;
    }

    set context(context: PlaylistLoaderContext | null) {
      this.#inner.context = context;
    }

    load(
      context: PlaylistLoaderContext,
      config: LoaderConfiguration,
      callbacks: LoaderCallbacks<PlaylistLoaderContext>,
    ): void {
      this.#inner.load(context, config, {
        ...callbacks,
        onSuccess: (response, stats, successContext, networkDetails) => {
          callbacks.onSuccess(response, stats, successContext, networkDetails);
          loaded(this.#config);
        },
      });
    }

    abort(): void {
      this.#inner.abort();
    }

    destroy(): void {
      this.#inner.destroy();
    }

    getCacheAge(): number | null {
      return this.#inner.getCacheAge?.() ?? null;
    }

    getResponseHeader(name: string): string | null {
      return this.#inner.getResponseHeader?.(name) ?? null;
    }
  };
}
