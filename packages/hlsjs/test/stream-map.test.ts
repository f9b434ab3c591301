import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Fragment, Level, MediaPlaylist } from '../src/hls-types.ts';
import { audioKey, levelKey, StreamMap } from '../src/stream-map.ts';
import { fakeDetails as details, fakeFragment as fragment } from './fake-hls.ts';

test('segment ids come from the rendition and the media sequence, never the URL', () => {
  const map = new StreamMap();
  const fragments = [fragment(41), fragment(42)];
  const segments = map.segments('v/1', details(fragments));
  assert.deepEqual(
    segments.map(({ id, sequence, startTime, duration }) => ({
      id,
      sequence,
      startTime,
      duration,
    })),
    [
      { id: 'v/1|41', sequence: 41, startTime: 82, duration: 2 },
      { id: 'v/1|42', sequence: 42, startTime: 84, duration: 2 },
    ],
  );
  assert.equal(map.idOf(fragments[1] as unknown as Fragment), 'v/1|42');
  assert.equal(map.idOf(fragment(42) as unknown as Fragment), undefined, 'another object');
});

test('byte ranges are part of the id', () => {
  const map = new StreamMap();
  const [segment] = map.segments('v/1', details([fragment(3, { byteRange: [100, 250] })]));
  assert.ok(segment);
  assert.equal(segment.id, 'v/1|3|100-250');
  assert.deepEqual(segment.byteRange, { start: 100, end: 250 });
});

test('an init segment is registered once, with the same id on every CDN', () => {
  const ids = ['https://cdn-a.example', 'https://cdn-b.example'].map((host) => {
    const init = fragment(0, { sn: 'initSegment', url: `${host}/live/240p/init.mp4?t=1` });
    const map = new StreamMap();
    const segments = map.segments(
      'v/1',
      details([fragment(7, { initSegment: init }), fragment(8, { initSegment: init })]),
    );
    assert.equal(segments.length, 3);
    const inits = segments.filter((segment) => segment.duration === 0);
    const [first] = inits;
    assert.ok(first && inits.length === 1);
    assert.equal(first.startTime, 14);
    for (const segment of segments)
      if (segment !== first) assert.equal(segment.initSegmentId, first.id);
    assert.equal(map.idOf(init as unknown as Fragment), first.id);
    return first.id;
  });
  assert.equal(ids[0], ids[1]);
});

test('an init segment is due with its first media segment not behind the load position', () => {
  const init = fragment(0, { sn: 'initSegment', url: 'https://cdn.example/480p/init.mp4' });
  const fragments = [7, 8, 9].map((sn) => fragment(sn, { initSegment: init }));
  const startOf = (position?: number) =>
    new StreamMap()
      .segments('v/1', details(fragments), position)
      .find((segment) => segment.duration === 0)?.startTime;
  assert.equal(startOf(), 14);
  assert.equal(startOf(16.5), 16, 'the fragment under the position');
  assert.equal(startOf(18), 18);
});

test('distinct init segments of one rendition get distinct ids', () => {
  const a = fragment(0, { sn: 'initSegment', url: 'https://cdn.example/a/init.mp4' });
  const b = fragment(0, { sn: 'initSegment', url: 'https://cdn.example/b/init.mp4' });
  const c = fragment(0, {
    sn: 'initSegment',
    url: 'https://cdn.example/a/init.mp4',
    byteRange: [0, 700],
  });
  const segments = new StreamMap().segments(
    'v/1',
    details([
      fragment(1, { initSegment: a }),
      fragment(2, { initSegment: b }),
      fragment(3, { initSegment: c }),
    ]),
  );
  const inits = segments.filter((segment) => segment.duration === 0).map((segment) => segment.id);
  assert.equal(new Set(inits).size, 3);
});

test('gaps and fragments without duration are left to HTTP', () => {
  const gap = fragment(5, { gap: true });
  const empty = fragment(6, { duration: 0 });
  const map = new StreamMap();
  const segments = map.segments('v/1', details([fragment(4), gap, empty]));
  assert.deepEqual(
    segments.map((segment) => segment.id),
    ['v/1|4'],
  );
  assert.equal(map.idOf(gap as unknown as Fragment), undefined);
});

test('rendition keys: from playlist attributes, bounded for the wire', () => {
  const level = (attrs: Record<string, string>, bitrate = 0): Level =>
    ({ attrs, bitrate }) as unknown as Level;
  assert.equal(
    levelKey(level({ BANDWIDTH: '95356', RESOLUTION: '426x240', CODECS: 'avc1.42c01e,mp4a.40.2' })),
    'v/95356/426x240/avc1.42c01e,mp4a.40.2',
  );
  assert.equal(levelKey(level({}, 1234)), 'v/1234//');
  const long = levelKey(level({ BANDWIDTH: '1', CODECS: 'x'.repeat(400) }));
  assert.ok(new TextEncoder().encode(long).length <= 255, long);
  const track = { groupId: 'aud', name: 'Français', lang: 'fr' } as MediaPlaylist;
  assert.equal(audioKey(track), 'a/aud/Français/fr');
});
