/**
 * Starts each tracker under test in a child process of its own, so that its
 * RSS and CPU can be read from /proc without the load generator's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { transform } from 'esbuild';

export type ServerKind = 'ours' | 'reference';

export interface RunningServer {
  readonly kind: ServerKind;
  readonly pid: number;
  /** WebSocket URL (both servers accept any path). */
  readonly url: string;
  /** Why the process is gone, or null while it runs. */
  exitReason(): string | null;
  stop(): Promise<void>;
}

const root = new URL('../../', import.meta.url);

/** Ours, built by `npm run build`: plain node, no tsx loader in the measured process. */
function oursCommand(): string[] {
  return [
    new URL('tracker/dist/cli.js', root).pathname,
    '--host',
    '127.0.0.1',
    '--port',
    '0',
    // No per-IP cap and no per-connection rate limit: every client comes from 127.0.0.1.
    '--max-connections-per-ip',
    '0',
    '--rate',
    '0',
    '--log-level',
    'warn',
  ];
}

/** reference-server.ts as plain JavaScript, for the same reason. */
async function referenceCommand(): Promise<string[]> {
  const source = await readFile(new URL('bench/tracker/reference-server.ts', root), 'utf8');
  const { code } = await transform(source, { loader: 'ts', format: 'esm' });
  // Under node_modules so that `bittorrent-tracker` resolves from the repository.
  const dir = new URL('node_modules/.cache/peerlane-bench/', root);
  await mkdir(dir, { recursive: true });
  const file = new URL('reference-server.mjs', dir);
  await writeFile(file, code);
  return [file.pathname, '--port', '0'];
}

const READY = /listening on http:\/\/([\d.]+):(\d+)/;
const START_TIMEOUT_MS = 20_000;

export async function startServer(kind: ServerKind): Promise<RunningServer> {
  const args = kind === 'ours' ? oursCommand() : await referenceCommand();
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  // Keep the last lines of output for error reports; reading also keeps the pipes from filling.
  const tail: string[] = [];
  let exit: string | null = null;
  const url = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${kind} tracker printed no ready line within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    // Either stream: our CLI logs to stderr, the reference script to stdout.
    const onOutput = (chunk: Buffer): void => {
      const text = chunk.toString();
      tail.push(...text.split('\n').filter(Boolean));
      tail.splice(0, tail.length - 20);
      const match = READY.exec(text);
      if (match) {
        clearTimeout(timer);
        resolve(`ws://${match[1] ?? ''}:${match[2] ?? ''}`);
      }
    };
    child.stdout.on('data', onOutput);
    child.stderr.on('data', onOutput);
    // 'close' rather than 'exit': it comes after the last output has been read.
    child.once('close', (code, signal) => {
      clearTimeout(timer);
      exit = `${kind} tracker exited (${signal ?? `code ${code ?? '?'}`}):\n  ${tail.join('\n  ')}`;
      reject(new Error(exit));
    });
  });
  return {
    kind,
    pid: child.pid ?? 0,
    url: await url,
    exitReason: () => exit,
    stop: () => stop(child),
  };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
