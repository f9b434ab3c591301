import { test } from 'node:test';
import assert from 'node:assert/strict';
import WebSocket from 'ws';
import { Peerlane, PeerlaneError, type HlsClass, type Platform } from '../src/index.ts';
import type { FragmentLoaderContext, HlsConfig, LoaderConfiguration } from '../src/hls-types.ts';
import { FakeHls, fakeDetails, fakeFragment, fakeLevel } from './fake-hls.ts';
import { FakeHttpLoader } from './fake-loader.ts';

/** The stand-in, typed as the Hls class it stands for. */
const asClass = (Class: typeof FakeHls): HlsClass => Class as unknown as HlsClass;

const invalid = (pattern: RegExp) => (error: unknown) =>
  error instanceof PeerlaneError &&
  error.code === 'ERR_INVALID_OPTION' &&
  pattern.test(error.message);

test('a bad engine option throws when Peerlane is made, naming it', () => {
  assert.throws(() => new Peerlane({ maxPeers: 0 }), invalid(/maxPeers/));
  assert.throws(() => new Peerlane({ trackers: ['http://x'] }), invalid(/trackers/));
});

test("createHls keeps the app's hls.js config and adds Peerlane's loaders", async () => {
  class AppLoader extends FakeHttpLoader {}
  const peerlane = new Peerlane();
  const hls = peerlane.createHls(asClass(FakeHls), {
    liveSyncDurationCount: 5,
    fLoader: AppLoader as never,
  }) as unknown as FakeHls;
  assert.equal(hls.config.liveSyncDurationCount, 5);
  assert.notEqual(hls.config.fLoader, AppLoader);
  assert.ok(hls.config.pLoader);
  // What Peerlane passes through goes to the app's fragment loader.
  FakeHttpLoader.instances = [];
  const Loader = hls.config.fLoader;
  assert.ok(Loader);
  new Loader(hls.config).load(
    {
      url: 'https://cdn.example/key',
      frag: fakeFragment(1),
      part: null,
    } as unknown as FragmentLoaderContext,
    {} as LoaderConfiguration,
    { onSuccess: () => undefined, onError: () => undefined, onTimeout: () => undefined },
  );
  assert.ok(FakeHttpLoader.instances[0] instanceof AppLoader);
  hls.destroy();
  await peerlane.destroy();
});

test('attach refuses what it cannot drive, with a PeerlaneError', async () => {
  const peerlane = new Peerlane();
  assert.throws(
    () => {
      peerlane.attach(new FakeHls().asHls());
    },
    invalid(/hlsConfig/),
  );
  class OldHls extends FakeHls {
    static override version = '1.4.12';
  }
  assert.throws(() => peerlane.createHls(asClass(OldHls), {}), invalid(/1\.4\.12/));
  peerlane.createHls(asClass(FakeHls), {});
  assert.throws(() => peerlane.createHls(asClass(FakeHls), {}), invalid(/one Peerlane per player/));
  await peerlane.destroy();
  assert.throws(
    () => {
      new Peerlane().attach(new FakeHls().asHls());
    },
    invalid(/hlsConfig/),
  );
  assert.throws(() => peerlane.createHls(asClass(FakeHls), {}), invalid(/destroyed/));
});

test('each source gets a new engine; listeners follow; hls.destroy() destroys Peerlane', async () => {
  // A tracker that refuses connections: each engine warns once it joins the swarm.
  const peerlane = new Peerlane(
    { trackers: ['ws://127.0.0.1:9'] },
    {
      WebSocket: WebSocket as unknown as NonNullable<Platform['WebSocket']>,
    },
  );
  const warnings: string[] = [];
  let warned = (): void => undefined;
  peerlane.on('trackerWarning', ({ tracker }) => {
    warnings.push(tracker);
    warned();
  });
  const nextWarning = () => new Promise<void>((resolve) => (warned = resolve));
  const hls = peerlane.createHls(asClass(FakeHls), {}) as unknown as FakeHls;
  const listening = hls.listeners();
  assert.ok(listening > 0);
  hls.levels = [fakeLevel(1, fakeDetails([fakeFragment(1)]))];

  let warning = nextWarning();
  hls.loadSource('https://cdn.example/a.m3u8');
  const first = peerlane.engine;
  await warning;
  warning = nextWarning();
  hls.loadSource('https://cdn.example/b.m3u8');
  assert.notEqual(peerlane.engine, first);
  await warning;
  assert.equal(warnings.length, 2);

  hls.destroy();
  await peerlane.destroy();
  assert.equal(hls.listeners(), 0, 'Peerlane let go of the Hls instance');
  const Loader = hls.config.fLoader as NonNullable<HlsConfig['fLoader']>;
  FakeHttpLoader.instances = [];
  new Loader(hls.config).load(
    {
      url: 'https://cdn.example/seg',
      frag: fakeFragment(1),
      part: null,
    } as unknown as FragmentLoaderContext,
    {} as LoaderConfiguration,
    { onSuccess: () => undefined, onError: () => undefined, onTimeout: () => undefined },
  );
  assert.equal(
    FakeHttpLoader.instances.length,
    1,
    'a destroyed Peerlane passes everything through',
  );
});

test('configure applies runtime options and refuses the others', async () => {
  const peerlane = new Peerlane();
  peerlane.configure({ p2p: false, uploadRate: 100_000 });
  assert.throws(
    () => {
      peerlane.configure({ trackers: [] });
    },
    invalid(/trackers/),
  );
  assert.throws(
    () => {
      peerlane.configure({ maxPeers: -1 });
    },
    invalid(/maxPeers/),
  );
  await peerlane.destroy();
  peerlane.configure({ upload: false });
});

test("fragments of another player's config (an interstitial asset player) go to plain HTTP", async () => {
  const peerlane = new Peerlane({}, { fetch: () => new Promise<Response>(() => undefined) });
  const hls = peerlane.createHls(asClass(FakeHls), {}) as unknown as FakeHls;
  const fragment = fakeFragment(1);
  hls.levels = [fakeLevel(1, fakeDetails([fragment]))];
  hls.loadSource('https://cdn.example/a.m3u8');
  const Loader = hls.config.fLoader as NonNullable<HlsConfig['fLoader']>;
  const load = (config: HlsConfig): void => {
    new Loader(config).load(
      { url: fragment.url, frag: fragment, part: null } as unknown as FragmentLoaderContext,
      {
        loadPolicy: { maxTimeToFirstByteMs: 10_000, maxLoadTimeMs: 10_000 },
      } as LoaderConfiguration,
      { onSuccess: () => undefined, onError: () => undefined, onTimeout: () => undefined },
    );
  };
  FakeHttpLoader.instances = [];
  load(hls.config);
  assert.equal(FakeHttpLoader.instances.length, 0, "the player's own fragment: the engine");
  load({ ...hls.config, assetPlayerId: 'ad-1' });
  assert.equal(FakeHttpLoader.instances.length, 1, "an asset player's: plain HTTP");
  hls.destroy();
  await peerlane.destroy();
});
