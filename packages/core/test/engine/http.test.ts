import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { DEFAULT_MEDIA_ROOT, startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { Engine } from '../../src/engine/engine.ts';
import { PeerlaneError } from '../../src/errors.ts';
import { segmentId } from '../../src/identity.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load } from './engine-harness.ts';

let origin: Origin;
before(async () => {
  origin = await startOrigin();
});
after(() => origin.close());

const vod = (count: number): Segment[] =>
  Array.from({ length: count }, (_, sequence) => ({
    id: segmentId({ rendition: '240p', sequence }),
    rendition: '240p',
    sequence,
    startTime: sequence * 2,
    duration: 2,
    url: `${origin.url}/vod/ts/240p/seg-${String(sequence).padStart(3, '0')}.ts`,
  }));

test('an HTTP-only engine loads a segment byte-identical to the origin, with progress and timings', async () => {
  const engine = new Engine({ p2p: false });
  try {
    await engine.setStream({ manifestUrl: `${origin.url}/vod/ts/240p/index.m3u8?token=1` });
    const segments = vod(5);
    engine.updateSegments('240p', segments);
    engine.setPlayback({ position: 0, rate: 1, rendition: '240p' });
    const id = segments[1]?.id ?? '';
    const result = await load(engine, id);
    const fixture = readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/240p/seg-001.ts`);
    assert.deepEqual(Buffer.from(result.bytes), fixture);
    assert.equal(result.info.source, 'http');
    assert.ok(result.progress.length > 0);
    assert.equal(result.progress.at(-1), fixture.length);
    const { startedAt, firstByteAt, endedAt } = result.info;
    assert.ok(startedAt <= firstByteAt && firstByteAt <= endedAt && endedAt > startedAt);
    const stats = engine.stats();
    assert.ok(stats.http >= fixture.length, `http bytes ${stats.http}`);
    assert.equal(stats.p2p, 0);
    assert.equal(stats.p2pRatio, 0);
    assert.ok(stats.httpReasons['no-peer'] + stats.httpReasons.urgent >= 1);

    // Held now: served from memory, the same bytes.
    const again = await load(engine, id);
    assert.equal(again.info.source, 'memory');
    assert.deepEqual(Buffer.from(again.bytes), fixture);
  } finally {
    await engine.destroy();
  }
});

test('unknown segments fail, runtime options are checked', async () => {
  const engine = new Engine({ p2p: false });
  await assert.rejects(load(engine, 'nope|1'), { code: 'ERR_UNKNOWN_SEGMENT' });
  assert.throws(
    () => {
      engine.configure({ trackers: ['wss://x'] });
    },
    (error: unknown) => error instanceof PeerlaneError && /trackers/.test(error.message),
  );
  engine.configure({ uploadRate: 1000, memoryBudget: 1e6 });
  assert.throws(() => new Engine({ urgentWindow: -1 }), PeerlaneError);
  await engine.destroy();
});
