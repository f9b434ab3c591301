import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  formatBytes,
  formatPercent,
  formatRate,
  shortPeerId,
  shortSegmentId,
} from '../page/format.ts';
import { PeerLedger } from '../page/peer-ledger.ts';
import { RateHistory } from '../page/rate-history.ts';
import { isSwarmReport } from '../page/swarm-report.ts';
import { addTraffic, NO_TRAFFIC, trafficSince } from '../page/traffic.ts';

describe('demo page figures', () => {
  it('formats bytes, rates, ratios and peer ids', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(1536), '1.5 KiB');
    assert.equal(formatBytes(200 * 1024), '200 KiB');
    assert.equal(formatBytes(3.25 * 1024 * 1024), '3.3 MiB');
    assert.equal(formatRate(62_500), '500 kbit/s');
    assert.equal(formatRate(250_000), '2.00 Mbit/s');
    assert.equal(formatPercent(0.4567), '45.7 %');
    assert.equal(shortPeerId('-PL0001-qf4rq5bitafu'), 'qf4rq5bi…');
    assert.equal(shortPeerId('abc'), 'abc');
    assert.equal(shortSegmentId('v/230864/854x480/avc1.42c01e,mp4a.40.2|102'), '480p|102');
    assert.equal(shortSegmentId('audio/aud/English/en|7|0-1000'), 'audio/aud/Englis…|7|0-1000');
    assert.equal(shortSegmentId('720p|3'), '720p|3');
  });

  it('counts traffic between readings, from zero again when the counters went back', () => {
    const first = { http: 100, p2p: 50, upload: 10 };
    assert.deepEqual(trafficSince(NO_TRAFFIC, first), first);
    assert.deepEqual(trafficSince(first, { http: 150, p2p: 50, upload: 30 }), {
      http: 50,
      p2p: 0,
      upload: 20,
    });
    // A new player (another stream) starts its counters at zero.
    assert.deepEqual(trafficSince(first, { http: 20, p2p: 60, upload: 5 }), {
      http: 20,
      p2p: 10,
      upload: 5,
    });
    assert.deepEqual(addTraffic(first, first), { http: 200, p2p: 100, upload: 20 });
  });

  it('averages rates over the smoothing window and keeps only the span', () => {
    const history = new RateHistory(10, 2);
    history.add(1, { http: 1000, p2p: 0, upload: 0 }, 1);
    history.add(2, { http: 0, p2p: 3000, upload: 500 }, 1);
    history.add(3, { http: 0, p2p: 0, upload: 0 }, 1);
    const [times, http, p2p, upload] = history.columns();
    assert.deepEqual(times, [1, 2, 3]);
    assert.deepEqual(http, [1000, 500, 0]);
    assert.deepEqual(p2p, [0, 1500, 1500]);
    assert.deepEqual(upload, [0, 250, 250]);
    assert.deepEqual(history.counts(), { points: 3, p2pPoints: 2, uploadPoints: 2 });
    for (let t = 4; t <= 20; t++) history.add(t, NO_TRAFFIC, 1);
    assert.deepEqual(history.columns()[0], [10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20]);
    assert.deepEqual(history.counts(), { points: 11, p2pPoints: 0, uploadPoints: 0 });
  });

  it('divides by the time the samples cover, not by their number', () => {
    const history = new RateHistory(10, 5);
    history.add(1, { http: 1000, p2p: 0, upload: 0 }, 0.5);
    history.add(3, { http: 1000, p2p: 0, upload: 0 }, 2);
    assert.deepEqual(history.columns()[1], [2000, 800]);
  });

  it('ignores an interval that is not positive and refuses a window it cannot average', () => {
    const history = new RateHistory(10, 2);
    history.add(1, { http: 1000, p2p: 0, upload: 0 }, 0);
    assert.deepEqual(history.counts(), { points: 0, p2pPoints: 0, uploadPoints: 0 });
    assert.throws(() => new RateHistory(10, 0), RangeError);
    assert.throws(() => new RateHistory(1, 2), RangeError);
  });

  it('keeps bytes per peer, connected peers first, closed ones for a while', () => {
    const ledger = new PeerLedger(1000);
    ledger.connected('a', 0);
    ledger.connected('b', 0);
    ledger.downloaded('a', 100, 10);
    ledger.uploaded('b', 500, 20);
    ledger.downloaded('c', 50, 30); // bytes may come before the connect event
    ledger.closed('b', 'remote', 100);
    const live = [
      { id: 'a', throughput: 2000, rtt: 12 },
      { id: 'c', throughput: undefined, rtt: undefined },
    ];
    const rows = ledger.rows(live, 200);
    assert.deepEqual(
      rows.map((row) => [row.id, row.downloaded, row.uploaded, row.throughput, row.closed?.reason]),
      [
        ['a', 100, 0, 2000, undefined],
        ['c', 50, 0, undefined, undefined],
        ['b', 0, 500, undefined, 'remote'],
      ],
    );
    assert.deepEqual(
      ledger.rows(live, 1200).map((row) => row.id),
      ['a', 'c'],
    );
    ledger.connected('a', 5000);
    assert.equal(ledger.rows(live, 5000)[0]?.connectedAt, 0, 'still connected: same start');
  });

  it('recognises a swarm report and nothing else', () => {
    const report = {
      type: 'peerlane-demo-report',
      totals: { http: 1, p2p: 2, upload: 3 },
      peers: 1,
      playing: true,
    };
    assert.equal(isSwarmReport(report), true);
    assert.equal(isSwarmReport({ ...report, type: 'other' }), false);
    assert.equal(isSwarmReport({ ...report, totals: { http: 1, p2p: 2 } }), false);
    assert.equal(isSwarmReport(null), false);
    assert.equal(isSwarmReport('peerlane-demo-report'), false);
  });
});
