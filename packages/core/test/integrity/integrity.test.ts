import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { segmentId } from '../../src/identity.ts';
import { sha256Sidecar, sidecarUrl } from '../../src/integrity/sha256-sidecar.ts';
import { verifySegment } from '../../src/integrity/verify.ts';
import type { Segment } from '../../src/streams/model.ts';

const FIXTURES = new URL('../../../../demo/media/fixtures/', import.meta.url);
let origin: Origin;

before(async () => {
  origin = await startOrigin({ port: 0, sha256: true });
});

after(async () => {
  await origin.close();
});

function segment(path: string, byteRange?: { start: number; end: number }): Segment {
  return {
    id: segmentId({ rendition: path, sequence: 0, ...(byteRange ? { byteRange } : {}) }),
    rendition: path,
    sequence: 0,
    startTime: 0,
    duration: 2,
    url: `${origin.url}/vod/${path}?token=abc`,
    ...(byteRange ? { byteRange } : {}),
  };
}

async function fixture(path: string): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(await readFile(new URL(path, FIXTURES)));
}

test('the sidecar URL keeps the query and names the byte range inclusively', () => {
  const url = sidecarUrl({ ...segment('ts/240p/seg-001.ts', { start: 100, end: 200 }) });
  assert.equal(url, `${origin.url}/vod/ts/240p/seg-001.ts.sha256?token=abc&range=100-199`);
});

test('origin bytes pass; one flipped byte fails the hash check', async () => {
  const trustedHash = sha256Sidecar();
  const seg = segment('ts/240p/seg-001.ts');
  const bytes = await fixture('ts/240p/seg-001.ts');
  assert.deepEqual(await verifySegment(seg, bytes, { trustedHash }), { ok: true });
  const corrupt = Uint8Array.from(bytes);
  corrupt[1000] = (corrupt[1000] ?? 0) ^ 0xff;
  const verdict = await verifySegment(seg, corrupt, { trustedHash });
  assert.equal(verdict.ok, false);
  assert.equal(verdict.reason, 'hash');
});

test('a byte-range segment is checked against the hash of its range', async () => {
  const whole = await fixture('byterange/240p/media.ts');
  const range = { start: 188 * 10, end: 188 * 200 };
  const bytes = whole.slice(range.start, range.end);
  const seg = segment('byterange/240p/media.ts', range);
  assert.deepEqual(await verifySegment(seg, bytes, { trustedHash: sha256Sidecar() }), { ok: true });
  const expected = createHash('sha256').update(bytes).digest('hex');
  assert.equal(await sha256Sidecar()(seg), expected);
});

test('each hash is fetched once; a missing hash means no check', async () => {
  let fetches = 0;
  const counting: typeof fetch = (input, init) => {
    fetches++;
    return fetch(input, init);
  };
  const trustedHash = sha256Sidecar(counting);
  const seg = segment('ts/240p/seg-002.ts');
  await trustedHash(seg);
  await trustedHash(seg);
  assert.equal(fetches, 1);
  const unknown = segment('ts/240p/no-such-segment.ts');
  assert.equal(await trustedHash(unknown), undefined);
  assert.deepEqual(await verifySegment(unknown, new Uint8Array(3), { trustedHash }), { ok: true });
});

test("the app's validator runs first and can refuse or throw", async () => {
  const seg = segment('ts/240p/seg-001.ts');
  const bytes = await fixture('ts/240p/seg-001.ts');
  const seen: number[] = [];
  const accept = await verifySegment(seg, bytes, {
    validateSegment: (_s, b) => {
      seen.push(b.length);
      return true;
    },
  });
  assert.deepEqual(accept, { ok: true });
  assert.deepEqual(seen, [bytes.length]);
  const refuse = await verifySegment(seg, bytes, { validateSegment: () => Promise.resolve(false) });
  assert.ok(!refuse.ok && refuse.reason === 'validator');
  const thrown = await verifySegment(seg, bytes, {
    validateSegment: () => {
      throw new Error('boom');
    },
  });
  assert.ok(!thrown.ok && /boom/.test(thrown.detail));
});
