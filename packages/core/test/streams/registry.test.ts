import { test } from 'node:test';
import assert from 'node:assert/strict';
import { segmentId } from '../../src/identity.ts';
import type { Segment } from '../../src/streams/model.ts';
import { addressOf, StreamRegistry } from '../../src/streams/registry.ts';
import { init } from '../storage/segments.ts';

function media(rendition: string, sequence: number): Segment {
  return {
    id: segmentId({ rendition, sequence }),
    rendition,
    sequence,
    startTime: sequence * 2,
    duration: 2,
    url: `https://cdn.example/${rendition}/${sequence}.ts?token=x`,
    initSegmentId: `${rendition}|init`,
  };
}

const window = (rendition: string, first: number, count: number): Segment[] => [
  init(rendition),
  ...Array.from({ length: count }, (_, i) => media(rendition, first + i)),
];

test('finds segments by id and by wire address, init and media apart', () => {
  const registry = new StreamRegistry();
  registry.update('720p', window('720p', 10, 3));
  const segment = media('720p', 11);
  assert.deepEqual(registry.get(segment.id), segment);
  assert.deepEqual(registry.at({ rendition: '720p', sequence: 11, init: false }), segment);
  assert.deepEqual(registry.at({ rendition: '720p', sequence: 0, init: true }), init('720p'));
  assert.equal(registry.at({ rendition: '720p', sequence: 0, init: false }), undefined);
  assert.equal(registry.at({ rendition: '480p', sequence: 11, init: false }), undefined);
  assert.deepEqual(addressOf(init('720p')), { rendition: '720p', sequence: 0, init: true });
});

test('a live update reports new segments and forgets those that left the window', () => {
  const registry = new StreamRegistry();
  const first = registry.update('720p', window('720p', 10, 6));
  assert.deepEqual(
    first.map((s) => s.id),
    window('720p', 10, 6).map((s) => s.id),
  );
  const added = registry.update('720p', window('720p', 12, 6));
  assert.deepEqual(
    added.map((s) => s.sequence),
    [16, 17],
  );
  assert.equal(registry.get(media('720p', 11).id), undefined);
  assert.equal(registry.at({ rendition: '720p', sequence: 10, init: false }), undefined);
  assert.ok(registry.get(media('720p', 12).id));
  assert.ok(registry.get(init('720p').id), 'the init segment stays while the playlist names it');
});

test('renditions are independent, and one can be removed', () => {
  const registry = new StreamRegistry();
  registry.update('720p', window('720p', 1, 3));
  registry.update('audio-en', window('audio-en', 1, 3));
  registry.remove('720p');
  assert.equal(registry.get(media('720p', 1).id), undefined);
  assert.ok(registry.get(media('audio-en', 1).id));
});

test('ahead lists the media segments overlapping a time window, in order', () => {
  const registry = new StreamRegistry();
  registry.update('720p', window('720p', 0, 10));
  // Segment n spans [2n, 2n + 2).
  assert.deepEqual(
    registry.ahead('720p', 5, 4).map((s) => s.sequence),
    [2, 3, 4],
  );
  assert.deepEqual(
    registry.ahead('720p', 19.5, 30).map((s) => s.sequence),
    [9],
  );
  assert.deepEqual(registry.ahead('480p', 0, 30), []);
});

test('a segment of another rendition is refused', () => {
  const registry = new StreamRegistry();
  assert.throws(() => registry.update('720p', [media('480p', 1)]), /belongs to 480p/);
});
