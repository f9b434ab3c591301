import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCore, FakeClient } from './core-support.ts';
import { announce, binaryId, id, type Message } from './support.ts';

const H1 = id('h1');
const H2 = binaryId(2);
const UNKNOWN = id('unknown');

const files = (entries: Record<string, [complete: number, incomplete: number]>): Message => ({
  action: 'scrape',
  files: Object.fromEntries(
    Object.entries(entries).map(([hash, [complete, incomplete]]) => [
      hash,
      { complete, incomplete, downloaded: complete },
    ]),
  ),
  flags: { min_request_interval: 120 },
});

/** H1: one seeder and two leechers; H2: one leecher. */
function populated(options: Parameters<typeof createCore>[0] = {}): ReturnType<typeof createCore> {
  const harness = createCore(options);
  const peers = new FakeClient();
  harness.receive(peers, announce(H1, id('s'), { left: 0 }));
  harness.receive(peers, announce(H1, id('l1')));
  harness.receive(peers, announce(H1, id('l2')));
  harness.receive(peers, announce(H2, id('l1')));
  return harness;
}

test('scrape one info hash', () => {
  const { receive, counters } = populated();
  const client = new FakeClient();
  receive(client, { action: 'scrape', info_hash: H1 });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2] })]);
  assert.equal(counters.messagesIn.scrape, 1);
  assert.equal(counters.messagesOut.scrape, 1);
});

test('scrape several info hashes; unknown ones count zero', () => {
  const { receive } = populated();
  const client = new FakeClient();
  receive(client, { action: 'scrape', info_hash: [H1, H2, UNKNOWN] });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2], [H2]: [0, 1], [UNKNOWN]: [0, 0] })]);
  receive(client, { action: 'scrape', info_hash: UNKNOWN });
  assert.deepEqual(client.take(), [files({ [UNKNOWN]: [0, 0] })]);
});

test('a scrape without info_hash lists every swarm', () => {
  const { receive } = populated();
  const client = new FakeClient();
  receive(client, { action: 'scrape' });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2], [H2]: [0, 1] })]);
  // An empty tracker answers with no files.
  const empty = createCore();
  empty.receive(client, { action: 'scrape' });
  assert.deepEqual(client.take(), [files({})]);
});

test('a full scrape can be disabled', () => {
  const { receive, counters } = populated({ fullScrape: false });
  const client = new FakeClient();
  receive(client, { action: 'scrape' });
  assert.deepEqual(client.take(), [
    { 'failure reason': 'full scrape not allowed', action: 'scrape' },
  ]);
  assert.equal(counters.messagesOut.failure, 1);
  receive(client, { action: 'scrape', info_hash: H1 });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2] })]);
});

test('a scrape naming too many info hashes fails', () => {
  const { receive, counters } = populated({ maxScrapeHashes: 2 });
  const client = new FakeClient();
  receive(client, { action: 'scrape', info_hash: [H1, H2, UNKNOWN] });
  assert.deepEqual(client.take(), [
    { 'failure reason': 'too many info_hash values (at most 2)', action: 'scrape' },
  ]);
  assert.equal(counters.messagesIn.invalid, 1);
  receive(client, { action: 'scrape', info_hash: [H1, H2] });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2], [H2]: [0, 1] })]);
});

test('scrape counts follow joins, completions and leaves', () => {
  const { receive, core } = populated();
  const client = new FakeClient();
  const peers = new FakeClient();
  receive(peers, announce(H1, id('l3'), { event: 'completed' }));
  receive(client, { action: 'scrape', info_hash: H1 });
  assert.deepEqual(client.take(), [files({ [H1]: [2, 2] })]);
  core.disconnect(peers);
  receive(client, { action: 'scrape', info_hash: [H1, H2] });
  assert.deepEqual(client.take(), [files({ [H1]: [1, 2], [H2]: [0, 1] })]);
});
