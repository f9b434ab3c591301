import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTracker } from '../src/index.ts';
import { announce, id, TestClient } from './support.ts';

test('a client that stops reading is sent nothing more, then closed with 1013', async (t) => {
  const tracker = await startTracker({
    port: 0,
    logLevel: 'silent',
    rate: 0,
    maxPayload: 1024 * 1024,
    maxBufferedBytes: 64 * 1024,
  });
  t.after(() => tracker.close());
  const reader = await TestClient.open(tracker.announceUrl);
  const sender = await TestClient.open(tracker.announceUrl);
  t.after(() => sender.close());
  reader.send(announce(id('h'), id('reader'), { event: 'started' }));
  await reader.next();
  reader.ws.pause(); // stops reading: the kernel buffers fill, then the tracker's

  // Every announce relays one large offer to the reader, the only other peer.
  const sdp = 'x'.repeat(200 * 1024);
  let announces = 0;
  while (announces < 500 && tracker.stats().closed.slow === undefined) {
    sender.send(
      announce(id('h'), id('sender'), {
        offers: [{ offer: { type: 'offer', sdp }, offer_id: id(`o${announces}`) }],
      }),
    );
    announces++;
    await sender.next();
  }
  const stats = tracker.stats();
  assert.deepEqual(stats.closed, { slow: 1 });
  assert.equal(stats.sendDropped, 65, 'closed at the 65th message dropped in a row');

  reader.ws.resume();
  assert.equal((await reader.closed()).code, 1013);
  const offersRead = reader.pending.filter((m) => 'offer' in m).length;
  assert.equal(offersRead + stats.sendDropped, announces, 'each offer arrived or was dropped');
  // The sender was never affected.
  sender.send({ action: 'scrape', info_hash: id('h') });
  assert.equal((await sender.next()).action, 'scrape');
  // Dropped offers are counted in sendDropped, so not as sent as well.
  assert.equal(stats.messagesOut.offer, offersRead, 'messagesOut.offer counts offers sent');
});
