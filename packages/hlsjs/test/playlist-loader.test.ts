import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { HlsConfig, LoaderConfiguration, PlaylistLoaderContext } from '../src/hls-types.ts';
import { playlistLoaderClass } from '../src/playlist-loader.ts';
import { FakeHttpLoader } from './fake-loader.ts';

test('playlists load over HTTP; stats and context are the inner loader’s; the engine hears after hls.js parsed', () => {
  const config = { loader: FakeHttpLoader } as unknown as HlsConfig;
  const order: string[] = [];
  const Loader = playlistLoaderClass((loadedConfig) => {
    assert.equal(loadedConfig, config);
    order.push('engine');
  }, undefined);
  FakeHttpLoader.instances = [];
  const loader = new Loader(config);
  const [inner] = FakeHttpLoader.instances;
  assert.ok(inner);
  assert.equal(loader.stats, inner.stats);
  assert.equal(loader.context, null);
  const context = {
    url: 'https://cdn.example/live.m3u8',
    type: 'level',
  } as unknown as PlaylistLoaderContext;
  loader.load(context, {} as LoaderConfiguration, {
    onSuccess: () => order.push('hls.js'),
    onError: () => order.push('error'),
    onTimeout: () => order.push('timeout'),
  });
  assert.equal(loader.context, context, 'hls.js de-duplicates playlist requests by context');
  inner.callbacks?.onSuccess({ url: context.url }, inner.stats, context, null);
  assert.deepEqual(order, ['hls.js', 'engine']);
  assert.equal(loader.getCacheAge?.(), 7);
  loader.abort();
  loader.destroy();
  assert.equal(inner.aborted, true);
  assert.equal(inner.destroyed, true);
});

test("the app's own playlist loader stays in charge of the transport", () => {
  class AppLoader extends FakeHttpLoader {}
  const Loader = playlistLoaderClass(() => undefined, AppLoader as never);
  FakeHttpLoader.instances = [];
  new Loader({ loader: FakeHttpLoader } as unknown as HlsConfig);
  assert.ok(FakeHttpLoader.instances[0] instanceof AppLoader);
});
