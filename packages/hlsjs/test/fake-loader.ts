import type {
  HlsConfig,
  Loader,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderContext,
  LoaderStats,
} from '../src/hls-types.ts';

/** hls.js's default loader as far as its contract goes: single use, replaceable stats. */
export class FakeHttpLoader<T extends LoaderContext = LoaderContext> implements Loader<T> {
  static instances: FakeHttpLoader[] = [];
  context: T | null = null;
  stats = { loading: { start: 0 } } as LoaderStats;
  callbacks: LoaderCallbacks<T> | undefined;
  aborted = false;
  destroyed = false;

  constructor(readonly config: HlsConfig) {
    FakeHttpLoader.instances.push(this as unknown as FakeHttpLoader);
  }

  load(context: T, _config: LoaderConfiguration, callbacks: LoaderCallbacks<T>): void {
    if (this.stats.loading.start) throw new Error('Loader can only be used once.');
    this.stats.loading.start = 1;
    this.context = context;
    this.callbacks = callbacks;
  }

  abort(): void {
    this.aborted = this.stats.aborted = true;
    if (this.context) this.callbacks?.onAbort?.(this.stats, this.context, null);
  }

  destroy(): void {
    this.destroyed = true;
  }

  getCacheAge(): number {
    return 7;
  }
}
