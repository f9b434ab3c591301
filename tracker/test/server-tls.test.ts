import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTracker } from '../src/index.ts';
import { announce, id, TestClient } from './support.ts';

/** A throwaway self-signed certificate for 127.0.0.1, or why there is none. */
function selfSigned(): { cert: Buffer; key: Buffer } | string {
  const dir = mkdtempSync(join(tmpdir(), 'peerlane-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    return { cert: readFileSync(join(dir, 'cert.pem')), key: readFileSync(join(dir, 'key.pem')) };
  } catch (error) {
    return `openssl could not make a certificate (${(error as Error).message})`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function httpsGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { rejectUnauthorized: false }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => {
        resolve({ status: response.statusCode ?? 0, body });
      });
    }).on('error', reject);
  });
}

test('TLS: wss:// announces and https:// endpoints', async (t) => {
  const tls = selfSigned();
  if (typeof tls === 'string') {
    t.skip(tls);
    return;
  }
  const tracker = await startTracker({ port: 0, logLevel: 'silent', tls });
  t.after(() => tracker.close());
  assert.match(tracker.url, /^https:\/\/127\.0\.0\.1:\d+$/);
  assert.match(tracker.announceUrl, /^wss:\/\/127\.0\.0\.1:\d+$/);

  const client = await TestClient.open(tracker.announceUrl, { rejectUnauthorized: false });
  t.after(() => client.close());
  client.send(announce(id('h'), id('a'), { event: 'started' }));
  assert.deepEqual(await client.next(), {
    action: 'announce',
    interval: 120,
    info_hash: id('h'),
    complete: 0,
    incomplete: 1,
  });
  assert.deepEqual(await httpsGet(`${tracker.url}/health`), {
    status: 200,
    body: '{"status":"ok"}',
  });
  // The plain-text protocol is not spoken on that port.
  await assert.rejects(TestClient.open(tracker.announceUrl.replace(/^wss:/, 'ws:')));
});
