import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HttpStatusError, PeerlaneError, type LoadCallbacks, type LoadInfo } from '@peerlane/core';
import {
  fragmentLoaderClass,
  type FragmentRoute,
  type LoaderHost,
  type Timers,
} from '../src/fragment-loader.ts';
import type {
  FragmentLoaderConstructor,
  FragmentLoaderContext,
  HlsConfig,
  LoaderCallbacks,
  LoaderConfiguration,
  LoaderStats,
} from '../src/hls-types.ts';
import { FakeHttpLoader } from './fake-loader.ts';

/** Timers that fire only when told to. */
function fakeTimers(): Timers & { fire(): void; readonly pending: number } {
  const due = new Map<number, () => void>();
  let next = 1;
  return {
    setTimeout: (callback) => {
      due.set(next, callback);
      return next++;
    },
    clearTimeout: (handle) => {
      due.delete(handle as number);
    },
    fire: () => {
      const callbacks = [...due.values()];
      due.clear();
      for (const callback of callbacks) callback();
    },
    get pending() {
      return due.size;
    },
  };
}

/** A route the test drives: it records what the loader asked. */
class FakeRoute implements FragmentRoute {
  callbacks: LoadCallbacks | undefined;
  signal: AbortSignal | undefined;
  load(callbacks: LoadCallbacks, signal: AbortSignal): void {
    this.callbacks = callbacks;
    this.signal = signal;
  }
  timing(_bytes: number, info: LoadInfo, requestedAt: number) {
    return { start: requestedAt, first: info.firstByteAt, end: info.endedAt };
  }
}

interface Recorded {
  readonly events: string[];
  readonly callbacks: LoaderCallbacks<FragmentLoaderContext>;
  data?: ArrayBuffer;
  code?: number;
}

function record(stats: () => LoaderStats): Recorded {
  const events: string[] = [];
  const recorded: Recorded = {
    events,
    callbacks: {
      onProgress: (s) => {
        assert.equal(s, stats());
        events.push('progress');
      },
      onSuccess: (response, s) => {
        assert.equal(s, stats());
        recorded.data = response.data as ArrayBuffer;
        events.push('success');
      },
      onError: ({ code }) => {
        recorded.code = code;
        events.push(`error ${code}`);
      },
      onTimeout: () => events.push('timeout'),
      onAbort: (s) => events.push(`abort ${s.aborted}`),
    },
  };
  return recorded;
}

const loaderConfig = (ttfb = 10_000, total = 120_000): LoaderConfiguration =>
  ({
    loadPolicy: {
      maxTimeToFirstByteMs: ttfb,
      maxLoadTimeMs: total,
      timeoutRetry: null,
      errorRetry: null,
    },
  }) as LoaderConfiguration;

function setup(route: FragmentRoute | undefined) {
  let clock = 100;
  const timers = fakeTimers();
  const config = { loader: FakeHttpLoader } as unknown as HlsConfig;
  const host: LoaderHost = {
    now: () => clock,
    timers,
    route: (hlsConfig) => (hlsConfig === config ? route : undefined),
  };
  FakeHttpLoader.instances = [];
  const Loader: FragmentLoaderConstructor = fragmentLoaderClass(host, undefined);
  const loader = new Loader(config);
  const context = {
    url: 'https://cdn.example/seg-1.ts?token=x',
    frag: {},
    part: null,
    rangeStart: 0,
    rangeEnd: 0,
  } as unknown as FragmentLoaderContext;
  const recorded = record(() => loader.stats);
  return {
    loader,
    context,
    recorded,
    timers,
    tick: (ms: number) => (clock += ms),
    load: (policy = loaderConfig()) => {
      loader.load(context, policy, recorded.callbacks);
    },
  };
}

const info = (source: LoadInfo['source'], at: number): LoadInfo => ({
  source,
  startedAt: at,
  firstByteAt: at + 5,
  endedAt: at + 20,
});

