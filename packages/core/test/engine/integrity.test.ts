import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { cleanup } from 'node-datachannel';
import { DEFAULT_MEDIA_ROOT, startOrigin, type Origin } from '../../../../demo/origin/index.ts';
import { startTracker, type Tracker } from '../../../../tracker/src/index.ts';
import { Engine } from '../../src/engine/engine.ts';
import { segmentId } from '../../src/identity.ts';
import { sha256Sidecar } from '../../src/integrity/sha256-sidecar.ts';
import { MemorySegmentStore } from '../../src/storage/memory-store.ts';
import type { Segment } from '../../src/streams/model.ts';
import { load, until } from './engine-harness.ts';
import { nodePlatform, p2pConfig } from './support.ts';

let origin: Origin;
let tracker: Tracker;
before(async () => {
  origin = await startOrigin({ sha256: true });
  tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 0, rate: 0 });
});
after(async () => {
  await tracker.close();
  await origin.close();
  cleanup();
});

/** A store that hands out its segments with one byte flipped: a lying peer's. */
class CorruptStore extends MemorySegmentStore {
  override get(id: string): Uint8Array | undefined {
    const data = super.get(id)?.slice();
    if (data) data[100] = (data[100] ?? 0) ^ 0xff;
    return data;
  }
}

test('a peer serving corrupt bytes is banned and the segment arrives intact over HTTP', async () => {
  const segments: Segment[] = Array.from({ length: 6 }, (_, sequence) => ({
    id: segmentId({ rendition: '240p', sequence }),
    rendition: '240p',
    sequence,
    startTime: sequence * 2,
    duration: 2,
    url: `${origin.url}/vod/ts/240p/seg-${String(sequence).padStart(3, '0')}.ts`,
  }));
  const manifestUrl = `${origin.url}/vod/ts/240p/index.m3u8`;
  const target = segments[3] as Segment;
  const config = p2pConfig(tracker.announceUrl);
  const liar = new Engine(config, {
    ...nodePlatform,
    store: new CorruptStore({ budgetBytes: 1e8 }),
  });
  // The honest engine's one HTTP slot stays busy with segment 1 (its fetch never answers),
  // so that it can load the target only from the liar, then only the fallback over HTTP.
  const honest = new Engine(
    { ...config, trustedHash: sha256Sidecar(), maxHttpDownloads: 1 },
    {
      ...nodePlatform,
      fetch: (url, init) =>
        url === target.url
          ? fetch(url, init)
          : new Promise((_, reject) => {
              init.signal?.addEventListener('abort', () => {
                reject(new DOMException('aborted', 'AbortError'));
              });
            }),
    },
  );
  try {
    await liar.setStream({ manifestUrl });
    liar.updateSegments('240p', segments);
    liar.setPlayback({ position: target.startTime, rate: 1, rendition: '240p' });
    await load(liar, target.id);

    const failures: string[] = [];
    honest.on('integrityFailure', ({ segmentId: id, peerIds }) => {
      assert.deepEqual(peerIds, [liar.peerId]);
      failures.push(id);
    });
    const closed = until(honest, 'peerClosed', () => true, 40_000);
    await honest.setStream({ manifestUrl });
    honest.updateSegments('240p', segments);
    honest.setPlayback({ position: 2, rate: 1, rendition: '240p' });
    const { bytes, info } = await load(honest, target.id, 40_000);

    assert.deepEqual(Buffer.from(bytes), readFileSync(`${DEFAULT_MEDIA_ROOT}/ts/240p/seg-003.ts`));
    assert.equal(info.source, 'http');
    assert.ok(failures.includes(target.id), `integrity failures: ${failures.join(', ')}`);
    const { peerId, reason } = await closed;
    assert.equal(peerId, liar.peerId);
    assert.match(reason.message, /banned/);
    const stats = honest.stats();
    assert.ok(stats.httpReasons.fallback >= 1);
    assert.ok(stats.p2p > 0);
  } finally {
    await Promise.all([honest.destroy(), liar.destroy()]);
  }
});
