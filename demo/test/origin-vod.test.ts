import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createOrigin, startOrigin } from '../origin/index.ts';
import type { Origin } from '../origin/index.ts';
import { rawRequest } from './http.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

describe('origin: VOD', () => {
  let root: string;
  let origin: Origin;

  before(async () => {
    root = await createMediaTree();
    origin = await startOrigin({ mediaRoot: root });
  });

  after(async () => {
    await origin.close();
    await removeMediaTree(root);
  });

  it('serves files with their content type and caching', async () => {
    const cases = [
      ['ts/master.m3u8', 'application/vnd.apple.mpegurl', 'no-cache'],
      ['ts/240p/index.m3u8', 'application/vnd.apple.mpegurl', 'no-cache'],
      ['ts/240p/seg-001.ts', 'video/mp2t', 'public, max-age=86400'],
      ['fmp4/360p/init.mp4', 'video/mp4', 'public, max-age=86400'],
      ['fmp4/360p/seg-000.m4s', 'video/mp4', 'public, max-age=86400'],
      ['audio/en/seg-000.aac', 'audio/aac', 'public, max-age=86400'],
    ];
    for (const [path = '', type, caching] of cases) {
      const response = await fetch(`${origin.url}/vod/${path}`);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
      assert.equal(response.headers.get('cache-control'), caching, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.deepEqual(
        Buffer.from(await response.arrayBuffer()),
        await readFile(join(root, path)),
        path,
      );
    }
  });

  it('answers 404 for what is not a file', async () => {
    for (const path of [
      '/vod/ts/nope.ts',
      '/vod/ts',
      '/vod/ts/240p/seg-000.ts/x',
      '/origin/nope',
      '/live/nope/master.m3u8',
    ]) {
      const response = await fetch(`${origin.url}${path}`);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
    }
    assert.equal((await fetch(`${origin.url}/elsewhere`)).status, 404);
  });

  it('refuses path traversal, encoded or not', async () => {
    const attempts = [
      '/vod/../../../etc/passwd',
      '/vod/ts/../../secret',
      '/vod/%2e%2e/%2e%2e/etc/passwd',
      '/vod/%2E%2E%2Fetc%2Fpasswd',
      '/vod/ts/..%2f..%2fsecret',
      '/vod/ts%2f240p%2fseg-000.ts',
      '/vod/ts/%5c..%5csecret',
      '/vod/ts/240p/seg-000.ts%00.m3u8',
      '/vod/ts/.hidden',
      '/vod//etc/passwd',
      '/vod/%zz',
    ];
    for (const path of attempts) {
      const response = await rawRequest(origin.url, path);
      assert.ok(response.status === 400 || response.status === 404, `${path} → ${response.status}`);
    }
  });

  it('answers ranges with 206 and Content-Range', async () => {
    const file = await readFile(join(root, 'ts/240p/seg-002.ts'));
    const cases: [string, number, number][] = [
      ['bytes=0-99', 0, 99],
      ['bytes=1100-', 1100, file.length - 1],
      ['bytes=-50', file.length - 50, file.length - 1],
      ['bytes=1150-99999', 1150, file.length - 1],
    ];
    for (const [range, start, end] of cases) {
      const response = await fetch(`${origin.url}/vod/ts/240p/seg-002.ts`, { headers: { range } });
      assert.equal(response.status, 206, range);
      assert.equal(
        response.headers.get('content-range'),
        `bytes ${start}-${end}/${file.length}`,
        range,
      );
      assert.equal(response.headers.get('content-length'), String(end - start + 1), range);
      assert.deepEqual(
        Buffer.from(await response.arrayBuffer()),
        file.subarray(start, end + 1),
        range,
      );
    }
  });

  it('answers unsatisfiable, malformed and multiple ranges with 416', async () => {
    for (const range of ['bytes=5000-', 'bytes=10-5', 'bytes=abc', 'bytes=0-1,4-5']) {
      const response = await fetch(`${origin.url}/vod/ts/240p/seg-002.ts`, { headers: { range } });
      assert.equal(response.status, 416, range);
      assert.equal(response.headers.get('content-range'), 'bytes */1200', range);
      await response.arrayBuffer();
    }
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    origin.resetStats();
    const whole = await rawRequest(origin.url, '/vod/ts/240p/seg-001.ts', { method: 'HEAD' });
    assert.equal(whole.status, 200);
    assert.equal(whole.headers['content-length'], '1100');
    assert.equal(whole.headers['accept-ranges'], 'bytes');
    assert.equal(whole.body.length, 0);
    const part = await rawRequest(origin.url, '/vod/ts/240p/seg-001.ts', {
      method: 'HEAD',
      headers: { range: 'bytes=10-19' },
    });
    assert.equal(part.status, 206);
    assert.equal(part.headers['content-length'], '10');
    assert.equal(part.body.length, 0);
    assert.deepEqual(origin.stats().byPath['/vod/ts/240p/seg-001.ts'], { bytes: 0, requests: 2 });
  });

  it('answers CORS preflights and exposes the range headers', async () => {
    const preflight = await fetch(`${origin.url}/vod/ts/240p/seg-000.ts`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://example.test',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'range, x-peerlane-client',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /GET/);
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    assert.match(allowed, /range/);
    assert.match(allowed, /x-peerlane-client/);
    const response = await fetch(`${origin.url}/vod/ts/240p/seg-000.ts`, {
      headers: { range: 'bytes=0-1' },
    });
    const exposed = response.headers.get('access-control-expose-headers') ?? '';
    assert.match(exposed, /Content-Range/);
    assert.match(exposed, /Content-Length/);
    await response.arrayBuffer();
  });

  it('answers other methods with 405', async () => {
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const response = await fetch(`${origin.url}/vod/ts/master.m3u8`, { method });
      assert.equal(response.status, 405, method);
      assert.match(response.headers.get('allow') ?? '', /GET, HEAD, OPTIONS/);
      await response.arrayBuffer();
    }
  });
});

describe('origin: embedded handler', () => {
  it('serves its own paths and leaves the rest to the host server', async () => {
    const root = await createMediaTree();
    const origin = createOrigin({ mediaRoot: root });
    const server = createServer((req, res) => {
      if (!origin.handle(req, res)) res.writeHead(200).end('host');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      assert.equal(await (await fetch(`${url}/index.html`)).text(), 'host');
      assert.equal((await fetch(`${url}/vod/ts/master.m3u8`)).status, 200);
      assert.equal((await fetch(`${url}/vod/ts/nope.m3u8`)).status, 404);
      assert.equal(origin.stats().requests, 2);
    } finally {
      server.closeAllConnections();
      server.close();
      await removeMediaTree(root);
    }
  });
});
