import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { infoHashOf, segmentId, swarmIdFromManifestUrl } from '../src/index.ts';

test('swarm id ignores query and fragment', () => {
  const a = swarmIdFromManifestUrl('https://cdn.example/live/master.m3u8?token=abc#t=3');
  const b = swarmIdFromManifestUrl('https://cdn.example/live/master.m3u8?token=xyz&CMCD=br%3D1');
  assert.equal(a, 'https://cdn.example/live/master.m3u8');
  assert.equal(a, b);
  assert.notEqual(a, swarmIdFromManifestUrl('https://cdn.example/other/master.m3u8'));
});

test('swarm id rejects a relative URL with a message naming it', () => {
  assert.throws(() => swarmIdFromManifestUrl('/live/master.m3u8'), /manifestUrl/);
});

test('segment id combines rendition, sequence and byte range', () => {
  assert.equal(segmentId({ rendition: '360p', sequence: 12 }), '360p|12');
  assert.equal(
    segmentId({ rendition: '360p', sequence: 12, byteRange: { start: 0, end: 1000 } }),
    '360p|12|0-1000',
  );
  assert.notEqual(
    segmentId({ rendition: 'a', sequence: 1 }),
    segmentId({ rendition: 'b', sequence: 1 }),
  );
  assert.throws(() => segmentId({ rendition: 'a', sequence: -1 }), /sequence/);
  assert.throws(
    () => segmentId({ rendition: 'a', sequence: 1, byteRange: { start: 5, end: 5 } }),
    /byteRange/,
  );
});

test('info hash is the 20-byte SHA-1 of the swarm id', async () => {
  const id = 'https://cdn.example/live/master.m3u8';
  const hash = await infoHashOf(id);
  assert.equal(hash.length, 20);
  assert.deepEqual(Buffer.from(hash), createHash('sha1').update(id).digest());
});