test('stats exist from construction and stay the same object through a load', async () => {
  const route = new FakeRoute();
  const { loader, recorded, load, tick } = setup(route);
  const stats = loader.stats;
  assert.equal(stats.loading.start, 0);
  load();
  assert.equal(stats.loading.start, 100);
  assert.deepEqual(recorded.events, [], 'nothing is called back from inside load()');
  tick(5);
  route.callbacks?.onBytes?.(1000, 3000);
  assert.equal(stats.loading.first, 105);
  assert.equal(stats.loaded, 1000);
  assert.equal(stats.total, 3000);
  await Promise.resolve();
  route.callbacks?.onSuccess(new Uint8Array([1, 2, 3]), info('p2p', 100));
  assert.equal(loader.stats, stats);
  assert.deepEqual(recorded.events, ['progress', 'success']);
  assert.deepEqual([...new Uint8Array(recorded.data ?? new ArrayBuffer(0))], [1, 2, 3]);
  assert.equal(recorded.data?.byteLength, 3);
  assert.deepEqual(stats.loading, { start: 100, first: 105, end: 120 });
  assert.equal(stats.loaded, 3);
  assert.equal(stats.total, 3);
  loader.destroy();
  assert.equal(stats.aborted, false, 'destroy after success is no abort');
});

test('hls.js gets exactly the bytes, as an ArrayBuffer of their length', () => {
  const route = new FakeRoute();
  const { recorded, load } = setup(route);
  load();
  const backing = new Uint8Array([9, 9, 4, 5, 6, 9]);
  route.callbacks?.onSuccess(backing.subarray(2, 5), info('memory', 100));
  assert.deepEqual([...new Uint8Array(recorded.data ?? new ArrayBuffer(0))], [4, 5, 6]);
});

test('a loader is single use', () => {
  const { load } = setup(new FakeRoute());
  load();
  assert.throws(load, /only be used once/);
});

test('abort sets stats.aborted before onAbort and silences the engine request', () => {
  const route = new FakeRoute();
  const { loader, recorded, load } = setup(route);
  load();
  loader.abort();
  assert.deepEqual(recorded.events, ['abort true']);
  assert.equal(route.signal?.aborted, true);
});

test('an HTTP status from the engine reaches hls.js as that status', () => {
  const route = new FakeRoute();
  const { recorded, load, loader } = setup(route);
  load();
  route.callbacks?.onError(new HttpStatusError(404, 'https://cdn.example/seg-1.ts'));
  assert.deepEqual(recorded.events, ['error 404']);
  assert.equal(loader.stats.aborted, false);
});

test('whatever else the engine fails with, the default loader asks the origin, same stats', async () => {
  const route = new FakeRoute();
  const { loader, context, load } = setup(route);
  load();
  route.callbacks?.onError(new PeerlaneError('ERR_UNKNOWN_SEGMENT', 'unknown'));
  assert.equal(FakeHttpLoader.instances.length, 0, 'not from inside the engine callback');
  await Promise.resolve();
  const [inner] = FakeHttpLoader.instances;
  assert.ok(inner);
  assert.equal(inner.context, context);
  assert.equal(inner.stats, loader.stats);
  loader.abort();
  assert.equal(inner.aborted, true);
  loader.destroy();
  assert.equal(inner.destroyed, true);
});

test('a player that tears down right after the engine stopped gets no new request', async () => {
  const route = new FakeRoute();
  const { loader, load } = setup(route);
  load();
  route.callbacks?.onError(new PeerlaneError('ERR_ABORTED', 'stopped'));
  loader.abort();
  loader.destroy();
  await Promise.resolve();
  assert.equal(FakeHttpLoader.instances.length, 0);
});

test('fragments the host has no route for go to the default loader', () => {
  const { loader, load } = setup(undefined);
  load();
  assert.equal(FakeHttpLoader.instances.length, 1);
  assert.equal(FakeHttpLoader.instances[0]?.stats, loader.stats);
});

test("no byte within hls.js's time to first byte: the origin directly", () => {
  const route = new FakeRoute();
  const { timers, load, loader } = setup(route);
  load(loaderConfig(3000));
  timers.fire();
  assert.equal(route.signal?.aborted, true);
  assert.equal(FakeHttpLoader.instances[0]?.stats, loader.stats);
});

test('after the first byte, maxLoadTimeMs ends the load with onTimeout', () => {
  const route = new FakeRoute();
  const { timers, load, recorded } = setup(route);
  load(loaderConfig(3000, 8000));
  route.callbacks?.onBytes?.(10, undefined);
  timers.fire();
  assert.deepEqual(recorded.events, ['timeout']);
  assert.equal(route.signal?.aborted, true);
  assert.equal(timers.pending, 0);
});

test('timers end with the load', () => {
  const route = new FakeRoute();
  const { timers, load, loader } = setup(route);
  load();
  route.callbacks?.onSuccess(new Uint8Array(1), info('http', 100));
  assert.equal(timers.pending, 0);
  loader.destroy();
});
