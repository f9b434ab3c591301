import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { verifyToken } from '../src/auth.ts';
import { TestClient, TIMEOUT_MS } from './support.ts';

const CLI = fileURLToPath(new URL('../src/cli.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PEERLANE_TRACKER_LOG_LEVEL: 'silent' },
  });
}

/** Collects a stream's text until `pattern` matches it (or the stream ends). */
function until(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    let text = '';
    const timer = setTimeout(() => {
      reject(new Error(`no ${String(pattern)} within ${TIMEOUT_MS} ms in ${JSON.stringify(text)}`));
    }, TIMEOUT_MS);
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      const match = pattern.exec(text);
      if (match !== null) {
        clearTimeout(timer);
        resolve(match);
      }
    });
    stream.on('end', () => {
      clearTimeout(timer);
      reject(new Error(`ended without ${String(pattern)}: ${JSON.stringify(text)}`));
    });
  });
}

test('the CLI serves, and on SIGTERM closes its clients with 1001 and exits 0', async (t) => {
  const child = run(['--port', '0', '--interval', '60']);
  t.after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  assert.ok(child.stderr);
  const [, url = '', announceUrl = ''] = await until(
    child.stderr,
    /listening on (http:\/\/\S+) \(announce: (ws:\/\/\S+)\)/,
  );
  assert.deepEqual(await (await fetch(`${url}/health`)).json(), { status: 'ok' });
  const client = await TestClient.open(announceUrl);
  client.send({ action: 'announce', info_hash: 'h'.repeat(20), peer_id: 'p'.repeat(20) });
  assert.equal((await client.next()).interval, 60, 'the --interval flag was applied');

  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  assert.equal((await client.closed()).code, 1001);
  assert.deepEqual(await exited, [0, null]);
});

test('peerlane-tracker token prints a token valid for the secret', async () => {
  const child = run(['token', '--secret', 's3cret', '--ttl', '60']);
  assert.ok(child.stdout);
  const [token = ''] = await until(child.stdout, /^\S+\n/);
  assert.equal(verifyToken('s3cret', token.trim()), true);
  assert.deepEqual(await once(child, 'exit'), [0, null]);
});

test('a bad flag exits 2 with the usage', async () => {
  const child = run(['--port', 'nope']);
  assert.ok(child.stderr);
  await until(child.stderr, /port must be a number[\s\S]*Usage: peerlane-tracker/);
  assert.deepEqual(await once(child, 'exit'), [2, null]);
});
