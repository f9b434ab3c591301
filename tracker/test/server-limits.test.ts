import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createToken, startTracker } from '../src/index.ts';
import { announce, id, refusal, TestClient, waitFor } from './support.ts';

test('maxConnections: upgrades beyond the limit get 503 until a connection closes', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnections: 2 });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(tracker.announceUrl);
  t.after(() => b.close());
  assert.equal(await refusal(tracker.announceUrl), 503);
  assert.deepEqual(tracker.stats().rejected, { limit: 1 });
  await a.close();
  await waitFor(
    () => tracker.stats().connections === 1,
    () => `connections: ${tracker.stats().connections}`,
  );
  const c = await TestClient.open(tracker.announceUrl);
  t.after(() => c.close());
  // The refused attempt did not disturb the admitted clients.
  b.send({ action: 'scrape' });
  assert.equal((await b.next()).action, 'scrape');
});

test('maxConnectionsPerIp: a further connection from the same address gets 429', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 2 });
  t.after(() => tracker.close());
  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(tracker.announceUrl);
  t.after(() => b.close());
  assert.equal(await refusal(tracker.announceUrl), 429);
  assert.deepEqual(tracker.stats().rejected, { 'per-ip': 1 });
  await a.close();
  await waitFor(
    () => tracker.stats().connections === 1,
    () => `connections: ${tracker.stats().connections}`,
  );
  const c = await TestClient.open(tracker.announceUrl);
  t.after(() => c.close());
});

test('maxConnectionsPerIp counts the forwarded address behind a trusted proxy only', async (t) => {
  const trusted = await startTracker({
    port: 0,
    logLevel: 'silent',
    maxConnectionsPerIp: 1,
    trustProxies: ['127.0.0.1'],
  });
  t.after(() => trusted.close());
  const from = (address: string): { headers: Record<string, string> } => ({
    headers: { 'x-forwarded-for': address },
  });
  const a = await TestClient.open(trusted.announceUrl, from('198.51.100.1'));
  const b = await TestClient.open(trusted.announceUrl, from('198.51.100.2'));
  t.after(() => Promise.all([a.close(), b.close()]));
  assert.equal(await refusal(trusted.announceUrl, from('198.51.100.1')), 429);
  // A spoofed left-most entry does not help: the proxy's own entry is used.
  assert.equal(await refusal(trusted.announceUrl, from('203.0.113.9, 198.51.100.2')), 429);

  const untrusted = await startTracker({ port: 0, logLevel: 'silent', maxConnectionsPerIp: 1 });
  t.after(() => untrusted.close());
  const c = await TestClient.open(untrusted.announceUrl, from('198.51.100.1'));
  t.after(() => c.close());
  assert.equal(await refusal(untrusted.announceUrl, from('198.51.100.2')), 429);
});

test('allowOrigins: other origins get 403; "" admits clients that send no Origin', async (t) => {
  const tracker = await startTracker({
    port: 0,
    logLevel: 'silent',
    allowOrigins: ['https://good.example'],
  });
  t.after(() => tracker.close());
  const good = await TestClient.open(tracker.announceUrl, { origin: 'https://good.example' });
  t.after(() => good.close());
  assert.equal(await refusal(tracker.announceUrl, { origin: 'https://evil.example' }), 403);
  assert.equal(await refusal(tracker.announceUrl, { origin: 'https://good.example.evil' }), 403);
  assert.equal(await refusal(tracker.announceUrl), 403, 'no Origin header');
  assert.deepEqual(tracker.stats().rejected, { origin: 3 });

  const lenient = await startTracker({
    port: 0,
    logLevel: 'silent',
    allowOrigins: ['', 'https://good.example'],
  });
  t.after(() => lenient.close());
  const bare = await TestClient.open(lenient.announceUrl);
  const withOrigin = await TestClient.open(lenient.announceUrl, {
    origin: 'https://good.example',
  });
  t.after(() => Promise.all([bare.close(), withOrigin.close()]));
  assert.equal(await refusal(lenient.announceUrl, { origin: 'https://evil.example' }), 403);
});

test('authSecret: 401 without a token, with a bad or expired one; a createToken token is accepted', async (t) => {
  const secret = 'correct horse battery staple';
  const tracker = await startTracker({ port: 0, logLevel: 'silent', authSecret: secret });
  t.after(() => tracker.close());
  const url = tracker.announceUrl;
  assert.equal(await refusal(url), 401);
  assert.equal(await refusal(`${url}/?token=`), 401);
  assert.equal(await refusal(`${url}/?token=123.abc`), 401);
  assert.equal(await refusal(`${url}/?token=${createToken('wrong secret', 60)}`), 401);
  const expired = createToken(secret, 60, Date.now() - 120_000);
  assert.equal(await refusal(`${url}/?token=${expired}`), 401);
  assert.deepEqual(tracker.stats().rejected, { auth: 5 });

  const client = await TestClient.open(`${url}/announce?token=${createToken(secret, 60)}`);
  t.after(() => client.close());
  client.send(announce(id('h'), id('a')));
  assert.equal((await client.next()).action, 'announce');
});

test('allowInfoHashes: other hashes get "info_hash not allowed" with action and info_hash', async (t) => {
  const allowedHex = '4cb67059ed6bd08362da625b3ae77f6f4a075705';
  const allowed = 'L\u00b6pY\u00edk\u00d0\u0083b\u00dab[:\u00e7\u007foJ\u0007W\u0005';
  const tracker = await startTracker({
    port: 0,
    logLevel: 'silent',
    allowInfoHashes: [allowedHex.toUpperCase()],
  });
  t.after(() => tracker.close());
  const client = await TestClient.open(tracker.announceUrl);
  t.after(() => client.close());
  client.send(announce(id('other'), id('a'), { event: 'started' }));
  assert.deepEqual(await client.next(), {
    'failure reason': 'info_hash not allowed',
    action: 'announce',
    info_hash: id('other'),
  });
  client.send(announce(allowed, id('a'), { event: 'started' }));
  assert.deepEqual(await client.next(), {
    action: 'announce',
    interval: 120,
    info_hash: allowed,
    complete: 0,
    incomplete: 1,
  });
  assert.equal(tracker.stats().swarms, 1);
});

test('maxPayload: an oversized message closes that connection with 1009; others are served', async (t) => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent', maxPayload: 1024 });
  t.after(() => tracker.close());
  const big = await TestClient.open(tracker.announceUrl);
  const bystander = await TestClient.open(tracker.announceUrl);
  t.after(() => bystander.close());
  big.send(announce(id('h'), id('a'), { padding: 'x'.repeat(1024) }));
  assert.equal((await big.closed()).code, 1009);
  assert.deepEqual(big.pending, [], 'the oversized message was not handled');

  bystander.send(announce(id('h'), id('b'), { padding: 'x'.repeat(900) }));
  assert.equal((await bystander.next()).incomplete, 1);
  const fresh = await TestClient.open(tracker.announceUrl);
  t.after(() => fresh.close());
  fresh.send({ action: 'scrape', info_hash: id('h') });
  assert.equal((await fresh.next()).action, 'scrape');
  await waitFor(
    () => tracker.stats().connections === 2,
    () => `connections: ${tracker.stats().connections}`,
  );
});
