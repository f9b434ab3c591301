import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine, type PlaybackState, type Segment, type StreamOptions } from '@peerlane/core';
import type { FragmentLoaderContext, MediaPlaylist } from '../src/hls-types.ts';
import { Session } from '../src/session.ts';
import { FakeHls, fakeDetails, fakeFragment, fakeLevel, type FakeFragment } from './fake-hls.ts';

/** An engine whose inputs are recorded. */
function watchedEngine() {
  const engine = new Engine();
  const calls = {
    segments: new Map<string, readonly Segment[]>(),
    streams: [] as StreamOptions[],
    playback: [] as PlaybackState[],
  };
  engine.updateSegments = (rendition, segments) => {
    calls.segments.set(rendition, segments);
  };
  engine.setStream = (options) => {
    calls.streams.push(options);
    return Promise.resolve();
  };
  engine.setPlayback = (playback) => {
    calls.playback.push(playback);
  };
  return { engine, calls };
}

function setup() {
  const hls = new FakeHls();
  const fragments = [fakeFragment(10), fakeFragment(11, { byteRange: [0, 500] })];
  hls.levels = [fakeLevel(100_000, fakeDetails(fragments, true)), fakeLevel(300_000)];
  const track = {
    groupId: 'aud',
    name: 'English',
    lang: 'en',
    details: fakeDetails([fakeFragment(10)], true),
  } as unknown as MediaPlaylist;
  hls.allAudioTracks = [track];
  const { engine, calls } = watchedEngine();
  const session = new Session(engine, hls.asHls(), 'https://cdn.example/live.m3u8?token=1');
  return { hls, session, calls, fragments };
}

const context = (frag: FakeFragment, more: Partial<FragmentLoaderContext> = {}) =>
  ({
    url: frag.url,
    frag,
    part: null,
    rangeStart: frag.byteRange[0] ?? 0,
    rangeEnd: frag.byteRange[1] ?? 0,
    ...more,
  }) as unknown as FragmentLoaderContext;

test('every rendition and audio track with a playlist is registered; the first playlist joins the swarm', async () => {
  const { session, calls } = setup();
  session.sync();
  session.sync();
  assert.deepEqual([...calls.segments.keys()], ['v/100000//', 'a/aud/English/en']);
  assert.deepEqual(
    calls.segments.get('v/100000//')?.map((segment) => segment.id),
    ['v/100000//|10', 'v/100000//|11|0-500'],
  );
  assert.deepEqual(calls.streams, [
    { manifestUrl: 'https://cdn.example/live.m3u8?token=1', live: true },
  ]);
  await session.close();
});

test('registered media and init segments route to the engine; everything else passes through', async () => {
  const { session, fragments } = setup();
  const [plain, ranged] = fragments;
  assert.ok(plain && ranged);
  session.sync();
  assert.ok(session.route(context(plain)), 'a registered segment');
  assert.ok(session.route(context(ranged)), 'a registered byte range');
  assert.equal(session.route(context(fakeFragment(12))), undefined, 'unknown to the engine');
  assert.equal(
    session.route(context(plain, { part: {} } as Partial<FragmentLoaderContext>)),
    undefined,
    'an LL-HLS part',
  );
  assert.equal(session.route(context({ ...plain, bitrateTest: true })), undefined, 'bitrate test');
  assert.equal(
    session.route(context(ranged, { rangeStart: 0, rangeEnd: 512 })),
    undefined,
    'a range widened for AES',
  );
  await session.close();
  assert.equal(session.route(context(plain)), undefined, 'after the session ended');
});

test("the playhead is reported once the media has data, with rate 0 while paused, the buffer's end and hls.js's level", async () => {
  const { hls, session, calls } = setup();
  session.sync();
  const media = Object.assign(new EventTarget(), {
    currentTime: 0,
    readyState: 0,
    seeking: false,
    paused: true,
    playbackRate: 1,
    buffered: { length: 1, start: () => 20, end: () => 30 },
  });
  session.attachMedia(media as unknown as HTMLMediaElement);
  media.dispatchEvent(new Event('timeupdate'));
  assert.deepEqual(calls.playback, [], 'no data yet: currentTime says nothing');
  Object.assign(media, { currentTime: 24, seeking: true });
  media.dispatchEvent(new Event('seeking'));
  Object.assign(media, { readyState: 4, seeking: false, paused: false, playbackRate: 1.5 });
  media.dispatchEvent(new Event('playing'));
  assert.deepEqual(calls.playback, [
    { position: 24, rate: 0, bufferedEnd: 30, rendition: 'v/100000//' },
    { position: 24, rate: 1.5, bufferedEnd: 30, rendition: 'v/100000//' },
  ]);
  session.focusLevel(1);
  const [, , switched] = calls.playback;
  assert.deepEqual(switched, { position: 24, rate: 1.5, bufferedEnd: 30, rendition: 'v/300000//' });
  assert.equal(hls.levels.length, 2);
  await session.close();
  media.dispatchEvent(new Event('timeupdate'));
  assert.equal(calls.playback.length, 3, 'nothing after the session ended');
});
