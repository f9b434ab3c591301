import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { startTracker } from '../src/index.ts';
import { announce, id, TestClient, TIMEOUT_MS, waitFor } from './support.ts';

/** Reads from `socket` until it ends, and returns the text. */
function readAll(socket: Socket): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no end within ${TIMEOUT_MS} ms; got ${JSON.stringify(text)}`));
    }, TIMEOUT_MS);
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', () => {
      // 'close' follows.
    });
  });
}

test('close(): clients get 1001, then the port is released', async () => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  const a = await TestClient.open(tracker.announceUrl);
  const b = await TestClient.open(tracker.announceUrl);
  a.send(announce(id('h'), id('a'), { event: 'started' }));
  await a.next();
  await tracker.close();
  assert.deepEqual(await a.closed(), { code: 1001, reason: 'tracker shutting down' });
  assert.deepEqual(await b.closed(), { code: 1001, reason: 'tracker shutting down' });
  assert.equal(tracker.stats().connections, 0);
  assert.equal(tracker.stats().peers, 0);
  assert.deepEqual(tracker.stats().closed, { shutdown: 2 });
  await assert.rejects(fetch(`${tracker.url}/health`));
  await assert.rejects(TestClient.open(tracker.announceUrl));
  // Closing again is harmless.
  await tracker.close();
});

test('close() with no clients resolves promptly', async () => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  const started = Date.now();
  await tracker.close();
  assert.ok(Date.now() - started < 1000);
});

test('while stopping, /health answers 503 on a connection already open', async () => {
  const tracker = await startTracker({ port: 0, logLevel: 'silent' });
  const { port } = new URL(tracker.url);
  // A client that does not read (so does not complete the close handshake)
  // keeps the tracker in its stopping phase until the 2 s grace period ends.
  const stuck = await TestClient.open(tracker.announceUrl);
  stuck.send(announce(id('h'), id('stuck'), { event: 'started' }));
  await stuck.next();
  // A request on an open connection whose headers are not complete yet: the
  // server does not drop it as idle when it stops listening.
  const http = connect(Number(port), '127.0.0.1');
  await new Promise<void>((resolve) => http.once('connect', resolve));
  const response = readAll(http);
  http.write('GET /health HTTP/1.1\r\nHost: tracker\r\n');
  // Make sure the server has read that part: a full round trip on another connection.
  assert.equal((await fetch(`${tracker.url}/health`)).status, 200);
  stuck.ws.pause();

  const closing = tracker.close();
  http.end('Connection: close\r\n\r\n');
  const text = await response;
  assert.match(text, /^HTTP\/1\.1 503 /);
  assert.match(text, /\{"status":"stopping"\}/);
  await closing;
  // The stuck client is cut off after the grace period.
  await waitFor(
    () => tracker.stats().connections === 0,
    () => `connections: ${tracker.stats().connections}`,
  );
  assert.equal(tracker.stats().peers, 0);
  stuck.ws.resume();
  await stuck.closed();
});
