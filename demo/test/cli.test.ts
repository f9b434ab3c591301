import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { parseCli, parseRate } from '../origin/cli-args.ts';
import { createMediaTree, removeMediaTree } from './media-tree.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function runCli(args: readonly string[]): Promise<Run> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'demo/origin/cli.ts', ...args], {
    cwd: REPO_ROOT,
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
  });
}

describe('origin CLI', () => {
  let root: string;

  before(async () => {
    root = await createMediaTree();
  });

  after(async () => {
    await removeMediaTree(root);
  });

  it('prints usage and exits 0 on --help', async () => {
    const run = await runCli(['--help']);
    assert.equal(run.code, 0);
    assert.match(run.stdout, /^Usage: /);
    assert.match(run.stdout, /--rate/);
  });

  it('exits 2 with a message on a bad flag', async () => {
    for (const args of [['--bogus'], ['--window', '0'], ['--rate', 'fast']]) {
      const run = await runCli(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /peerlane-origin: .+\n\nUsage: /, args.join(' '));
    }
  });

  it('prints the masters it serves and stops on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'demo/origin/cli.ts', '--port', '0', '--media', root],
      { cwd: REPO_ROOT },
    );
    let stdout = '';
    const liveUrl = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const match = /live (http:\/\/\S+\/live\/ts\/master\.m3u8)/.exec(stdout);
        if (match?.[1] !== undefined) resolve(match[1]);
      });
      child.once('exit', () => {
        reject(new Error(`exited early: ${stdout}`));
      });
    });
    for (const variant of ['audio', 'byterange', 'fmp4', 'ts']) {
      assert.match(
        stdout,
        new RegExp(`vod  http://127\\.0\\.0\\.1:\\d+/vod/${variant}/master\\.m3u8`),
      );
    }
    assert.equal((await fetch(liveUrl)).status, 200);
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    assert.equal(await exited, 0);
  });
});

describe('origin CLI arguments', () => {
  it('maps flags to origin options', () => {
    assert.deepEqual(
      parseCli([
        '--port',
        '9000',
        '--media',
        'm',
        '--window',
        '10',
        '--rate',
        '4mbit',
        '--delay',
        '50',
        '--sha256',
      ]),
      {
        help: false,
        options: {
          port: 9000,
          mediaRoot: 'm',
          liveWindow: 10,
          throttle: { bitsPerSecond: 4_000_000, firstByteDelayMs: 50 },
          sha256: true,
        },
      },
    );
    assert.deepEqual(parseCli([]), {
      help: false,
      options: { port: 8080, throttle: {}, sha256: false },
    });
  });

  it('reads rates in bits per second', () => {
    assert.equal(parseRate('4mbit'), 4_000_000);
    assert.equal(parseRate('500kbit'), 500_000);
    assert.equal(parseRate('1.5Mbit'), 1_500_000);
    assert.equal(parseRate('1000000'), 1_000_000);
    for (const bad of ['0', 'fast', '4mb', '-1', ''])
      assert.throws(() => parseRate(bad), /--rate/, bad);
  });
});
